"""Coordinator pages and the API: who may see and do what (personas), invitations
by e-mail, the reminder list, closing a round."""

from __future__ import annotations

import datetime as dt
import re

from django.core import mail
from django.test import Client, override_settings
from django.urls import reverse

from joinedup.outbox.delivery import deliver_all
from joinedup.surveys.extract import partnership_rounds
from joinedup.surveys.models import Invitation, Round
from joinedup.surveys.rounds import hash_token
from tests.conftest import PARTNERSHIP_A, PARTNERSHIP_B


def _lsp_round(demo):
    return partnership_rounds(demo[PARTNERSHIP_A]).filter(period="spring 2026").first()


def _round_pages_by_persona(personas, demo):
    round_ = _lsp_round(demo)
    url = reverse("surveys:round", args=[round_.pk])
    coordinator = personas.client("coordinator_a").get(url).content.decode()
    assert "Response rate by sector" in coordinator
    assert "Download who has not answered" in coordinator
    member = personas.client("member_a")
    page = member.get(url).content.decode()
    assert "Response rate by stakeholder group" in page
    assert "Download who has not answered" not in page
    assert member.get(reverse("surveys:reminders", args=[round_.pk])).status_code == 403
    assert (
        member.post(
            reverse("surveys:round_status", args=[round_.pk]), {"action": "close"}
        ).status_code
        == 403
    )
    assert personas.client("outsider").get(url).status_code == 404
    anonymous = Client().get(url)
    assert anonymous.status_code == 302
    assert "/login" in anonymous["Location"]
    other = partnership_rounds(demo[PARTNERSHIP_B]).first()
    assert (
        personas.client("coordinator_a")
        .get(reverse("surveys:round_new", args=[other.partnership_id]))
        .status_code
        == 404
    )
    assert (
        personas.client("evaluator").get(reverse("surveys:round", args=[other.pk])).status_code
        == 200
    )


def _partnership_page_lists_rounds(personas, demo):
    page = personas.client("member_a").get(
        reverse("web:partnership", args=[demo[PARTNERSHIP_A].pk])
    )
    text = page.content.decode()
    assert "Survey rounds" in text
    assert "spring 2025" in text


def _reminder_csv_lists_only_non_respondents(personas, demo):
    round_ = _lsp_round(demo)
    csv_text = (
        personas.client("coordinator_a")
        .get(reverse("surveys:reminders", args=[round_.pk]))
        .content.decode()
    )
    lines = csv_text.strip().splitlines()
    assert lines[0] == "name,email,organisation"
    waiting = round_.invitations.filter(submitted=False).count()
    assert len(lines) - 1 == waiting > 0


@override_settings(
    EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
    BASE_URL="https://survey.kestermouth.example",
)
def test_create_invite_open_and_close(personas, demo):
    client = personas.client("coordinator_a")
    lsp = demo[PARTNERSHIP_A]
    new = client.post(
        reverse("surveys:round_new", args=[lsp.pk]),
        {
            "instrument": _barriers_pk(),
            "period": "autumn 2026",
            # From today: a round whose dates have passed is closed by the clock.
            "opens": dt.date.today().isoformat(),
            "closes": (dt.date.today() + dt.timedelta(days=30)).isoformat(),
            "groups": "board member\nofficer\ncommunity representative",
        },
    )
    round_ = Round.objects.get(period="autumn 2026", partnership=lsp)
    assert new["Location"] == reverse("surveys:round", args=[round_.pk])
    page = client.get(new["Location"]).content.decode()
    selects = re.findall(r'name="(group_\d+)"', page)
    assert selects
    choice = dict.fromkeys(selects[:3], "officer")
    client.post(reverse("surveys:round_invite", args=[round_.pk]), choice)
    assert Invitation.objects.filter(round=round_).count() == 3
    assert len(mail.outbox) == 0  # queued: the e-mail worker sends them, not the request
    assert deliver_all().sent == 3
    assert len(mail.outbox) == 3
    link = re.search(
        r"https://survey\.kestermouth\.example/surveys/s/([\w-]+)/", mail.outbox[0].body
    )
    assert link
    token = link.group(1)
    assert Invitation.objects.filter(token_hash=hash_token(token)).exists()
    assert not Invitation.objects.filter(token_hash=token).exists()
    client.post(reverse("surveys:round_status", args=[round_.pk]), {"action": "open"})
    round_.refresh_from_db()
    assert round_.status == "open"
    client.post(reverse("surveys:round_status", args=[round_.pk]), {"action": "close"})
    round_.refresh_from_db()
    assert round_.status == "closed"
    assert Client().get(f"/surveys/s/{token}/").status_code == 410


def _barriers_pk():
    from joinedup.surveys.library import latest_version

    return latest_version("barriers").pk


def _api_rates_and_permissions(personas, demo):
    round_ = _lsp_round(demo)
    member = personas.client("member_a")
    rate = member.get(f"/api/surveys/rounds/{round_.pk}/rate").json()
    assert rate["overall"]["invited"] >= rate["overall"]["responded"] > 0
    assert {r["label"] for r in rate["by_group"]} >= {"board member", "officer"}
    assert (
        personas.client("outsider").get(f"/api/surveys/rounds/{round_.pk}/rate").status_code == 404
    )
    listed = member.get(f"/api/surveys/partnerships/{demo[PARTNERSHIP_A].pk}/rounds").json()
    assert len(listed) == 6
    instruments = member.get("/api/surveys/instruments").json()
    assert {"health-check", "network"} <= {i["key"] for i in instruments}
    detail = member.get(f"/api/surveys/instruments/{instruments[0]['id']}").json()
    assert detail["definition"]["dimensions"]


def test_pages_csv_and_api_by_persona(personas, demo):
    """One demo load for the read-only checks."""
    _round_pages_by_persona(personas, demo)
    _partnership_page_lists_rounds(personas, demo)
    _reminder_csv_lists_only_non_respondents(personas, demo)
    _api_rates_and_permissions(personas, demo)
