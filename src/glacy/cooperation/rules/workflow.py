"""The life of a request as an explicit state machine.

Requesting side: draft → (approval) → sent; it may withdraw, answer a question of the requested side, and
record the steps that are its own (formal confirmation of an urgent request, receipt of an order by a
provider). Requested side: acknowledged (with the date it received the request) → in execution →
executed / partially executed / refused / execution impossible; postponement does not close a request.
Each row of TRANSITIONS says who acts (side and role), what the step needs (a date, a ground, a reason,
conditions) and which article governs it. A row without `target` is a recorded step that keeps the status.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from glacy.cooperation.rules.catalogue import Family, RequestType
from glacy.core.permissions import Role


class Status(models.TextChoices):
    DRAFT = "draft", _("draft")
    AWAITING_APPROVAL = "awaiting_approval", _("awaiting approval")
    APPROVED = "approved", _("approved, not sent")
    SENT = "sent", _("sent")
    ACKNOWLEDGED = "acknowledged", _("received")
    IN_EXECUTION = "in_execution", _("in execution")
    AWAITING_ANSWER = "awaiting_answer", _("awaiting the other side's answer")
    POSTPONED = "postponed", _("postponed")
    EXECUTED = "executed", _("executed")
    PARTIALLY_EXECUTED = "partially_executed", _("partially executed")
    REFUSED = "refused", _("refused")
    NOT_EXECUTABLE = "not_executable", _("execution impossible")
    WITHDRAWN = "withdrawn", _("withdrawn")


#: Before sending, a request belongs to the requesting side alone: the requested side never sees it.
BEFORE_SENDING = frozenset({Status.DRAFT, Status.AWAITING_APPROVAL, Status.APPROVED})
#: Decisions on a request (ETS 185 Art. 29(7): "a decision on that request" ends continued preservation).
DECIDED = frozenset({Status.EXECUTED, Status.PARTIALLY_EXECUTED, Status.REFUSED, Status.NOT_EXECUTABLE})
FINAL = DECIDED | {Status.WITHDRAWN}
REQUESTING, REQUESTED = "requesting", "requested"
#: The side that attached conditions to what it supplies, and the side bound by them (ETS 185 Arts 26, 28).
SUPPLIER, RECIPIENT = "supplier", "recipient"
DRAFTING_ROLES = frozenset({Role.DRAFTER, Role.APPROVER})
DECIDING_ROLES = frozenset({Role.APPROVER})


def is_closed(*, status: str, request_type: RequestType) -> bool:
    """Closed: a final status, or a status the type counts as its outcome (spontaneous information accepted)."""
    return status in FINAL or (status in request_type.outcomes and status != Status.POSTPONED)


@dataclass(frozen=True)
class StepContext:
    """The facts about one request that decide which steps are open (built by the services)."""

    request_type: RequestType
    content: dict[str, object]
    is_urgent: bool = False
    received_at_known: bool = False
    information_complete_known: bool = False
    served_known: bool = False
    formal_confirmation_known: bool = False
    pending_question: str = ""
    has_proposed_conditions: bool = False
    has_accepted_conditions: bool = False
    #: Accepted conditions of ETS 185 Art. 28(2), for which Art. 28(4) lets the supplier ask about their use.
    has_explainable_conditions: bool = False
    use_explanation_pending: bool = False

    def filled(self, name: str) -> bool:
        value = self.content.get(name)
        return value is True or (not isinstance(value, bool) and bool(str(value or "").strip()))


Guard = Callable[[StepContext], bool]


def _always(_context: StepContext) -> bool:
    return True


@dataclass(frozen=True)
class Transition:
    action: str
    label: str | Promise
    sources: frozenset[str]
    target: str | None  # None: a recorded step, the status stays
    side: str
    roles: frozenset[str]
    article: str = ""
    needs_date: bool = False
    date_label: str | Promise = ""
    needs_ground: bool = False
    needs_note: bool = False
    asks_partial_or_conditional: bool = False
    takes_conditions: bool = False
    takes_information_complete: bool = False
    guard: Guard = field(default=_always)
    #: Reading recorded on the legal rules page when the platform chose one.
    reading: str | Promise = ""


def _preservation(context: StepContext) -> bool:
    return context.request_type.family == Family.PRESERVATION


def _production_order(context: StepContext) -> bool:
    return context.request_type.family == Family.PRODUCTION_ORDER


def _spontaneous_with_conditions(context: StepContext) -> bool:
    return context.request_type.family == Family.SPONTANEOUS and context.filled("conditions_of_use")


def _acknowledgeable(context: StepContext) -> bool:
    return not _spontaneous_with_conditions(context)


def _may_propose_conditions(context: StepContext) -> bool:
    return context.request_type.family in {Family.MUTUAL_ASSISTANCE, Family.PRODUCTION_ORDER,
                                           Family.EMERGENCY_DISCLOSURE, Family.COOPERATION, Family.NETWORK}


REASONS_READING = _("Reasons are required for every refusal, postponement, partial execution and report of "
                    "impossibility: Art. 27(7) where Art. 27 applies, and the platform asks the same for every type.")
OPEN_ON_REQUESTED_SIDE = frozenset({Status.SENT, Status.ACKNOWLEDGED, Status.IN_EXECUTION, Status.POSTPONED,
                                    Status.AWAITING_ANSWER})
WORKING = frozenset({Status.ACKNOWLEDGED, Status.IN_EXECUTION})

TRANSITIONS: tuple[Transition, ...] = (
    # --- requesting side: drafting, approval, sending
    Transition("submit_for_approval", _("Submit for approval"), frozenset({Status.DRAFT}), Status.AWAITING_APPROVAL,
               REQUESTING, DRAFTING_ROLES),
    Transition("approve", _("Approve"), frozenset({Status.AWAITING_APPROVAL}), Status.APPROVED, REQUESTING,
               frozenset({Role.APPROVER})),
    Transition("return_to_draft", _("Return to draft"), frozenset({Status.AWAITING_APPROVAL, Status.APPROVED}),
               Status.DRAFT, REQUESTING, frozenset({Role.APPROVER})),
    Transition("send", _("Send"), frozenset({Status.DRAFT, Status.APPROVED}), Status.SENT, REQUESTING,
               DRAFTING_ROLES),
    Transition("withdraw", _("Withdraw"), frozenset({
        Status.DRAFT, Status.AWAITING_APPROVAL, Status.APPROVED, Status.SENT, Status.ACKNOWLEDGED,
        Status.IN_EXECUTION, Status.AWAITING_ANSWER, Status.POSTPONED}), Status.WITHDRAWN, REQUESTING,
               DRAFTING_ROLES),
    Transition("record_formal_confirmation", _("Record the formal confirmation"),
               OPEN_ON_REQUESTED_SIDE | DECIDED, None, REQUESTING, DRAFTING_ROLES, "ETS 185 Art. 25(3)",
               needs_date=True, date_label=_("Formal confirmation sent on"),
               guard=lambda context: context.is_urgent and not context.formal_confirmation_known),
    Transition("record_provider_receipt", _("Record receipt of the order by the provider"),
               frozenset({Status.SENT, Status.ACKNOWLEDGED, Status.IN_EXECUTION}), None, REQUESTING, DRAFTING_ROLES,
               "CETS 224 Art. 7(7)", needs_date=True, date_label=_("Received by the provider on"),
               guard=lambda context: context.request_type.family == Family.DIRECT_ORDER
               and not context.received_at_known,
               reading=_("Registrars and providers are rarely on the platform: the issuing side records when "
                         "the order was received, and the Art. 7(7) period runs from that date.")),
    # --- requested side: receipt and execution
    Transition("acknowledge", _("Record receipt"), frozenset({Status.SENT}), Status.ACKNOWLEDGED, REQUESTED,
               DRAFTING_ROLES, needs_date=True, date_label=_("Received on"), takes_information_complete=True,
               guard=_acknowledgeable),
    Transition("accept_conditions", _("Accept the information and its conditions"), frozenset({Status.SENT}),
               Status.ACKNOWLEDGED, REQUESTED, DRAFTING_ROLES, "ETS 185 Art. 26(2)", needs_date=True,
               date_label=_("Received on"), guard=_spontaneous_with_conditions),
    Transition("decline_conditions", _("Say the conditions cannot be complied with"), frozenset({Status.SENT}),
               Status.AWAITING_ANSWER, REQUESTED, DRAFTING_ROLES, "ETS 185 Art. 26(2)", needs_note=True,
               guard=_spontaneous_with_conditions),
    Transition("record_complete_information", _("Record receipt of all the information"),
               frozenset({Status.ACKNOWLEDGED, Status.IN_EXECUTION}), None, REQUESTED, DRAFTING_ROLES,
               "CETS 224 Art. 8(6)(a)", needs_date=True, date_label=_("All information received on"),
               guard=lambda context: _production_order(context) and not context.information_complete_known),
    Transition("start_execution", _("Start execution"), frozenset({Status.ACKNOWLEDGED, Status.POSTPONED}),
               Status.IN_EXECUTION, REQUESTED, DRAFTING_ROLES),
    Transition("record_service", _("Record service of the order on the provider"),
               frozenset({Status.ACKNOWLEDGED, Status.IN_EXECUTION}), None, REQUESTED, DRAFTING_ROLES,
               "CETS 224 Art. 8(6)(a)", needs_date=True, date_label=_("Served on the provider on"),
               guard=lambda context: _production_order(context) and context.information_complete_known
               and not context.served_known),
    Transition("warn_preservation", _("Warn that preservation will not suffice"), WORKING, Status.AWAITING_ANSWER,
               REQUESTED, DRAFTING_ROLES, "ETS 185 Art. 29(6)", needs_note=True, guard=_preservation),
    Transition("cannot_keep_confidential", _("Say the request cannot be kept confidential"), WORKING,
               Status.AWAITING_ANSWER, REQUESTED, DRAFTING_ROLES, "ETS 185 Art. 27(8)", needs_note=True,
               guard=lambda context: context.filled("confidentiality")),
    Transition("propose_conditions", _("Propose conditions"), WORKING, Status.AWAITING_ANSWER, REQUESTED,
               DECIDING_ROLES, "ETS 185 Arts 27(6), 28(2); CETS 224 Arts 8(8), 9(6)", needs_note=True,
               takes_conditions=True, guard=_may_propose_conditions,
               reading=_("Conditions may be proposed for every type that supplies information or material; "
                         "where a treaty applies, its own clause on conditions governs.")),
    Transition("cannot_follow_instructions", _("Say the special instructions cannot be followed"), WORKING,
               Status.AWAITING_ANSWER, REQUESTED, DRAFTING_ROLES, "CETS 224 Art. 8(7)", needs_note=True,
               guard=lambda context: _production_order(context) and context.filled("special_instructions")),
    Transition("record_procedure_incompatible", _("Record that a requested procedure is incompatible with our law"),
               WORKING, None, REQUESTED, DRAFTING_ROLES, "ETS 185 Art. 27(3)", needs_note=True,
               guard=lambda context: context.filled("procedures_requested")),
    Transition("disclose_traffic_path", _("Disclose the provider and path of the communication"),
               WORKING | {Status.EXECUTED, Status.PARTIALLY_EXECUTED}, None, REQUESTED, DRAFTING_ROLES,
               "ETS 185 Art. 30(1)", needs_note=True,
               guard=lambda context: _preservation(context) and context.filled("preserves_traffic_data")),
    Transition("withhold_traffic_path", _("Withhold disclosure of the path"),
               WORKING | {Status.EXECUTED, Status.PARTIALLY_EXECUTED}, None, REQUESTED, DECIDING_ROLES,
               "ETS 185 Art. 30(2)", needs_ground=True, needs_note=True,
               guard=lambda context: _preservation(context) and context.filled("preserves_traffic_data")),
    Transition("notify_delay", _("Report a significant delay"), WORKING | {Status.POSTPONED}, None, REQUESTED,
               DRAFTING_ROLES, "ETS 185 Art. 27(7)", needs_note=True),
    Transition("execute", _("Record as executed"), frozenset({Status.IN_EXECUTION}), Status.EXECUTED, REQUESTED,
               DRAFTING_ROLES, needs_date=True, date_label=_("Executed on")),
    Transition("execute_partially", _("Record as partially executed"), frozenset({Status.IN_EXECUTION}),
               Status.PARTIALLY_EXECUTED, REQUESTED, DRAFTING_ROLES, "ETS 185 Art. 27(7)", needs_date=True,
               date_label=_("Executed on"), needs_note=True, reading=REASONS_READING),
    # Refusing and postponing are decisions of the requested Party: conservatively reserved to approvers.
    Transition("refuse", _("Refuse"), frozenset({Status.SENT}) | WORKING, Status.REFUSED, REQUESTED, DECIDING_ROLES,
               "ETS 185 Art. 27(7)", needs_ground=True, needs_note=True, asks_partial_or_conditional=True,
               reading=REASONS_READING),
    Transition("postpone", _("Postpone"), WORKING, Status.POSTPONED, REQUESTED, DECIDING_ROLES, "ETS 185 Art. 27(7)",
               needs_ground=True, needs_note=True, asks_partial_or_conditional=True, reading=REASONS_READING),
    Transition("report_impossible", _("Report that execution is impossible"), WORKING | {Status.POSTPONED},
               Status.NOT_EXECUTABLE, REQUESTED, DECIDING_ROLES, "ETS 185 Art. 27(7)", needs_ground=True,
               needs_note=True, reading=REASONS_READING),
    # --- answers of the requesting side to a question of the requested side (the status returns to where it was)
    Transition("answer_proceed", _("Proceed: execute nevertheless / accept"), frozenset({Status.AWAITING_ANSWER}),
               None, REQUESTING, DRAFTING_ROLES, "ETS 185 Arts 26(2), 27(8), 28(3), 29(6); CETS 224 Art. 8(9)",
               guard=lambda context: context.pending_question not in {"", "decline_conditions"}),
    Transition("answer_cannot_comply", _("Say the conditions cannot be complied with"),
               frozenset({Status.AWAITING_ANSWER}), None, REQUESTING, DRAFTING_ROLES,
               "ETS 185 Art. 28(3); CETS 224 Art. 8(9)", needs_note=True,
               guard=lambda context: context.pending_question == "propose_conditions"),
    Transition("provide_nevertheless", _("Provide the information without the conditions"),
               frozenset({Status.AWAITING_ANSWER}), Status.ACKNOWLEDGED, REQUESTING, DRAFTING_ROLES,
               "ETS 185 Art. 26(2)", guard=lambda context: context.request_type.family == Family.SPONTANEOUS
               and context.pending_question == "decline_conditions"),
    # --- conditions on use after supply (ETS 185 Art. 28(4))
    Transition("ask_use_explanation", _("Ask how the material was used"),
               OPEN_ON_REQUESTED_SIDE | DECIDED, None, SUPPLIER, DRAFTING_ROLES, "ETS 185 Art. 28(4)", needs_note=True,
               guard=lambda context: context.has_explainable_conditions and not context.use_explanation_pending),
    Transition("explain_use", _("Explain the use made of the material"), OPEN_ON_REQUESTED_SIDE | DECIDED, None,
               RECIPIENT, DRAFTING_ROLES, "ETS 185 Art. 28(4)", needs_note=True,
               guard=lambda context: context.use_explanation_pending and context.has_explainable_conditions),
)
BY_ACTION = {transition.action: transition for transition in TRANSITIONS}
#: Steps that ask the requesting side to decide; its answer returns the request to where it was.
QUESTIONS = frozenset({"warn_preservation", "cannot_keep_confidential", "propose_conditions",
                       "cannot_follow_instructions", "decline_conditions"})
APPROVAL_STEPS = frozenset({"submit_for_approval", "approve", "return_to_draft"})


def _is_allowed_for_type(transition: Transition, request_type: RequestType) -> bool:
    """A type without approval skips the approval steps; outcomes are limited to the type's outcomes."""
    if transition.action in APPROVAL_STEPS:
        return request_type.needs_approval
    outcome_targets = {Status.EXECUTED, Status.PARTIALLY_EXECUTED, Status.REFUSED, Status.POSTPONED,
                       Status.NOT_EXECUTABLE}
    if transition.target in outcome_targets:
        return transition.target in request_type.outcomes
    if transition.action in {"start_execution", "acknowledge"} and request_type.family == Family.SPONTANEOUS:
        return transition.action == "acknowledge"
    return True


