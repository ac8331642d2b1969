"""Who governs and who is left out, in a real browser (Debian's Chromium): a coordinator
records a decision right and an accountability line and sees the checks change; the
left-out section shows its readings; the demo board's map at phone and laptop widths."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.browser import ARGS
from tests.conftest import PARTNERSHIP_A, PARTNERSHIP_C, PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_coordinator_records_governance_in_chromium(live_server, personas, demo, tmp_path):
    if not os.path.exists("/usr/bin/chromium"):
        pytest.skip("Debian's chromium is not installed")
    sync_api = pytest.importorskip("playwright.sync_api")
    a, hsc = demo[PARTNERSHIP_A].pk, demo[PARTNERSHIP_C].pk
    out = Path(os.environ.get("JOINEDUP_SCREENSHOTS") or tmp_path)
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        try:
            _record(browser, live_server.url, a, out)
            _look(browser, live_server.url, hsc, out)
        finally:
            browser.close()


def _login(browser, live, username, width):
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(f"{live}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit], input[type=submit]")
    return page


def _record(browser, live, pk, out):
    page = _login(browser, live, "coordinator_a", 1366)
    page.goto(f"{live}/partnerships/{pk}/section/governs/")
    owners = page.locator("li.gov-check").nth(2)
    assert "No decision area is recorded yet." in owners.inner_text()
    page.click("text=Record a decision right")
    page.fill("input[name=area]", "Town centre strategy")
    page.select_option("select[name=holder]", "board")
    page.click("form:has(input[name=area]) button[type=submit]")
    assert (
        "Every one of the 1 decision area has a named owner."
        in page.locator("li.gov-check").nth(2).inner_text()
    )
    public = page.locator("li.gov-check").first
    assert "No accountability line is recorded yet." in public.inner_text()
    page.click("text=Record an accountability line")
    page.select_option("select[name=answers_to]", "parent_body")
    page.select_option("select[name=through]", "reports")
    page.fill("input[name=body]", "Kestermouth Borough Council cabinet")
    page.click("form:has(input[name=body]) button[type=submit]")
    public = page.locator("li.gov-check").first
    assert "No route lets the public hold the partnership to account." in public.inner_text()
    assert public.locator(".badge.bad").count() == 1
    page.locator("section.governance").screenshot(path=str(out / "governs-recorded-1366.png"))
    page.goto(f"{live}/partnerships/{pk}/section/leftout/")
    # Who is not at the table and seats against influence open the section in plain
    # words; who left and the same few people follow as readings.
    assert "has not named whom it is meant for" in page.locator(".plain-words").inner_text()
    assert page.locator("dl.gov-readings dd").count() == 2
    page.close()


def _look(browser, live, pk, out):
    for width in (390, 1366):
        page = _login(browser, live, "admin", width)
        page.goto(f"{live}/partnerships/{pk}/section/governs/")
        assert page.locator(".gov-map .gov-unowned").count() == 1
        assert page.locator(".badge.bad").count() == 1
        page.screenshot(path=str(out / f"governs-{width}.png"), full_page=True)
        page.goto(f"{live}/partnerships/{pk}/section/leftout/")
        assert "Housing providers" in page.locator("section.governance").inner_text()
        page.screenshot(path=str(out / f"leftout-{width}.png"), full_page=True)
        page.close()
