"""What a locked-out sign-in sees, and when the lock lifts.

django-axes counts failed sign-ins (the site's login page and the
administration's) per pair of user name and client address, in the database.
After ``AXES_FAILURE_LIMIT`` failures within ``AXES_COOLOFF_TIME`` that pair is
refused, even with the right password, until the cool-off has passed since the
failure that reached the limit; attempts made while locked out are not counted,
so the time shown is the time it will be. The same account from another address
is not affected, so a stranger cannot lock a colleague out of their own office.

The client address is :func:`joinedup.web.addresses.client_address` (forwarding
headers believed from ``JOINEDUP_TRUSTED_PROXIES`` only), through
:func:`axes_address` (``AXES_CLIENT_IP_CALLABLE``). :func:`locked_out`
(``AXES_LOCKOUT_CALLABLE``) answers instead of axes' plain-text refusal: the
sign-in page again, 429 with ``Retry-After``, saying until when signing in is
paused.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from joinedup.web.addresses import UNKNOWN, client_address
from joinedup.web.rates import wait_response


def axes_address(request: HttpRequest) -> str | None:
    """The client address as axes stores it: an IP address, or None when the
    request has none (axes' column holds addresses only)."""
    address = client_address(request)
    return None if address == UNKNOWN else address


def locked_until(username: str, address: str | None) -> dt.datetime | None:
    """When the lock on (``username``, ``address``) lifts; None when there is none.

    Axes counts the failures of every recorded attempt (one row per user agent)
    made within the cool-off. Newest first, the row at which the sum reaches the
    limit is the one whose expiry lifts the lock."""
    cool_off: dt.timedelta = settings.AXES_COOLOFF_TIME
    now = timezone.now()
    rows = (
        AccessAttempt.objects.filter(
            username=username, ip_address=address, attempt_time__gte=now - cool_off
        )
        .order_by("-attempt_time")
        .values_list("attempt_time", "failures_since_start")
    )
    total = 0
    for attempt_time, failures in rows:
        total += failures
        if total >= settings.AXES_FAILURE_LIMIT:
            return attempt_time + cool_off  # type: ignore[no-any-return]
    return None


def locked_out(
    request: HttpRequest, original_response: Any = None, credentials: Any = None
) -> HttpResponse:
    """The sign-in page with the pause explained (429, ``Retry-After``)."""
    field = get_user_model().USERNAME_FIELD
    username = str((credentials or {}).get(field) or request.POST.get(field, ""))
    until = locked_until(username, axes_address(request))
    now = timezone.now()
    if until is None or until <= now:
        until = now + settings.AXES_COOLOFF_TIME
    wait = max(1, math.ceil((until - now).total_seconds()))
    context = {
        "form": AuthenticationForm(request, initial={field: username}),
        "next": request.POST.get("next", request.GET.get("next", "")),
        "locked_until": until,
    }
    return wait_response(request, wait, "registration/login.html", context)


def sweep_expired() -> int:
    """Delete the failure counts older than the cool-off (axes deletes them too, but
    only when someone signs in); returns how many were deleted."""
    cut = timezone.now() - settings.AXES_COOLOFF_TIME
    deleted, _ = AccessAttempt.objects.filter(attempt_time__lt=cut).delete()
    return int(deleted)
