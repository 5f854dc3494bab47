"""The public certificate verification page (no sign-in) and the node's public key."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from glacy.evidence.signing import fingerprint
from glacy.training.certificates import check_presented, node_key, node_public_key_pem
from glacy.training.models import Certificate


def certificate_verify(request: HttpRequest) -> HttpResponse:
    """Check the statement and signature carried by a certificate's QR link against this node's key, then say
    what the node's register knows of it. Nothing here needs an account."""
    statement_b64, signature_b64 = request.GET.get("c", "")[:8000], request.GET.get("s", "")[:200]
    key = node_key().public_key()
    context: dict[str, object] = {"fingerprint": fingerprint(key), "presented": bool(statement_b64 and signature_b64)}
    if context["presented"]:
        check = check_presented(statement_b64=statement_b64, signature_b64url=signature_b64, public_key=key)
        register = None
        if check.is_signature_valid and check.statement:
            register = Certificate.objects.filter(number=str(check.statement.get("number", ""))).first()
        if not check.is_signature_valid:
            status, message = "invalid", _("Not valid: this certificate was not signed by this node, or it was "
                                           "altered.")
        elif register is None or register.statement_sha256 != check.statement_sha256:
            status, message = "unknown", _("The signature is valid, but this node's register does not list the "
                                           "certificate.")
        elif register.revoked_at is not None:
            status, message = "revoked", _("The signature is valid, but the certificate was revoked on %(date)s: "
                                           "%(reason)s") % {"date": register.revoked_at.date().isoformat(),
                                                            "reason": register.revocation_reason}
        else:
            status, message = "valid", _("Valid: signed by this node and listed in its register.")
        context.update({"check": check, "status": status, "message": message, "statement": check.statement})
    return render(request, "training/verify.html", context, status=200)


def certificate_public_key(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(node_public_key_pem(), content_type="application/x-pem-file")
    response["Content-Disposition"] = 'attachment; filename="glacy-node-public-key.pem"'
    return response
