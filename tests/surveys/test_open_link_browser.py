"""The open link in Chromium: the coordinator switches it on and copies it; a
respondent on a phone, without JavaScript, chooses their organisation and group
under the round's introduction and privacy notice and reaches the first question."""

from __future__ import annotations

import os

import pytest

from tests.browser import ARGS, ARTIFACTS
from tests.conftest import PASSWORD
from tests.surveys.conftest import make_round

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def setting(lsp):
    from django.contrib.auth import get_user_model

    from joinedup.registry.models import Access, AccessRole
    from joinedup.surveys.library import latest_version

    round_ = make_round(lsp, latest_version("health-check"))
    user = get_user_model().objects.create_user("coord", "c@example.org", PASSWORD)
    Access.objects.create(user=user, role=AccessRole.COORDINATOR, partnership=lsp)
    return round_


def test_switch_on_copy_and_start_on_a_phone(live_server, setting, settings):
    if not os.path.exists("/usr/bin/chromium"):
        pytest.skip("Debian's chromium (/usr/bin/chromium) is not installed")
    sync_api = pytest.importorskip("playwright.sync_api")
    from joinedup.surveys.models import Response, ResponseSource

    settings.BASE_URL = live_server.url
    round_ = setting
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        try:
            context = browser.new_context()
            context.grant_permissions(["clipboard-read", "clipboard-write"])
            page = context.new_page()
            page.goto(f"{live_server.url}/accounts/login/")
            page.fill("input[name=username]", "coord")
            page.fill("input[name=password]", PASSWORD)
            page.click("button[type=submit], input[type=submit]")
            page.goto(f"{live_server.url}/surveys/rounds/{round_.pk}/")
            page.click("text=Switch on an open link")
            field = page.locator("#open-link-url")
            link = field.input_value()
            assert link.startswith(f"{live_server.url}/surveys/o/")
            page.click('button[data-copy="open-link-url"]')
            assert page.evaluate("navigator.clipboard.readText()") == link
            page.locator("#open-link").scroll_into_view_if_needed()
            page.screenshot(path=str(ARTIFACTS / "open-link-round.png"), full_page=True)
            context.close()

            phone = browser.new_context(
                viewport={"width": 375, "height": 740}, java_script_enabled=False
            )
            page = phone.new_page()
            page.goto(link)
            assert page.locator("text=Your answers and your privacy").is_visible()
            page.screenshot(path=str(ARTIFACTS / "open-link-start.png"), full_page=True)
            page.select_option("#id_organisation", label="Kestermouth College")
            page.select_option("#id_group", "officer")
            page.click("text=Start the survey")
            assert "Page 1 of" in page.content()
            page.screenshot(path=str(ARTIFACTS / "open-link-page-1.png"), full_page=True)
            phone.close()
        finally:
            browser.close()
    response = Response.objects.get()
    assert response.source == ResponseSource.OPEN
    assert response.group == "officer"
    assert response.submitted is None
