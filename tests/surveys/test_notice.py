"""Respondents read the questionnaire's introduction and a privacy notice on their
first page, before the questions; the round's coordinator may rewrite both."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client, override_settings

from joinedup.surveys.models import Round
from joinedup.surveys.notice import default_privacy_notice
from tests.conftest import PARTNERSHIP_A
from tests.surveys.round_helpers import invite_everyone, open_round

pytestmark = pytest.mark.django_db

HEALTH_CHECK_INTRO = "How well is the partnership working?"


def _link(round_: Round) -> str:
    invitation = invite_everyone(round_)[0]
    return f"/surveys/s/test-{round_.pk}-{invitation.person_id}/"


def _page(link: str, page: int | None = None) -> str:
    suffix = f"?page={page}" if page else ""
    answer = Client().get(link + suffix)
    assert answer.status_code == 200
    return answer.content.decode()


@override_settings(MIN_RESPONDENTS=7)
def test_the_first_page_shows_the_introduction_and_the_notice_with_k(demo) -> None:
    round_ = open_round(demo[PARTNERSHIP_A], "health-check", anonymous=True)
    link = _link(round_)
    first = _page(link)
    intro_at = first.index(HEALTH_CHECK_INTRO)
    notice_at = first.index("Your answers and your privacy")
    question_at = first.index('class="survey-item')
    assert intro_at < notice_at < question_at, "both come before the first question"
    assert "no figure resting on fewer than 7 people is ever shown" in first
    assert "This round is anonymous" in first
    assert "kept as long as this survey round and are deleted with it" in first
    second = _page(link, 2)
    assert HEALTH_CHECK_INTRO not in second
    assert "Your answers and your privacy" not in second


def test_a_round_that_keeps_the_link_says_so(demo) -> None:
    round_ = open_round(demo[PARTNERSHIP_A], "health-check", anonymous=False)
    notice = default_privacy_notice(round_)
    assert "This round is anonymous" not in notice
    assert "only the installation's administrators can see" in notice
    network = open_round(demo[PARTNERSHIP_A], "network")
    assert "results never show who rated whom" in default_privacy_notice(network)


def test_the_coordinator_rewrites_the_texts_and_respondents_read_them(personas, demo) -> None:
    round_ = open_round(demo[PARTNERSHIP_A], "health-check")
    link = _link(round_)
    coordinator = personas.client("coordinator_a")
    form = coordinator.get(f"/surveys/rounds/{round_.pk}/texts/").content.decode()
    assert HEALTH_CHECK_INTRO in form, "the form starts from what respondents see now"
    assert "no figure resting on fewer than 5 people" in form

    written = {
        "introduction": "Thank you for giving ten minutes to the Harbour survey.",
        "privacy_notice": "Only the evaluator at Kestermouth University reads the results.",
    }
    done = coordinator.post(f"/surveys/rounds/{round_.pk}/texts/", written)
    assert done.status_code == 302
    first = _page(link)
    assert written["introduction"] in first
    assert written["privacy_notice"] in first
    assert HEALTH_CHECK_INTRO not in first

    # Sending the defaults back (as a browser would, with CRLF) keeps no copy of them.
    defaults = {
        "introduction": "",
        "privacy_notice": default_privacy_notice(round_).replace("\n", "\r\n"),
    }
    coordinator.post(f"/surveys/rounds/{round_.pk}/texts/", defaults)
    round_.refresh_from_db()
    assert round_.introduction == ""
    assert round_.privacy_notice == ""
    assert HEALTH_CHECK_INTRO in _page(link)


def test_only_the_rounds_managers_reach_the_texts_page(personas, demo) -> None:
    round_ = open_round(demo[PARTNERSHIP_A], "health-check")
    url = f"/surveys/rounds/{round_.pk}/texts/"
    assert personas.client("member_a").get(url).status_code == 403
    assert personas.client("evaluator").post(url, {"introduction": "x"}).status_code == 403
    assert personas.client("outsider").get(url).status_code == 404
    assert personas.client("admin").get(url).status_code == 200
    round_.refresh_from_db()
    assert round_.introduction == ""


def test_a_new_round_takes_its_texts_from_the_create_form(personas, demo) -> None:
    partnership = demo[PARTNERSHIP_A]
    coordinator = personas.client("coordinator_a")
    form = coordinator.get(f"/surveys/partnership/{partnership.pk}/new/").content.decode()
    assert "Partnership health check, version 2" in form
    assert "health-check v2" not in form, "the picker shows titles, not ids"
    from joinedup.surveys.models import InstrumentVersion

    check = InstrumentVersion.objects.get(key="health-check", version=2)
    data = {
        "instrument": check.pk,
        "period": "spring 2027",
        "opens": dt.date(2027, 3, 1).isoformat(),
        "closes": dt.date(2027, 3, 31).isoformat(),
        "groups": "board member\nofficer",
        "anonymous": "",
        "introduction": "Our spring check, ten minutes.",
        "privacy_notice": "",
    }
    assert coordinator.post(f"/surveys/partnership/{partnership.pk}/new/", data).status_code == 302
    round_ = Round.objects.get(period="spring 2027")
    assert round_.introduction == "Our spring check, ten minutes."
    assert round_.privacy_notice == "", "left empty: joinedup's notice is shown"
    page = coordinator.get(f"/surveys/rounds/{round_.pk}/").content.decode()
    assert "Partnership health check, version 2" in page
    assert "/texts/" in page
