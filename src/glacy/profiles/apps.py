from django.apps import AppConfig


class ProfilesConfig(AppConfig):
    """Pages that draw on several apps (the country profile and its R1 briefing). It sits above the apps it
    reads, so none of them imports another to build such a page."""

    name = "glacy.profiles"
    label = "profiles"
    verbose_name = "Country profiles"
    default_auto_field = "django.db.models.BigAutoField"
