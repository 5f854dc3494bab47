"""Law pages: import a law, read it segmented, decide on suggestions side by side with the article summary."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, F, Prefetch
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from glacy.core.errors import DomainError, ValidationFailed
from glacy.core.htmx import form_errors_from
from glacy.core.permissions import Role
from glacy.core.scoping import get_visible_or_404
from glacy.core.typing import AuthenticatedRequest
from glacy.legislation import selectors
from glacy.legislation.elements import element_labels
from glacy.legislation.forms import LawImportForm, MappingForm
from glacy.legislation.models import LawImportJob, Provision, ProvisionMapping, Suggestion
from glacy.legislation.services.jobs import law_import_now_or_queue
from glacy.legislation.services.mappings import (
    mapping_create,
    mapping_delete,
    mapping_update,
    suggestion_accept,
    suggestion_reject,
)
from glacy.treaty.selectors import article_choices

PROVISIONS_PER_PAGE = 50


def _is_reviewer(request: AuthenticatedRequest) -> bool:
    return bool(request.user.has_role(Role.REVIEWER))


@login_required
def legislation_home(request: AuthenticatedRequest) -> HttpResponse:
    return render(request, "legislation/home.html", {
        "laws": selectors.laws_for_user(user=request.user),
        "assessments": selectors.assessments_for_user(user=request.user),
        "can_review": _is_reviewer(request),
    })


@login_required
def law_import_page(request: AuthenticatedRequest) -> HttpResponse:
    if not _is_reviewer(request):
        messages.error(request, _("Importing a law needs the legislation reviewer role."))
        return redirect("legislation-home")
    form = LawImportForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        upload = request.FILES.get("file")
        if form.is_valid() and upload is not None:
            options = {"country_code": form.cleaned_data["country"], "title": form.cleaned_data["title"],
                       "kind": form.cleaned_data["kind"], "language": form.cleaned_data["language"],
                       "adopted_on": form.cleaned_data["adopted_on"]}
            try:
                outcome = law_import_now_or_queue(actor=request.user, upload=upload, options=options)
                if isinstance(outcome, LawImportJob):
                    return redirect("law-import-job", job_id=outcome.pk)
                law = outcome
            except ValidationFailed as error:
                form_errors_from(error.errors, form)
            except DomainError as error:
                form.add_error(None, str(error.message))
            else:
                messages.success(request, _("%(count)s provisions imported from “%(title)s”.") % {
                    "count": law.provisions.count(), "title": law.title})
                return redirect("law-detail", law_id=law.pk)
        status = 400
    return render(request, "legislation/law_import.html", {"form": form}, status=status)


@login_required
def law_import_job_status(request: AuthenticatedRequest, job_id: str) -> HttpResponse:
    """Progress of a background import; the page refreshes its progress bar every second until it ends."""
    job = get_visible_or_404(LawImportJob.objects.filter(requested_by=request.user).select_related("law"), pk=job_id)
    template = "legislation/_job_progress.html" if getattr(request, "htmx", False) else "legislation/job.html"
    return render(request, template, {"job": job})


@login_required
def law_detail(request: AuthenticatedRequest, law_id: str) -> HttpResponse:
    law = get_visible_or_404(selectors.laws_for_user(user=request.user), pk=law_id)
    show = request.GET.get("show", "all")
    provisions = law.provisions.prefetch_related(
        Prefetch("suggestions", queryset=Suggestion.objects.select_related("article__instrument").order_by("rank")),
        Prefetch("mappings", queryset=ProvisionMapping.objects.select_related("article__instrument")),
    )
    if show == "pending":
        provisions = provisions.filter(suggestions__decision=Suggestion.Decision.PENDING).distinct()
    elif show == "mapped":
        provisions = provisions.filter(mappings__isnull=False).distinct()
    elif show == "look":
        provisions = provisions.filter(needs_review=True)
    order = "confidence" if request.GET.get("order") == "confidence" else "position"
    if order == "confidence":
        # The least certain first: provisions mapped to nothing and low scores lead, so review time goes there.
        provisions = provisions.order_by("-needs_review", F("confidence").asc(nulls_first=True), "position")
    # A long law is read in pages (slow networks): 50 provisions, the filter kept from page to page.
    page = Paginator(provisions, PROVISIONS_PER_PAGE).get_page(request.GET.get("page"))
    for provision in page.object_list:
        for mapping in provision.mappings.all():
            mapping.missing_labels = element_labels(  # type: ignore[attr-defined]
                mapping.article.instrument_id, mapping.article.number, mapping.missing_elements)
    counts = dict.fromkeys(Suggestion.Decision.values, 0) | dict(
        Suggestion.objects.filter(provision__law=law).values_list("decision").annotate(count=Count("pk")))
    return render(request, "legislation/law_detail.html", {
        "law": law, "provisions": page.object_list, "page": page, "counts": counts, "show": show, "order": order,
        "needs_look": law.provisions.filter(needs_review=True).count(),
        "can_review": _is_reviewer(request), "mapping_form": MappingForm(),
        # One query for the article picker of "Map to another article", only for those who may map.
        "article_choices": article_choices() if _is_reviewer(request) else [],
    })


def _back_to(provision: Provision) -> str:
    """The page of the law that shows `provision`, scrolled to it."""
    page = provision.position // PROVISIONS_PER_PAGE + 1
    return f"{reverse('law-detail', kwargs={'law_id': provision.law_id})}?page={page}#provision-{provision.pk}"


@login_required
@require_POST
def suggestion_decide(request: AuthenticatedRequest, suggestion_id: str) -> HttpResponse:
    suggestion = get_visible_or_404(selectors.suggestions_for_user(user=request.user), pk=suggestion_id)
    decision = request.POST.get("decision")
    try:
        if decision == "accept":
            suggestion_accept(actor=request.user, suggestion=suggestion,
                              coverage=request.POST.get("coverage") or None, note=request.POST.get("note", ""))
            messages.success(request, _("%(ref)s mapped to Art. %(number)s.") % {
                "ref": suggestion.provision.ref, "number": suggestion.article.number})
        elif decision == "reject":
            suggestion_reject(actor=request.user, suggestion=suggestion, note=request.POST.get("note", ""))
            messages.success(request, _("Suggestion rejected: %(ref)s does not implement Art. %(number)s.") % {
                "ref": suggestion.provision.ref, "number": suggestion.article.number})
        else:
            messages.error(request, _("Choose accept or reject."))
    except DomainError as error:
        messages.error(request, error.text)
    return redirect(_back_to(suggestion.provision))


def _article_code(posted: str) -> str:
    """The article code of the picker's choice: "ETS185:7", or its label as the browser may fill it in."""
    posted = posted.strip()
    for code, label in article_choices():
        if posted in {code, label}:
            return code
    return posted


@login_required
@require_POST
def mapping_add(request: AuthenticatedRequest, provision_id: str) -> HttpResponse:
    provision = get_visible_or_404(selectors.provisions_for_user(user=request.user), pk=provision_id)
    try:
        mapping_create(actor=request.user, provision=provision, article=_article_code(request.POST.get("article", "")),
                       coverage=request.POST.get("coverage", ""), note=request.POST.get("note", ""))
        messages.success(request, _("Mapping added."))
    except DomainError as error:
        messages.error(request, error.text)
    return redirect(_back_to(provision))


@login_required
@require_POST
def mapping_edit(request: AuthenticatedRequest, mapping_id: str) -> HttpResponse:
    mapping = get_visible_or_404(selectors.mappings_for_user(user=request.user), pk=mapping_id)
    try:
        if request.POST.get("delete"):
            mapping_delete(actor=request.user, mapping=mapping)
            messages.success(request, _("Mapping removed."))
        else:
            changes = {name: request.POST[name] for name in ("coverage", "note") if name in request.POST}
            mapping_update(actor=request.user, mapping=mapping, changes=changes)
            messages.success(request, _("Mapping updated."))
    except DomainError as error:
        messages.error(request, error.text)
    return redirect(_back_to(mapping.provision))
