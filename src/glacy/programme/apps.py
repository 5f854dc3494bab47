from django.apps import AppConfig


class ProgrammeConfig(AppConfig):
    name = "glacy.programme"
    label = "programme"
    verbose_name = "Programme"
    default_auto_field = "django.db.models.BigAutoField"
