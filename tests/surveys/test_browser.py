"""A respondent answers in a real browser (Debian's Chromium): part of the survey,
leaves, comes back with the same link, finishes and submits; the coordinator's
round page then counts the response."""

from __future__ import annotations

import os

import pytest

from tests.browser import ARGS, ARTIFACTS
from tests.conftest import PASSWORD
from tests.surveys.conftest import make_round

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def setting(lsp):
    """An open health-check round with two invited people, and its coordinator."""
    from django.contrib.auth import get_user_model

    from joinedup.registry.models import Access, AccessRole
    from joinedup.surveys.library import latest_version
    from joinedup.surveys.rounds import Invitee, invite

    round_ = make_round(lsp, latest_version("health-check"))
    people = [p for m in lsp.memberships.all() for p in m.organisation.people.all()][:2]
    tokens = invite(round_, [Invitee(p, "officer") for p in people], send=False)
    user = get_user_model().objects.create_user("coord", "c@example.org", PASSWORD)
    Access.objects.create(user=user, role=AccessRole.COORDINATOR, partnership=lsp)
    return round_, next(iter(tokens.values()))


def test_answer_leave_resume_submit(live_server, setting):
    if not os.path.exists("/usr/bin/chromium"):
        pytest.skip("Debian's chromium (/usr/bin/chromium) is not installed")
    sync_api = pytest.importorskip("playwright.sync_api")
    round_, token = setting
    link = f"{live_server.url}/surveys/s/{token}/"
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        try:
            _first_visit(browser, link)
            _second_visit(browser, link)
            _coordinator(browser, live_server.url, round_.pk)
        finally:
            browser.close()


def _first_visit(browser, link):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(link)
    assert page.locator("#progress-label").inner_text() == "Page 1 of 7"
    page.screenshot(path=str(ARTIFACTS / "survey-phone.png"))
    page.get_by_label("Agree", exact=True).first.check()
    page.check("input[name=hc_purpose_shared][value=dk]")
    page.get_by_role("button", name="Save and continue").click()
    assert page.locator("#progress-label").inner_text() == "Page 2 of 7"
    page.check("input[name=hc_arr_roles][value='5']")
    page.get_by_role("button", name="Save and continue").click()
    assert page.locator("#progress-label").inner_text() == "Page 3 of 7"
    context.close()  # the respondent leaves


def _second_visit(browser, link):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(link + "?lang=cy")
    page.screenshot(path=str(ARTIFACTS / "survey-phone-cy.png"))
    page.goto(link + "?lang=en")
    assert page.locator("#progress-label").inner_text() == "Page 3 of 7"
    page.get_by_role("button", name="Save and go back").click()
    assert page.locator("input[name=hc_arr_roles][value='5']").is_checked()
    page.get_by_role("button", name="Save and continue").click()
    # Keyboard only: tab to the first choice of the page and pick it with space.
    page.locator("input[name=hc_own_commitment]").first.focus()
    page.keyboard.press("Space")
    for _page in range(4):
        page.get_by_role("button", name="Save and continue").click()
    assert page.get_by_role("heading", name="Check and submit").is_visible()
    # Wait for the answer to the submission: on a busy machine the heading is
    # not there yet when the click returns.
    with page.expect_navigation():
        page.get_by_role("button", name="Submit my answers").click()
    from playwright.sync_api import expect

    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()
    again = page.goto(link)
    assert again.status == 410
    assert "already answered" in page.content()
    context.close()


def _coordinator(browser, url, round_pk):
    page = browser.new_page()
    page.goto(f"{url}/accounts/login/")
    page.fill("input[name=username]", "coord")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit], input[type=submit]")
    page.goto(f"{url}/surveys/rounds/{round_pk}/")
    assert "1 of 2 invited people have submitted (50%)." in page.content()
    page.screenshot(path=str(ARTIFACTS / "survey-round.png"), full_page=True)
