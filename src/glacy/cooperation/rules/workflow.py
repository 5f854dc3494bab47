"""The life of a request as an explicit state machine, and the structured grounds for refusal.

Requesting side: draft → (approval) → sent → withdrawn. Requested side: acknowledged → in execution →
executed / partially executed / refused / postponed. Each step is one row of TRANSITIONS: who acts
(side and role) and whether a reason is required.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from glacy.cooperation.rules.catalogue import RequestType
from glacy.core.permissions import Role


class Status(models.TextChoices):
    DRAFT = "draft", _("draft")
    AWAITING_APPROVAL = "awaiting_approval", _("awaiting approval")
    APPROVED = "approved", _("approved")
    SENT = "sent", _("sent")
    ACKNOWLEDGED = "acknowledged", _("acknowledged")
    IN_EXECUTION = "in_execution", _("in execution")
    EXECUTED = "executed", _("executed")
    PARTIALLY_EXECUTED = "partially_executed", _("partially executed")
    REFUSED = "refused", _("refused")
    POSTPONED = "postponed", _("postponed")
    WITHDRAWN = "withdrawn", _("withdrawn")


CLOSED_STATUSES = frozenset({Status.EXECUTED, Status.PARTIALLY_EXECUTED, Status.REFUSED, Status.WITHDRAWN})
REQUESTING, REQUESTED = "requesting", "requested"
DRAFTING_ROLES = frozenset({Role.DRAFTER, Role.APPROVER})


@dataclass(frozen=True)
class Transition:
    action: str
    label: str | Promise
    sources: frozenset[str]
    target: str
    side: str
    roles: frozenset[str]
    needs_reason: bool = False


TRANSITIONS: tuple[Transition, ...] = (
    Transition("submit_for_approval", _("Submit for approval"), frozenset({Status.DRAFT}),
               Status.AWAITING_APPROVAL, REQUESTING, DRAFTING_ROLES),
    Transition("approve", _("Approve"), frozenset({Status.AWAITING_APPROVAL}), Status.APPROVED, REQUESTING,
               frozenset({Role.APPROVER})),
    Transition("return_to_draft", _("Return to draft"), frozenset({Status.AWAITING_APPROVAL, Status.APPROVED}),
               Status.DRAFT, REQUESTING, frozenset({Role.APPROVER})),
    Transition("send", _("Send"), frozenset({Status.DRAFT, Status.APPROVED}), Status.SENT, REQUESTING,
               DRAFTING_ROLES),
    Transition("acknowledge", _("Acknowledge receipt"), frozenset({Status.SENT}), Status.ACKNOWLEDGED, REQUESTED,
               DRAFTING_ROLES),
    Transition("start_execution", _("Start execution"), frozenset({Status.ACKNOWLEDGED, Status.POSTPONED}),
               Status.IN_EXECUTION, REQUESTED, DRAFTING_ROLES),
    Transition("execute", _("Record as executed"), frozenset({Status.IN_EXECUTION}), Status.EXECUTED, REQUESTED,
               DRAFTING_ROLES),
    Transition("execute_partially", _("Record as partially executed"), frozenset({Status.IN_EXECUTION}),
               Status.PARTIALLY_EXECUTED, REQUESTED, DRAFTING_ROLES, needs_reason=True),
    # Refusing is a decision of the requested Party: conservatively reserved to approvers.
    Transition("refuse", _("Refuse"), frozenset({Status.SENT, Status.ACKNOWLEDGED, Status.IN_EXECUTION}),
               Status.REFUSED, REQUESTED, frozenset({Role.APPROVER}), needs_reason=True),
    Transition("postpone", _("Postpone"), frozenset({Status.ACKNOWLEDGED, Status.IN_EXECUTION}), Status.POSTPONED,
               REQUESTED, frozenset({Role.APPROVER}), needs_reason=True),
    Transition("withdraw", _("Withdraw"), frozenset({
        Status.DRAFT, Status.AWAITING_APPROVAL, Status.APPROVED, Status.SENT, Status.ACKNOWLEDGED,
        Status.IN_EXECUTION, Status.POSTPONED}), Status.WITHDRAWN, REQUESTING, DRAFTING_ROLES),
)
BY_ACTION = {transition.action: transition for transition in TRANSITIONS}


@dataclass(frozen=True)
class RefusalReason:
    code: str
    label: str | Promise
    citation: str
    applies_to: frozenset[str]  # actions for which the reason may be given


REFUSAL_REASONS: tuple[RefusalReason, ...] = (
    RefusalReason("incomplete", _("The request is incomplete"), "T-CY request template",
                  frozenset({"refuse", "execute_partially"})),
    RefusalReason("domestic_law_grounds", _("Grounds under the requested Party's law or applicable treaties"),
                  "ETS 185 Art. 25(4)", frozenset({"refuse"})),
    RefusalReason("political_offence", _("Political offence or offence connected with a political offence"),
                  "ETS 185 Art. 27(4)(a)", frozenset({"refuse"})),
    RefusalReason("essential_interests", _("Prejudice to sovereignty, security, ordre public or essential interests"),
                  "ETS 185 Art. 27(4)(b)", frozenset({"refuse"})),
    RefusalReason("dual_criminality_preservation",
                  _("Dual criminality not met, under a reservation to Art. 29(4) (not for offences of Arts. 2–11)"),
                  "ETS 185 Art. 29(4)", frozenset({"refuse"})),
    RefusalReason("preservation_political_or_interests",
                  _("Political offence or essential interests (preservation)"), "ETS 185 Art. 29(5)",
                  frozenset({"refuse"})),
    RefusalReason("second_protocol_grounds", _("Grounds for refusal under the Second Protocol"), "CETS 224 Art. 8(8)",
                  frozenset({"refuse"})),
    RefusalReason("impossible", _("Execution is impossible"), "T-CY request template",
                  frozenset({"refuse", "execute_partially"})),
    RefusalReason("data_unavailable", _("The data are no longer available"), "ETS 185 Art. 29(7)",
                  frozenset({"refuse", "execute_partially"})),
    RefusalReason("postponed_prejudice", _("Execution would prejudice domestic investigations or proceedings"),
                  "ETS 185 Art. 27(5)", frozenset({"postpone"})),
    RefusalReason("other", _("Other reason (explained in the note)"), "—",
                  frozenset({"refuse", "execute_partially", "postpone"})),
)
REASONS_BY_CODE = {reason.code: reason for reason in REFUSAL_REASONS}


def _is_allowed_for_type(transition: Transition, request_type: RequestType) -> bool:
    """A type without approval skips the approval steps; outcomes are limited to the type's outcomes."""
    if transition.action in {"submit_for_approval", "approve", "return_to_draft"}:
        return request_type.needs_approval
    closing = {Status.EXECUTED, Status.PARTIALLY_EXECUTED, Status.REFUSED, Status.POSTPONED}
    if transition.target in closing:
        return transition.target in request_type.outcomes
    if transition.action == "start_execution":
        return bool(request_type.outcomes & closing)
    return True


def transition_for(*, action: str, status: str, request_type: RequestType) -> Transition | None:
    """The transition `action` from `status` if this type allows it, else None."""
    transition = BY_ACTION.get(action)
    if transition is None or status not in transition.sources or not _is_allowed_for_type(transition, request_type):
        return None
    if action == "send" and request_type.needs_approval and status != Status.APPROVED:
        return None
    return transition


def available_transitions(*, status: str, request_type: RequestType, side: str,
                          roles: Iterable[str]) -> list[Transition]:
    """What a user on `side` holding `roles` may do now."""
    held = set(roles)
    return [
        transition for transition in TRANSITIONS
        if transition.side == side and held & transition.roles
        and transition_for(action=transition.action, status=status, request_type=request_type) is not None
    ]


def reasons_for(action: str) -> list[RefusalReason]:
    return [reason for reason in REFUSAL_REASONS if action in reason.applies_to]
