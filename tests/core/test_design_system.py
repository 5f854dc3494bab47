"""The design-system components (templates/includes, glacy_ui tags) and the confirmation of irreversible actions."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from glacy.core.models import ApiToken
from glacy.core.services import api_token_create
from glacy.legislation.models import Assessment


def _render(source: str, **context: Any) -> str:
    return Template("{% load glacy_ui %}" + source).render(Context(context))


class _CaseForm(forms.Form):
    title = forms.CharField(label="Title", help_text="A short name.")
    urgent = forms.BooleanField(label="Urgent", required=False)


def test_a_field_error_is_tied_to_its_field_and_linked_from_the_summary() -> None:
    form = _CaseForm(data={"title": ""})
    assert not form.is_valid()
    html = Template('{% include "includes/form.html" %}').render(Context({"form": form}))
    assert ('<input type="text" name="title" class="form-control is-invalid" '
            'aria-describedby="id_title_help id_title_errors" aria-invalid="true" required id="id_title">') in html
    assert '<ul class="errorlist invalid-feedback d-block" id="id_title_errors"><li>This field is required.</li></ul>' \
        in html
    assert '<li><a href="#id_title">Title: This field is required.</a></li>' in html
    assert '<input type="checkbox" name="urgent" class="form-check-input" id="id_urgent">' in html


def test_badges_alerts_and_tables_render_their_component_markup() -> None:
    assert _render('{% badge "overdue" "danger" %}') == '<span class="badge status-badge status-danger">overdue</span>'
    assert _render('{% badge "x" "purple" %}') == '<span class="badge status-badge status-neutral">x</span>'
    alert = _render('{% alert "error" "Refused" %}<p>Nothing was saved.</p>{% endalert %}')
    assert '<div class="alert alert-danger glacy-alert" role="alert">' in alert
    assert '<h2 class="alert-title h4">Refused</h2>' in alert
    assert _render('{% alert "success" id="done" %}Saved{% endalert %}').startswith(
        '<div class="alert alert-success glacy-alert" id="done">')
    table = _render('{% datatable "Cases" %}<table class="table"></table>{% enddatatable %}')
    assert table == ('<div class="table-responsive table-scroll" role="region" aria-label="Cases" tabindex="0">'
                     '<table class="table"></table></div>')


def test_navigation_marks_the_current_section(world: Any) -> None:
    request = RequestFactory().get("/directory/network/")
    request.user = world.users["drafter"]
    html = Template('{% load glacy_ui %}{% main_navigation as items %}{% for i in items %}'
                    '{{ i.label }}{% if i.active %}*{% endif %};{% endfor %}').render(Context({"request": request}))
    assert "24/7 network*;" in html
    assert "Directory;" in html  # /directory/ is a prefix of the page, but not the longest one


def test_pagination_keeps_the_filters(world: Any) -> None:
    from django.core.paginator import Paginator

    request = RequestFactory().get("/cooperation/requests/", {"status": "sent", "page": "2"})
    page = Paginator(list(range(30)), 10).page(2)
    html = Template("{% load glacy_ui %}{% pagination page %}").render(Context({"request": request, "page": page}))
    assert 'href="?status=sent&amp;page=1" rel="prev"' in html
    assert 'href="?status=sent&amp;page=3" rel="next"' in html
    assert "Page 2 of 3" in html


def test_revoking_a_token_asks_first_and_changes_nothing_until_confirmed(world: Any, client_for: Any) -> None:
    user = world.users["administrator"]
    token, _key = api_token_create(user=user, name="reporting script", scopes=["read"])
    http = client_for(user)
    url = reverse("account-token-revoke", kwargs={"token_id": token.pk})
    asked = http.post(url)
    assert asked.status_code == 200
    html = asked.content.decode()
    assert ("Revoke the token reporting script? Programs using it stop working at once; this cannot be undone."
            in html)
    assert '<input type="hidden" name="confirmed" value="yes">' in html
    assert f'action="{url}"' in html
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None
    assert http.post(url, {"confirmed": "yes"}).status_code == 302
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None


def test_the_page_form_carries_the_question_for_the_dialog(world: Any, client_for: Any) -> None:
    user = world.users["administrator"]
    api_token_create(user=user, name="nightly export", scopes=["read"])
    html = client_for(user).get(reverse("account-security")).content.decode()
    assert ('data-confirm="Revoke the token nightly export? Programs using it stop working at once; '
            'this cannot be undone."') in html
    assert '<dialog id="confirm-dialog"' in html


def test_finalising_an_assessment_asks_first(world: Any, client_for: Any) -> None:
    assessment = world.objects["assessment"]
    http = client_for(world.users["reviewer"])
    url = reverse("assessment-act", kwargs={"assessment_id": assessment.pk})
    asked = http.post(url, {"action": "finalise"})
    assert asked.status_code == 200
    assert re.search(r"Finalise version 1\? A final version can no longer be changed\.", asked.content.decode())
    assert '<input type="hidden" name="action" value="finalise">' in asked.content.decode()
    assert Assessment.objects.get(pk=assessment.pk).status == "draft"
    assert http.post(url, {"action": "finalise", "confirmed": "yes"}).status_code == 302
    assert Assessment.objects.get(pk=assessment.pk).status == "final"


def test_the_manual_mapping_picks_an_article_by_name_or_number(world: Any, client_for: Any) -> None:
    law = world.objects["law"]
    http = client_for(world.users["reviewer"])
    html = http.get(reverse("law-detail", kwargs={"law_id": law.pk})).content.decode()
    assert re.search(r'<input id="article-[0-9a-f-]+" name="article" required class="form-control" '
                     r'list="article-choices"', html)
    # One list for the whole page, however many provisions it shows.
    assert html.count('<option value="ETS185:7">ETS 185 Art. 7 – Computer-related forgery</option>') == 1
    assert '<option value="CETS224:7">CETS 224 Art. 7 – Disclosure of subscriber information</option>' in html
    provision = world.objects["provision"]
    response = http.post(reverse("mapping-add", kwargs={"provision_id": provision.pk}),
                         {"article": "ETS 185 Art. 7 – Computer-related forgery", "coverage": "partial"})
    assert response.status_code == 302
    assert list(provision.mappings.values_list("article__instrument_id", "article__number")) == [("ETS185", "7")]
