"""The evaluator opens the page of response-level exports in Debian's Chromium, on
a phone and a laptop, and downloads a zip from it. Screenshots are left in
test-artifacts/ (responses-export-*.png) for a person to look at."""

from __future__ import annotations

import os
import zipfile

import pytest

from tests.browser import ARGS, ARTIFACTS, CHROMIUM
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def test_evaluator_downloads_a_zip_from_the_page(live_server, personas, demo) -> None:
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"Debian's chromium ({CHROMIUM}) is not installed")
    sync_api = pytest.importorskip("playwright.sync_api")
    ARTIFACTS.mkdir(exist_ok=True)
    base = live_server.url
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            for width in (390, 1366):
                context = browser.new_context(
                    viewport={"width": width, "height": 900}, accept_downloads=True
                )
                context.set_default_timeout(120_000)
                page = context.new_page()
                page.goto(f"{base}/accounts/login/")
                page.get_by_label("Username").fill("evaluator")
                page.get_by_label("Password").fill(PASSWORD)
                page.get_by_role("button", name="Sign in").click()
                page.wait_for_url(f"{base}/")
                page.get_by_role("link", name="Response-level data").click()
                page.wait_for_url(f"{base}/reports/responses/")
                assert "Every partnership" in page.inner_text("main")
                page.screenshot(
                    path=str(ARTIFACTS / f"responses-export-{width}.png"), full_page=True
                )
                if width == 1366:
                    with page.expect_download() as info:
                        page.locator("tr", has_text="Every partnership").get_by_role(
                            "link", name="csv"
                        ).first.click()
                    with zipfile.ZipFile(info.value.path()) as archive:
                        names = archive.namelist()
                    assert any(n.endswith("/datapackage.json") for n in names)
                context.close()
        finally:
            browser.close()
