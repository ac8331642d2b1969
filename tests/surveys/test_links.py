"""Survey links kept sealed at rest: a stolen database gives none, reminders send the
original link, a coordinator copies, exports and renews links, and nobody else can.

Personas of the small Harbour Partnership: its coordinator, a member, an evaluator,
the coordinator of another partnership, an administrator."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest
from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import connection
from django.test import Client, override_settings
from django.urls import reverse

from joinedup.audit.models import AuditEvent
from joinedup.outbox.delivery import deliver_all
from joinedup.registry.models import Access, AccessRole, Organisation, Partnership, Person
from joinedup.surveys import links
from joinedup.surveys.models import Invitation
from joinedup.surveys.rounds import Invitee, hash_token, invite
from tests.surveys.conftest import make_round

LOCMEM = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def harbour(lsp, check_version):
    """An open round of the Harbour Partnership with four people invited (links
    kept), and the people who may or may not see them."""
    round_ = make_round(lsp, check_version)
    orgs = [m.organisation_id for m in lsp.memberships.all()]
    people = list(Person.objects.filter(organisation_id__in=orgs).order_by("pk")[:4])
    tokens = invite(round_, [Invitee(p, "officer") for p in people], send=False)
    users = get_user_model().objects
    other = Partnership.objects.create(
        name="Estuary Trust", basis="voluntary", start_date=dt.date(2018, 1, 1)
    )
    cast = {
        "coordinator": users.create_user("harbour_coord", "hc@example.org"),
        "member": users.create_user("harbour_member", "hm@example.org"),
        "evaluator": users.create_user("evaluator", "ev@example.org"),
        "other_coordinator": users.create_user("estuary_coord", "ec@example.org"),
        "admin": users.create_superuser("root", "root@example.org"),
    }
    Access.objects.create(user=cast["coordinator"], role=AccessRole.COORDINATOR, partnership=lsp)
    Access.objects.create(user=cast["member"], role=AccessRole.MEMBER, partnership=lsp)
    Access.objects.create(user=cast["evaluator"], role=AccessRole.EVALUATOR)
    Access.objects.create(
        user=cast["other_coordinator"], role=AccessRole.COORDINATOR, partnership=other
    )
    clients = {}
    for name, user in cast.items():
        clients[name] = Client()
        clients[name].force_login(user)
    return round_, tokens, clients


def _respond(token: str) -> str:
    return reverse("surveys:respond", args=[token])


def test_a_stolen_database_gives_no_link(harbour):
    """Every column of the invitation table, and every table, read as a thief with
    the database (or a backup of it) would: no token and no key in any of them; the
    sealed copies open only with the installation's key."""
    _round, tokens, _clients = harbour
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM surveys_invitation")
        columns = [c[0] for c in cursor.description]
        rows = cursor.fetchall()
    assert "token_sealed" in columns
    assert len(rows) == len(tokens) == 4
    cells = [str(value) for row in rows for value in row]
    for token in tokens.values():
        assert not [c for c in cells if token in c]
    everything = _every_cell_of_every_table()
    for key in settings.LINK_KEYS:
        assert not [c for c in everything if key in c]
    sealed = [row[columns.index("token_sealed")] for row in rows]
    stranger = Fernet(Fernet.generate_key())
    for value in sealed:
        with pytest.raises(InvalidToken):
            stranger.decrypt(value.encode("ascii"))
    opened = {Fernet(settings.LINK_KEYS[0].encode()).decrypt(v.encode()).decode() for v in sealed}
    assert opened == set(tokens.values())


def _every_cell_of_every_table() -> list[str]:
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            found.extend(str(v) for row in cursor.fetchall() for v in row)
    return found


def test_a_sealed_copy_moved_to_another_invitation_is_not_believed(harbour):
    round_, _tokens, _clients = harbour
    first, second = round_.invitations.order_by("pk")[:2]
    second.token_sealed = first.token_sealed
    second.save(update_fields=["token_sealed"])
    assert links.token_of(first)
    assert links.token_of(second) is None


