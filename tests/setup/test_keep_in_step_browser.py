"""The keep-in-step page in Chromium: the administrator checks a memberships file
(counts, nothing written), then writes it with "deal with rows left out", which
ends the membership the file omits. Screenshots at 390 and 1366 pixels wide go to
test-artifacts/."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.browser import ARGS, ARTIFACTS, CHROMIUM
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

MEMBERS = "partnership,organisation,role\nBrackwater Together,Brackwater Council,lead\n"


def _shot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for width in (390, 1366):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(ARTIFACTS / f"keep-in-step-{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1366, "height": 900})


def test_check_then_write_memberships(live_server, town, tmp_path: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    from joinedup.registry.models import Membership

    town.users["admin"].set_password(PASSWORD)
    town.users["admin"].save()
    path = tmp_path / "members.csv"
    path.write_text(MEMBERS, encoding="utf-8")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1366, "height": 900})
        page.set_default_timeout(60_000)
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Username").fill("admin")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(f"{live_server.url}/")
        page.goto(f"{live_server.url}/setup/")
        page.get_by_role("link", name="memberships").click()
        page.get_by_role("heading", name="Keep memberships in step").wait_for()
        page.get_by_label("CSV or Excel (.xlsx) file").set_input_files(str(path))
        page.get_by_label("Deal with rows the file leaves out").check()
        page.get_by_role("button", name="Upload").click()
        result = page.locator("#result")
        result.wait_for()
        assert "nothing has been written yet" in result.inner_text()
        assert Membership.objects.get(organisation=town.trust).left is None
        _shot(page, "checked")
        page.get_by_label("CSV or Excel (.xlsx) file").set_input_files(str(path))
        page.get_by_label("Only check: count what would change, write nothing").uncheck()
        page.get_by_label("Deal with rows the file leaves out").check()
        page.get_by_role("button", name="Upload").click()
        page.locator("#result").get_by_text("Done").wait_for()
        assert Membership.objects.get(organisation=town.trust).left is not None
        _shot(page, "written")
        browser.close()
