"""The coordinator copies a person's survey link in Chromium: with JavaScript the
"Copy" button puts the link on the clipboard (no content-security-policy report);
without it the link is a read-only field and no button shows."""

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
    from joinedup.surveys.rounds import Invitee, invite

    round_ = make_round(lsp, latest_version("health-check"))
    people = [p for m in lsp.memberships.all() for p in m.organisation.people.all()][:3]
    tokens = invite(round_, [Invitee(p, "officer") for p in people], send=False)
    user = get_user_model().objects.create_user("coord", "c@example.org", PASSWORD)
    Access.objects.create(user=user, role=AccessRole.COORDINATOR, partnership=lsp)
    return round_, tokens


def _sign_in(page, url):
    page.goto(f"{url}/accounts/login/")
    page.fill("input[name=username]", "coord")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit], input[type=submit]")


def test_copy_a_link_with_and_without_javascript(live_server, setting, settings):
    if not os.path.exists("/usr/bin/chromium"):
        pytest.skip("Debian's chromium (/usr/bin/chromium) is not installed")
    sync_api = pytest.importorskip("playwright.sync_api")
    settings.BASE_URL = live_server.url
    round_, tokens = setting
    inv_id, token = next(iter(tokens.items()))
    link = f"{live_server.url}/surveys/s/{token}/"
    round_url = f"{live_server.url}/surveys/rounds/{round_.pk}/"
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        try:
            context = browser.new_context()
            context.grant_permissions(["clipboard-read", "clipboard-write"])
            page = context.new_page()
            console = []
            page.on("console", lambda m: console.append(m.text))
            _sign_in(page, live_server.url)
            page.goto(round_url)
            assert page.locator(f"#link-{inv_id}").input_value() == link
            button = page.locator(f'button[data-copy="link-{inv_id}"]')
            assert button.is_visible()
            button.click()
            page.wait_for_function("b => b.textContent === 'Copied'", arg=button.element_handle())
            assert page.evaluate("navigator.clipboard.readText()") == link
            page.locator("#links").scroll_into_view_if_needed()
            page.screenshot(path=str(ARTIFACTS / "survey-links.png"), full_page=True)
            assert not [m for m in console if "Content Security Policy" in m]
            context.close()

            plain = browser.new_context(java_script_enabled=False)
            page = plain.new_page()
            _sign_in(page, live_server.url)
            page.goto(round_url)
            field = page.locator(f"#link-{inv_id}")
            assert field.input_value() == link
            assert field.get_attribute("readonly") is not None
            assert not page.locator(f'button[data-copy="link-{inv_id}"]').is_visible()
            plain.close()
        finally:
            browser.close()
