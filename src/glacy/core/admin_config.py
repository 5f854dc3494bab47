"""The app configuration of django.contrib.admin with the platform's back-office site (core/admin_site.py)."""

from django.contrib.admin.apps import AdminConfig as BaseAdminConfig


class AdminConfig(BaseAdminConfig):
    """The operator back-office, reached only through the platform's sign-in."""

    default_site = "glacy.core.admin_site.PlatformSignInAdminSite"
