"""The limit on survey links that never existed (issue 17): counted per client
address and link prefix, never for a link that exists (used, closed or valid), and
never refusing a link that exists. The first three tests are the issue's three
failure modes; each failed before the redesign."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from joinedup.surveys.models import TokenThrottle
from joinedup.surveys.respond import (
    Given,
    open_link,
    pages,
    response_for,
    save_page,
    submit,
)
from joinedup.surveys.rounds import Invitee, close_round, invite
from joinedup.surveys.throttle import (
    PREFIX_LENGTH,
    prefix_of,
    record_failure,
    seconds_blocked,
    sweep_expired,
)
from tests.surveys.conftest import make_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def tokens(lsp, check_version) -> list[str]:
    """Three valid links of one open round."""
    round_ = make_round(lsp, check_version)
    people = [p for m in lsp.memberships.all() for p in m.organisation.people.all()][:3]
    assert len(people) == 3
    return list(invite(round_, [Invitee(p, "officer") for p in people], send=False).values())


def link(token: str) -> str:
    return f"/surveys/s/{token}/"


def other_prefix(*tokens: str) -> str:
    """A link prefix that none of ``tokens`` has (tokens are random)."""
    return next(p for p in ("zz", "yy", "xx", "ww") if all(t[:2] != p for t in tokens))


def _submitted(token: str) -> None:
    inv, _response = open_link(token)
    assert inv is not None
    response = response_for(inv)
    page = pages(inv.round.instrument.instrument())[0]
    save_page(response, page, [Given("hc_shared_aims", value=4.0)], 1)
    assert submit(response)


@override_settings(TOKEN_FAILURES=3)
def test_double_clicks_on_a_used_link_then_a_valid_link(tokens) -> None:
    """Issue 17: 410s from one respondent's double-clicks were counted, and the next
    valid link from that address was refused."""
    used, valid, closed_round_link = tokens
    _submitted(used)
    office = Client(REMOTE_ADDR="198.51.100.30")
    for _ in range(10):
        assert office.get(link(used)).status_code == 410
    assert office.get(link(valid)).status_code == 200
    assert not TokenThrottle.objects.exists()
    inv, _ = open_link(closed_round_link)
    assert inv is not None
    close_round(inv.round_id)
    for _ in range(10):
        assert office.get(link(closed_round_link)).status_code == 410
    assert not TokenThrottle.objects.exists()


@override_settings(TOKEN_FAILURES=20)
def test_junk_from_one_office_address_does_not_lock_out_colleagues(tokens) -> None:
    """Issue 17: 20 junk URLs from a shared office address locked out everyone there.
    Here one person's 20 truncated copies of their own link fill that person's count
    (the default limit); the same person's whole link, a colleague's link and a
    colleague's mistyped link from the same address are all answered as before."""
    own, colleague, _third = tokens
    office = Client(REMOTE_ADDR="203.0.113.5")
    truncated = [own[: 10 + n] for n in range(20)]
    for junk in truncated:
        assert office.get(link(junk)).status_code == 404
    refused = office.get(link(own[:31]))
    assert refused.status_code == 429
    assert office.get(link(own)).status_code == 200  # a link that exists is never refused
    assert office.get(link(colleague)).status_code == 200
    typo = other_prefix(own) + colleague[2:-1]
    assert office.get(link(typo)).status_code == 404
    assert TokenThrottle.objects.get(address="203.0.113.5", prefix=own[:2]).failures == 20


