"""Language switch, health check (the home page is glacy.home)."""

from __future__ import annotations

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from glacy.core.forms import LanguageForm
from glacy.core.health import worker_health
from glacy.core.services import user_set_language


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Switch the interface language; remembered on the account for signed-in users, in a cookie otherwise."""
    form = LanguageForm(request.POST)
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    if not form.is_valid():
        return response
    language = form.cleaned_data["language"]
    if request.user.is_authenticated:
        user_set_language(user=request.user, language=language)
    translation.activate(language)
    response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language, max_age=365 * 24 * 3600, samesite="Lax",
                        httponly=False, secure=request.is_secure())
    return response


@require_GET
def health(request: HttpRequest) -> JsonResponse:
    """Liveness and database check for load balancers and `make run`'s wait loop.

    Answers 200 while the web process and its database work, whatever the worker's state (a dead worker
    must not take the site out of a load balancer); the worker's status is given beside it.
    """
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok", "worker": worker_health().status})


@require_GET
def health_worker(request: HttpRequest) -> JsonResponse:
    """The background worker's health for monitoring: 200 when it takes jobs, 503 when down, stuck or behind."""
    health = worker_health()
    return JsonResponse(health.public_summary(), status=200 if health.is_healthy else 503)
