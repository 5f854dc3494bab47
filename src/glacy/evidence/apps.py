from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "glacy.evidence"
    label = "evidence"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Exhibits handed over between authorities travel as transfers of the exchange (evidence/handover.py).
        from glacy.evidence.handover import PACKAGE_HANDLER, PURPOSE
        from glacy.exchange import registry

        registry.register_transfer(PURPOSE, PACKAGE_HANDLER)
