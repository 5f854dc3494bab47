from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    """Node identity, keys, peers and the signed, encrypted transport between nodes (ARCHITECTURE.md §7).

    A transport below the domain apps: it never imports one. Domain apps register the handlers of their
    message types in their own ``AppConfig.ready()``.
    """

    name = "glacy.exchange"
    label = "exchange"
    verbose_name = _("exchange between nodes")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from glacy.exchange import registry
        from glacy.exchange.handlers import FILE_HANDLER, FILE_PURPOSE, PING, apply_ping
        from glacy.exchange.transfers.services import OFFER, RESULT, SEAL, apply_offer, apply_result, apply_seal

        registry.register(PING, apply_ping, label=_("connectivity check"))
        registry.register(OFFER, apply_offer, label=_("file offered"))
        registry.register(SEAL, apply_seal, label=_("file sent and sealed"))
        registry.register(RESULT, apply_result, label=_("file verified and answered"))
        registry.register_transfer(FILE_PURPOSE, FILE_HANDLER)
