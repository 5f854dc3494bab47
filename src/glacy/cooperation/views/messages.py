"""Sending again a message of a request whose delivery failed (the request page's "Send again")."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from glacy.cooperation import selectors
from glacy.core.errors import DomainError
from glacy.core.permissions import Role
from glacy.core.scoping import get_visible_or_404
from glacy.core.typing import AuthenticatedRequest


@login_required
@require_POST
def request_message_retry(request: AuthenticatedRequest, request_id: str, message_id: str) -> HttpResponse:
    """Queue again a failed message this user's authority sent in the request's conversation (audited)."""
    from glacy.exchange.models import OutboundMessage
    from glacy.exchange.services.delivery import message_retry

    item = get_visible_or_404(selectors.requests_for_user(user=request.user), pk=request_id)
    # Only the side that sent it, within the request's own conversation: another message id answers 404.
    message = get_visible_or_404(OutboundMessage.objects.filter(
        conversation__conversation_id=item.pk, conversation__local_authority_id=request.user.authority_id),
        pk=message_id)
    if not (request.user.has_role(Role.DRAFTER) or request.user.has_role(Role.APPROVER)):
        messages.error(request, _("Sending a message again needs the drafter or approver role."))
        return redirect("request-detail", request_id=item.pk)
    try:
        message_retry(actor=request.user, message=message)
    except DomainError as error:
        messages.error(request, _("Not sent again: %(reason)s") % {"reason": error.text})
    else:
        messages.success(request, _("The message is queued again; the exchange worker sends it shortly."))
    return redirect("request-detail", request_id=item.pk)
