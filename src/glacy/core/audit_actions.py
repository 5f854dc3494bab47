"""Audit actions of the evidence vault's integrity jobs, the exchange between nodes, the programme, training,
country profiles and treaty status charts, in words (merged into `glacy.core.labels.AUDIT_ACTIONS`).

Kept apart from `labels` only for size: `labels` stays the one place a page turns a code into words.
``exchange.message_<status>`` and ``exchange.transfer_<status>`` are composed from the status labels of the
exchange models (see `labels.audit_action_label`).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

EVIDENCE_ACTIONS = {
    "evidence.checkpoint_cosigned": _("custody checkpoint co-signed by a witness node"),
    "evidence.checkpoint_sign": _("custody checkpoint signed"),
    "evidence.checkpoint_timestamp": _("custody checkpoint time-stamped"),
    "evidence.checkpoint_timestamp_failed": _("custody checkpoint time-stamp failed"),
    "evidence.cleanup": _("unfinished uploads cleaned up"),
    "evidence.fixity_failed": _("stored file failed its fixity check"),
    "evidence.fixity_restored": _("stored file passes its fixity check again"),
    "evidence.witness_cosign": _("checkpoint of another node co-signed"),
    # Hand-over to another node (evidence.handover): sent, then accepted or refused by the receiving node.
    "evidence.send": _("evidence package sent to another node"),
    "evidence.handover_accepted": _("evidence package verified and accepted by the other node"),
    "evidence.handover_refused": _("evidence package refused by the other node"),
}

EXCHANGE_ACTIONS = {
    "exchange.encryption_key_rotated": _("node encryption key replaced"),
    "exchange.key_revoked": _("node key revoked"),
    "exchange.message_queued": _("message to another node queued"),
    "exchange.message_refused": _("message from another node refused"),
    "exchange.message_refused_after_held": _("message from another node held, then refused"),
    "exchange.message_retry": _("message to another node sent again"),
    "exchange.node_keys_initialised": _("node keys created"),
    "exchange.peer_added": _("peer node added"),
    "exchange.peer_directory_synchronised": _("peer node's directory updated"),
    "exchange.peer_identity_updated": _("peer node's identity updated"),
    "exchange.peer_key_confirmed": _("peer node's key confirmed"),
    "exchange.peer_status_changed": _("peer node's status changed"),
    "exchange.signing_key_rotated": _("node signing key replaced"),
    "exchange.transfer_announced": _("file transfer announced"),
    "exchange.transfer_failed": _("file transfer failed"),
    "exchange.transfer_offered": _("file transfer offered"),
    "exchange.transfer_refused": _("file transfer refused"),
}

PROGRAMME_ACTIONS = {
    "profiles.recommendation_added": _("country recommendation added"),
    "profiles.recommendation_removed": _("country recommendation removed"),
    "programme.access_granted": _("programme access granted"),
    "programme.access_revoked": _("programme access withdrawn"),
    "programme.activity_created": _("activity recorded"),
    "programme.activity_deleted": _("activity deleted"),
    "programme.activity_updated": _("activity changed"),
    "programme.budget_added": _("budget line added"),
    "programme.donor_created": _("donor added"),
    "programme.indicator_created": _("indicator added"),
    "programme.indicator_value_set": _("indicator value recorded"),
    "programme.project_created": _("project created"),
    "programme.project_updated": _("project changed"),
    "programme.result_created": _("expected result added"),
    "programme.topic_created": _("topic added"),
    "programme.transaction_added": _("financial transaction added"),
    "programme.year_stated": _("yearly figures stated"),
    "training.certificate_issued": _("training certificate issued"),
    "training.certificate_revoked": _("training certificate revoked"),
    "training.course_created": _("course created"),
    "training.evaluation_added": _("evaluation added"),
    "training.evaluations_added": _("evaluations added"),
    "training.moodle_imported": _("results imported from Moodle"),
    "training.participant_added": _("participant added"),
    "training.participants_added": _("participants added"),
    "training.personal_data_erased": _("participant's personal data erased"),
    "training.question_added": _("test question added"),
    "training.session_created": _("training session created"),
    "training.test_recorded": _("test result recorded"),
    "training.tests_recorded": _("test results recorded"),
    "training.trainer_created": _("trainer added"),
}

OTHER_ACTIONS = {
    "request.confirm_registration": _("registration of a received request confirmed"),
    "request.reject_registration": _("registration of a received request rejected"),
    "request.supply_material": _("material supplied"),
    "request.copy_received": _("request received from another node"),
    "request.step_after_withdrawal": _("step of the other node received after the withdrawal (not applied)"),
    "treaty.chart_apply": _("treaty status chart applied"),
    "treaty.chart_preview": _("treaty status chart read for review"),
    "treaty.declaration_create": _("reservation or declaration recorded"),
    "treaty.declaration_update": _("reservation or declaration changed"),
}

MORE_AUDIT_ACTIONS = {**EVIDENCE_ACTIONS, **EXCHANGE_ACTIONS, **PROGRAMME_ACTIONS, **OTHER_ACTIONS}


def exchange_status_actions() -> dict[str, str]:
    """``exchange.message_delivered`` → "message to another node: delivered, receipt verified" (composed from
    the exchange models' status labels; the message and transfer services record their new status)."""
    from glacy.exchange.models import InboundMessage, IncomingTransfer, OutboundMessage, OutgoingTransfer

    composed: dict[str, str] = {}
    for model in (OutboundMessage, InboundMessage):
        for status, text in model.Status.choices:
            composed[f"exchange.message_{status}"] = _("message between nodes: %(status)s") % {"status": text}
    for transfer_model in (OutgoingTransfer, IncomingTransfer):
        for status, text in transfer_model.Status.choices:
            composed[f"exchange.transfer_{status}"] = _("file transfer: %(status)s") % {"status": text}
    return composed