def test_reminders_send_the_original_links(harbour, settings):
    settings.EMAIL_BACKEND = LOCMEM
    round_, tokens, clients = harbour
    clients["coordinator"].post(
        reverse("surveys:round_status", args=[round_.pk]), {"action": "remind"}
    )
    assert not mail.outbox  # queued; the e-mail worker sends them
    deliver_all()
    assert len(mail.outbox) == 4
    sent = {re.search(r"/surveys/s/[\w-]+/", m.body).group(0) for m in mail.outbox}
    assert sent == {_respond(t) for t in tokens.values()}
    for token in tokens.values():
        assert Client().get(_respond(token)).status_code == 200
    assert round_.invitations.filter(reminded_at__isnull=False).count() == 4


def test_a_new_link_needs_confirmation_and_retires_the_old(harbour):
    round_, tokens, clients = harbour
    inv_id, token = next(iter(tokens.items()))
    respondent = Client()
    respondent.post(_respond(token), {"page": 1, "hc_shared_aims": "4"})
    url = reverse("surveys:new_link", args=[inv_id])
    coordinator = clients["coordinator"]
    ask = coordinator.get(url)
    assert ask.status_code == 200
    assert "stops working" in ask.content.decode()
    assert links.token_of(Invitation.objects.get(pk=inv_id)) == token  # nothing yet
    done = coordinator.post(url)
    assert done["Location"].endswith(reverse("surveys:round", args=[round_.pk]) + "#links")
    assert Client().get(_respond(token)).status_code == 404
    new = links.token_of(Invitation.objects.get(pk=inv_id))
    assert new
    assert new != token
    # The answers saved with the old link open with the new one, and it submits.
    resumed = respondent.get(_respond(new)).content.decode()
    assert "Page 2 of 3" in resumed
    respondent.post(_respond(new), {"page": 3, "submit": "1"})
    assert Invitation.objects.get(pk=inv_id).submitted
    event = AuditEvent.objects.get(action="invitation.new-link")
    assert event.object_id == str(inv_id)
    assert event.who == "harbour_coord"
    # Only the round's coordinators and administrators renew links.
    assert clients["member"].post(url).status_code == 403
    assert clients["evaluator"].post(url).status_code == 403
    assert clients["other_coordinator"].post(url).status_code == 404
    assert links.token_of(Invitation.objects.get(pk=inv_id)) == new
    missing = Invitation.objects.order_by("-pk").first().pk + 1
    assert coordinator.get(reverse("surveys:new_link", args=[missing])).status_code == 404


