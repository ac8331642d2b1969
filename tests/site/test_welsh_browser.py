"""The language switch in Chromium: a member signs in, presses "Cymraeg" in the
header and reads the overview in Welsh on a laptop and on a phone, then presses
"English" to go back; screenshots in ``test-artifacts/`` for people to look at."""

from __future__ import annotations

import os

import pytest

from tests.browser import ARGS, ARTIFACTS, CHROMIUM
from tests.conftest import PARTNERSHIP_A, PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_member_switches_to_welsh_and_back(live_server, personas, demo) -> None:
    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian's chromium is not installed")
    sync_api = pytest.importorskip("playwright.sync_api")
    a = demo[PARTNERSHIP_A].pk
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            for width, height in ((1366, 768), (390, 844)):
                context = browser.new_context(viewport={"width": width, "height": height})
                page = context.new_page()
                page.goto(f"{live_server.url}/accounts/login/")
                page.fill("input[name=username]", "member_a")
                page.fill("input[name=password]", PASSWORD)
                page.click("main button[type=submit]")
                page.goto(f"{live_server.url}/partnerships/{a}/")
                assert page.locator("html").get_attribute("lang") == "en"
                page.click("header.site button[name=language][value=cy]")
                page.wait_for_url(f"{live_server.url}/partnerships/{a}/")
                assert page.locator("html").get_attribute("lang") == "cy"
                body = page.inner_text("body")
                assert "Darllen yr adroddiad llawn" in body
                assert "Read the full report" not in body
                page.screenshot(path=str(ARTIFACTS / f"overview-cy-{width}.png"))
                # The choice holds on the next page, and the way back is in English.
                page.goto(f"{live_server.url}/")
                assert "Eich partneriaethau" in page.inner_text("body")
                page.click("header.site button[name=language][value=en]")
                page.wait_for_url(f"{live_server.url}/")
                assert "Your partnerships" in page.inner_text("body")
                context.close()
        finally:
            browser.close()
