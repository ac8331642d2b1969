"""Invitations that really arrive: a coordinator invites a round's people, the
messages wait in the outbox, a worker sends them to a real SMTP server on loopback,
and each invitation's status follows it to submission. A server that is down leaves
them failed with its reason, and a later run delivers them; nobody without an
address is ever counted as sent."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from joinedup.outbox.delivery import deliver_all, wait_after
from joinedup.outbox.models import Message
from joinedup.registry.models import Person
from joinedup.surveys.mailing import Status, invitation_statuses
from joinedup.surveys.models import Invitation
from tests.outbox.conftest import use_server
from tests.surveys.conftest import check_version, lsp, make_round  # noqa: F401 - fixtures

BASE = "https://survey.kestermouth.example"
LINK = re.compile(re.escape(BASE) + r"/surveys/s/([\w-]+)/")


@pytest.fixture
def round_(lsp, check_version, settings):  # noqa: F811 - the imported fixtures
    settings.BASE_URL = BASE
    Person.objects.filter(display_name="Finn Rowe").update(email="")
    return make_round(lsp, check_version)


def _invite_everyone(client, round_):
    page = client.get(reverse("surveys:round", args=[round_.pk])).content.decode()
    choice = dict.fromkeys(re.findall(r'name="(group_\d+)"', page), "officer")
    return client.post(reverse("surveys:round_invite", args=[round_.pk]), choice, follow=True)


def _statuses(round_):
    return {s.invitation.person.display_name: s for s in invitation_statuses(round_)}


def test_invitations_arrive_with_their_links(admin_client, round_, smtp_server, settings):
    use_server(settings, smtp_server)
    done = _invite_everyone(admin_client, round_).content.decode()
    assert "5 invitations queued for sending; 1 needs a link by hand" in done
    assert "5 queued, 1 needs a link by hand" in done
    assert smtp_server.mailbox.messages == []  # nothing is sent inside the request
    assert "sent" not in {s.status for s in _statuses(round_).values()}

    assert deliver_all().sent == 5
    assert sorted(r[0] for r in smtp_server.mailbox.recipients) == [
        "ann.hale@example.org",
        "ben.ortiz@example.org",
        "cara.dunn@example.org",
        "dev.patel@example.org",
        "eve.marsh@example.org",
    ]
    by_address = {
        m["To"]: body
        for m, body in zip(smtp_server.mailbox.messages, smtp_server.mailbox.bodies(), strict=True)
    }
    assert by_address["ann.hale@example.org"].startswith("Dear Ann Hale,")
    token = LINK.search(by_address["ann.hale@example.org"]).group(1)
    statuses = _statuses(round_)
    assert statuses["Ann Hale"].status == Status.SENT
    assert statuses["Finn Rowe"].status == Status.BY_HAND
    ann = Invitation.objects.get(person__display_name="Ann Hale")
    assert ann.sent_at is not None
    assert token not in ann.last_message.body  # the outbox keeps no working link once sent

    # The link works; opening it, saving a page and submitting move the status on.
    assert admin_client.get(f"/surveys/s/{token}/").status_code == 200
    assert _statuses(round_)["Ann Hale"].status == Status.OPENED
    answer = {"page": "1", "hc_shared_aims": "4", "action": "next"}
    admin_client.post(f"/surveys/s/{token}/", answer)
    assert _statuses(round_)["Ann Hale"].status == Status.STARTED
    Invitation.objects.filter(pk=ann.pk).update(submitted=True)
    page = admin_client.get(reverse("surveys:round", args=[round_.pk])).content.decode()
    assert "1 submitted, 4 sent, 1 needs a link by hand" in page


def test_a_server_that_is_down_keeps_every_invitation(admin_client, round_, smtp_down, settings):
    use_server(settings, smtp_down)
    _invite_everyone(admin_client, round_)
    assert deliver_all().failed == 5
    statuses = _statuses(round_)
    failed = statuses["Ben Ortiz"]
    assert failed.status == Status.FAILED
    assert f"the connection to 127.0.0.1:{smtp_down.port} was refused" in failed.reason
    assert failed.next_try > timezone.now()
    page = admin_client.get(reverse("surveys:round", args=[round_.pk])).content.decode()
    assert "5 failed, to be tried again, 1 needs a link by hand" in page
    assert "was refused" in page

    smtp_down.start()
    assert deliver_all().sent == 0  # not due yet: the worker waits before trying again
    a_minute_on = timezone.now() + wait_after(1) + dt.timedelta(seconds=1)
    assert deliver_all(now=a_minute_on).sent == 5
    assert len(smtp_down.mailbox.messages) == 5
    assert {s.status for s in _statuses(round_).values()} == {Status.SENT, Status.BY_HAND}
    assert all(LINK.search(body) for body in smtp_down.mailbox.bodies())
    assert Message.objects.filter(state="sent", attempts=2).count() == 5


def test_reminders_use_the_rounds_own_text(admin_client, round_, smtp_server, settings):
    use_server(settings, smtp_server)
    round_.reminder_text = "Hello {name}, {partnership} closes on {closes}: {link}"
    round_.save()
    _invite_everyone(admin_client, round_)
    deliver_all()
    reply = admin_client.post(
        reverse("surveys:round_status", args=[round_.pk]), {"action": "remind"}, follow=True
    )
    assert "5 reminders queued for sending; 1 needs a link by hand" in reply.content.decode()
    assert deliver_all().sent == 5
    reminder = smtp_server.mailbox.messages[-1]
    assert reminder["Subject"] == "Reminder: A short health check"
    body = smtp_server.mailbox.bodies()[-1]
    assert body.startswith("Hello ")
    assert "Harbour Partnership closes on" in body
    assert LINK.search(body)
    assert Invitation.objects.exclude(reminded_at=None).count() == 5


def test_messages_page_previews_and_refuses_unknown_placeholders(admin_client, round_):
    url = reverse("surveys:round_messages", args=[round_.pk])
    shown = admin_client.get(url).content.decode()
    assert "Dear Alex Example," in shown  # the default text, previewed
    texts = {
        "invitation_text": "Dear {name} from {organisation}: {link}",
        "reminder_text": "Still time, {name}: {link}",
        "action": "save",
    }
    refused = admin_client.post(url, texts).content.decode()
    assert "Unknown placeholder {organisation}" in refused
    round_.refresh_from_db()
    assert round_.invitation_text == ""
    texts["invitation_text"] = "Dear {name}, {partnership} asks you by {closes}."
    assert "must contain {link}" in admin_client.post(url, texts).content.decode()

    texts.update(invitation_text="Dear {name}, {partnership} asks you: {link}", action="preview")
    preview = admin_client.post(url, texts).content.decode()
    assert "Dear Alex Example, Harbour Partnership asks you: " in preview
    assert "/surveys/s/example-link-not-real/" in preview
    round_.refresh_from_db()
    assert round_.invitation_text == ""  # a preview saves nothing
    texts["action"] = "save"
    assert admin_client.post(url, texts).status_code == 302
    round_.refresh_from_db()
    assert round_.invitation_text == "Dear {name}, {partnership} asks you: {link}"


def test_people_outside_the_round_cannot_reach_its_messages(client, round_, django_user_model):
    client.force_login(django_user_model.objects.create_user("nobody"))
    url = reverse("surveys:round_messages", args=[round_.pk])
    assert client.get(url).status_code == 404


def test_people_without_an_address_are_never_counted_as_sent(admin_client, round_, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    Person.objects.filter(display_name="Eve Marsh").update(email="")
    done = _invite_everyone(admin_client, round_).content.decode()
    assert "4 invitations queued for sending; 2 need a link by hand" in done
    assert deliver_all().sent == 4
    page = admin_client.get(reverse("surveys:round", args=[round_.pk])).content.decode()
    assert "4 sent, 2 need a link by hand" in page
    assert Invitation.objects.filter(sent_at__isnull=False).count() == 4
