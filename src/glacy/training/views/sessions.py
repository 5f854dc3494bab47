"""Training pages: courses and sessions with knowledge gain per session, course and country; one session's
participants, tests, evaluations and certificates; the Moodle completion import."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Avg, Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from glacy.core.confirm import confirmation_page
from glacy.core.errors import DomainError
from glacy.core.scoping import get_visible_or_404
from glacy.core.typing import AuthenticatedRequest
from glacy.training import selectors
from glacy.training.documents import certificate_pdf, verification_url
from glacy.training.forms import MoodleForm, ParticipantForm, TestForm
from glacy.training.services.certificates import certificates_issue_eligible
from glacy.training.services.moodle import moodle_completions_import
from glacy.training.services.participants import participant_add, test_attempt_record


@login_required
def training_home(request: AuthenticatedRequest) -> HttpResponse:
    sessions = selectors.sessions_for_user(user=request.user)
    listed = sessions.annotate(participant_count=Count("participants")).order_by("-activity__start_date")[:100]
    return render(request, "training/home.html", {
        "sessions": listed, "gain": selectors.knowledge_gain(sessions),
        "courses": selectors.courses_for_user(user=request.user).order_by("code"),
        "keeps_records": selectors.training_authority_id(request.user) is not None})


def _session(request: AuthenticatedRequest, session_id: str):  # type: ignore[no-untyped-def]
    return get_visible_or_404(selectors.sessions_for_user(user=request.user), pk=session_id)


@login_required
def session_detail(request: AuthenticatedRequest, session_id: str) -> HttpResponse:
    session = _session(request, session_id)
    keeps = selectors.training_authority_id(request.user) == session.course.authority_id
    participants = list(session.participants.select_related("certificate").order_by("full_name")) if keeps else []
    summary = session.participants.aggregate(total=Count("id"), attended=Count("id", filter=Q(attended=True)),
                                             pre=Avg("pre_score"), post=Avg("post_score"))
    evaluations = session.evaluations.aggregate(count=Count("id"), relevance=Avg("relevance"), quality=Avg("quality"))
    return render(request, "training/session_detail.html", {
        "session": session, "participants": participants, "keeps_records": keeps, "summary": summary,
        "evaluations": evaluations, "participant_form": ParticipantForm(), "moodle_form": MoodleForm(),
        "trainers": session.trainers.all()})


@login_required
@require_POST
def participant_create(request: AuthenticatedRequest, session_id: str) -> HttpResponse:
    session = _session(request, session_id)
    form = ParticipantForm(request.POST)
    if form.is_valid():
        data = {key: form.cleaned_data[key] for key in ("full_name", "email", "institution_type", "gender",
                                                        "attended")}
        try:
            participant_add(actor=request.user, session=session, data=data,
                            has_consent=form.cleaned_data["has_consent"])
            messages.success(request, _("Participant added."))
        except DomainError as error:
            messages.error(request, _("Not added: %(reason)s") % {"reason": error.text})
    else:
        messages.error(request, _("Not added: %(errors)s") % {"errors": " ".join(
            f"{form.fields[name].label}: {' '.join(str(error) for error in errors)}"
            for name, errors in form.errors.items()
            if name in form.fields)})
    return redirect("session-detail", session_id=session.pk)


@login_required
def participant_test(request: AuthenticatedRequest, participant_id: str) -> HttpResponse:
    participant = get_visible_or_404(selectors.participants_for_user(user=request.user), pk=participant_id)
    questions = list(participant.session.course.questions.all())
    form = TestForm(request.POST or None, questions=questions, language=request.LANGUAGE_CODE)
    if request.method == "POST" and form.is_valid():
        try:
            attempt = test_attempt_record(actor=request.user, participant=participant,
                                          phase=form.cleaned_data["phase"], answers=form.answers())
        except DomainError as error:
            messages.error(request, error.text)
        else:
            messages.success(request, _("Score recorded: %(score)s%%.") % {"score": attempt.score})
            return redirect("session-detail", session_id=participant.session_id)
    return render(request, "training/participant_test.html", {"participant": participant, "form": form},
                  status=400 if request.method == "POST" else 200)


@login_required
@require_POST
def certificates_issue(request: AuthenticatedRequest, session_id: str) -> HttpResponse:
    session = _session(request, session_id)
    if (page := confirmation_page(
            request, question=_("Issue signed certificates to every participant who passed? A certificate issued "
                                "stays valid until it is revoked."),
            confirm_label=_("Issue certificates to those who passed"),
            cancel_url=reverse("session-detail", kwargs={"session_id": session.pk}))) is not None:
        return page
    try:
        issued = certificates_issue_eligible(actor=request.user, session=session)
        messages.success(request, _("%(count)s certificates issued.") % {"count": len(issued)})
    except DomainError as error:
        messages.error(request, error.text)
    return redirect("session-detail", session_id=session.pk)


@login_required
@require_POST
def moodle_import(request: AuthenticatedRequest, session_id: str) -> HttpResponse:
    session = _session(request, session_id)
    form = MoodleForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose the Moodle export file."))
        return redirect("session-detail", session_id=session.pk)
    upload = form.cleaned_data["file"]
    try:
        result = moodle_completions_import(actor=request.user, session=session, data=upload.read(),
                                           file_name=upload.name)
    except DomainError as error:
        messages.error(request, _("Nothing was imported: %(reason)s") % {"reason": error.text})
    else:
        messages.success(request, _("%(completed)s completions recorded; %(not_completed)s not completed; "
                                    "%(unmatched)s users not found among the participants.") % {
            "completed": len(result.completed), "not_completed": result.not_completed,
            "unmatched": len(result.unmatched)})
    return redirect("session-detail", session_id=session.pk)


@login_required
def certificate_download(request: AuthenticatedRequest, certificate_id: str) -> HttpResponse:
    certificate = get_visible_or_404(selectors.certificates_for_user(user=request.user), pk=certificate_id)
    if not certificate.statement:
        raise Http404
    language = request.GET.get("language", request.LANGUAGE_CODE)
    content = certificate_pdf(certificate, base_url=request.build_absolute_uri("/"),
                              language="fr" if language.startswith("fr") else "en")
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-{certificate.number}.pdf"'
    response["X-Verification-URL"] = verification_url(certificate, base_url=request.build_absolute_uri("/"))
    return response
