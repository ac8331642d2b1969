"""A member signs in through the login form in Debian's Chromium, on a phone and a
laptop: the closed round shows its results, the open round its response count
only. Screenshots are left in test-artifacts/ (round-closed-*.png,
round-open-*.png, partnership-open-round-*.png) for a person to look at."""

from __future__ import annotations

import os

import pytest

from tests.browser import ARGS, ARTIFACTS, CHROMIUM
from tests.conftest import PARTNERSHIP_A, PASSWORD
from tests.surveys.round_helpers import OPEN_PERIOD, answer, invite_everyone, open_round

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

WIDTHS = {"phone": 390, "laptop": 1366}


def _sign_in(browser, base: str, width: int):
    context = browser.new_context(viewport={"width": width, "height": 900})
    context.set_default_timeout(120_000)
    page = context.new_page()
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Username").fill("member_a")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/")
    return context, page


def test_member_sees_closed_results_and_an_open_count(live_server, personas, demo) -> None:
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"Debian's chromium ({CHROMIUM}) is not installed")
    sync_api = pytest.importorskip("playwright.sync_api")
    from joinedup.surveys.models import Round

    a = demo[PARTNERSHIP_A]
    check = open_round(a, "health-check")
    for invitation in invite_everyone(check)[:12]:
        answer(invitation, 4.0)
    closed = Round.objects.get(partnership=a, period="spring 2026", instrument=check.instrument)
    ARTIFACTS.mkdir(exist_ok=True)
    base = live_server.url
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            for width in WIDTHS.values():
                context, page = _sign_in(browser, base, width)
                page.goto(f"{base}/surveys/rounds/{closed.pk}/")
                text = page.inner_text("main")
                assert "Response rate by stakeholder group" in text
                assert "invited people have submitted" in text
                page.screenshot(path=str(ARTIFACTS / f"round-closed-{width}.png"), full_page=True)

                page.goto(f"{base}/surveys/rounds/{check.pk}/")
                text = page.inner_text("main")
                assert "12 responses so far." in text
                assert "shown when the round closes" in text
                assert "Response rate by" not in text
                assert "invited" not in text.lower().split("responses kept")[-1]
                page.screenshot(path=str(ARTIFACTS / f"round-open-{width}.png"), full_page=True)

                page.goto(f"{base}/partnerships/{a.pk}/section/scores/")
                scores = page.locator("#scores-heading").locator("xpath=..").inner_text()
                assert "spring 2026" in scores
                assert f"— {OPEN_PERIOD}" not in scores  # named only as open, never scored
                page.goto(f"{base}/partnerships/{a.pk}/section/surveys/")
                rounds = page.locator("#survey-rounds").locator("xpath=..")
                assert "12 so far" in rounds.inner_text()
                rounds.scroll_into_view_if_needed()
                page.screenshot(path=str(ARTIFACTS / f"partnership-open-round-{width}.png"))
                context.close()
        finally:
            browser.close()
