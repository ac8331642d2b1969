"""Lenses, the governance grid and the market register in a real browser (Chromium):
choose a lens without JavaScript's help, read the per-principle grid, record a
contract and see the quasi-network mix move. Screenshots at 390 and 1366 px."""

from __future__ import annotations

import os
import re

import pytest

from tests.browser import ARGS, ARTIFACTS
from tests.conftest import PARTNERSHIP_A, PARTNERSHIP_C, PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WIDTHS = (390, 1366)


def test_lenses_grid_and_contracts_in_chromium(live_server, personas, demo):
    if not os.path.exists("/usr/bin/chromium"):
        pytest.skip("Debian's chromium is not installed")
    sync_api = pytest.importorskip("playwright.sync_api")
    lsp, hsc = demo[PARTNERSHIP_A].pk, demo[PARTNERSHIP_C].pk
    member = next(
        m.organisation for m in demo[PARTNERSHIP_A].memberships.select_related("organisation")
    )
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        try:
            for width in WIDTHS:
                page = browser.new_page(viewport={"width": width, "height": 900})
                _sign_in(page, live_server.url, "admin")
                _lens(page, live_server.url, lsp, width)
                _grid(page, live_server.url, hsc, width)
                page.close()
            page = browser.new_page(viewport={"width": 1366, "height": 900})
            _sign_in(page, live_server.url, "coordinator_a")
            _contract(page, live_server.url, lsp, member.name)
        finally:
            browser.close()


def _sign_in(page, live, who):
    page.goto(f"{live}/accounts/login/")
    page.fill("input[name=username]", who)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit], input[type=submit]")


def _lens(page, live, pk, width):
    page.goto(f"{live}/partnerships/{pk}/section/scores/")
    chooser = page.locator("form.lens-chooser").first
    chooser.locator("select[name=lens]").select_option("nuffield")
    chooser.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert "lens=nuffield" in page.url
    table = page.locator("table.lens-table").first
    assert table.get_attribute("data-lens") == "nuffield"
    assert "Trust is built and kept" in table.inner_text()
    page.locator("div.lenses").first.screenshot(path=str(ARTIFACTS / f"lens-{width}.png"))


def _grid(page, live, pk, width):
    page.goto(f"{live}/partnerships/{pk}/section/scores/")
    grid = page.locator("table.principle-grid").first
    text = grid.inner_text()
    assert "Involves local people" in text
    assert "fewer than 5 answers" in text or "hidden to protect a smaller group" in text
    page.locator("div.principles").first.screenshot(path=str(ARTIFACTS / f"principles-{width}.png"))


def _market_share(page):
    row = page.locator("section.diagnoses table.diag-table tr", has_text="market").first
    return int(re.search(r"(\d+)%", row.inner_text()).group(1))


def _contract(page, live, pk, member_name):
    page.goto(f"{live}/partnerships/{pk}/section/diagnoses/")
    before = _market_share(page)
    assert "contracts between partners" in page.locator("section.diagnoses").inner_text()
    page.click("text=Record a contract between partners")
    page.select_option("select[name=purchaser]", label=member_name)
    others = page.locator("select[name=provider] option").all_inner_texts()
    page.select_option(
        "select[name=provider]", label=next(o for o in others[1:] if o != member_name)
    )
    page.check("input[name=style][value=adversarial]")
    page.fill("input[name=purpose]", "Street cleaning, tendered on price")
    page.fill("input[name=value]", "30000")
    page.fill("input[name=start]", "2025-01-01")
    page.screenshot(path=str(ARTIFACTS / "contract-form-1366.png"), full_page=True)
    page.click("main form.stack button[type=submit]")
    page.wait_for_load_state()
    assert f"/partnerships/{pk}/section/diagnoses/" in page.url
    after = _market_share(page)
    assert after > before
    page.locator("section.diagnoses").screenshot(path=str(ARTIFACTS / "mix-after-1366.png"))
