"""Who must hear about a request's step or deadline, and telling them (in the app and by e-mail).

The explicit API domain services call (no signals): ``notify_request_step(request=..., action=..., actor=...)``
inside their transaction schedules the delivery for after the commit; the worker (``tasks.deliver_step``) then
creates the notifications, e-mails the urgent ones at once and records one audit event. Every notice has a
key (kind, request, step or deadline); a second run finds the key taken and sends nothing: delivery is
idempotent. Non-urgent e-mails wait for the digest (``digest_send``), unless a person asked for each one.

Recipients:
- a request sent → the requested authority's drafters and approvers (who acknowledge and execute); an
  urgent request (an emergency type, or sent from an urgent case) → every active user of the requested
  authority, the whole 24/7 desk, and e-mailed at once;
- submitted for approval → the requesting authority's approvers;
- any other step → the other side's drafters and approvers (or, for a step of the requesting side before
  sending, the person who drafted the request);
- a deadline in the next 24 hours or passed → the drafters and approvers of both sides.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from glacy.cooperation.models import Request
from glacy.cooperation.rules import catalogue
from glacy.cooperation.rules.workflow import FINAL
from glacy.core.audit import record_event
from glacy.core.permissions import Role
from glacy.directory.models import User
from glacy.notifications.models import EventType, Notification, Preferences

ACTING_ROLES = (Role.DRAFTER, Role.APPROVER)
APPROACHING = datetime.timedelta(hours=24)


def notify_request_step(*, request: Request, action: str, actor: Any) -> None:
    """Called inside the transaction of a request step: deliver its notices once the step is committed."""
    from glacy.notifications.tasks import deliver_step

    step_key = f"{request.pk}:{action}:{request.updated_at.isoformat()}"
    actor_id = getattr(actor, "pk", None)
    transaction.on_commit(lambda: deliver_step.enqueue(request_id=str(request.pk), action=action,
                                                       actor_id=actor_id, step_key=step_key))


def is_urgent(request: Request) -> bool:
    """An emergency type (e.g. CETS 224 Art. 9 or 10), a request sent urgently by expedited means (ETS 185
    Art. 25(3)) or one sent from a case marked urgent."""
    request_type = catalogue.request_type(request.request_type)
    return bool(request_type.is_emergency or request.is_urgent
                or (request.case_id and request.case and request.case.is_urgent))


def _active_users(authority_id: Any) -> QuerySet[User]:
    return User.objects.filter(authority_id=authority_id, is_active=True)


def _acting_users(authority_id: Any, roles: Iterable[str] = ACTING_ROLES) -> QuerySet[User]:
    return _active_users(authority_id).filter(role_assignments__role__in=list(roles)).distinct()


def step_recipients(*, request: Request, action: str, actor_id: Any) -> tuple[str, list[User], bool]:
    """(kind of notice, who gets it, urgent?) for one step of `request`."""
    urgent = is_urgent(request)
    if action == "send":
        authority = request.requested_authority_id
        users = _active_users(authority) if urgent else _acting_users(authority)
        return EventType.REQUEST_RECEIVED, list(users.exclude(pk=actor_id)), urgent
    if action == "submit_for_approval":
        users = _acting_users(request.requesting_authority_id, [Role.APPROVER])
        return EventType.APPROVAL_NEEDED, list(users.exclude(pk=actor_id)), urgent
    actor = User.objects.filter(pk=actor_id).only("authority_id").first()
    if actor is not None and actor.authority_id == request.requested_authority_id:
        users = _acting_users(request.requesting_authority_id)
    elif request.sent_at is not None:  # the requesting side withdrew a request the other side holds
        users = _acting_users(request.requested_authority_id)
    else:  # approved or returned to draft: tell who drafted it
        users = User.objects.filter(pk=request.created_by_id or 0, is_active=True)
    return EventType.STATE_CHANGED, list(users.exclude(pk=actor_id)), urgent


def _preferences(users: Iterable[User]) -> dict[Any, Preferences]:
    found = {item.user_id: item for item in Preferences.objects.filter(user__in=list(users))}
    return {user.pk: found.get(user.pk) or Preferences(user=user) for user in users}


@transaction.atomic
def _create(*, event_type: str, key: str, request: Request, users: list[User], urgent: bool,
            details: dict[str, Any]) -> list[Notification]:
    """The notices not created before (the unique key guards against a second delivery)."""
    taken = set(Notification.objects.filter(key=key, recipient__in=users).values_list("recipient_id", flat=True))
    fresh = [Notification(recipient=user, event_type=event_type, key=key, request=request, is_urgent=urgent,
                          details=details) for user in users if user.pk not in taken]
    if not fresh:
        return []
    Notification.objects.bulk_create(fresh, ignore_conflicts=True)
    created = list(Notification.objects.filter(key=key, recipient__in=[item.recipient for item in fresh])
                   .select_related("recipient", "request"))
    by_authority: dict[Any, list[str]] = {}
    for item in created:
        by_authority.setdefault(item.recipient.authority_id, []).append(item.recipient.username)
    for authority_id, usernames in by_authority.items():  # each authority's trail lists its own people
        record_event(actor=None, action="notification.send", obj=request, authority=_authority(authority_id),
                     after={"kind": event_type, "key": key, "recipients": sorted(usernames)})
    return created


def _authority(authority_id: Any) -> Any:
    from glacy.directory.models import Authority

    return Authority.objects.filter(pk=authority_id).first() if authority_id else None


def deliver_step(*, request_id: str, action: str, actor_id: Any, step_key: str) -> int:
    """Create the notices of one request step and e-mail those that cannot wait; returns notices created."""
    request = Request.objects.select_related("case", "requesting_authority__country",
                                            "requested_authority__country").get(pk=request_id)
    event_type, users, urgent = step_recipients(request=request, action=action, actor_id=actor_id)
    created = _create(event_type=event_type, key=f"{event_type}:{step_key}", request=request, users=users,
                      urgent=urgent, details={"action": action, "status": request.status})
    _email_now(created)
    return len(created)


def deadline_notices(*, now: datetime.datetime | None = None) -> int:
    """Notices for deadlines within 24 hours and deadlines passed, once per request, deadline and kind."""
    moment = now or timezone.now()
    due = Request.objects.filter(next_deadline_at__isnull=False, next_deadline_at__lte=moment + APPROACHING) \
        .exclude(status__in=[status.value for status in FINAL if status != "executed"]) \
        .select_related("case", "requesting_authority", "requested_authority")
    total = 0
    for request in due.iterator(chunk_size=500):
        assert request.next_deadline_at is not None  # the filter above
        passed = request.next_deadline_at <= moment
        event_type = EventType.DEADLINE_PASSED if passed else EventType.DEADLINE_APPROACHING
        users = list(User.objects.filter(
            Q(authority_id=request.requesting_authority_id) | Q(authority_id=request.requested_authority_id),
            is_active=True, role_assignments__role__in=list(ACTING_ROLES)).distinct())
        key = f"{event_type}:{request.pk}:{request.next_deadline_code}:{request.next_deadline_at.isoformat()}"
        created = _create(event_type=event_type, key=key, request=request, users=users, urgent=passed,
                          details={"deadline": request.next_deadline_code,
                                   "due_at": request.next_deadline_at.isoformat()})
        _email_now(created)
        total += len(created)
    return total


# ---- E-mail -------------------------------------------------------------------------------------------------

def request_url(request_id: Any) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("request-detail", kwargs={"request_id": request_id})


def _language(user: User) -> str:
    return user.preferred_language if user.preferred_language in dict(settings.LANGUAGES) else "en"


def _render(user: User, template: str, context: dict[str, Any]) -> tuple[str, str]:
    """Subject and body of an e-mail in the recipient's language and time zone."""
    with translation.override(_language(user)), timezone.override(user.time_zone or "UTC"):
        subject = render_to_string(f"notifications/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"notifications/email/{template}.txt", context)
    return " ".join(subject.split()), body


def _mark_emailed(notifications: list[Notification]) -> None:
    Notification.objects.filter(pk__in=[item.pk for item in notifications]).update(emailed_at=timezone.now())


def _email_now(created: list[Notification]) -> None:
    """E-mail at once the urgent notices and those of people who want each one; the rest waits for the digest."""
    preferences = _preferences([item.recipient for item in created])
    for notification in created:
        user = notification.recipient
        wanted = preferences[user.pk]
        if not user.email:
            continue
        if not (notification.is_urgent or (wanted.email == Preferences.Email.IMMEDIATE
                                           and notification.event_type not in wanted.muted)):
            continue
        subject, body = _render(user, notification.event_type, {
            "notification": notification, "request": notification.request, "user": user,
            "url": request_url(notification.request_id), "node_name": settings.NODE_NAME})
        send_mail(subject=subject, message=body, from_email=None, recipient_list=[user.email])
        _mark_emailed([notification])


def digest_send() -> int:
    """One e-mail per person with every notice not e-mailed yet (except kinds they muted); returns e-mails."""
    pending = Notification.objects.filter(emailed_at__isnull=True).select_related("recipient", "request")
    by_user: dict[Any, list[Notification]] = {}
    for notification in pending.iterator(chunk_size=1000):
        by_user.setdefault(notification.recipient_id, []).append(notification)
    sent = 0
    preferences = _preferences([items[0].recipient for items in by_user.values()])
    for user_id, items in by_user.items():
        user, wanted = items[0].recipient, preferences[user_id]
        if wanted.email == Preferences.Email.NONE or not user.email:
            _mark_emailed(items)  # nothing will be sent for them: do not keep them pending
            continue
        chosen = [item for item in items if item.event_type not in wanted.muted or item.is_urgent]
        if chosen:
            subject, body = _render(user, "digest", {
                "notifications": chosen, "user": user, "node_name": settings.NODE_NAME,
                "site_url": settings.SITE_URL.rstrip("/")})
            send_mail(subject=subject, message=body, from_email=None, recipient_list=[user.email])
            sent += 1
        _mark_emailed(items)
    return sent


# ---- Reading ------------------------------------------------------------------------------------------------

def unread_count(*, user: Any) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


@transaction.atomic
def notifications_mark_read(*, user: Any, notification_ids: Iterable[int] | None = None) -> int:
    """Mark the user's notices read (all, or the given ones); returns how many changed."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=list(notification_ids))
    changed = unread.update(read_at=timezone.now())
    if changed:
        record_event(actor=user, action="notification.read", obj=user, after={"count": changed})
    return changed


@transaction.atomic
def preferences_update(*, user: Any, email: str, muted: list[str]) -> Preferences:
    """Change how the user is told; audited."""
    if email not in Preferences.Email.values or not set(muted) <= set(EventType.values):
        from glacy.core.errors import ValidationFailed

        raise ValidationFailed({"email": ["Unknown choice."]})
    preferences, _created = Preferences.objects.select_for_update().get_or_create(user=user)
    before = {"email": preferences.email, "muted": preferences.muted}
    preferences.email, preferences.muted = email, sorted(muted)
    preferences.save()
    record_event(actor=user, action="user.update_notification_preferences", obj=user, before=before,
                 after={"email": preferences.email, "muted": preferences.muted})
    return preferences
