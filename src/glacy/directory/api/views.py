"""Directory API: countries and authorities (read; authority contact details writable by its administrators),
people (scoped: own authority and contact points)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework import mixins, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from glacy.directory import selectors, services
from glacy.directory.api.serializers import AuthoritySerializer, CountrySerializer, PersonSerializer
from glacy.directory.models import Authority, Country, Person


class CountryViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = CountrySerializer
    queryset = Country.objects.all()
    lookup_field = "code"
    filterset_fields = ("region",)


class AuthorityViewSet(mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = AuthoritySerializer
    filterset_fields = ("kind", "country")
    http_method_names = ["get", "patch", "head", "options"]

    def get_queryset(self):  # type: ignore[no-untyped-def]
        if getattr(self, "swagger_fake_view", False):
            return Authority.objects.none()
        return selectors.authorities_for_user(user=self.request.user)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        authority = self.get_object()
        serializer = self.get_serializer(authority, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        updated = services.authority_update(actor=request.user, authority=authority,
                                            changes=serializer.validated_data)
        return Response(self.get_serializer(updated).data)


class PersonViewSet(viewsets.ModelViewSet):
    serializer_class = PersonSerializer
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):  # type: ignore[no-untyped-def]
        if getattr(self, "swagger_fake_view", False):
            return Person.objects.none()
        return selectors.people_for_user(user=self.request.user)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        authority = getattr(request.user, "authority", None)
        if authority is None:
            return Response({"detail": _("Your account belongs to no authority.")}, status=status.HTTP_403_FORBIDDEN)
        person = services.person_create(actor=request.user, authority=authority,
                                        data=serializer.validated_data)
        return Response(self.get_serializer(person).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        person = self.get_object()
        serializer = self.get_serializer(person, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        updated = services.person_update(actor=request.user, person=person, changes=serializer.validated_data)
        return Response(self.get_serializer(updated).data)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        services.person_delete(actor=request.user, person=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)
