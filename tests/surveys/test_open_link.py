"""A round's open link: the coordinator switches it on and off; anyone with it answers
once per browser, choosing their organisation and group; the response rate counts
those answers apart from invitations; the scores include them.

Personas of the small Harbour Partnership: its coordinator, a member, an evaluator,
the coordinator of another partnership; respondents are anonymous browsers."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from joinedup.audit.models import AuditEvent
from joinedup.registry.models import Access, AccessRole, Organisation, Partnership, Person
from joinedup.surveys.extract import round_answers
from joinedup.surveys.models import OpenLink, Response, ResponseSource
from joinedup.surveys.rounds import Invitee, invite
from joinedup.surveys.throttle import TokenThrottle
from tests.surveys.conftest import make_round

COUNCIL = "Kestermouth Borough Council"
COLLEGE = "Kestermouth College"


@pytest.fixture
def harbour(lsp, check_version):
    """An open round with two people invited, and who may or may not run it."""
    round_ = make_round(lsp, check_version)
    people = list(Person.objects.filter(organisation=lsp.lead).order_by("pk"))
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


def _switch(client: Client, round_, action: str = "on"):
    return client.post(reverse("surveys:round_open_link", args=[round_.pk]), {"action": action})


def _open_url(client: Client, round_) -> str:
    """The open link as the coordinator's round page shows it (path only)."""
    page = client.get(reverse("surveys:round", args=[round_.pk])).content.decode()
    found = re.search(r'id="open-link-url"[^>]*value="https?://[^/"]+(/surveys/o/[\w-]+/)"', page)
    assert found, "the round page shows the open link"
    return found.group(1)


def _answer_everything(browser: Client, url: str, organisation: str, group: str):
    """Choose who answers, fill the three pages and submit; the last reply."""
    org = Organisation.objects.get(name=organisation)
    start = browser.get(url)
    assert start.status_code == 200
    assert "Your organisation" in start.content.decode()
    chosen = browser.post(url, {"organisation": org.pk, "group": group})
    assert chosen.status_code == 302
    page_one = browser.get(url)
    assert "Page 1 of 3" in page_one.content.decode()
    browser.post(url, {"page": 1, "hc_shared_aims": "4", "hc_purpose_kind": "process"})
    browser.post(url, {"page": 2, "hc_reports_back": "2", "hc_comment": ""})
    return browser.post(url, {"page": 3, "submit": "1"})


def test_only_the_coordinator_switches_it_on(harbour):
    round_, _tokens, clients = harbour
    assert _switch(clients["member"], round_).status_code == 403
    assert _switch(clients["evaluator"], round_).status_code == 403
    assert _switch(clients["other_coordinator"], round_).status_code == 404
    assert not OpenLink.objects.exists()
    page = clients["coordinator"].get(reverse("surveys:round", args=[round_.pk])).content
    assert "Switch on an open link" in page.decode()
    done = _switch(clients["coordinator"], round_)
    assert done.status_code == 302
    link = OpenLink.objects.get(round=round_)
    assert link.active
    assert link.token_sealed
    url = _open_url(clients["coordinator"], round_)
    token = url.split("/")[-2]
    assert token not in link.token_sealed
    assert token not in link.token_hash
    assert AuditEvent.objects.filter(action="round.open-link-on").count() == 1
    # Members and evaluators never see the link.
    for who in ("member", "evaluator"):
        seen = clients[who].get(reverse("surveys:round", args=[round_.pk])).content.decode()
        assert token not in seen


