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
