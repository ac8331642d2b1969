"""Coordinator, member and evaluator sign in through the login form in Debian's
Chromium and see what each may see, and nothing more. Screenshots of the pages are
left in test-artifacts/ for a person to look at."""

from __future__ import annotations

import os

import pytest

from tests.browser import ARGS, ARTIFACTS
from tests.conftest import PARTNERSHIP_A, PARTNERSHIP_B, PARTNERSHIP_C, PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

SEES = {
    "coordinator_a": {PARTNERSHIP_A},
    "member_a": {PARTNERSHIP_A},
    "evaluator": {PARTNERSHIP_A, PARTNERSHIP_B, PARTNERSHIP_C},
}


def _sign_in(browser, base: str, username: str):
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    context.set_default_timeout(120_000)  # a busy 2-core CI machine renders reports slowly
    page = context.new_page()
    page.goto(f"{base}/")
    page.get_by_role("link", name="Sign in").first.click()
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/")
    return context, page


def _check_persona(browser, base: str, persona: str, demo: dict) -> None:
    context, page = _sign_in(browser, base, persona)
    cards = set(page.locator(".card h3").all_inner_texts())
    assert cards == SEES[persona], persona
    page.screenshot(path=str(ARTIFACTS / f"home-{persona}.png"), full_page=True)
    page.get_by_role("link", name="Read the report").first.click()
    page.get_by_role("heading", name="Methods", exact=True).wait_for()
    assert page.locator("h1").first.inner_text() in SEES[persona]
    page.screenshot(path=str(ARTIFACTS / f"report-{persona}.png"), full_page=True)
    b = demo[PARTNERSHIP_B]
    response = page.goto(f"{base}/reports/partnership/{b.pk}/")
    assert response is not None
    assert response.status == (200 if PARTNERSHIP_B in SEES[persona] else 403)
    response = page.goto(f"{base}/dashboard/")
    assert response is not None
    assert response.status == 200
    response = page.goto(f"{base}/reports/benchmark/?partnership={demo[PARTNERSHIP_A].pk}")
    assert response is not None
    assert response.status == (200 if persona == "evaluator" else 403)
    if persona == "evaluator":
        page.screenshot(path=str(ARTIFACTS / "benchmark-evaluator.png"), full_page=True)
    response = page.goto(f"{base}/dashboard/")
    assert response is not None
    if persona == "coordinator_a":
        assert PARTNERSHIP_A in page.content()
        page.screenshot(path=str(ARTIFACTS / "dashboard-coordinator_a.png"), full_page=True)
    else:
        assert "You do not coordinate any partnership" in page.content()
    context.close()


def test_each_role_sees_what_it_may(live_server, personas, demo) -> None:
    if not os.path.exists("/usr/bin/chromium"):
        pytest.skip("Debian's chromium (/usr/bin/chromium) is not installed")
    sync_api = pytest.importorskip("playwright.sync_api")
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        try:
            for persona in SEES:
                _check_persona(browser, live_server.url, persona, demo)
            page = browser.new_page()
            page.goto(f"{live_server.url}/")
            page.screenshot(path=str(ARTIFACTS / "home-signed-out.png"), full_page=True)
            assert PARTNERSHIP_A not in page.content()
        finally:
            browser.close()
