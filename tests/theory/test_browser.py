"""A coordinator sets down the partnership's theory of change in Chromium, without
script, and reads the diagram on a laptop and on a phone."""

from __future__ import annotations

import os

import pytest

from tests.browser import ARGS, ARTIFACTS, CHROMIUM
from tests.conftest import PARTNERSHIP_A, PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_coordinator_draws_a_theory_of_change(live_server, personas, demo) -> None:
    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian's chromium is not installed")
    sync_api = pytest.importorskip("playwright.sync_api")
    lsp = demo[PARTNERSHIP_A]
    out = ARTIFACTS / "theory"
    out.mkdir(parents=True, exist_ok=True)
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            context = browser.new_context(
                viewport={"width": 1366, "height": 900}, java_script_enabled=False
            )
            page = context.new_page()
            page.goto(f"{live_server.url}/accounts/login/")
            page.fill("input[name=username]", "coordinator_a")
            page.fill("input[name=password]", PASSWORD)
            page.click("button[type=submit]")
            page.goto(f"{live_server.url}/partnerships/{lsp.pk}/section/theory/")
            page.click("text=Edit the theory of change")
            for kind, title in [
                ("activity", "Estate walkabouts with residents"),
                ("output", "Problems logged where they happen"),
                ("outcome", "Residents feel able to influence local decisions"),
            ]:
                page.select_option("#id_step-kind", kind)
                page.fill("#id_step-title", title)
                page.click("text=Add the step")
            steps = page.locator("#id_link-source option")
            assert steps.count() == 4  # the empty choice and three steps
            page.select_option(
                "#id_link-source", label="Activity: Estate walkabouts with residents"
            )
            page.select_option("#id_link-target", label="Output: Problems logged where they happen")
            page.fill(
                "#id_link-mechanism", "Officers see the problem with the residents who live with it"
            )
            page.click("text=Add the link")
            page.select_option("#id_link-source", label="Output: Problems logged where they happen")
            page.select_option(
                "#id_link-target", label="Outcome: Residents feel able to influence local decisions"
            )
            page.fill("#id_link-assumption", "Residents see their problems acted on")
            page.click("text=Add the link")
            page.select_option(
                "#id_evidence-step",
                label="Outcome: Residents feel able to influence local decisions",
            )
            page.select_option("#id_evidence-source", "indicator")
            page.select_option(
                "#id_evidence-indicator",
                label="Residents who feel able to influence local decisions",
            )
            page.click("text=Attach the evidence")
            diagram = page.locator("svg.toc-diagram")
            assert diagram.count() == 1
            assert diagram.locator("path[marker-end]").count() == 2
            text = page.locator("main").inner_text()
            assert "No mechanism is noted" in text  # the second link has none
            page.goto(f"{live_server.url}/partnerships/{lsp.pk}/section/theory/")
            section = page.locator("section.theory")
            assert (
                "1 outcome and 2 links between steps: 0 with evidence at both ends, "
                "1 at one end, 1 on assumption only" in section.inner_text()
            )
            page.screenshot(path=str(out / "section-1366.png"), full_page=True)
            phone = browser.new_context(viewport={"width": 390, "height": 844})
            phone.add_cookies(context.cookies())
            small = phone.new_page()
            small.goto(f"{live_server.url}/partnerships/{lsp.pk}/section/theory/")
            box = small.locator(".toc-scroll").bounding_box()
            assert box is not None
            assert box["width"] <= 390, "the diagram scrolls inside the page"
            width = small.evaluate("document.documentElement.scrollWidth")
            assert width <= 390, f"the page itself is {width} px wide on a phone"
            small.screenshot(path=str(out / "section-390.png"), full_page=True)
        finally:
            browser.close()
