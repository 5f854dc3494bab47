"""The node-to-node endpoints. No session or token: every message is signed and encrypted end to end, and
checked before anything is trusted (services/inbox.py).

* ``POST /exchange/inbox/`` — one or more compact JWEs, one per line (``application/jose``); the answer is
  ``{"results": [{"message", "receipt"} | {"message", "error", "detail", "retry"}]}``, one per line, in order.
* ``GET /exchange/identity/`` — this node's signed identity document (public: it holds public keys).
* ``POST /exchange/identity/`` — a peer pushes its newer identity document (after a key rotation).
* ``GET /exchange/directory/?node=<peer>`` — this node's published authorities, signed, encrypted to that
  peer's key: only a peer can read it.
* ``PUT /exchange/transfers/<id>/chunks/<n>`` — a chunk of an evidence transfer (transfers.py).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from glacy.core.context import origin
from glacy.core.errors import ValidationFailed
from glacy.exchange import jose
from glacy.exchange.identity import identity_document, read_identity_document
from glacy.exchange.keyhistory import ENCRYPTION, KeyHistoryError
from glacy.exchange.keys import history_of
from glacy.exchange.models import Peer
from glacy.exchange.services.directory import directory_document
from glacy.exchange.services.inbox import inbox_batch, inbox_receive
from glacy.exchange.services.peers import peer_identity_update

#: The largest inbox POST (a batch of messages); larger ones are refused before being read.
MAXIMUM_INBOX_BYTES = 64 * 1024 * 1024
JOSE = "application/jose"


def _read_limited(request: HttpRequest, limit: int) -> bytes | None:
    length = int(request.headers.get("Content-Length") or 0)
    if length <= 0 or length > limit:
        return None
    return request.read(length)  # not request.body: Django caps that at DATA_UPLOAD_MAX_MEMORY_SIZE


def _client_address(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR", ""))


@csrf_exempt
def inbox(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    body = _read_limited(request, MAXIMUM_INBOX_BYTES)
    if body is None:
        return JsonResponse({"error": "size", "detail": f"send 1 byte to {MAXIMUM_INBOX_BYTES} bytes"}, status=413)
    try:
        tokens = [line for line in body.decode("ascii").split("\n") if line.strip()]
    except UnicodeDecodeError:
        return JsonResponse({"error": "malformed", "detail": "compact JWEs are ASCII"}, status=400)
    address = _client_address(request)
    with origin("api", request.headers.get("X-Request-ID")), inbox_batch():
        results = [inbox_receive(token, remote_address=address).as_json() for token in tokens]
    return JsonResponse({"results": results})


@csrf_exempt
def identity(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return HttpResponse(identity_document(), content_type=JOSE)
    if request.method != "POST":
        return HttpResponseNotAllowed(["GET", "POST"])
    body = _read_limited(request, 4 * 1024 * 1024)
    if body is None:
        return JsonResponse({"error": "size"}, status=413)
    try:
        document = body.decode("ascii")
        node = read_identity_document(document).node
    except (UnicodeDecodeError, KeyHistoryError) as error:
        return JsonResponse({"error": "invalid", "detail": str(error)}, status=400)
    peer = Peer.objects.filter(node=node).first()
    if peer is None:
        return JsonResponse({"error": "unknown_peer", "detail": f"{node} is not a peer of {settings.NODE_ID}"},
                            status=404)
    try:
        with origin("api", request.headers.get("X-Request-ID")):
            peer_identity_update(actor=None, peer=peer, document=document)
    except ValidationFailed as error:
        return JsonResponse({"error": "refused", "detail": error.text}, status=409)
    return JsonResponse({"accepted": True})


def directory(request: HttpRequest) -> HttpResponse:
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    node = request.GET.get("node", "")
    peer = Peer.objects.filter(node=node, status=Peer.Status.ACTIVE).first()
    record = history_of(node).current(ENCRYPTION) if peer is not None else None
    if record is None:
        return JsonResponse({"error": "unknown_peer", "detail": "the directory is published to peers only"},
                            status=404)
    token = jose.encrypt(directory_document().encode("ascii"), record.public_key(),  # type: ignore[arg-type]
                         kid=record.fingerprint, cty="glacy-directory+jws")
    return HttpResponse(token, content_type=JOSE)


def _transfer_token(request: HttpRequest) -> str:
    return str(request.headers.get("X-Transfer-Token", ""))


def transfer_status(request: HttpRequest, transfer_id: uuid.UUID) -> HttpResponse:
    """Which chunks the receiving node still needs (the sender asks before sending, so it can resume)."""
    import base64
    import hmac

    from glacy.exchange.models import IncomingTransfer
    from glacy.exchange.transfers.chunks import access_token
    from glacy.exchange.transfers.services import missing_chunks

    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    transfer = IncomingTransfer.objects.filter(pk=transfer_id).first()
    if transfer is None:
        return JsonResponse({"error": "unknown_transfer"}, status=404)
    expected = access_token(base64.b64decode(transfer.content_key), str(transfer.pk))
    if not hmac.compare_digest(_transfer_token(request), expected):
        return JsonResponse({"error": "forbidden"}, status=403)
    return JsonResponse({"status": transfer.status, "missing": missing_chunks(transfer)})


@csrf_exempt
def transfer_chunk(request: HttpRequest, transfer_id: uuid.UUID, index: int) -> HttpResponse:
    """One encrypted chunk (PUT); refused chunks are logged like refused messages."""
    from glacy.exchange.services.inbox import log_incident
    from glacy.exchange.transfers.chunks import GCM_TAG, MAXIMUM_CHUNK_SIZE
    from glacy.exchange.transfers.services import chunk_receive

    if request.method != "PUT":
        return HttpResponseNotAllowed(["PUT"])
    body = _read_limited(request, MAXIMUM_CHUNK_SIZE + GCM_TAG)
    if body is None:
        return JsonResponse({"error": "size"}, status=413)
    with origin("api", request.headers.get("X-Request-ID")):
        outcome = chunk_receive(transfer_id=transfer_id, index=index, token=_transfer_token(request),
                                sha256=str(request.headers.get("X-Chunk-SHA256", "")), body=body)
        if outcome.status != 200:
            log_incident(code=outcome.code, detail=f"transfer {transfer_id} chunk {index}: {outcome.detail}",
                         node="", message_id="", remote_address=_client_address(request))
    return JsonResponse({"result": outcome.code, "detail": outcome.detail}, status=outcome.status)
