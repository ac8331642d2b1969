"""The overview and the section pages in Chromium: no page longer than about four
screens of a 1366 × 768 laptop, cards that open their section, and screenshots of
the overview at 390 and 1366 px for people to look at (``test-artifacts/``)."""

from __future__ import annotations

import os

import pytest

from tests.browser import ARGS, ARTIFACTS, CHROMIUM
from tests.conftest import PARTNERSHIP_A, PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREEN = 768  # the height of a 1366 × 768 laptop screen
MOST_SCREENS = 4


def test_overview_and_sections_fit_in_four_screens(live_server, personas, demo) -> None:
    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian's chromium is not installed")
    sync_api = pytest.importorskip("playwright.sync_api")
    pks = [p.pk for p in demo.values()]
    a = demo[PARTNERSHIP_A].pk
    ARTIFACTS.mkdir(exist_ok=True)
    heights: dict[str, int] = {}
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            for width in (1366, 390):
                page = browser.new_page(viewport={"width": width, "height": SCREEN})
                page.goto(f"{live_server.url}/accounts/login/")
                page.fill("input[name=username]", "admin")
                page.fill("input[name=password]", PASSWORD)
                page.click("button[type=submit]")
                page.goto(f"{live_server.url}/partnerships/{a}/")
                page.screenshot(path=str(ARTIFACTS / f"overview-{width}.png"))
                page.screenshot(path=str(ARTIFACTS / f"overview-full-{width}.png"), full_page=True)
                if width != 1366:
                    continue
                for pk in pks:
                    page.goto(f"{live_server.url}/partnerships/{pk}/")
                    links = page.locator(".overview-card h3 a")
                    urls = [links.nth(i).get_attribute("href") for i in range(links.count())]
                    assert len(urls) >= 5
                    for url in [f"/partnerships/{pk}/", *urls]:
                        page.goto(f"{live_server.url}{url}")
                        heights[str(url)] = page.evaluate("document.documentElement.scrollHeight")
                # A card opens its section by keyboard: Tab to the link, Enter.
                page.goto(f"{live_server.url}/partnerships/{a}/")
                page.locator(".overview-card h3 a").nth(2).focus()
                with page.expect_navigation():
                    page.keyboard.press("Enter")
                assert "/section/" in page.url
                page.goto(f"{live_server.url}/partnerships/{a}/section/scores/")
                page.screenshot(path=str(ARTIFACTS / "section-scores-1366.png"), full_page=True)
        finally:
            browser.close()
    too_long = {url: h for url, h in heights.items() if h > MOST_SCREENS * SCREEN}
    assert not too_long, too_long
