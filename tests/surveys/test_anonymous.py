"""Anonymous rounds: once a response is submitted nothing joins the invited person
to the answers, in the database, a backup or a bundle; a second submission is
still refused (the invitation keeps only "submitted")."""

from __future__ import annotations

import html
import json
import sqlite3
import zipfile

import pytest
from django.db import connection
from django.urls import reverse

from joinedup.surveys.library import store_instrument
from joinedup.surveys.models import Invitation, Response
from joinedup.surveys.rounds import Invitee, create_round, default_anonymous, invite
from tests.surveys.conftest import CHECK, make_round
from tests.surveys.round_helpers import builtin


def _answer_and_submit(client, url: str) -> None:
    client.post(url, {"page": 1, "hc_shared_aims": "4", "hc_purpose_kind": "process"})
    client.post(url, {"page": 2, "hc_reports_back": "5", "hc_comment": "Fine"})
    done = client.post(url, {"page": 3, "submit": "1"})
    assert "Thank you" in done.content.decode()


@pytest.fixture
def anonymous_round(lsp, check_version):
    round_ = make_round(lsp, check_version)
    round_.anonymous = True
    round_.save(update_fields=["anonymous"])
    people = list(lsp.lead.people.all()[:2])
    tokens = invite(round_, [Invitee(p, "officer") for p in people], send=False)
    urls = [reverse("surveys:respond", args=[t]) for t in tokens.values()]
    return round_, urls


def test_default_is_on_for_the_health_check_and_off_for_networks(db, lsp) -> None:
    import datetime as dt

    from django.utils import timezone

    from joinedup.analysis.instruments import parse_instrument

    check, network = builtin("health-check"), builtin("network")
    assert default_anonymous(check)
    assert not default_anonymous(network)
    mini = store_instrument(parse_instrument(CHECK), "yaml")
    assert not default_anonymous(mini)
    now = timezone.now()
    made = {
        key: create_round(lsp, iv, "p", now, now + dt.timedelta(days=1))
        for key, iv in (("check", check), ("network", network), ("mini", mini))
    }
    assert made["check"].anonymous
    assert not made["network"].anonymous
    assert not made["mini"].anonymous
    chosen = create_round(lsp, network, "p", now, now + dt.timedelta(days=1), anonymous=True)
    assert chosen.anonymous


def test_submit_cuts_the_link_and_a_second_submit_is_refused(client, anonymous_round) -> None:
    round_, (url, other) = anonymous_round
    client.get(url)
    started = Response.objects.get(round=round_)
    assert started.invitation_id is not None  # linked while the person is answering
    review = client.get(url + "?page=3").content.decode()
    assert "This survey is anonymous: when you submit" in review
    _answer_and_submit(client, url)
    response = Response.objects.get(round=round_)
    assert response.invitation_id is None
    assert response.submitted is not None
    for when in (response.started, response.submitted):
        assert (when.hour, when.minute, when.second, when.microsecond) == (0, 0, 0, 0)
    invitations = list(round_.invitations.order_by("pk"))
    assert [i.submitted for i in invitations] == [True, False]
    assert not Response.objects.filter(invitation__round=round_).exists()
    # The used link is refused, and opening it again starts no second response.
    again = client.get(url)
    assert again.status_code == 410
    assert "already answered" in again.content.decode()
    assert client.post(url, {"page": 3, "submit": "1"}).status_code == 410
    assert Response.objects.filter(round=round_).count() == 1
    # The chasing list still knows who has not answered.
    from joinedup.surveys.rounds import non_respondents, response_rates

    assert [i.pk for i in non_respondents(round_)] == [invitations[1].pk]
    assert response_rates(round_)["overall"][0].responded == 1
    # A round that is not anonymous keeps the link (administrators only ever see it).
    client.get(other)
    round_.anonymous = False
    round_.save(update_fields=["anonymous"])
    _answer_and_submit(client, other)
    assert Response.objects.get(invitation=invitations[1]).submitted is not None


def _rows(archive: zipfile.ZipFile, label: str) -> list[dict]:
    return json.loads(archive.read(f"data/{label}.json"))