def test_answer_once_per_browser_and_counted_apart(harbour, lsp):
    round_, tokens, clients = harbour
    coordinator = clients["coordinator"]
    _switch(coordinator, round_)
    url = _open_url(coordinator, round_)

    first = Client()
    intro = first.get(url).content.decode()
    assert "Your answers and your privacy" in intro  # the round's notice, as when invited
    assert "your answers carry no" in intro  # no invitation, so no name is kept
    assert "separated from your name" not in intro
    assert COLLEGE in intro
    assert "Kestermouth Chamber of Commerce" not in intro
    refused = first.post(url, {"organisation": "", "group": "officer"})
    assert refused.status_code == 200
    assert not Response.objects.exists()
    done = _answer_everything(first, url, COLLEGE, "business")
    assert "Thank you" in done.content.decode()
    response = Response.objects.get()
    assert response.source == ResponseSource.OPEN
    assert response.invitation is None
    assert response.group == "business"
    assert response.organisation.name == COLLEGE
    assert response.submitted is not None
    again = first.get(url)
    assert again.status_code == 410
    assert "already answered from this browser" in again.content.decode()

    second = Client()
    assert "Thank you" in _answer_everything(second, url, COUNCIL, "officer").content.decode()
    # One invited person answers through their own link too.
    invited = Client()
    personal = reverse("surveys:respond", args=[next(iter(tokens.values()))])
    invited.post(personal, {"page": 1, "hc_shared_aims": "3", "hc_purpose_kind": "process"})
    invited.post(personal, {"page": 2, "hc_reports_back": "1"})
    invited.post(personal, {"page": 3, "submit": "1"})

    page = coordinator.get(reverse("surveys:round", args=[round_.pk])).content.decode()
    assert "1 of 2 invited people have submitted (50%)." in page
    assert "2 answered through the open link." in page
    # The scores read every submitted response, open-link ones included.
    values = sorted(r.value for r in round_answers(round_.pk) if r.item == "hc_shared_aims")
    assert values == [3, 4, 4]


def test_anonymous_round_keeps_only_a_flag_in_the_browser(harbour):
    round_, _tokens, clients = harbour
    round_.anonymous = True
    round_.save(update_fields=["anonymous"])
    _switch(clients["coordinator"], round_)
    url = _open_url(clients["coordinator"], round_)
    browser = Client()
    _answer_everything(browser, url, COUNCIL, "officer")
    response = Response.objects.get()
    cookie = browser.cookies[f"joinedup_open_{round_.pk}"]
    assert cookie.value.split(":")[0] == "done"  # signed "done", no response id
    assert str(response.pk) not in cookie.value.split(":")[0]
    assert response.started.time() == dt.time(0, 0)  # kept to the day, as when invited


def test_switched_off_or_unknown_is_like_an_unknown_link(harbour):
    round_, _tokens, clients = harbour
    coordinator = clients["coordinator"]
    _switch(coordinator, round_)
    url = _open_url(coordinator, round_)
    browser = Client()
    browser.get(url)
    browser.post(
        url, {"organisation": Organisation.objects.get(name=COUNCIL).pk, "group": "officer"}
    )
    _switch(coordinator, round_, "off")
    assert AuditEvent.objects.filter(action="round.open-link-off").count() == 1
    gone = browser.get(url)
    assert gone.status_code == 404
    assert "We do not recognise this link" in gone.content.decode()
    assert TokenThrottle.objects.count() == 1  # counted like any link that never existed
    assert Client().get(reverse("surveys:open", args=["not-a-real-token"])).status_code == 404
    page = coordinator.get(reverse("surveys:round", args=[round_.pk])).content.decode()
    assert 'id="open-link-url"' not in page
    # On again: the same link works again, and the browser resumes its response.
    _switch(coordinator, round_)
    assert _open_url(coordinator, round_) == url
    assert "Page 1 of 3" in browser.get(url).content.decode()


def test_stops_when_the_round_closes(harbour):
    round_, _tokens, clients = harbour
    _switch(clients["coordinator"], round_)
    url = _open_url(clients["coordinator"], round_)
    now = timezone.now()
    round_.opens = now - dt.timedelta(days=10)
    round_.closes = now - dt.timedelta(days=1)
    round_.save(update_fields=["opens", "closes"])
    closed = Client().get(url)
    assert closed.status_code == 410
    assert "This survey has closed" in closed.content.decode()
    assert not Response.objects.exists()


def test_open_link_tokens_are_masked_in_logs():
    from joinedup.web.logmask import mask_tokens

    token = "pHJifJZz8zPAoaDDsgjjQrCsH13BgzElzvid2S5BWyg"
    line = mask_tokens(f'"GET /surveys/o/{token}/ HTTP/1.1" 404')
    assert token not in line
    assert "/surveys/o/pHJi…/" in line
