"""Optional TOTP second factor (RFC 6238) on top of the password, using django-otp devices."""

from __future__ import annotations

from typing import Any

import segno
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django_otp import device_classes
from django_otp.plugins.otp_totp.models import TOTPDevice

from glacy.core.audit import record_event
from glacy.core.errors import ValidationFailed


def totp_pending_device(*, user: Any) -> TOTPDevice:
    """The unconfirmed device being set up for `user` (created on first call, reused after)."""
    with transaction.atomic():
        device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)
    return device


def totp_qr_svg(device: TOTPDevice) -> str:
    """An inline SVG QR code of the otpauth:// URL, generated locally (no external service)."""
    return str(segno.make(device.config_url, error="m").svg_inline(scale=4))


@transaction.atomic
def totp_confirm(*, user: Any, token: str) -> TOTPDevice:
    """Confirm the pending device with a code from the app; from then on the code is asked at login."""
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).first()
    if device is None or not token.strip().isdigit() or not device.verify_token(token.strip()):
        raise ValidationFailed({"token": [str(_("This code is not valid. Check the time on your device."))]})
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user, confirmed=True).exclude(pk=device.pk).delete()
    record_event(actor=user, action="user.enable_two_factor", obj=user, after={"two_factor": True})
    return device


@transaction.atomic
def totp_disable(*, user: Any) -> None:
    """Remove the user's second factor."""
    deleted, _counts = TOTPDevice.objects.filter(user=user).delete()
    if deleted:
        record_event(actor=user, action="user.disable_two_factor", obj=user, after={"two_factor": False})


def user_has_totp(user: Any) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def session_lacks_second_factor(request: Any) -> bool:
    """True when the signed-in user has a confirmed device but this session was not verified with it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    is_verified = getattr(user, "is_verified", None)
    if is_verified is not None and is_verified():
        return False
    return user_has_confirmed_device(user)


def user_has_confirmed_device(user: Any) -> bool:
    """Whether the user has any confirmed second-factor device, asked in one query (it runs on every request)."""
    querysets = [model.objects.filter(user=user, confirmed=True).values_list("pk") for model in device_classes()]
    first, *others = querysets
    return bool(list(first.union(*others)[:1]) if others else first.exists())