@pytest.mark.django_db(transaction=True)
def test_bundle_and_backup_hold_no_join(client, lsp, check_version, tmp_path) -> None:
    from joinedup import backup
    from joinedup.reports import bundle

    round_ = make_round(lsp, check_version)
    round_.anonymous = True
    round_.save(update_fields=["anonymous"])
    person = lsp.lead.people.first()
    (token,) = invite(round_, [Invitee(person, "officer")], send=False).values()
    _answer_and_submit(client, reverse("surveys:respond", args=[token]))
    response = Response.objects.get(round=round_)
    invitation = Invitation.objects.get(round=round_)

    path = tmp_path / "bundle.zip"
    bundle.export_bundle(path)
    with zipfile.ZipFile(path) as archive:
        responses = _rows(archive, "surveys.response")
        invitations = _rows(archive, "surveys.invitation")
    (row,) = [r for r in responses if r["pk"] == response.pk]
    assert row["fields"]["invitation"] is None
    (inv,) = [r for r in invitations if r["pk"] == invitation.pk]
    assert inv["fields"]["submitted"] is True
    times = {row["fields"]["started"], row["fields"]["submitted"]}
    assert not times & {v for v in inv["fields"].values() if isinstance(v, str)}

    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA secure_delete")
            assert cursor.fetchone()[0] == 1  # what a change removes is overwritten
        target = tmp_path / "backup.zip"
        backup.backup(target)
        with zipfile.ZipFile(target) as archive:
            archive.extract("database.sqlite3", tmp_path)
        copy = sqlite3.connect(tmp_path / "database.sqlite3")
        linked = copy.execute(
            "SELECT invitation_id FROM surveys_response WHERE id = ?", [response.pk]
        ).fetchone()
        copy.close()
        assert linked == (None,)


@pytest.mark.parametrize(("chosen", "expected"), [("", True), ("no", False)])
def test_administration_creates_rounds_with_the_default_or_the_choice(
    admin_client, lsp, chosen, expected
) -> None:
    from joinedup.surveys.models import Round

    check = builtin("health-check")
    form = admin_client.get("/admin/surveys/round/add/").content.decode()
    assert 'name="anonymous_choice"' in form
    posted = admin_client.post(
        "/admin/surveys/round/add/",
        {
            "partnership": lsp.pk,
            "instrument": check.pk,
            "period": "spring 2027",
            "opens_0": "2027-03-01",
            "opens_1": "00:00:00",
            "closes_0": "2027-03-31",
            "closes_1": "00:00:00",
            "status": "draft",
            "groups": '["officer"]',
            "anonymous_choice": chosen,
            "invitations-TOTAL_FORMS": "0",
            "invitations-INITIAL_FORMS": "0",
        },
    )
    assert posted.status_code == 302, posted.content.decode()[:3000]
    made = Round.objects.get(period="spring 2027")
    assert made.anonymous is expected
    # Chosen once: the change page shows it and does not offer to change it.
    change = admin_client.get(f"/admin/surveys/round/{made.pk}/change/").content.decode()
    assert 'name="anonymous"' not in change
    assert 'name="anonymous_choice"' not in change


@pytest.mark.parametrize(
    ("key", "chosen", "expected"),
    [("health-check", "", True), ("network", "", False), ("network", "yes", True)],
)
def test_coordinators_form_chooses_the_mode_and_the_page_says_what_is_kept(
    admin_client, lsp, key, chosen, expected
) -> None:
    from joinedup.surveys.models import Round

    new = admin_client.post(
        reverse("surveys:round_new", args=[lsp.pk]),
        {
            "instrument": builtin(key).pk,
            "period": "autumn 2027",
            "opens": "2027-10-01",
            "closes": "2027-10-31",
            "groups": "board member\nofficer",
            "anonymous": chosen,
        },
    )
    made = Round.objects.get(period="autumn 2027")
    assert made.anonymous is expected
    page = html.unescape(admin_client.get(new["Location"]).content.decode())
    if key == "network":
        assert "answers keep the respondent's organisation" in page
        assert "ties in a network are between organisations" in page
    if expected:
        assert "not the person" in page
