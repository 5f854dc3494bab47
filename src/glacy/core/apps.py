from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "glacy.core"
    label = "core"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from glacy.core import checks  # noqa: F401 - registers the deployment checks
