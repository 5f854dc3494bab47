"""A person's own account: name, e-mail, language, time zone and password (each change audited).

Services for the "My account" page (core/views/profile.py) and any other entry point; the second factor and
API tokens are in core.services and core.two_factor.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from glacy.core.audit import record_event
from glacy.core.errors import ValidationFailed
from glacy.directory.models import User
from glacy.directory.validation import validate_time_zone


@transaction.atomic
def user_update_profile(*, user: User, first_name: str, last_name: str, email: str, language: str,
                        time_zone: str) -> User:
    """Change the user's own name, e-mail, interface language and time zone; one audit event per kind."""
    errors: dict[str, list[str]] = {}
    email = email.strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = [_("Enter a valid e-mail address, e.g. name@example.org.")]
    if language not in dict(settings.LANGUAGES):
        errors["language"] = [_("This language is not available.")]
    try:
        validate_time_zone(time_zone)
    except ValidationError as error:
        errors["time_zone"] = [str(message) for message in error.messages]
    if errors:
        raise ValidationFailed(errors)
    user = User.objects.select_for_update().get(pk=user.pk)
    profile_before = {"first_name": user.first_name, "last_name": user.last_name, "email": user.email}
    profile_after = {"first_name": first_name.strip(), "last_name": last_name.strip(), "email": email}
    changes = [
        ("user.update_profile", profile_before, profile_after),
        ("user.set_language", {"preferred_language": user.preferred_language}, {"preferred_language": language}),
        ("user.set_time_zone", {"time_zone": user.time_zone}, {"time_zone": time_zone}),
    ]
    for action, before, after in changes:
        if before == after:
            continue
        for name, value in after.items():
            setattr(user, name, value)
        record_event(actor=user, action=action, obj=user, before=before, after=after)
    user.save()
    return user


@transaction.atomic
def user_change_password(*, user: User, current: str, new: str) -> User:
    """Change the password, given the current one; the new one must pass the password rules."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if not user.check_password(current):
        raise ValidationFailed({"old_password": [_("This is not your current password.")]})
    try:
        validate_password(new, user)
    except ValidationError as error:
        raise ValidationFailed({"new_password1": [str(message) for message in error.messages]}) from error
    user.set_password(new)
    user.save(update_fields=["password"])
    record_event(actor=user, action="user.change_password", obj=user)  # never the password itself
    return user

