from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "glacy.core"
    label = "core"
    default_auto_field = "django.db.models.BigAutoField"