def test_links_csv_for_a_mail_merge(harbour):
    round_, tokens, clients = harbour
    first = round_.invitations.order_by("pk").first()
    first.person.display_name = '=HYPERLINK("https://evil.example")'
    first.person.save()
    response = clients["coordinator"].get(reverse("surveys:links_csv", args=[round_.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response["Cache-Control"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["name", "email", "organisation", "group", "link"]
    by_link = {row[4]: row for row in rows[1:]}
    assert set(by_link) == {settings.BASE_URL + _respond(t) for t in tokens.values()}
    row = by_link[settings.BASE_URL + _respond(tokens[first.pk])]
    assert row == [
        '\'=HYPERLINK("https://evil.example")',
        first.person.email,
        first.organisation.name,
        "officer",
        settings.BASE_URL + _respond(tokens[first.pk]),
    ]
    event = AuditEvent.objects.get(action="download")
    assert event.object_type == "surveys:links_csv"
    assert event.object_id == str(round_.pk)
    assert event.partnership_id == round_.partnership_id


@pytest.mark.parametrize(
    ("who", "status"),
    [("member", 403), ("evaluator", 403), ("other_coordinator", 404), ("admin", 200)],
)
def test_links_csv_refused_to_all_but_coordinators(harbour, who, status):
    round_, _tokens, clients = harbour
    url = reverse("surveys:links_csv", args=[round_.pk])
    assert clients[who].get(url).status_code == status
    assert Client().get(url).status_code == 302  # to the sign-in page


def test_round_page_shows_links_to_its_coordinator_only(harbour):
    round_, tokens, clients = harbour
    url = reverse("surveys:round", args=[round_.pk])
    page = clients["coordinator"].get(url)
    assert "no-store" in page["Cache-Control"]
    html = page.content.decode()
    for inv_id, token in tokens.items():
        field = re.search(rf'<input id="link-{inv_id}"[^>]*>', html).group(0)
        assert "readonly" in field
        assert f'value="{settings.BASE_URL}{_respond(token)}"' in field
        assert f'data-copy="link-{inv_id}"' in html
    assert re.search(r'<script src="/static/surveys/copylink\.js" defer></script>', html)
    assert "<script>" not in html
    assert "E-mail reminders (same links)" in html
    for who in ("member", "evaluator"):
        other = clients[who].get(url).content.decode()
        assert "Survey links" not in other
        assert _respond(next(iter(tokens.values()))) not in other
    copy = clients["coordinator"].get("/static/surveys/copylink.js")
    assert copy.status_code == 200


def test_invitations_made_before_links_were_kept(harbour, settings):
    """An invitation holding only its hash still answers, says "link not kept", is
    left out of reminders (with a warning), and can be given a new link."""
    settings.EMAIL_BACKEND = LOCMEM
    round_, _tokens, clients = harbour
    org = Organisation.objects.create(name="Quay Arts", sector="voluntary")
    person = Person.objects.create(
        display_name="Hal Quay", email="hal@example.org", organisation=org
    )
    old = Invitation.objects.create(
        round=round_,
        person=person,
        organisation=org,
        group="officer",
        token_hash=hash_token("made-before-links-were-kept"),
    )
    assert links.link_of(old) is None
    assert Client().get(_respond("made-before-links-were-kept")).status_code == 200
    coordinator = clients["coordinator"]
    page = coordinator.get(reverse("surveys:round", args=[round_.pk])).content.decode()
    assert "link not kept — make a new link" in page
    rows = list(
        csv.reader(
            io.StringIO(
                coordinator.get(reverse("surveys:links_csv", args=[round_.pk])).content.decode()
            )
        )
    )
    assert ["Hal Quay", "hal@example.org", "Quay Arts", "officer", ""] in rows
    reminded = coordinator.post(
        reverse("surveys:round_status", args=[round_.pk]), {"action": "remind"}, follow=True
    ).content.decode()
    assert "1 person who has not answered has no kept link and was not reminded" in reminded
    assert [m.to for m in mail.outbox if m.to == ["hal@example.org"]] == []
    coordinator.post(reverse("surveys:new_link", args=[old.pk]))
    assert links.link_of(Invitation.objects.get(pk=old.pk))


def test_a_lost_key_leaves_links_working_but_not_kept(harbour):
    round_, tokens, _clients = harbour
    inv = round_.invitations.first()
    with override_settings(LINK_KEYS=[Fernet.generate_key().decode()]):
        assert links.link_of(inv) is None
        assert Client().get(_respond(tokens[inv.pk])).status_code == 200
    with override_settings(LINK_KEYS=[Fernet.generate_key().decode(), *settings.LINK_KEYS]):
        assert links.token_of(inv) == tokens[inv.pk]  # an older key still opens


@override_settings(
    BASE_URL="https://survey.harbour.example",
    BASE_URL_GIVEN=True,
    ALLOWED_HOSTS=["127.0.0.1", "survey.harbour.example", "testserver"],
)
def test_round_page_warns_when_links_point_elsewhere(harbour):
    round_, _tokens, clients = harbour
    url = reverse("surveys:round", args=[round_.pk])
    html = clients["coordinator"].get(url, HTTP_HOST="127.0.0.1:8102").content.decode()
    warning = re.search(r'<p class="warning" role="alert" id="base-url-warning">([^<]*)', html)
    assert warning
    assert "https://survey.harbour.example" in warning.group(1)
    assert "127.0.0.1:8102" in warning.group(1)
    assert "JOINEDUP_BASE_URL" in warning.group(1)
    same = clients["coordinator"].get(url, HTTP_HOST="survey.harbour.example", secure=True)
    assert "base-url-warning" not in same.content.decode()
    member = clients["member"].get(url, HTTP_HOST="127.0.0.1:8102").content.decode()
    assert "base-url-warning" not in member
