from django.apps import AppConfig


class LegislationConfig(AppConfig):
    name = "glacy.legislation"
    label = "legislation"
    default_auto_field = "django.db.models.BigAutoField"
