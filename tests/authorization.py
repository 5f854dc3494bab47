"""The authorization matrix: for every route, who may reach it and what each persona must get.

Every URL pattern of the project must have an entry here (a test enforces it), so a new route cannot
ship without its access rule. Apps add their entries to ROUTES.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from glacy.core.models import ApiToken, AuditEvent
from glacy.treaty.models import StatusChartImport
from tests.conftest import PASSWORD

#: Personas every route is tried with. "foreign" holds every role but in another authority. "focal_point" (country
#: GH) and "donor" hold no role: they read programme records through a ProgrammeAccess given by the own office.
PERSONAS = ("anonymous", "no_role", "drafter", "approver", "custodian", "reviewer", "trainer", "statistician",
            "programme_officer", "focal_point", "donor", "administrator", "foreign")

ANY_SIGNED_IN = frozenset(PERSONAS) - {"anonymous"}


@dataclass(frozen=True)
class Route:
    """How to call a route and what each persona gets.

    `allowed`: personas that get `ok_status`. `denied_status`: what signed-in others get (403 refused,
    404 not visible, 302 sent back with a message). Anonymous always goes to the login page
    (pages) or gets 401 (API) unless the route is public.
    """

    kwargs: Callable[[Any], dict[str, Any]] = lambda world: {}
    method: str = "get"
    allowed: frozenset[str] = ANY_SIGNED_IN
    ok_status: int = 200
    denied_status: int = 404
    is_public: bool = False
    is_api: bool = False
    data: Callable[[Any], dict[str, Any]] = lambda world: {}
    foreign_status: int | None = None  # when a foreign user must get something else than denied_status
    overrides: dict[str, int] | None = None  # persona → status, for the few routes with three outcomes


def _own_audit_event(world: Any) -> dict[str, Any]:
    event = AuditEvent.objects.filter(authority=world.own).first()
    return {"event_id": event.pk}


def _own_token(world: Any) -> dict[str, Any]:
    from glacy.core.services import api_token_create

    token = ApiToken.objects.filter(user=world.users["administrator"]).first()
    if token is None:
        token, _key = api_token_create(user=world.users["administrator"], name="matrix", scopes=["read"])
    return {"token_id": token.pk}


def _peer(world: Any) -> dict[str, Any]:
    from tests.exchange.peerkit import registered_peer

    return {"peer_id": registered_peer().pk}


def _outbound_message(world: Any) -> dict[str, Any]:
    from tests.exchange.peerkit import failed_message

    return {"message_id": failed_message(world).pk}


def _failed_request_message(world: Any) -> dict[str, Any]:
    from django.db import transaction

    from glacy.exchange.handlers import ping_send
    from glacy.exchange.models import OutboundMessage

    request = world.objects["request"]
    with transaction.atomic():
        message = ping_send(sender_authority=world.own, recipient_authority=request.requested_authority,
                            conversation_id=request.pk)
    OutboundMessage.objects.filter(pk=message.pk).update(status="failed", last_error="test: never answered")
    return {"request_id": request.pk, "message_id": message.pk}


def _request_pk(world: Any) -> dict[str, Any]:
    return {"pk": world.objects["request"].pk}


def _fresh_identifier(world: Any) -> dict[str, Any]:
    from glacy.cooperation.services.requests import request_identifier_add

    identifier = request_identifier_add(actor=world.users["drafter"], request=world.objects["request"], kind="email",
                                        raw={"value": "another@example.org"})
    return {"request_id": world.objects["request"].pk, "identifier_id": identifier.pk}


def _pending_registration(world: Any) -> dict[str, Any]:
    """A request registered by the foreign authority from a received document, naming the own authority."""
    from glacy.cooperation.services.registrations import request_register_incoming
    from tests.factories import UserFactory

    registrar = UserFactory(username="foreign-registrar", authority=world.foreign, roles=["drafter"])
    request = request_register_incoming(
        actor=registrar, requesting_authority=world.own, request_type="ETS185-29", received_reference="X/1",
        data=b"%PDF-1.4 received request", filename="received.pdf")
    return {"request_id": request.pk}


def _evidence(world: Any) -> dict[str, Any]:
    return {"item_id": world.objects["evidence"].pk}


def _drafter_notification(world: Any) -> dict[str, Any]:
    from glacy.notifications.models import Notification

    notification, _created = Notification.objects.get_or_create(
        recipient=world.users["drafter"], key="matrix", defaults={
            "event_type": "state_changed", "request": world.objects["request"]})
    return {"notification_id": notification.pk}


ADMINISTRATOR = frozenset({"administrator"})
EVIDENCE_TEAM = frozenset({"custodian", "drafter"})
NOBODY: frozenset[str] = frozenset()
DRAFTERS = frozenset({"drafter", "approver"})
REVIEWERS = frozenset({"reviewer"})


def _assessment(world: Any) -> dict[str, Any]:
    return {"assessment_id": world.objects["assessment"].pk}

#: Who reads the own office's programme records: its staff, the GH focal point and the donor's representative.
PROGRAMME_READERS = frozenset({"programme_officer", "focal_point", "donor"})
#: Who reads a training session: the programme readers and the office's trainers.
SESSION_READERS = PROGRAMME_READERS | {"trainer"}
#: Who keeps the training records (participants' names, certificates): trainers and programme staff.
TRAINING_STAFF = frozenset({"trainer", "programme_officer"})
PROGRAMME_STAFF = frozenset({"programme_officer"})


def _project(world: Any) -> dict[str, Any]:
    return {"project_id": world.objects["project"].pk}


def _session(world: Any) -> dict[str, Any]:
    return {"session_id": world.objects["session"].pk}


ROUTES: dict[str, Route] = {
    # core
    "home": Route(),
    "login": Route(is_public=True, allowed=frozenset(), denied_status=302),  # signed-in users go home
    "logout": Route(method="post", is_public=True, ok_status=302),
    "set-language": Route(method="post", is_public=True, ok_status=302, data=lambda world: {"language": "fr"}),
    "health": Route(is_public=True),
    "health-worker": Route(is_public=True, ok_status=503),  # no worker runs in the tests: "down" for everyone
    "account-profile": Route(),
    "account-profile-update": Route(method="post", ok_status=302, data=lambda world: {
        "first_name": "Ama", "last_name": "Mensah", "email": "ama@example.org", "language": "en",
        "time_zone": "Africa/Accra"}),
    # A wrong current password changes nothing (400), whoever posts it.
    "account-password": Route(method="post", ok_status=400, data=lambda world: {
        "old_password": "not-the-password", "new_password1": "x", "new_password2": "x"}),
    "account-notifications": Route(method="post", ok_status=302, data=lambda world: {"email": "immediate"}),
    "account-security": Route(),
    "account-totp-setup": Route(),
    # Both ask for the password again (re-authentication); every persona's password is the fixture's.
    "account-totp-disable": Route(method="post", ok_status=302,
                                  data=lambda world: {"disable-confirmation": PASSWORD}),
    "account-token-create": Route(method="post", ok_status=302,
                                  data=lambda world: {"name": "x", "scopes": "read", "confirmation": PASSWORD}),
    # A token belongs to its user: every other user, even of the same authority, gets 404.
    "account-token-revoke": Route(method="post", kwargs=_own_token, allowed=ADMINISTRATOR, ok_status=302,
                                  data=lambda world: {"confirmed": "yes"}),
    "audit-list": Route(),
    "audit-detail": Route(kwargs=_own_audit_event, allowed=ADMINISTRATOR),
    # directory (shared by all authorities of the node; only administrators of an authority change it)
    "authority-list": Route(),
    "cooperation-directory": Route(),
    "authority-detail": Route(kwargs=lambda world: {"authority_id": world.own.pk}),
    "authority-edit": Route(kwargs=lambda world: {"authority_id": world.own.pk}, allowed=ADMINISTRATOR,
                            denied_status=302),
    "person-create": Route(kwargs=lambda world: {"authority_id": world.own.pk}, allowed=ADMINISTRATOR,
                           denied_status=302),
    # A person who is not a contact point is private to their authority: a foreign user gets 404.
    "person-edit": Route(kwargs=lambda world: {"person_id": world.objects["own_person"].pk}, allowed=ADMINISTRATOR,
                         denied_status=302, foreign_status=404),
    # Removing a person is irreversible: the post carries the confirmation (ui.js dialog or confirmation page).
    "person-delete": Route(kwargs=lambda world: {"person_id": world.objects["own_person"].pk}, method="post",
                           allowed=ADMINISTRATOR, ok_status=302, denied_status=302, foreign_status=404,
                           data=lambda world: {"confirmed": "yes"}),
    "country-list": Route(),
    "country-detail": Route(kwargs=lambda world: {"code": "GH"}),
    # profiles: the briefing shows each reader what they may see; only programme staff write recommendations
    # (a foreign programme officer writes one for its own office: 302 as well, see tests/profiles).
    "country-briefing": Route(kwargs=lambda world: {"code": "GH"}, data=lambda world: {"language": "fr"}),
    "recommendation-create": Route(kwargs=lambda world: {"code": "GH"}, method="post", ok_status=302,
                                   allowed=PROGRAMME_STAFF | {"foreign"}, denied_status=302,
                                   data=lambda world: {"text_en": "Adopt the law.", "text_fr": "Adopter la loi."}),
    # programme: the own office's records are read by its staff, the GH focal point and the donor; a foreign
    # programme officer reaches the pages of its own (empty) office
    "programme-dashboard": Route(),
    "programme-dashboard-download": Route(allowed=PROGRAMME_READERS, foreign_status=200,
                                          data=lambda world: {"format": "csv"}),
    "activity-list": Route(),
    "activity-export": Route(allowed=PROGRAMME_READERS, foreign_status=200, data=lambda world: {"format": "csv"}),
    "activity-import": Route(allowed=PROGRAMME_STAFF, denied_status=302, foreign_status=200),
    # without a previewed file every caller is sent back (staff to the form, others with a refusal)
    "activity-import-confirm": Route(method="post", ok_status=302, data=lambda world: {"token": "0" * 32}),
    "activity-detail": Route(kwargs=lambda world: {"activity_id": world.objects["activity"].pk},
                             allowed=PROGRAMME_READERS),
    "project-list": Route(),
    "project-detail": Route(kwargs=_project, allowed=PROGRAMME_READERS),
    "project-create": Route(allowed=PROGRAMME_STAFF, denied_status=302, foreign_status=200),
    # readers who may not write are sent back with the refusal and nothing changes (tests/programme)
    "project-framework-add": Route(kwargs=_project, method="post", allowed=PROGRAMME_READERS, ok_status=302,
                                   data=lambda world: {"kind": "result", "code": "R9", "title": "Matrix result"}),
    "project-iati": Route(kwargs=_project, allowed=PROGRAMME_READERS),
    # readers who may not write are sent back with the refusal and nothing changes (tests/programme)
    "indicator-value-add": Route(kwargs=lambda world: {"indicator_id": world.objects["indicator"].pk},
                                 method="post", allowed=PROGRAMME_READERS, ok_status=302,
                                 data=lambda world: {"kind": "actual", "year": "2025", "value": "3"}),
    "indicator-evidence": Route(kwargs=lambda world: {"indicator_id": world.objects["indicator"].pk, "year": 2025},
                                allowed=PROGRAMME_READERS),
    "programme-year": Route(allowed=PROGRAMME_STAFF, denied_status=302, foreign_status=200),
    "programme-report": Route(allowed=PROGRAMME_READERS, foreign_status=200),
    # training
    "training-home": Route(),
    "session-detail": Route(kwargs=_session, allowed=SESSION_READERS),
    "participant-create": Route(kwargs=_session, method="post", allowed=SESSION_READERS, ok_status=302,
                                data=lambda world: {"institution_type": "judiciary", "gender": "man",
                                                    "attended": "on"}),
    "certificates-issue": Route(kwargs=_session, method="post", allowed=SESSION_READERS, ok_status=302,
                                data=lambda world: {"confirmed": "yes"}),
    "moodle-import": Route(kwargs=_session, method="post", allowed=SESSION_READERS, ok_status=302),
    "participant-test": Route(kwargs=lambda world: {"participant_id": world.objects["participant"].pk},
                              allowed=TRAINING_STAFF),
    "certificate-download": Route(kwargs=lambda world: {"certificate_id": world.objects["certificate"].pk},
                                  allowed=TRAINING_STAFF),
    # anyone, signed in or not, may check a certificate and fetch the node's public key
    "certificate-verify": Route(is_public=True),
    "certificate-public-key": Route(is_public=True),
    # treaty (public reference data; only node administrators change it)
    "instrument-list": Route(),
    "instrument-detail": Route(kwargs=lambda world: {"code": "ETS185"}),
    "article-detail": Route(kwargs=lambda world: {"code": "ETS185", "number": "29"}),
    "status-edit": Route(kwargs=lambda world: {"status_id": world.objects["status"].pk}, allowed=NOBODY,
                         denied_status=403),
    "status-import": Route(allowed=NOBODY, denied_status=403),
    "status-import-review": Route(kwargs=lambda world: {"import_id": StatusChartImport.objects.create(
        filename="chart.html", sha256="0" * 64, file_format="html", rows=[]).pk}, allowed=NOBODY, denied_status=403),
    # cooperation: a case is private to its authority
    "case-list": Route(),
    "case-create": Route(allowed=DRAFTERS, denied_status=302, foreign_status=200),  # opens a case of its own
    "case-detail": Route(kwargs=lambda world: {"case_id": world.objects["case"].pk},
                         allowed=ANY_SIGNED_IN - {"foreign"}),
    "case-edit": Route(kwargs=lambda world: {"case_id": world.objects["case"].pk}, allowed=DRAFTERS,
                       denied_status=302, foreign_status=404),
    "request-create": Route(kwargs=lambda world: {"case_id": world.objects["case"].pk}, allowed=DRAFTERS,
                           denied_status=200, foreign_status=404),
    "request-list": Route(),
    "legal-rules": Route(),
    "request-register": Route(allowed=DRAFTERS, denied_status=302, foreign_status=200),
    # A registration naming the own authority as requesting authority: only that authority may answer it.
    "registration-answer": Route(kwargs=_pending_registration, method="post", allowed=ANY_SIGNED_IN - {"foreign"},
                                 ok_status=302, data=lambda world: {"answer": "reject", "note": "not ours"}),
    # The requested authority sees the request; a third authority gets 404 (see the cooperation tests).
    "request-detail": Route(kwargs=lambda world: {"request_id": world.objects["request"].pk},
                            allowed=ANY_SIGNED_IN - {"foreign"}),
    "request-edit-content": Route(kwargs=lambda world: {"request_id": world.objects["request"].pk}, method="post",
                                  allowed=DRAFTERS, ok_status=302, denied_status=302, foreign_status=404),
    "request-add-identifier": Route(kwargs=lambda world: {"request_id": world.objects["request"].pk},
                                    method="post", allowed=DRAFTERS, ok_status=302, denied_status=302,
                                    foreign_status=404,
                                    data=lambda world: {"kind": "email", "value": "matrix@example.org"}),
    # The requesting authority's drafters and approvers attach a translation; its other people are sent back
    # with the reason; anyone else does not see the request.
    "request-translation": Route(kwargs=lambda world: {"request_id": world.objects["request"].pk},
                                 allowed=DRAFTERS, denied_status=302, foreign_status=404),
    "request-remove-identifier": Route(kwargs=_fresh_identifier, method="post", allowed=DRAFTERS, ok_status=302,
                                       denied_status=302, foreign_status=404),
    "request-act": Route(kwargs=lambda world: {"request_id": world.objects["request"].pk}, method="post",
                         allowed=DRAFTERS, ok_status=302, denied_status=302, foreign_status=404),
    "request-generate-document": Route(kwargs=lambda world: {"request_id": world.objects["request"].pk},
                                       method="post", allowed=ANY_SIGNED_IN - {"foreign"}, ok_status=302,
                                       foreign_status=404, data=lambda world: {"format": "docx"}),
    # Material is supplied by the requested side of a request in execution: the own drafter's draft refuses it.
    "request-supply-material": Route(kwargs=lambda world: {"request_id": world.objects["request"].pk},
                                     method="post", allowed=ANY_SIGNED_IN - {"foreign"}, ok_status=302),
    "request-document": Route(kwargs=lambda world: {"request_id": world.objects["request"].pk,
                                                    "document_id": world.objects["document"].pk},
                              allowed=ANY_SIGNED_IN - {"foreign"}),
    # A failed message of the request's conversation: the sending authority's drafters queue it again; its other
    # users are sent back with a message; another authority gets 404.
    "request-message-retry": Route(kwargs=_failed_request_message, method="post", allowed=DRAFTERS, ok_status=302,
                                   denied_status=302, foreign_status=404),
    # evidence: visible to its custodians and the case team (drafter opened the case) of the case's authority
    "evidence-list": Route(),  # every signed-in user; it lists only the exhibits they may see
    "case-evidence": Route(kwargs=lambda world: {"case_id": world.objects["case"].pk},
                           allowed=ANY_SIGNED_IN - {"foreign"}),
    "evidence-ingest": Route(kwargs=lambda world: {"case_id": world.objects["case"].pk},
                             allowed=frozenset({"custodian"}), denied_status=302, foreign_status=404),
    "evidence-detail": Route(kwargs=_evidence, allowed=EVIDENCE_TEAM),
    # A job page belongs to the user who started the ingest.
    "evidence-ingest-job": Route(kwargs=lambda world: {"job_id": world.objects["ingest_job"].pk},
                                 allowed=frozenset({"custodian"})),
    "evidence-record-event": Route(kwargs=_evidence, method="post", allowed=EVIDENCE_TEAM, ok_status=302,
                                   data=lambda world: {"event_type": "examined", "purpose": "matrix"}),
    "evidence-download": Route(kwargs=_evidence, method="post", allowed=EVIDENCE_TEAM,
                               data=lambda world: {"purpose": "authorization matrix"}),
    "evidence-export": Route(kwargs=_evidence, method="post", allowed=frozenset({"custodian"}),
                             overrides={"drafter": 302}, data=lambda world: {"purpose": "authorization matrix"}),
    "evidence-custody-report": Route(kwargs=_evidence, allowed=EVIDENCE_TEAM),
    # Answering a request with the exhibit: the own authority's draft request cannot be answered, so every
    # member of the exhibit's team is sent back with a message; others do not see the exhibit.
    "evidence-handover": Route(kwargs=_evidence, method="post", allowed=EVIDENCE_TEAM, ok_status=302,
                               data=lambda world: {"request": str(world.objects["request"].pk)}),
    "custody-verification": Route(allowed=frozenset({"custodian"}), denied_status=403, foreign_status=200),
    # legislation: reviews belong to the reviewing authority; only its reviewers change them
    "legislation-home": Route(),
    "law-import": Route(allowed=REVIEWERS, denied_status=302, foreign_status=200),
    # A job page belongs to the user who started the import.
    "law-import-job": Route(kwargs=lambda world: {"job_id": world.objects["law_import_job"].pk}, allowed=REVIEWERS),
    "law-detail": Route(kwargs=lambda world: {"law_id": world.objects["law"].pk}, allowed=ANY_SIGNED_IN - {"foreign"}),
    "suggestion-decide": Route(kwargs=lambda world: {"suggestion_id": world.objects["suggestion"].pk}, method="post",
                               allowed=ANY_SIGNED_IN - {"foreign"}, ok_status=302,
                               data=lambda world: {"decision": "reject"}),
    "mapping-add": Route(kwargs=lambda world: {"provision_id": world.objects["provision"].pk}, method="post",
                         allowed=ANY_SIGNED_IN - {"foreign"}, ok_status=302,
                         data=lambda world: {"article": "ETS185:11", "coverage": "partial"}),
    "mapping-edit": Route(kwargs=lambda world: {"mapping_id": world.objects["mapping"].pk}, method="post",
                          allowed=ANY_SIGNED_IN - {"foreign"}, ok_status=302,
                          data=lambda world: {"coverage": "partial", "note": "matrix"}),
    "assessment-new": Route(allowed=REVIEWERS, denied_status=302, foreign_status=200),
    "assessment-detail": Route(kwargs=_assessment, allowed=ANY_SIGNED_IN - {"foreign"}),
    "assessment-act": Route(kwargs=_assessment, method="post", allowed=ANY_SIGNED_IN - {"foreign"}, ok_status=302,
                            data=lambda world: {"action": "recompute"}),
    "assessment-report": Route(kwargs=_assessment, allowed=ANY_SIGNED_IN - {"foreign"},
                               data=lambda world: {"format": "docx", "language": "fr"}),
    "assessment-compare": Route(kwargs=lambda world: {**_assessment(world), "other_id": world.objects[
        "assessment"].pk}, allowed=ANY_SIGNED_IN - {"foreign"}),
    "assessment-row-edit": Route(kwargs=lambda world: {"row_id": world.objects["assessment_row"].pk},
                                 method="post", allowed=ANY_SIGNED_IN - {"foreign"}, ok_status=302,
                                 data=lambda world: {"note": "matrix"}),
    # notifications: each person reads only their own
    "notification-list": Route(),
    "notification-bell": Route(),
    "notification-read-all": Route(method="post", ok_status=302),
    "notification-open": Route(kwargs=_drafter_notification, method="post", allowed=frozenset({"drafter"}),
                               ok_status=302),
    # API
    # exchange: node-to-node endpoints; no session, every message signed and encrypted (tests/exchange/)
    # the node operator's page: superusers and programme-office administrators only (none in the matrix world)
    "exchange-home": Route(allowed=NOBODY, denied_status=403),
    "exchange-peer-add": Route(method="post", allowed=NOBODY, denied_status=403),
    "exchange-peer": Route(kwargs=_peer, allowed=NOBODY, denied_status=403),
    "exchange-peer-act": Route(kwargs=_peer, method="post", allowed=NOBODY, denied_status=403,
                               data=lambda world: {"action": "suspend"}),
    "exchange-message-retry": Route(kwargs=_outbound_message, method="post", allowed=NOBODY, denied_status=403),
    "exchange-inbox": Route(is_public=True, ok_status=405),  # POST only
    "exchange-identity": Route(is_public=True),  # the signed identity document: public keys only
    "exchange-directory": Route(is_public=True, ok_status=404),  # published to peers only, encrypted to them
    # transfer status and chunks answer only with the transfer's token (tests/exchange/test_transfers.py)
    "exchange-transfer": Route(is_public=True, ok_status=404, kwargs=lambda world: {"transfer_id": uuid.uuid4()}),
    "exchange-transfer-chunk": Route(is_public=True, ok_status=405,
                                     kwargs=lambda world: {"transfer_id": uuid.uuid4(), "index": 0}),
    "api-schema": Route(is_public=True, is_api=True),
    "api-unknown": Route(is_public=True, is_api=True, ok_status=404, kwargs=lambda world: {"rest": "no-such-thing/"}),
    "api-docs": Route(is_public=True, is_api=True),
    "api-audit-event-list": Route(is_api=True),
    "api-audit-event-detail": Route(is_api=True, kwargs=lambda world: {"pk": _own_audit_event(world)["event_id"]},
                                    allowed=ADMINISTRATOR),
    "api-country-list": Route(is_api=True),
    "api-country-detail": Route(is_api=True, kwargs=lambda world: {"code": "GH"}),
    "api-authority-list": Route(is_api=True),
    "api-authority-detail": Route(is_api=True, kwargs=lambda world: {"pk": world.own.pk}),
    "api-person-list": Route(is_api=True),
    "api-person-detail": Route(is_api=True, kwargs=lambda world: {"pk": world.objects["own_person"].pk},
                               allowed=ANY_SIGNED_IN - {"foreign"}),
    "api-instrument-list": Route(is_api=True),
    "api-instrument-detail": Route(is_api=True, kwargs=lambda world: {"code": "ETS185"}),
    "api-article-list": Route(is_api=True),
    "api-article-detail": Route(is_api=True, kwargs=lambda world: {"pk": world.objects["article"].pk}),
    "api-party-list": Route(is_api=True),
    "api-party-detail": Route(is_api=True, kwargs=lambda world: {"pk": world.objects["status"].pk}),
    "api-treaty-status-list": Route(is_api=True),
    "api-treaty-status-detail": Route(is_api=True, kwargs=lambda world: {"pk": world.objects["status"].pk}),
    "api-case-list": Route(is_api=True),
    "api-case-detail": Route(is_api=True, kwargs=lambda world: {"pk": world.objects["case"].pk},
                             allowed=ANY_SIGNED_IN - {"foreign"}),
    "api-request-list": Route(is_api=True),
    "api-request-detail": Route(is_api=True, kwargs=_request_pk,
                                allowed=ANY_SIGNED_IN - {"foreign"}),
    "api-request-content": Route(is_api=True, method="patch", kwargs=_request_pk,
                                 allowed=DRAFTERS, denied_status=403, foreign_status=404,
                                 data=lambda world: {"necessity": "x"}),
    "api-request-identifiers": Route(is_api=True, method="post", kwargs=_request_pk,
                                     allowed=DRAFTERS, ok_status=201, denied_status=403, foreign_status=404,
                                     data=lambda world: {"kind": "domain", "raw": {"value": "example.org"}}),
    "api-request-transition": Route(is_api=True, method="post", kwargs=_request_pk,
                                    # the draft is incomplete: drafters get the field errors (400), nothing changes
                                    allowed=DRAFTERS, ok_status=400, denied_status=403, foreign_status=404,
                                    data=lambda world: {"action": "send"}),
    "api-request-documents": Route(is_api=True, method="post", kwargs=_request_pk,
                                   allowed=ANY_SIGNED_IN - {"foreign"}, ok_status=201, foreign_status=404,
                                   data=lambda world: {"format": "docx"}),
    "api-evidence-list": Route(is_api=True),
    "api-evidence-detail": Route(is_api=True, kwargs=lambda world: {"pk": world.objects["evidence"].pk},
                                 allowed=EVIDENCE_TEAM),
    "api-evidence-custody": Route(is_api=True, kwargs=lambda world: {"pk": world.objects["evidence"].pk},
                                  allowed=EVIDENCE_TEAM),
    "api-law-list": Route(is_api=True),
    "api-law-detail": Route(is_api=True, kwargs=lambda world: {"pk": world.objects["law"].pk},
                            allowed=ANY_SIGNED_IN - {"foreign"}),
    "api-law-provisions": Route(is_api=True, kwargs=lambda world: {"pk": world.objects["law"].pk},
                                allowed=ANY_SIGNED_IN - {"foreign"}),
    "api-law-import-job-list": Route(is_api=True),
    "api-law-import-job-detail": Route(is_api=True, kwargs=lambda world: {"pk": world.objects["law_import_job"].pk},
                                       allowed=REVIEWERS),
    "api-suggestion-list": Route(is_api=True),
    "api-suggestion-detail": Route(is_api=True, kwargs=lambda world: {"pk": world.objects["suggestion"].pk},
                                   allowed=ANY_SIGNED_IN - {"foreign"}),
    "api-suggestion-accept": Route(is_api=True, method="post", kwargs=lambda world: {
        "pk": world.objects["suggestion"].pk}, allowed=REVIEWERS, denied_status=403, foreign_status=404),
    "api-suggestion-reject": Route(is_api=True, method="post", kwargs=lambda world: {
        "pk": world.objects["suggestion"].pk}, allowed=REVIEWERS, denied_status=403, foreign_status=404),
    "api-assessment-list": Route(is_api=True),
    "api-assessment-detail": Route(is_api=True, kwargs=lambda world: {"pk": world.objects["assessment"].pk},
                                   allowed=ANY_SIGNED_IN - {"foreign"}),
    "api-assessment-finalise": Route(is_api=True, method="post", kwargs=lambda world: {
        "pk": world.objects["assessment"].pk}, allowed=REVIEWERS, denied_status=403, foreign_status=404),
    "api-assessment-row-list": Route(is_api=True),
    "api-assessment-row-detail": Route(is_api=True, kwargs=lambda world: {"pk": world.objects["assessment_row"].pk},
                                       allowed=ANY_SIGNED_IN - {"foreign"}),
    "api-evidence-export": Route(is_api=True, method="post", kwargs=lambda world: {"pk": world.objects["evidence"].pk},
                                 allowed=frozenset({"custodian"}), denied_status=404,
                                 overrides={"drafter": 403}, data=lambda world: {"purpose": "authorization matrix"}),
    "api-evidence-custody-report": Route(is_api=True, kwargs=lambda world: {"pk": world.objects["evidence"].pk},
                                         allowed=EVIDENCE_TEAM),
    "api-evidence-job-list": Route(is_api=True),
    "api-evidence-job-detail": Route(is_api=True, kwargs=lambda world: {"pk": world.objects["ingest_job"].pk},
                                     allowed=frozenset({"custodian"})),
    "api-declaration-list": Route(is_api=True),
    "api-project-list": Route(is_api=True),
    "api-project-detail": Route(is_api=True, kwargs=lambda world: {"pk": world.objects["project"].pk},
                                allowed=PROGRAMME_READERS),
    "api-activity-list": Route(is_api=True),
    "api-activity-detail": Route(is_api=True, kwargs=lambda world: {"pk": world.objects["activity"].pk},
                                 allowed=PROGRAMME_READERS),
    "api-indicator-list": Route(is_api=True),
    "api-indicator-detail": Route(is_api=True, kwargs=lambda world: {"pk": world.objects["indicator"].pk},
                                  allowed=PROGRAMME_READERS),
    "api-programme-report": Route(is_api=True, allowed=PROGRAMME_READERS, foreign_status=200,
                                  data=lambda world: {"year": 2025}),
    "api-training-session-list": Route(is_api=True),
    "api-training-session-detail": Route(is_api=True, kwargs=lambda world: {"pk": world.objects["session"].pk},
                                         allowed=SESSION_READERS),
    "api-certificate-list": Route(is_api=True),
    "api-certificate-detail": Route(is_api=True, kwargs=lambda world: {"pk": world.objects["certificate"].pk},
                                    allowed=TRAINING_STAFF),
    "api-declaration-detail": Route(is_api=True, kwargs=lambda world: {"pk": world.objects["declaration"].pk}),
}


#: Every route that reaches one request, with how to call it. Before a request is sent, the requested authority
#: must get from each exactly what a random id gets (issue 16: drafts, requests awaiting approval and approved
#: but unsent requests do not exist for it).
REQUEST_ROUTES: dict[str, dict[str, Any]] = {
    "request-detail": {"method": "get"},
    "request-edit-content": {"method": "post", "data": {"necessity": "x"}},
    "request-add-identifier": {"method": "post", "data": {"kind": "email", "value": "x@example.org"}},
    "request-remove-identifier": {"method": "post", "identifier": True},
    "request-act": {"method": "post", "data": {"action": "acknowledge"}},
    "request-translation": {"method": "get"},
    "request-supply-material": {"method": "post"},
    "request-generate-document": {"method": "post", "data": {"format": "docx"}},
    "request-document": {"method": "get", "document": True},
    "request-message-retry": {"method": "post", "message": True},
    "api-request-detail": {"method": "get", "api": True},
    "api-request-content": {"method": "patch", "api": True, "data": {"necessity": "x"}},
    "api-request-identifiers": {"method": "post", "api": True,
                                "data": {"kind": "domain", "raw": {"value": "example.org"}}},
    "api-request-transition": {"method": "post", "api": True, "data": {"action": "acknowledge"}},
    "api-request-documents": {"method": "post", "api": True, "data": {"format": "docx"}},
}
