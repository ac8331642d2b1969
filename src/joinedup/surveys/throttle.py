"""A limit on lookups of survey links that never existed, per client address and
link prefix.

What counts. Only a link that no invitation holds counts as a failure: the
respondent view looks the token's SHA-256 up first
(:func:`joinedup.surveys.respond.open_link`), and only when no invitation has that
digest does it call :func:`unknown_link`. A
link that exists is never counted and never refused, whatever its state: a
respondent who double-clicks after submitting, or opens the link again after the
round has closed, gets the "already answered" or "closed" page (410) every time,
and their next valid link works. Links are looked up by digest, so "never
existed" means "no invitation holds it now": the old link of an invitation whose
coordinator made it a new link, or of a round that was deleted, counts as unknown
too.

How it is keyed. Failures are counted per client address *and* per the first
:data:`PREFIX_LENGTH` characters of the link asked for. Once one (address, prefix)
pair has ``JOINEDUP_TOKEN_FAILURES`` failures within
``JOINEDUP_TOKEN_WINDOW_MINUTES`` of its first, further unknown links with that
prefix from that address are answered 429 (a short page saying when to try again,
and ``Retry-After``) until the window ends. Colleagues behind one office address,
or everyone behind a reverse proxy that is not in ``JOINEDUP_TRUSTED_PROXIES``,
share an address but rarely a prefix: one person's mistyped or truncated link (it
keeps the real link's first characters) fills only that person's count, and
everyone's valid links go on working whatever any count says.

What an attacker can still do. Guessing is hopeless on entropy alone: a token is
32 random bytes, so with 10,000 live links a guess hits one with probability about
2^-243. The limit does not change that and cannot make it worse: because a valid
link is always served, a blocked pair still learns that a guess was right; what it
bounds is the noise. Random guesses spread over every prefix, so one address may
make up to ``JOINEDUP_TOKEN_FAILURES`` × 64^:data:`PREFIX_LENGTH` counted failures
per window (20 × 4,096 = 81,920 with the defaults) and leave at most 4,096 rows;
after that its guesses are refused with one read and no write. Many addresses (an
IPv6 block, a botnet) multiply both. Turning a flood away at the door is the
reverse proxy's job (nginx ``limit_req``, say); this limit keeps the database's
writes and the failure counts per address bounded, and shows administrators who is
probing.

Cost. A valid link costs nothing here. An unknown one costs one read of its
(address, prefix) row by the unique index, then one write to count it (the first
failure of a window also deletes the rows whose window has ended); a refused one
costs the read only. Counts live in the database
(:class:`joinedup.surveys.models.TokenThrottle`), so all server processes share
them.

The client address is ``REMOTE_ADDR``, or ``X-Forwarded-For`` read from the right
when the request comes from a trusted proxy
(:func:`joinedup.web.addresses.client_address`).
"""

from __future__ import annotations

import datetime as dt
import math

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from joinedup.surveys.models import TokenThrottle
from joinedup.web.addresses import client_address

#: How many leading characters of a link choose its count. Tokens are base64url,
#: so two characters make 4,096 counts per address: enough that people sharing an
#: address seldom share one, few enough that one address cannot fill the table.
PREFIX_LENGTH = 2


def prefix_of(token: str) -> str:
    """The part of a presented link that, with the address, chooses its count."""
    return token[:PREFIX_LENGTH]


def _window() -> dt.timedelta:
    return dt.timedelta(minutes=settings.TOKEN_WINDOW_MINUTES)


def _wait(row: TokenThrottle | None, now: dt.datetime) -> int:
    """Seconds ``row``'s pair must still wait; 0 when it may go on."""
    if row is None or row.failures < settings.TOKEN_FAILURES:
        return 0
    left = (row.window_start + _window() - now).total_seconds()
    return max(0, math.ceil(left))


def _row(address: str, prefix: str) -> TokenThrottle | None:
    return TokenThrottle.objects.filter(address=address, prefix=prefix).first()


def seconds_blocked(address: str, prefix: str) -> int:
    """How long unknown links starting with ``prefix`` from ``address`` are still
    refused, in seconds; 0 when they are not."""
    return _wait(_row(address, prefix), timezone.now())


def _count(address: str, prefix: str, now: dt.datetime) -> bool:
    """Add one to the pair's count if its window is still running."""
    live = TokenThrottle.objects.filter(
        address=address, prefix=prefix, window_start__gt=now - _window()
    )
    return bool(live.update(failures=F("failures") + 1))


def _start(address: str, prefix: str, now: dt.datetime) -> None:
    """Begin a new window for the pair with one failure (after sweeping the rows
    whose window has ended, this pair's old one among them)."""
    sweep_expired()
    try:
        with transaction.atomic():
            TokenThrottle.objects.create(
                address=address, prefix=prefix, window_start=now, failures=1
            )
    except IntegrityError:
        # Another process made the row at the same moment: count on it.
        TokenThrottle.objects.filter(address=address, prefix=prefix).update(
            failures=F("failures") + 1
        )


def record_failure(address: str, prefix: str) -> None:
    """Count one unknown link for the pair; start a new window when the old one ended."""
    now = timezone.now()
    if not _count(address, prefix, now):
        _start(address, prefix, now)


def unknown_link(request: HttpRequest, token: str) -> int:
    """Called for a link no invitation holds: the seconds the client must wait
    before asking again (answer 429), or 0 once the failure is counted (answer 404).

    One read, then (unless refused) one write: a running window is counted on by
    its row; a missing or ended one is started afresh without a wasted update.
    """
    address, prefix = client_address(request), prefix_of(token)
    now = timezone.now()
    row = _row(address, prefix)
    if row is not None and row.window_start > now - _window():
        wait = _wait(row, now)
        if wait:
            return wait
        if _count(address, prefix, now):
            return 0
    _start(address, prefix, now)
    return 0


def sweep_expired() -> int:
    """Delete the rows whose window has ended (client addresses are personal data:
    keep them no longer than needed); returns how many were deleted."""
    deleted, _ = TokenThrottle.objects.filter(window_start__lte=timezone.now() - _window()).delete()
    return deleted


def too_many(request: HttpRequest, wait: int) -> HttpResponse:
    """The 429 page, with ``Retry-After``."""
    minutes = max(1, math.ceil(wait / 60))
    response = render(request, "joinedup/too_many.html", {"minutes": minutes}, status=429)
    response["Retry-After"] = str(wait)
    return response