@override_settings(TOKEN_FAILURES=5, TRUSTED_PROXIES=[])
def test_behind_an_untrusted_proxy_one_person_does_not_block_the_survey(tokens, caplog) -> None:
    """Issue 17: behind a proxy not listed in JOINEDUP_TRUSTED_PROXIES every
    respondent has the proxy's address, and one person blocked the whole survey.
    The operator is also told once, in the log, which setting to set."""
    first, second, third = tokens
    proxy = Client(REMOTE_ADDR="10.0.0.2")
    with caplog.at_level(logging.WARNING, logger="joinedup.web.security"):
        for n in range(6):
            proxy.get(link(f"{first[:2]}-junk-{n}"), HTTP_X_FORWARDED_FOR="198.51.100.7")
        assert proxy.get(link(first), HTTP_X_FORWARDED_FOR="198.51.100.7").status_code == 200
        for token in (second, third):
            response = proxy.get(link(token), HTTP_X_FORWARDED_FOR="198.51.100.8")
            assert response.status_code == 200
        typo = other_prefix(first) + second[2:-1]
        assert proxy.get(link(typo), HTTP_X_FORWARDED_FOR="198.51.100.8").status_code == 404
    warnings = [r for r in caplog.records if r.name == "joinedup.web.security"]
    assert len(warnings) == 1
    assert "10.0.0.2" in warnings[0].getMessage()
    assert "JOINEDUP_TRUSTED_PROXIES" in warnings[0].getMessage()
    counted = TokenThrottle.objects.values_list("address", "prefix", "failures")
    assert sorted(counted) == sorted([("10.0.0.2", first[:2], 5), ("10.0.0.2", typo[:2], 1)])


@override_settings(TOKEN_FAILURES=1)
def test_a_link_that_exists_is_served_whatever_its_count(tokens) -> None:
    valid, used, _third = tokens
    _submitted(used)
    office = Client(REMOTE_ADDR="198.51.100.31")
    for prefix in {prefix_of(valid), prefix_of(used)}:
        TokenThrottle.objects.create(
            address="198.51.100.31", prefix=prefix, window_start=timezone.now(), failures=99
        )
    assert office.get(link(valid[:-1])).status_code == 429
    assert office.get(link(valid)).status_code == 200
    assert office.get(link(used)).status_code == 410
    assert office.post(link(valid), {"page": "1"}).status_code in (200, 302)


@override_settings(TOKEN_FAILURES=5, TOKEN_WINDOW_MINUTES=10)
def test_unknown_links_lead_to_429_then_the_window_ends(tokens) -> None:
    client = Client(REMOTE_ADDR="198.51.100.20")
    good = link(tokens[0])
    for n in range(4):
        assert client.get(f"/surveys/s/guess-{n}/").status_code == 404
    assert client.get(good).status_code == 200  # valid links are never counted
    assert client.get("/surveys/s/guess-5/").status_code == 404
    blocked = client.get("/surveys/s/guess-6/")
    assert blocked.status_code == 429
    assert "Too many attempts" in blocked.content.decode()
    assert "Please wait 10 minutes" in blocked.content.decode()
    assert 0 < int(blocked["Retry-After"]) <= 600
    assert client.get(good).status_code == 200  # nor ever refused
    assert TokenThrottle.objects.get(address="198.51.100.20", prefix="gu").failures == 5
    assert client.get("/surveys/s/other-guess/").status_code == 404  # another prefix
    other = Client(REMOTE_ADDR="198.51.100.21")
    assert other.get("/surveys/s/guess-7/").status_code == 404  # another address
    TokenThrottle.objects.filter(address="198.51.100.20").update(
        window_start=timezone.now() - dt.timedelta(minutes=11)
    )
    assert client.get("/surveys/s/guess-8/").status_code == 404
    assert TokenThrottle.objects.get(address="198.51.100.20", prefix="gu").failures == 1


@override_settings(TOKEN_FAILURES=2, TRUSTED_PROXIES=["10.0.0.2"])
def test_behind_a_trusted_proxy_each_client_is_counted_on_its_own(tokens) -> None:
    proxy = Client(REMOTE_ADDR="10.0.0.2")
    for _ in range(2):
        proxy.get("/surveys/s/x/", HTTP_X_FORWARDED_FOR="198.51.100.40")
    assert proxy.get("/surveys/s/x/", HTTP_X_FORWARDED_FOR="198.51.100.40").status_code == 429
    assert proxy.get("/surveys/s/x/", HTTP_X_FORWARDED_FOR="198.51.100.41").status_code == 404
    response = proxy.get(link(tokens[0]), HTTP_X_FORWARDED_FOR="198.51.100.40")
    assert response.status_code == 200
    assert not TokenThrottle.objects.filter(address="10.0.0.2").exists()


@override_settings(TOKEN_FAILURES=20)
def test_valid_links_from_one_address_are_never_counted(tokens) -> None:
    client = Client(REMOTE_ADDR="127.0.0.1")
    for _ in range(30):
        assert client.get(link(tokens[0])).status_code == 200
    assert not TokenThrottle.objects.exists()
    assert seconds_blocked("127.0.0.1", prefix_of(tokens[0])) == 0


