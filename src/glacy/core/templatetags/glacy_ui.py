"""Template tags of the design system (Tabler, see docs/architecture.md "Design system").

Components a page uses instead of hand-written markup, so that every page looks and behaves alike:

- ``{% badge text tone %}``: a status badge; tones are neutral, info, success, warning, danger.
- ``{% alert "warning" title %}…{% endalert %}``: an alert box (info, warning, error, success).
- ``{% datatable label %}<table>…</table>{% enddatatable %}``: a table that scrolls inside its own container
  (a labelled, focusable region, so keyboard users can scroll it) instead of widening the page.
- ``{% field form.name %}``: a form field with its label, help, errors linked to it (``aria-describedby``,
  ``aria-invalid``) and the design system's classes.
- ``{% main_navigation as items %}``: the entries of the main navigation for the signed-in user.
"""

from __future__ import annotations

from typing import Any

from django import forms, template
from django.template.base import FilterExpression, NodeList, Parser, Token
from django.template.context import Context
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

register = template.Library()

TONES = frozenset({"neutral", "info", "success", "warning", "danger"})
ALERT_LEVELS = {"info": "info", "warning": "warning", "error": "danger", "danger": "danger", "success": "success",
                "debug": "info"}


@register.simple_tag
def badge(text: Any, tone: str = "neutral") -> SafeString:
    """A status badge: text on a tinted background with a contrast ratio of at least 4.5:1 (axe-checked)."""
    return format_html('<span class="badge status-badge status-{}">{}</span>', tone if tone in TONES else "neutral",
                       text)


@register.filter
def alert_level(level_tag: str) -> str:
    """The alert style for a Django message level tag (``error`` is Tabler's ``danger``)."""
    return ALERT_LEVELS.get(level_tag, "info")


class AlertNode(template.Node):
    def __init__(self, nodelist: NodeList, level: FilterExpression, title: FilterExpression | None,
                 role: FilterExpression | None, identifier: FilterExpression | None) -> None:
        self.nodelist, self.level, self.title, self.role, self.identifier = nodelist, level, title, role, identifier

    def render(self, context: Context) -> str:
        level = str(self.level.resolve(context))
        title = self.title.resolve(context) if self.title else None
        role = self.role.resolve(context) if self.role else ("alert" if level in {"error", "danger"} else None)
        identifier = self.identifier.resolve(context) if self.identifier else None
        return render_to_string("includes/alert.html", {
            "level": ALERT_LEVELS.get(level, "info"), "title": title, "role": role, "id": identifier,
            "body": mark_safe(self.nodelist.render(context)),  # noqa: S308 - rendered by the template engine
        })


@register.tag("alert")
def do_alert(parser: Parser, token: Token) -> AlertNode:
    """``{% alert level [title] [role=…] [id=…] %}body{% endalert %}``."""
    bits = token.split_contents()[1:]
    if not bits:
        raise template.TemplateSyntaxError("alert needs a level: info, warning, error or success")
    keywords = {bit.split("=", 1)[0]: parser.compile_filter(bit.split("=", 1)[1]) for bit in bits if "=" in bit}
    positional = [parser.compile_filter(bit) for bit in bits if "=" not in bit]
    nodelist = parser.parse(("endalert",))
    parser.delete_first_token()
    title = positional[1] if len(positional) > 1 else keywords.get("title")
    return AlertNode(nodelist, positional[0], title, keywords.get("role"), keywords.get("id"))


class DataTableNode(template.Node):
    def __init__(self, nodelist: NodeList, label: FilterExpression) -> None:
        self.nodelist, self.label = nodelist, label

    def render(self, context: Context) -> str:
        return format_html('<div class="table-responsive table-scroll" role="region" aria-label="{}" tabindex="0">'
                           "{}</div>", self.label.resolve(context), mark_safe(self.nodelist.render(context)))  # noqa: S308


@register.tag("datatable")
def do_datatable(parser: Parser, token: Token) -> DataTableNode:
    """``{% datatable label %}<table class="table">…</table>{% enddatatable %}``."""
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("datatable takes one argument: the label of the table's region")
    nodelist = parser.parse(("enddatatable",))
    parser.delete_first_token()
    return DataTableNode(nodelist, parser.compile_filter(bits[1]))


