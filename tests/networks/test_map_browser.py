"""The network map works in a real browser (Debian's Chromium), by mouse and by
keyboard, within the content security policy, at a phone's width and a desktop's.

A member of the demo's Local Strategic Partnership opens the partnership page:
the script adds its controls; Tab reaches an organisation, whose full name then
shows; Enter shows its own network and Escape the whole again; a sector can be
hidden and weak ties filtered out. Screenshots of the map go to test-artifacts/.
"""

from __future__ import annotations

import os

import pytest

from tests.browser import ARGS, ARTIFACTS, CHROMIUM
from tests.conftest import PARTNERSHIP_A, PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _sign_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/")


def _visible_lines(page) -> int:
    return page.locator("svg.network-picture .jn-edges line:not(.jn-off)").count()


def _check_map(page, width: int) -> None:
    root = page.locator("[data-netmap]")
    root.scroll_into_view_if_needed()
    assert page.locator(".netmap-controls").is_visible()  # the script has run
    box = root.bounding_box()
    assert box is not None
    assert box["x"] + box["width"] <= width + 1
    all_lines = _visible_lines(page)
    assert all_lines > 0

    first = page.locator("svg.network-picture .jn-node").first
    name = first.get_attribute("aria-label")
    first.focus()
    assert page.evaluate("document.activeElement.classList.contains('jn-node')")
    tip = page.locator("svg.network-picture .jn-tip")
    assert tip.get_attribute("display") == "inline"
    assert tip.locator("text").text_content() == name

    page.keyboard.press("Enter")
    assert first.get_attribute("aria-pressed") == "true"
    status = page.locator("[data-netmap-status]").text_content() or ""
    assert name
    assert name in status
    ego_lines = _visible_lines(page)
    assert 0 < ego_lines < all_lines or ego_lines == 0
    page.screenshot(path=str(ARTIFACTS / f"netmap-ego-{width}.png"), full_page=False)
    page.keyboard.press("Escape")
    assert first.get_attribute("aria-pressed") == "false"
    assert _visible_lines(page) == all_lines

    boxes = page.locator(".netmap-controls input[name=sector]")
    sector = boxes.first.get_attribute("value")
    boxes.first.uncheck()
    hidden = page.locator(f'svg.network-picture .jn-node[data-sector="{sector}"]')
    assert hidden.count() > 0
    assert all(
        "jn-off" in (hidden.nth(i).get_attribute("class") or "") for i in range(hidden.count())
    )
    boxes.first.check()
    strength = page.locator(".netmap-controls select[name=strength]")
    if strength.count():
        options = strength.locator("option")
        strength.select_option(index=options.count() - 1)
        assert _visible_lines(page) < all_lines
        page.locator("[data-netmap-reset]").click()
        assert _visible_lines(page) == all_lines
    root.screenshot(path=str(ARTIFACTS / f"netmap-{width}.png"))


@pytest.mark.parametrize("width", [390, 1366])
def test_network_map_by_keyboard_and_mouse(live_server, personas, demo, width: int) -> None:
    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian's chromium (/usr/bin/chromium) is not installed")
    sync_api = pytest.importorskip("playwright.sync_api")
    ARTIFACTS.mkdir(exist_ok=True)
    base = live_server.url
    problems: list[str] = []
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            context = browser.new_context(viewport={"width": width, "height": 900})
            context.set_default_timeout(120_000)
            page = context.new_page()
            page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: problems.append(str(e)))
            _sign_in(page, base, "member_a")
            page.goto(f"{base}/partnerships/{demo[PARTNERSHIP_A].pk}/section/networks/")
            page.wait_for_load_state("networkidle")
            _check_map(page, width)
        finally:
            browser.close()
    assert problems == []
