from django.contrib import admin

from glacy.core.admin_mixins import ReadOnlyAdmin
from glacy.directory.models import Authority, Country, Person, RoleAssignment, User


@admin.register(Country)
class CountryAdmin(ReadOnlyAdmin):
    list_display = ("code", "name_en", "name_fr", "region")
    search_fields = ("code", "name_en", "name_fr")


@admin.register(Authority)
class AuthorityAdmin(ReadOnlyAdmin):
    list_display = ("name", "kind", "country", "time_zone", "is_available_24_7", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "acronym")


@admin.register(Person)
class PersonAdmin(ReadOnlyAdmin):
    list_display = ("full_name", "authority", "position", "is_contact_point")


@admin.register(User)
class UserAdmin(ReadOnlyAdmin):
    list_display = ("username", "authority", "is_active", "is_superuser", "last_login")
    exclude = ("password",)


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(ReadOnlyAdmin):
    list_display = ("user", "role")
