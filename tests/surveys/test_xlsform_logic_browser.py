"""A respondent answers an imported Kobo/ODK form with logic in Chromium, on a phone:
the skip logic and the checks behave as in ODK (a question appears when an answer
makes it apply, a bad answer is sent back with the form's own message, a cascading
list offers only the choices that fit), and the answers are stored as given."""

from __future__ import annotations

import os

import pytest

from tests.analysis.partnership_form import write_partnership_form
from tests.browser import ARGS, ARTIFACTS, CHROMIUM
from tests.surveys.conftest import make_round

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 900}


@pytest.fixture
def link(lsp, tmp_path, live_server):
    from joinedup.surveys.library import import_instrument_file
    from joinedup.surveys.rounds import Invitee, invite

    round_ = make_round(lsp, import_instrument_file(write_partnership_form(tmp_path)))
    person = lsp.lead.people.first()
    (token,) = invite(round_, [Invitee(person, "officer")], send=False).values()
    return f"{live_server.url}/surveys/s/{token}/"


def test_pulse_survey_in_chromium(link):
    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian's chromium (/usr/bin/chromium) is not installed")
    sync_api = pytest.importorskip("playwright.sync_api")
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_context(viewport=PHONE).new_page()
            page.goto(link)
            _about(page)
            _working(page)
            page.get_by_label("Is there anything else").fill("Keep the meetings short.")
            _save(page)
            with page.expect_navigation():
                page.get_by_role("button", name="Submit my answers").click()
            assert "Thank you" in page.content()
        finally:
            browser.close()
    _stored()


def _save(page):
    """Save the page and wait for the next one (the server answers every step)."""
    with page.expect_navigation():
        page.get_by_role("button", name="Save and continue").click()


def _visible(locator):
    from playwright.sync_api import expect

    expect(locator).to_be_visible()


def _about(page):
    assert page.locator("input[name=ward]").count() == 0
    page.get_by_label("Voluntary or community group").check()
    page.get_by_label("South Kestermouth").check()
    page.fill("input[name=joined]", "2999-01-01")
    _save(page)
    # The ward now applies, with the south's wards only; the future day is refused.
    assert page.locator("#id_joined_error").inner_text().endswith("cannot be in the future.")
    wards = page.locator("input[name=ward]")
    assert [wards.nth(i).get_attribute("value") for i in range(wards.count())] == [
        "harbour",
        "old_town",
    ]
    assert page.get_by_label("South Kestermouth").is_checked()  # answers kept
    page.screenshot(path=str(ARTIFACTS / "xlsform-logic-check-phone.png"), full_page=True)
    page.get_by_label("Harbour").check()
    page.fill("input[name=joined]", "2019-04-01")
    _save(page)


def _working(page):
    _visible(page.get_by_text("Partners in South Kestermouth trust each other."))
    assert page.locator("input[name=meetings_n]").count() == 0
    page.check("input[name=trust][value='4']")
    page.check("input[name=shared_aims][value='5']")
    page.get_by_label("Yes").check()
    _save(page)
    _visible(page.get_by_text("a further question applies"))
    _visible(page.get_by_text("About the meetings"))
    page.fill("input[name=meetings_n]", "60")
    page.check("input[name=meetings_useful][value='4']")
    page.fill("input[name=meeting_time]", "17:30")
    page.check("input[name=barriers][value='other']")
    _save(page)
    assert page.locator("#id_meetings_n_error").inner_text() == "Please give a number from 1 to 52."
    page.fill("input[name=meetings_n]", "12")
    page.get_by_label("Specify other.").fill("Paperwork")  # appeared with "Other"
    page.set_viewport_size(LAPTOP)
    page.screenshot(path=str(ARTIFACTS / "xlsform-logic-laptop.png"), full_page=True)
    page.set_viewport_size(PHONE)
    _save(page)


def _stored():
    from joinedup.surveys.models import Answer

    stored = {a.item: a for a in Answer.objects.filter(response__submitted__isnull=False)}
    assert stored["ward"].text == "harbour"
    assert stored["joined"].text == "2019-04-01"
    assert stored["meetings_n"].value == 12
    assert stored["meeting_time"].text == "17:30"
    assert stored["barriers"].text == "other"
    assert stored["barriers_other"].text == "Paperwork"
    assert stored["confidence"].value == 5  # the default, left as it was
