"""The node operator's exchange page: this node's keys, its peers (keys, last contact, backlog), failed
messages to retry and the inbox's recent refusals."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from glacy.core.confirm import confirmation_page
from glacy.core.errors import DomainError, ValidationFailed
from glacy.core.htmx import form_errors_from
from glacy.core.typing import AuthenticatedRequest
from glacy.directory.models import Authority
from glacy.exchange.forms import KeyConfirmForm, PeerAddForm
from glacy.exchange.identity import grouped
from glacy.exchange.keyhistory import SIGNING
from glacy.exchange.keys import history_of, is_confirmed, node_identity, node_key_history
from glacy.exchange.labels import reason_in_words, refusal_label
from glacy.exchange.models import OutboundMessage, Peer
from glacy.exchange.permissions import can_administer_node
from glacy.exchange.registry import label_for
from glacy.exchange.selectors import exchange_overview, receipt_status


def _require_operator(request: AuthenticatedRequest) -> None:
    if not can_administer_node(request.user):
        raise DjangoPermissionDenied


def _home_context(form: PeerAddForm) -> dict[str, object]:
    overview = exchange_overview()
    records = node_key_history()
    current = next(record for record in reversed(records) if record.use == SIGNING and record.is_current)
    peers = []
    for row in overview.peers:
        key = history_of(row.peer.node).current(SIGNING)
        peers.append({"row": row, "key": key, "awaiting": bool(key and key.needs_confirmation and not is_confirmed(
            node=row.peer.node, fingerprint=key.fingerprint)), "error": reason_in_words(row.peer.last_error)})
    return {
        "identity": node_identity(), "fingerprint": grouped(current.fingerprint), "records": records,
        "overview": overview, "peers": peers, "form": form,
        "failed": [{"message": message, "type_label": label_for(message.message_type),
                    "reason": reason_in_words(message.refusal_reason or message.last_error)}
                   for message in overview.failed_messages],
        "refused_by_them": [{"message": message, "type_label": label_for(message.message_type),
                             "reason": reason_in_words(message.refusal_reason),
                             "was_held": message.refusal_notice is not None}
                            for message in overview.refused_by_them],
        "refused_here": [{"message": message, "type_label": label_for(message.message_type),
                          "reason": reason_in_words(message.refusal_reason),
                          "was_held": receipt_status(message.receipt) == "accepted"}
                         for message in overview.refused_here],
        "incidents": [{"incident": incident, "label": refusal_label(incident.reason_code)}
                      for incident in overview.incidents],
    }


@login_required
def exchange_home(request: AuthenticatedRequest) -> HttpResponse:
    _require_operator(request)
    return render(request, "exchange/home.html", _home_context(PeerAddForm()))


@login_required
@require_POST
def peer_add(request: AuthenticatedRequest) -> HttpResponse:
    from glacy.exchange.services.delivery import peer_directory_refresh
    from glacy.exchange.services.peers import peer_add as add

    _require_operator(request)
    form = PeerAddForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            peer = add(actor=request.user, document=form.cleaned_data["document"],
                       fingerprint=form.cleaned_data["fingerprint"], channel=form.cleaned_data["channel"])
        except ValidationFailed as error:
            form_errors_from({"document_text" if field == "document" else field: messages_
                              for field, messages_ in error.errors.items()}, form)
        else:
            summary = peer_directory_refresh(peer)
            messages.success(request, _("Peer %(node)s added.") % {"node": peer.node} + (
                " " + _("Its directory will be fetched when it can be reached.") if summary is None else ""))
            return redirect("exchange-peer", peer_id=peer.pk)
    return render(request, "exchange/home.html", _home_context(form), status=400)


@login_required
def peer_detail(request: AuthenticatedRequest, peer_id: str) -> HttpResponse:
    _require_operator(request)
    peer = get_object_or_404(Peer, pk=peer_id)
    records = [{"record": record, "grouped": grouped(record.fingerprint),
                "awaiting": record.needs_confirmation and not is_confirmed(node=peer.node,
                                                                           fingerprint=record.fingerprint)}
               for record in history_of(peer.node).records]
    return render(request, "exchange/peer.html", {
        "peer": peer, "records": records, "confirm_form": KeyConfirmForm(), "error": reason_in_words(peer.last_error),
        "authorities": Authority.objects.filter(home_node=peer.node).order_by("kind", "name"),
        "backlog": OutboundMessage.objects.filter(recipient_node=peer.node,
                                                  status=OutboundMessage.Status.QUEUED).count(),
    })


@login_required
@require_POST
def peer_act(request: AuthenticatedRequest, peer_id: str) -> HttpResponse:
    from glacy.exchange.services.delivery import peer_directory_refresh, peer_identity_refresh
    from glacy.exchange.services.peers import peer_key_confirm, peer_status_set

    _require_operator(request)
    peer = get_object_or_404(Peer, pk=peer_id)
    action = request.POST.get("action", "")
    try:
        if action in {"suspend", "resume", "leave"}:
            status = {"suspend": Peer.Status.SUSPENDED, "resume": Peer.Status.ACTIVE, "leave": Peer.Status.LEFT}[action]
            peer_status_set(actor=request.user, peer=peer, status=status)
            messages.success(request, _("Peer status changed."))
        elif action == "sync":
            refreshed = peer_identity_refresh(peer) and peer_directory_refresh(peer) is not None
            if refreshed:
                messages.success(request, _("Identity and directory synchronised."))
            else:
                messages.error(request, _("The peer could not be reached; see its last error."))
        elif action == "confirm":
            if (page := confirmation_page(
                    request, question=_("Trust this key for %(peer)s? Confirm only if its operator read you the same "
                                        "fingerprint by another channel.") % {"peer": peer.name},
                    confirm_label=_("Confirm the key"),
                    cancel_url=reverse("exchange-peer", kwargs={"peer_id": peer.pk}))) is not None:
                return page  # trusting a key cannot be undone by this page: asked first
            form = KeyConfirmForm(request.POST)
            if not form.is_valid():
                raise ValidationFailed({"fingerprint": [_("Give the fingerprint.")]})
            peer_key_confirm(actor=request.user, peer=peer, fingerprint=form.cleaned_data["fingerprint"],
                             channel=form.cleaned_data["channel"])
            messages.success(request, _("Key confirmed."))
        else:
            messages.error(request, _("Unknown action."))
    except DomainError as error:
        messages.error(request, error.text)
    return redirect("exchange-peer", peer_id=peer.pk)


@login_required
@require_POST
def message_retry(request: AuthenticatedRequest, message_id: str) -> HttpResponse:
    from glacy.exchange.services.delivery import message_retry as retry

    _require_operator(request)
    message = get_object_or_404(OutboundMessage, pk=message_id)
    try:
        retry(actor=request.user, message=message)
        messages.success(request, _("The message is queued again."))
    except DomainError as error:
        messages.error(request, error.text)
    return redirect("exchange-home")
