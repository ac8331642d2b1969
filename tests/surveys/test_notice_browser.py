"""In a real browser (Debian's Chromium): a respondent's first page on a phone shows
the introduction and the privacy notice above the first question, with nothing wider
than the screen; and each demo role's landing page says what that role can do, on a
phone and on a laptop. Screenshots go to test-artifacts/."""

from __future__ import annotations

import os

import pytest

from tests.browser import ARGS, ARTIFACTS
from tests.conftest import PARTNERSHIP_A
from tests.surveys.round_helpers import open_round

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 900}
OVERFLOW = "document.documentElement.scrollWidth - document.documentElement.clientWidth"


def _playwright():
    if not os.path.exists("/usr/bin/chromium"):
        pytest.skip("Debian's chromium (/usr/bin/chromium) is not installed")
    return pytest.importorskip("playwright.sync_api")


def test_the_first_page_on_a_phone_shows_introduction_and_notice(live_server, demo):
    from joinedup.surveys.rounds import Invitee, invite

    round_ = open_round(demo[PARTNERSHIP_A], "health-check", anonymous=True)
    person = demo[PARTNERSHIP_A].lead.people.first()
    tokens = invite(round_, [Invitee(person, "board member")], send=False)
    link = f"{live_server.url}/surveys/s/{next(iter(tokens.values()))}/"
    ARTIFACTS.mkdir(exist_ok=True)
    with _playwright().sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        try:
            for name, viewport in (("phone", PHONE), ("laptop", LAPTOP)):
                page = browser.new_page(viewport=viewport)
                page.goto(link)
                intro = page.locator(".survey-intro")
                notice = page.locator(".survey-notice")
                assert intro.is_visible()
                assert notice.is_visible()
                assert "How well is the partnership working?" in intro.inner_text()
                assert "fewer than 5 people" in notice.inner_text()
                first_question = page.locator(".survey-item").first.bounding_box()
                notice_box = notice.bounding_box()
                assert first_question
                assert notice_box
                assert notice_box["y"] + notice_box["height"] <= first_question["y"]
                assert page.evaluate(OVERFLOW) <= 0, f"wider than the {name} screen"
                page.screenshot(
                    path=str(ARTIFACTS / f"respondent-first-{name}.png"), full_page=True
                )
                page.close()
        finally:
            browser.close()


def test_each_demo_role_reads_what_it_can_do(live_server, demo):
    from joinedup.demo.logins import demo_logins

    ARTIFACTS.mkdir(exist_ok=True)
    with _playwright().sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        try:
            for login in demo_logins():
                role = "administrator" if login.username == "admin" else login.username
                for name, viewport in (("phone", PHONE), ("laptop", LAPTOP)):
                    context = browser.new_context(viewport=viewport)
                    page = context.new_page()
                    page.goto(f"{live_server.url}/accounts/login/")
                    page.fill("input[name=username]", login.username)
                    page.fill("input[name=password]", login.password)
                    page.locator("main button[type=submit]").click()
                    page.goto(f"{live_server.url}/")
                    note = page.locator(f'.role-note[data-role="{role}"]')
                    assert note.is_visible(), login.username
                    assert page.evaluate(OVERFLOW) <= 0, f"{login.username} on a {name}"
                    shot = ARTIFACTS / f"landing-{login.username}-{name}.png"
                    page.screenshot(path=str(shot), full_page=True)
                    context.close()
        finally:
            browser.close()