def transition_for(*, action: str, status: str, context: StepContext) -> Transition | None:
    """The transition `action` from `status` if this request allows it, else None."""
    transition = BY_ACTION.get(action)
    request_type = context.request_type
    if transition is None or status not in transition.sources or not _is_allowed_for_type(transition, request_type):
        return None
    if action == "send" and request_type.needs_approval and status != Status.APPROVED:
        return None
    if not transition.guard(context):
        return None
    return transition


def side_roles(*, family: str) -> dict[str, str]:
    """Who supplies under conditions and who is bound: for spontaneous information, the providing side."""
    if family == Family.SPONTANEOUS:
        return {SUPPLIER: REQUESTING, RECIPIENT: REQUESTED}
    return {SUPPLIER: REQUESTED, RECIPIENT: REQUESTING}


def acting_side(transition: Transition, *, family: str) -> str:
    """The concrete side (requesting or requested) that takes this step for a type of this family."""
    return side_roles(family=family).get(transition.side, transition.side)


def available_transitions(*, status: str, context: StepContext, side: str, roles: Iterable[str]) -> list[Transition]:
    """What a user on `side` holding `roles` may do now."""
    held = set(roles)
    family = context.request_type.family
    return [
        transition for transition in TRANSITIONS
        if acting_side(transition, family=family) == side and held & transition.roles
        and transition_for(action=transition.action, status=status, context=context) is not None
    ]