def _widget_class(field: forms.BoundField) -> str:
    widget = field.field.widget
    if isinstance(widget, forms.CheckboxInput | forms.RadioSelect | forms.CheckboxSelectMultiple):
        return "form-check-input" if isinstance(widget, forms.CheckboxInput) else ""
    if isinstance(widget, forms.Select | forms.SelectMultiple):
        return "form-select"
    return "form-control"


@register.simple_tag
def field(bound: forms.BoundField, **attrs: Any) -> SafeString:
    """One form field: label, widget, help and errors, the help and errors announced with the field."""
    described = str(bound.field.widget.attrs.get("aria-describedby", "")).split()
    if bound.help_text:
        described.append(f"{bound.auto_id}_help")
    if bound.errors:
        described.append(f"{bound.auto_id}_errors")
    existing = bound.field.widget.attrs
    classes = " ".join(part for part in (existing.get("class", ""), _widget_class(bound),
                                         "is-invalid" if bound.errors else "", attrs.pop("class", "")) if part)
    widget_attrs: dict[str, Any] = {**attrs}
    if classes:
        widget_attrs["class"] = classes
    if described:
        widget_attrs["aria-describedby"] = " ".join(dict.fromkeys(described))
    if bound.errors:
        widget_attrs["aria-invalid"] = "true"
    widget = bound.as_widget(attrs=widget_attrs)
    return render_to_string("includes/field.html", {
        "field": bound, "widget": widget, "is_checkbox": isinstance(bound.field.widget, forms.CheckboxInput),
        "is_group": isinstance(bound.field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple),
    })


@register.simple_tag(takes_context=True)
def main_navigation(context: Context) -> list[dict[str, Any]]:
    """The main navigation entries for the signed-in user, the current section marked."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if request is None or user is None or not user.is_authenticated:
        return []
    entries = [
        ("case-list", _("Cases")), ("request-list", _("Requests")), ("evidence-list", _("Evidence")),
        ("legislation-home", _("Legislation")), ("programme-dashboard", _("Programme")),
        ("instrument-list", _("Treaties")), ("country-list", _("Countries")),
        ("cooperation-directory", _("24/7 network")), ("authority-list", _("Directory")),
    ]
    if context.get("can_administer_exchange"):  # the node's operators (glacy.exchange.context_processors)
        entries.append(("exchange-home", _("Exchange")))
    items: list[dict[str, Any]] = []
    for name, label in entries:
        try:
            items.append({"url": reverse(name), "label": label})
        except NoReverseMatch:  # a section this node does not have
            continue
    # The longest matching URL is the current section (/directory/network/ before /directory/).
    matches = [item for item in items if request.path.startswith(item["url"])]
    current = max(matches, key=lambda item: len(item["url"]), default=None)
    for item in items:
        item["active"] = item is current
    return items


@register.inclusion_tag("includes/pagination.html", takes_context=True)
def pagination(context: Context, page: Any, label: str = "") -> dict[str, Any]:
    """Previous / next links (and page numbers when the list is counted) that keep the other query parameters."""
    request = context["request"]
    query = request.GET.copy()

    def link(number: int) -> str:
        query["page"] = str(number)
        return "?" + query.urlencode()

    counted = getattr(page, "is_counted", True)
    return {
        "page": page, "label": label or _("Pages"), "counted": counted,
        "previous_url": link(page.previous_page_number()) if page.has_previous() else None,
        "next_url": link(page.next_page_number()) if page.has_next() else None,
    }


@register.simple_tag(takes_context=True)
def sort_header(context: Context, field: str, text: str, default: str = "") -> SafeString:
    """A column heading that sorts the list by `field` (ascending, then descending), keeping the filters.

    `default` is the list's ordering when the URL names none (e.g. "-created"), so the heading shows it.
    """
    request = context["request"]
    current = request.GET.get("o") or default
    query = request.GET.copy()
    query.pop("page", None)
    if current == field:
        query["o"], state, hint = f"-{field}", "ascending", _("sorted ascending; sort descending")
    elif current == f"-{field}":
        query["o"], state, hint = field, "descending", _("sorted descending; sort ascending")
    else:
        query["o"], state, hint = field, "", _("sort ascending")
    arrow = {"ascending": " ▲", "descending": " ▼"}.get(state, "")
    return format_html('<th scope="col"{}><a href="?{}" class="sort-link">{}<span aria-hidden="true">{}</span>'
                       '<span class="visually-hidden"> ({})</span></a></th>',
                       format_html(' aria-sort="{}"', state) if state else "", query.urlencode(), text, arrow,
                       hint)
