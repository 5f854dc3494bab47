from django.apps import AppConfig


class TreatyConfig(AppConfig):
    name = "glacy.treaty"
    label = "treaty"
    default_auto_field = "django.db.models.BigAutoField"
