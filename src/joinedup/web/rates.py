"""Limits on how often one caller may ask for something costly or sensitive.

A *scope* names what is limited and how: ``settings.REQUEST_RATES[scope]`` is a
pair (uses, seconds). A caller (a user id, an e-mail address, a client address)
may use a scope that many times within a window that starts at its first use;
past that, :func:`take` says how many seconds remain and counts nothing, and the
view answers 429 with a page saying when to try again (:func:`wait_response`).
Today the scopes are the PDF report per user, password-reset requests per
e-mail address and per client address, and wrong two-factor codes per user
(counted on failure only, with :func:`waiting` to look first; see
:mod:`joinedup.web.twofactor` and ``docs/operating.md``).

Counts live in the database (:class:`joinedup.web.models.RequestCount`) so that
every server process sees the same count. A row's key is an HMAC of the scope
and the caller under the site's secret key, so the table holds no e-mail or
client address in clear; rows whose window has ended are deleted whenever a new
window starts, and by ``joinedup housekeeping``.

Sign-in failures are not counted here: django-axes locks an account out per
client address (see ``AXES_*`` in :mod:`joinedup.settings` and
:mod:`joinedup.web.signin`). The survey-link limit
(:mod:`joinedup.surveys.throttle`) counts failures, not uses, and keeps its own
table.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.functional import Promise

from joinedup.web.models import RequestCount

View = Callable[..., HttpResponse]


def _rule(scope: str) -> tuple[int, dt.timedelta]:
    uses, seconds = settings.REQUEST_RATES[scope]
    return int(uses), dt.timedelta(seconds=int(seconds))


def _key(scope: str, caller: str) -> str:
    return salted_hmac("joinedup.web.rates", f"{scope}\x00{caller}", algorithm="sha256").hexdigest()


def take(scope: str, caller: str) -> int:
    """Count one use of ``scope`` by ``caller`` and return 0, or, when the caller
    has used up the window, count nothing and return the seconds left in it."""
    uses, window = _rule(scope)
    key = _key(scope, caller)
    now = timezone.now()
    live = RequestCount.objects.filter(pk=key, window_end__gt=now)
    # One conditional UPDATE: two processes never both take the last use.
    if live.filter(count__lt=uses).update(count=F("count") + 1):
        return 0
    row = live.first()
    if row is not None:
        return max(1, math.ceil((row.window_end - now).total_seconds()))
    sweep_expired()
    try:
        with transaction.atomic():
            RequestCount.objects.update_or_create(
                pk=key, defaults={"scope": scope, "window_end": now + window, "count": 1}
            )
    except IntegrityError:
        # Another process opened the window at the same moment: count on its row.
        return take(scope, caller)
    return 0


def waiting(scope: str, caller: str) -> int:
    """The seconds left in ``caller``'s window when its uses of ``scope`` are used
    up, else 0; counts nothing (for limits that count only failures: look first,
    :func:`take` on each failure)."""
    uses, _window = _rule(scope)
    now = timezone.now()
    row = RequestCount.objects.filter(
        pk=_key(scope, caller), window_end__gt=now, count__gte=uses
    ).first()
    if row is None:
        return 0
    return max(1, math.ceil((row.window_end - now).total_seconds()))


def sweep_expired() -> int:
    """Delete the counts whose window has ended; returns how many were deleted."""
    deleted, _ = RequestCount.objects.filter(window_end__lte=timezone.now()).delete()
    return deleted


def wait_context(wait: int) -> dict[str, Any]:
    """What a page needs to say how long to wait: whole minutes past a minute,
    seconds below it."""
    if wait >= 60:
        return {"wait": wait, "minutes": math.ceil(wait / 60), "seconds": None}
    return {"wait": wait, "minutes": None, "seconds": wait}


def wait_response(
    request: HttpRequest,
    wait: int,
    template: str = "joinedup/wait.html",
    context: dict[str, Any] | None = None,
) -> HttpResponse:
    """429 with ``Retry-After`` and a page (``template``) saying when to try again."""
    page = {**(context or {}), **wait_context(wait)}
    response = render(request, template, page, status=429)
    response["Retry-After"] = str(wait)
    return response


def limited_per_user(scope: str, message: str | Promise) -> Callable[[View], View]:
    """Decorate a view so that each signed-in user may call it as often as
    ``scope`` allows; ``message`` (translatable) says on the wait page why there
    is a limit. Put it under ``login_required``."""

    def decorate(view: View) -> View:
        @functools.wraps(view)
        def limited(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            wait = take(scope, f"user:{request.user.pk}")
            if wait:
                return wait_response(request, wait, context={"message": message})
            return view(request, *args, **kwargs)

        return limited

    return decorate