@override_settings(TOKEN_FAILURES=2)
def test_the_respondent_path_stays_cheap(tokens) -> None:
    """A valid link reads nothing of the limit; an unknown one reads its row once and
    writes once (the first of a window also sweeps); a refused one only reads."""
    client = Client(REMOTE_ADDR="198.51.100.90")

    def throttle_queries(path: str) -> list[str]:
        with CaptureQueriesContext(connection) as captured:
            client.get(path)
        return [
            q["sql"].split()[0].upper()
            for q in captured.captured_queries
            if "surveys_tokenthrottle" in q["sql"]
        ]

    assert throttle_queries(link(tokens[0])) == []
    assert throttle_queries("/surveys/s/nope-1/") == ["SELECT", "DELETE", "INSERT"]
    assert throttle_queries("/surveys/s/nope-2/") == ["SELECT", "UPDATE"]
    assert throttle_queries("/surveys/s/nope-3/") == ["SELECT"]
    assert throttle_queries(link(tokens[0])) == []


@override_settings(TOKEN_FAILURES=2)
def test_record_failure_counts_per_pair_and_restarts_after_the_window() -> None:
    record_failure("192.0.2.5", "ab")
    assert seconds_blocked("192.0.2.5", "ab") == 0
    record_failure("192.0.2.5", "ab")
    assert 590 < seconds_blocked("192.0.2.5", "ab") <= 600
    assert seconds_blocked("192.0.2.5", "cd") == 0
    assert seconds_blocked("192.0.2.6", "ab") == 0
    TokenThrottle.objects.update(window_start=timezone.now() - dt.timedelta(hours=1))
    assert seconds_blocked("192.0.2.5", "ab") == 0
    record_failure("192.0.2.6", "ab")  # sweeps rows whose window has ended
    assert list(TokenThrottle.objects.values_list("address", "prefix")) == [("192.0.2.6", "ab")]
    record_failure("192.0.2.6", "ab")
    TokenThrottle.objects.filter(address="192.0.2.6").update(
        window_start=timezone.now() - dt.timedelta(minutes=10, seconds=1)
    )
    assert sweep_expired() == 1
    assert not TokenThrottle.objects.exists()


def test_the_prefix_is_the_first_characters_of_the_link() -> None:
    assert PREFIX_LENGTH == 2
    assert prefix_of("Ab3-rest-of-the-token") == "Ab"
    assert prefix_of("x") == "x"


def test_pages_other_than_the_survey_are_not_counted(client) -> None:
    for _ in range(30):
        client.get("/partnerships/999999/")
    assert not TokenThrottle.objects.exists()


@override_settings(TOKEN_FAILURES=1)
def test_the_wait_page_speaks_welsh_to_welsh_browsers() -> None:
    client = Client(REMOTE_ADDR="198.51.100.50", HTTP_ACCEPT_LANGUAGE="cy")
    assert client.get("/surveys/s/guess/").status_code == 404
    page = client.get("/surveys/s/guess-again/").content.decode()
    assert "Gormod o ymdrechion" in page
    assert "Arhoswch 10 munud" in page


def test_an_administrator_can_let_an_address_in_again(admin_client) -> None:
    def full(address: str, prefix: str) -> TokenThrottle:
        return TokenThrottle.objects.create(
            address=address, prefix=prefix, window_start=timezone.now(), failures=99
        )

    rows = [full("198.51.100.60", "ab"), full("198.51.100.60", "cd")]
    full("198.51.100.61", "ab")
    listing = admin_client.get("/admin/surveys/tokenthrottle/", {"q": "198.51.100.60"})
    assert listing.status_code == 200
    assert "198.51.100.60" in listing.content.decode()
    delete = admin_client.post(
        "/admin/surveys/tokenthrottle/",
        {"action": "delete_selected", "_selected_action": [r.pk for r in rows], "post": "yes"},
    )
    assert delete.status_code == 302
    assert seconds_blocked("198.51.100.60", "ab") == 0
    assert seconds_blocked("198.51.100.60", "cd") == 0
    assert seconds_blocked("198.51.100.61", "ab") > 0
