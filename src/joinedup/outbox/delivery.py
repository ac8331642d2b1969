"""Sending what is due in the outbox, and checking the mail server.

:func:`deliver_due` takes a batch of due messages (queued, or failed and due again),
holds each with a lease so that no other worker sends it too, and sends them through
one connection to the server named by ``JOINEDUP_EMAIL_URL``. A message the server
does not take is marked failed with the server's reason and tried again after a
wait that doubles with each failure, from a minute up to an hour; it is never
dropped. A worker that dies while sending leaves its lease, which ends after
:data:`LEASE`, and the message is sent by the next worker: a message may then go
twice, never not at all.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import close_old_connections
from django.db.models import Q
from django.utils import timezone

from joinedup.outbox.failures import describe_failure
from joinedup.outbox.models import Message, MessageState
from joinedup.outbox.signals import message_sent
from joinedup.web.logmask import mask_tokens

log = logging.getLogger(__name__)

LEASE = dt.timedelta(minutes=15)
FIRST_WAIT = dt.timedelta(minutes=1)
LONGEST_WAIT = dt.timedelta(hours=1)
BATCH = 25


class DeliveryError(Exception):
    """The mail server did not take a message; the text says why, in one line."""


def wait_after(attempts: int) -> dt.timedelta:
    """How long to wait before the next try after ``attempts`` failed ones."""
    doubled: dt.timedelta = FIRST_WAIT * (2 ** min(max(0, attempts - 1), 20))
    return min(doubled, LONGEST_WAIT)


def queue(recipient: str, subject: str, body: str, purpose: str = "") -> Message:
    """Put one message in the outbox; a worker sends it."""
    return Message.objects.create(
        purpose=purpose,
        recipient=recipient,
        sender=settings.DEFAULT_FROM_EMAIL,
        subject=subject,
        body=body,
    )


def _due(now: dt.datetime) -> Q:
    free = Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)
    return Q(state__in=[MessageState.QUEUED, MessageState.FAILED], next_try__lte=now) & free


def _claim(now: dt.datetime, limit: int) -> list[Message]:
    """Take up to ``limit`` due messages; each is taken by one conditional update,
    so of two workers reaching for the same message only one gets it."""
    taken = []
    candidates = Message.objects.filter(_due(now)).order_by("next_try", "pk")[:limit]
    for pk, held in candidates.values_list("pk", "claimed_until"):
        lease = Q(claimed_until__isnull=True) if held is None else Q(claimed_until=held)
        if Message.objects.filter(lease, pk=pk).update(claimed_until=now + LEASE):
            taken.append(pk)
    return list(Message.objects.filter(pk__in=taken).order_by("pk"))


def _sent(message: Message) -> None:
    message.state = MessageState.SENT
    message.sent_at = timezone.now()
    message.attempts += 1
    message.last_error = ""
    message.claimed_until = None
    message.body = mask_tokens(message.body)
    message.save()
    message_sent.send(sender=Message, message=message)


def _failed(message: Message, reason: str) -> None:
    message.state = MessageState.FAILED
    message.attempts += 1
    message.last_error = reason[:2000]
    message.next_try = timezone.now() + wait_after(message.attempts)
    message.claimed_until = None
    message.save()


@dataclass(frozen=True)
class Delivered:
    sent: int
    failed: int


def deliver_due(limit: int = BATCH, now: dt.datetime | None = None) -> Delivered:
    """Send up to ``limit`` messages due at ``now`` (default: now); returns how many
    went and how many failed."""
    messages = _claim(now or timezone.now(), limit)
    if not messages:
        return Delivered(0, 0)
    connection: Any = get_connection(fail_silently=False)
    try:
        connection.open()
    except Exception as exc:
        reason = describe_failure(exc)
        for message in messages:
            _failed(message, reason)
        return Delivered(0, len(messages))
    sent = 0
    try:
        for message in messages:
            mail = EmailMessage(
                message.subject,
                message.body,
                message.sender,
                [message.recipient],
                connection=connection,
            )
            try:
                mail.send()
            except Exception as exc:
                _failed(message, describe_failure(exc))
                _close_quietly(connection)  # the next message opens a fresh one
            else:
                _sent(message)
                sent += 1
    finally:
        _close_quietly(connection)
    return Delivered(sent, len(messages) - sent)


def _close_quietly(connection: Any) -> None:
    with contextlib.suppress(Exception):  # a broken connection is dropped anyway
        connection.close()


def deliver_all(now: dt.datetime | None = None) -> Delivered:
    """Send everything due, batch after batch (a failing server stops it)."""
    sent = failed = 0
    while True:
        done = deliver_due(now=now)
        sent, failed = sent + done.sent, failed + done.failed
        if done.failed or not done.sent:
            return Delivered(sent, failed)


def work(
    stop: threading.Event,
    interval: float = 5.0,
    report: Callable[[Delivered], None] | None = None,
) -> None:
    """Deliver due messages every ``interval`` seconds until ``stop`` is set, telling
    ``report`` of each round that sent or failed something. An error (the database
    away for a moment) is logged and the loop goes on."""
    while not stop.is_set():
        try:
            close_old_connections()
            done = deliver_all()
            if report and (done.sent or done.failed):
                report(done)
        except Exception:
            log.exception("outbox: delivery failed; trying again in %s seconds", interval)
        stop.wait(interval)


def send_test(address: str) -> str:
    """Send a test message to ``address`` now; returns the server's description.
    Raises :class:`DeliveryError` with one line when the server does not take it."""
    body = (
        "This message checks that joinedup can send e-mail.\n\n"
        f"Sent through: {settings.EMAIL_DESCRIPTION}\n"
        f"Sender: {settings.DEFAULT_FROM_EMAIL}\n"
        f"Site: {settings.BASE_URL}\n"
    )
    mail = EmailMessage("joinedup: test message", body, settings.DEFAULT_FROM_EMAIL, [address])
    try:
        mail.send(fail_silently=False)
    except Exception as exc:
        raise DeliveryError(describe_failure(exc)) from None
    return str(settings.EMAIL_DESCRIPTION)


#: Sent messages are kept this long (the round page's "sent"), then deleted.
KEEP_SENT = dt.timedelta(days=30)


def sweep_sent(now: dt.datetime | None = None) -> int:
    """Delete messages sent more than :data:`KEEP_SENT` ago; returns how many. Waiting
    and failed messages are kept until they go."""
    cutoff = (now or timezone.now()) - KEEP_SENT
    deleted, _by_model = Message.objects.filter(
        state=MessageState.SENT, sent_at__lt=cutoff
    ).delete()
    return deleted
