"""Training API: sessions with attendance and knowledge gain (anyone who may read the session), certificates
(the office that trains)."""

from __future__ import annotations

from django.db.models import Avg, Count, F, Q
from rest_framework import viewsets

from glacy.training import selectors
from glacy.training.api.serializers import CertificateSerializer, SessionSerializer
from glacy.training.models import Certificate, Session

TESTED = Q(participants__attended=True, participants__pre_score__isnull=False, participants__post_score__isnull=False)


class SessionViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = SessionSerializer
    filterset_fields = ("country",)

    def get_queryset(self):  # type: ignore[no-untyped-def]
        if getattr(self, "swagger_fake_view", False):
            return Session.objects.none()
        return selectors.sessions_for_user(user=self.request.user).annotate(
            participants_attended=Count("participants", filter=Q(participants__attended=True)),
            tested=Count("participants", filter=TESTED),
            pre_score=Avg("participants__pre_score", filter=TESTED),
            post_score=Avg("participants__post_score", filter=TESTED),
            knowledge_gain=Avg(F("participants__post_score") - F("participants__pre_score"), filter=TESTED),
        ).order_by("-activity__start_date", "pk")


class CertificateViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = CertificateSerializer

    def get_queryset(self):  # type: ignore[no-untyped-def]
        if getattr(self, "swagger_fake_view", False):
            return Certificate.objects.none()
        return selectors.certificates_for_user(user=self.request.user).order_by("-issued_on", "number")
