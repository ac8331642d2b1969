"""A coordinator, in Chromium, plans an action from a finding of the board's spring
2026 round, records progress and publishes it; the public page shows the timeline
and the report shows what the autumn 2026 round says it moved."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.browser import ARGS, ARTIFACTS
from tests.conftest import PARTNERSHIP_C, PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (390, 1366)


def test_plan_progress_publish_and_see_the_effect(live_server, personas, demo, tmp_path):
    if not os.path.exists("/usr/bin/chromium"):
        pytest.skip("Debian's chromium is not installed")
    sync_api = pytest.importorskip("playwright.sync_api")
    from joinedup.registry.models import Access, AccessRole

    board = demo[PARTNERSHIP_C]
    Access.objects.create(
        user=personas.coordinator_a, role=AccessRole.COORDINATOR, partnership=board
    )
    owner = board.memberships.get(organisation__name__contains="Age").organisation.name
    out = Path(os.environ.get("JOINEDUP_SCREENSHOTS") or ARTIFACTS / "actions")
    out.mkdir(parents=True, exist_ok=True)
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        try:
            _walk(browser, live_server.url, board.pk, owner, out)
        finally:
            browser.close()


def _shots(page, out: Path, name: str) -> None:
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(out / f"{name}-{width}.png"), full_page=True)


def _walk(browser, live: str, board_pk: int, owner: str, out: Path) -> None:
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    page.goto(f"{live}/accounts/login/")
    page.fill("input[name=username]", "coordinator_a")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit], input[type=submit]")
    page.goto(f"{live}/partnerships/{board_pk}/section/scores/")
    earlier = page.locator("details.stats", has_text="earlier round").first
    earlier.locator("summary").first.click()
    spring = earlier.locator("article.score-round", has_text="spring 2026")
    spring.locator("details.stats summary").first.click()
    row = spring.locator("tr", has_text="Purpose and shared vision")
    row.locator("a.plan-action").click()
    page.fill("input[name=title]", "Restate the board's purpose with the community")
    page.select_option("select[name=owner]", label=owner)
    page.fill("input[name=due]", "2026-12-31")
    assert page.locator("select[name=target_dimension]").input_value() == "purpose"
    page.click("form.stack button[type=submit]")
    page.wait_for_url("**/actions/*/")
    effect = page.locator(".action-effect")
    assert "autumn 2026" in effect.inner_text()
    assert "95% interval" in effect.inner_text()
    page.fill("textarea[name=text]", "Two community meetings held on the board's aims.")
    page.click("form[action$='/notes/'] button")
    assert "Two community meetings held" in page.locator("ol.timeline").inner_text()
    page.click("form[action$='/publish/'] button")
    assert "on the public" in page.locator("dl.facts").inner_text()
    _shots(page, out, "action")
    page.goto(f"{live}/participation/public/kestermouth-health-and-social-care-board/")
    timeline = page.locator("section.public-actions")
    text = timeline.inner_text()
    assert "Restate the board's purpose with the community" in text
    assert "Two community meetings held" in text
    assert "Rebuild trust with community members" in text  # the demo's published one
    assert "Agree a pooled budget" not in text  # not published
    _shots(page, out, "public")
    page.goto(f"{live}/reports/partnership/{board_pk}/")
    part = page.locator("#part-actions")
    report = part.inner_text()
    assert "Restate the board's purpose with the community" in report
    assert "reliable change" in report
    assert "cannot be told from noise" in report
    assert "agreed view of spring 2026" in report
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        part.screenshot(path=str(out / f"report-actions-{width}.png"))
