from django.apps import AppConfig


class CooperationConfig(AppConfig):
    name = "glacy.cooperation"
    label = "cooperation"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Every step of a request that concerns the other side travels as a message of the exchange; its
        # handler applies it to this node's copy (ARCHITECTURE.md §7: an explicit registry, no signals).
        from glacy.cooperation.messaging.handlers import register

        register()
