"""A limit on failed survey-link lookups per client address.

A survey link's token is 43 random characters, far too many to guess; the limit
is there so nobody can try at scale, and so a script hammering the survey pages
is turned away cheaply. Each request to a respondent page whose token is
unknown, already used or belongs to a closed round (the view answers 404 or 410)
counts as a failure for the client's address. Once an address has
``JOINEDUP_TOKEN_FAILURES`` failures within ``JOINEDUP_TOKEN_WINDOW_MINUTES`` of
its first one, every respondent page it asks for is answered 429 with a short
page saying when to try again, until that window ends.

Counts live in the database (:class:`joinedup.surveys.models.TokenThrottle`), so all
server processes share them. A valid link costs one primary-key read of that
table and nothing more; valid requests are never counted.

The client address is ``REMOTE_ADDR``, or ``X-Forwarded-For`` read from the
right when the request comes from a trusted proxy
(:func:`joinedup.web.addresses.client_address`).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from joinedup.surveys.models import TokenThrottle
from joinedup.web.addresses import client_address

THROTTLED_VIEWS = frozenset({"surveys:respond"})
FAILURE_STATUSES = frozenset({404, 410})


def _window() -> dt.timedelta:
    return dt.timedelta(minutes=settings.TOKEN_WINDOW_MINUTES)


def seconds_blocked(address: str) -> int:
    """How long ``address`` must still wait, in seconds; 0 when it may go on."""
    row = TokenThrottle.objects.filter(pk=address).first()
    if row is None or row.failures < settings.TOKEN_FAILURES:
        return 0
    left = (row.window_start + _window() - timezone.now()).total_seconds()
    return max(0, math.ceil(left))


def record_failure(address: str) -> None:
    """Count one failed lookup for ``address``; start a new window when the old one ended."""
    now = timezone.now()
    start = now - _window()
    counted = TokenThrottle.objects.filter(pk=address, window_start__gt=start).update(
        failures=F("failures") + 1
    )
    if counted:
        return
    sweep_expired()
    try:
        with transaction.atomic():
            TokenThrottle.objects.update_or_create(
                pk=address, defaults={"window_start": now, "failures": 1}
            )
    except IntegrityError:
        # Another process made the row at the same moment: count on it.
        TokenThrottle.objects.filter(pk=address).update(failures=F("failures") + 1)


def sweep_expired() -> int:
    """Delete the rows whose window has ended (client addresses are personal data:
    keep them no longer than needed); returns how many were deleted."""
    deleted, _ = TokenThrottle.objects.filter(window_start__lte=timezone.now() - _window()).delete()
    return deleted


def too_many(request: HttpRequest, wait: int) -> HttpResponse:
    minutes = max(1, math.ceil(wait / 60))
    response = render(request, "joinedup/too_many.html", {"minutes": minutes}, status=429)
    response["Retry-After"] = str(wait)
    return response


class TokenThrottleMiddleware:
    """Refuses respondent pages to an address with too many failed lookups."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        address = getattr(request, "_throttle_address", None)
        if address is not None and response.status_code in FAILURE_STATUSES:
            record_failure(address)
        return response

    def process_view(
        self, request: HttpRequest, view: Any, args: Any, kwargs: Any
    ) -> HttpResponse | None:
        match = request.resolver_match
        if match is None or match.view_name not in THROTTLED_VIEWS:
            return None
        address = client_address(request)
        wait = seconds_blocked(address)
        if wait:
            return too_many(request, wait)
        request._throttle_address = address  # type: ignore[attr-defined]
        return None
