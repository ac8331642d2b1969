"""Ann Hale, coordinator of the Harbour Partnership, uploads her KoboToolbox export
in Debian's Chromium (JavaScript off, on a phone and on a laptop): the page says it
is a Kobo CSV export, lists the misspelt column with the question it was meant to
be, and imports the file once she lists the column to leave out; when the round
has closed she reads how well its questions measured. Screenshots go to
test-artifacts/import-*.png and quality-*.png for a person to look at."""

from __future__ import annotations

import os

import pytest
from django.contrib.auth import get_user_model

from tests.analysis import tool_exports as t
from tests.browser import ARGS, ARTIFACTS, CHROMIUM
from tests.conftest import PASSWORD
from tests.surveys.conftest import make_round

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.mark.parametrize("width", [390, 1366])
def test_coordinator_uploads_a_kobo_export(live_server, lsp, tmp_path, width) -> None:
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"Debian's chromium ({CHROMIUM}) is not installed")
    sync_api = pytest.importorskip("playwright.sync_api")
    from joinedup.registry.models import Access, AccessRole
    from joinedup.surveys.library import import_instrument_file
    from joinedup.surveys.models import Response
    from joinedup.surveys.rounds import close_round_once

    ann = get_user_model().objects.create_user("ann", "ann.hale@example.org", PASSWORD)
    Access.objects.create(user=ann, role=AccessRole.COORDINATOR, partnership=lsp)
    round_ = make_round(lsp, import_instrument_file(t.write_form(tmp_path / "form.xlsx")))
    wrong = {"purpose/hc_purpose_shared": "purpose/hc_purpose_shard"}
    export = t.kobo_csv(tmp_path / "Partnership_check_2026.csv", rename=wrong)
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            context = browser.new_context(
                viewport={"width": width, "height": 900}, java_script_enabled=False
            )
            context.set_default_timeout(120_000)
            page = context.new_page()
            page.goto(f"{live_server.url}/accounts/login/")
            page.get_by_label("Username").fill("ann")
            page.get_by_label("Password").fill(PASSWORD)
            page.get_by_role("button", name="Sign in").click()
            page.goto(f"{live_server.url}/surveys/rounds/{round_.pk}/")
            page.get_by_role("link", name="Import responses from a file").click()
            page.get_by_label("CSV or Excel (.xlsx) file").set_input_files(str(export))
            page.get_by_role("button", name="Check and import").click()
            page.screenshot(path=str(ARTIFACTS / f"import-refused-{width}.png"), full_page=True)
            text = page.content()
            assert "A KoboToolbox CSV export" in text
            assert "did you mean hc_purpose_shared?" in text
            assert not Response.objects.exists()
            page.get_by_label("CSV or Excel (.xlsx) file").set_input_files(str(export))
            page.get_by_label("Columns to leave out (optional)").fill("purpose/hc_purpose_shard")
            page.get_by_role("button", name="Check and import").click()
            page.screenshot(path=str(ARTIFACTS / f"import-done-{width}.png"), full_page=True)
            assert "10 responses imported." in page.content()
            assert Response.objects.filter(round=round_).count() == 10

            close_round_once(round_.pk)
            page.goto(f"{live_server.url}/surveys/rounds/{round_.pk}/")
            page.get_by_role("link", name="How well the questions measured").click()
            page.screenshot(path=str(ARTIFACTS / f"quality-round-{width}.png"), full_page=True)
            assert "McDonald’s omega (95% interval, bootstrap)" in page.content()
        finally:
            browser.close()
