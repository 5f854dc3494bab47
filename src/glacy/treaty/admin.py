from django.contrib import admin

from glacy.core.admin_mixins import ReadOnlyAdmin
from glacy.treaty.models import Article, Declaration, Instrument, PartyStatus


@admin.register(Instrument)
class InstrumentAdmin(ReadOnlyAdmin):
    list_display = ("code", "short_title_en", "opened_on", "entry_into_force")


@admin.register(Article)
class ArticleAdmin(ReadOnlyAdmin):
    list_display = ("instrument", "number", "title_en")
    list_filter = ("instrument",)


@admin.register(PartyStatus)
class PartyStatusAdmin(ReadOnlyAdmin):
    list_display = ("country", "instrument", "status", "deposit", "entry_into_force", "source")
    list_filter = ("instrument", "status")


@admin.register(Declaration)
class DeclarationAdmin(ReadOnlyAdmin):
    list_display = ("country", "instrument", "article", "kind", "topic")
