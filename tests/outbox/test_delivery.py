"""The outbox on its own: back-off, one worker per message, a worker that died,
``joinedup worker --once`` and the sweep of old sent messages, against a real SMTP
server on loopback."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from joinedup.outbox import delivery
from joinedup.outbox.models import Message, MessageState
from tests.outbox.conftest import use_server


def test_waits_double_up_to_an_hour():
    waits = [delivery.wait_after(n).total_seconds() for n in range(1, 10)]
    assert waits == [60, 120, 240, 480, 960, 1920, 3600, 3600, 3600]
    assert delivery.wait_after(500) == dt.timedelta(hours=1)


@pytest.mark.django_db
def test_each_failure_waits_longer_and_keeps_the_reason(settings, smtp_down):
    use_server(settings, smtp_down)
    message = delivery.queue("ann@example.org", "Survey", "Your link: /surveys/s/abcdefgh/")
    now = timezone.now()
    for attempt in (1, 2, 3):
        assert delivery.deliver_all(now=now).failed == 1
        message.refresh_from_db()
        assert message.attempts == attempt
        assert message.state == MessageState.FAILED
        assert "was refused" in message.last_error
        assert message.claimed_until is None
        waited = message.next_try - timezone.now()
        expected = delivery.wait_after(attempt)
        assert expected - dt.timedelta(seconds=30) < waited <= expected
        now = message.next_try
    smtp_down.start()
    assert delivery.deliver_all(now=now).sent == 1
    message.refresh_from_db()
    assert (message.state, message.attempts, message.last_error) == ("sent", 4, "")
    assert message.body == "Your link: /surveys/s/abcd…/"  # the working link is not kept


@pytest.mark.django_db
def test_a_message_held_by_a_worker_is_not_sent_by_another(settings, smtp_server):
    use_server(settings, smtp_server)
    message = delivery.queue("ben@example.org", "Survey", "Hello")
    later = timezone.now() + dt.timedelta(minutes=5)
    Message.objects.filter(pk=message.pk).update(claimed_until=later)
    assert delivery.deliver_all() == delivery.Delivered(0, 0)
    assert smtp_server.mailbox.messages == []
    # The lease of a worker that died ends, and the next worker sends it.
    after_lease = later + dt.timedelta(seconds=1)
    assert delivery.deliver_all(now=after_lease).sent == 1
    assert len(smtp_server.mailbox.messages) == 1


@pytest.mark.django_db
def test_one_refused_recipient_does_not_stop_the_others(settings, smtp_server):
    use_server(settings, smtp_server)
    delivery.queue("cara@example.org", "Survey", "One")
    bad = delivery.queue("nobody@refused.example", "Survey", "Two")
    delivery.queue("dev@example.org", "Survey", "Three")
    assert delivery.deliver_all() == delivery.Delivered(2, 1)
    bad.refresh_from_db()
    assert bad.state == MessageState.FAILED
    assert bad.last_error == (
        "the server refused the recipient nobody@refused.example: 550 5.1.1 No such mailbox here"
    )
    assert [r[0] for r in smtp_server.mailbox.recipients] == ["cara@example.org", "dev@example.org"]


@pytest.mark.django_db
def test_worker_once_sends_what_is_due(settings, smtp_server, capsys):
    from joinedup.cli import main

    use_server(settings, smtp_server)
    delivery.queue("eve@example.org", "Survey", "Hello Eve")
    assert main(["worker", "--once"]) == 0
    assert "1 messages sent, 0 failed" in capsys.readouterr().out
    assert smtp_server.mailbox.bodies()[0].strip() == "Hello Eve"


@pytest.mark.django_db
def test_worker_once_reports_failures_with_status_1(settings, smtp_down, capsys):
    from joinedup.cli import main

    use_server(settings, smtp_down)
    delivery.queue("eve@example.org", "Survey", "Hello Eve")
    assert main(["worker", "--once"]) == 1
    assert "0 messages sent, 1 failed (to be tried again)" in capsys.readouterr().out
    assert Message.objects.get().state == MessageState.FAILED


@pytest.mark.django_db
def test_sent_messages_are_swept_after_thirty_days(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    old = delivery.queue("finn@example.org", "Survey", "old")
    waiting = delivery.queue("gail@example.org", "Survey", "waiting")
    delivery.deliver_all()
    Message.objects.filter(pk=old.pk).update(sent_at=timezone.now() - dt.timedelta(days=31))
    Message.objects.filter(pk=waiting.pk).update(state=MessageState.FAILED, sent_at=None)
    assert delivery.sweep_sent() == 1
    assert list(Message.objects.values_list("pk", flat=True)) == [waiting.pk]
