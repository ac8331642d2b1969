"""Look at the participation pages in a real browser (Debian's Chromium) once."""

from __future__ import annotations

import os

import pytest

from tests.browser import ARGS
from tests.conftest import PARTNERSHIP_A, PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_pages_render_in_chromium(live_server, personas, tmp_path):
    if not os.path.exists("/usr/bin/chromium"):
        pytest.skip("Debian's chromium is not installed")
    sync_api = pytest.importorskip("playwright.sync_api")
    # Ask the database first: Playwright's sync API runs an event loop, and Django
    # refuses ORM calls from inside one.
    lsp = personas.coordinator_a.joinedup_access.get().partnership
    assert lsp.name == PARTNERSHIP_A
    activity = lsp.participation_activities.get(title="Northfield estate renewal consultation")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        try:
            _look(browser, live_server.url, lsp.pk, activity.pk, tmp_path)
        finally:
            browser.close()


def _look(browser, url, lsp_pk, activity_pk, tmp_path):
    live = url
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    page.goto(f"{live}/accounts/login/")
    page.fill("input[name=username]", "coordinator_a")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit], input[type=submit]")
    page.goto(f"{live}/partnerships/{lsp_pk}/section/participation/")
    section = page.locator("section.participation")
    assert section.locator("svg").count() >= 4
    section.screenshot(path=str(tmp_path / "participation-section.png"))
    page.goto(f"{live}/participation/calendar/?area=Northfield")
    assert page.locator("tr.clash").count() == 1
    page.screenshot(path=str(tmp_path / "calendar.png"), full_page=True)
    page.goto(f"{live}/participation/activities/{activity_pk}/")
    assert page.locator("form fieldset").count() == 3
    page.screenshot(path=str(tmp_path / "activity.png"), full_page=True)
    page.goto(f"{live}/participation/public/kestermouth-lsp/")
    assert page.locator("article.said-did").count() >= 5
    out = os.environ.get("JOINEDUP_SCREENSHOTS")
    if out:
        page.screenshot(path=f"{out}/public.png", full_page=True)
        (tmp_path / "participation-section.png").replace(f"{out}/section.png")
        (tmp_path / "calendar.png").replace(f"{out}/calendar.png")
        (tmp_path / "activity.png").replace(f"{out}/activity.png")
