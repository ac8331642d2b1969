"""The coordinator hides a comment in Debian's Chromium, with the keyboard, and the
same form works with JavaScript switched off; the member's partnership page then
lacks it. Screenshots of the "In respondents' own words" section at 390 and 1366 px
and of the coordinator's page are left in test-artifacts/ (words-*.png)."""

from __future__ import annotations

import os

import pytest

from tests.browser import ARGS, ARTIFACTS, CHROMIUM
from tests.conftest import PARTNERSHIP_A, PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

WIDTHS = (390, 1366)


def _sign_in(browser, base: str, user: str, width: int, javascript: bool = True):
    context = browser.new_context(
        viewport={"width": width, "height": 900}, java_script_enabled=javascript
    )
    context.set_default_timeout(120_000)
    page = context.new_page()
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Username").fill(user)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/")
    return context, page


def _no_page_overflow(page) -> None:
    wide = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert wide <= 0, f"the page is {wide}px wider than the window"


def _section_fits(section) -> None:
    """The section's own content is no wider than the section (the rest of the
    partnership page is another piece of work of issue 19)."""
    wide = section.evaluate("e => e.scrollWidth - e.clientWidth")
    assert wide <= 0, f"the section's content is {wide}px wider than the section"


def test_coordinator_hides_a_comment_by_keyboard(live_server, personas, demo) -> None:
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"Debian's chromium ({CHROMIUM}) is not installed")
    sync_api = pytest.importorskip("playwright.sync_api")
    from joinedup.audit.models import AuditEvent
    from joinedup.surveys.models import Answer, HiddenComment, Round

    a = demo[PARTNERSHIP_A]
    round_ = Round.objects.filter(partnership=a, instrument__key="health-check").last()
    shown = (
        Answer.objects.filter(response__round=round_, item="hc_comment", hidden__isnull=True)
        .order_by("pk")
        .first()
    )
    assert round_ is not None
    assert shown is not None
    text = shown.text
    ARTIFACTS.mkdir(exist_ok=True)
    base = live_server.url
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            for width in WIDTHS:
                context, page = _sign_in(browser, base, "member_a", width)
                page.goto(f"{base}/partnerships/{a.pk}/section/words/")
                section = page.locator("section.words")
                assert text in section.inner_text()
                assert "Seabright" not in section.inner_text()
                _section_fits(section)
                section.screenshot(path=str(ARTIFACTS / f"words-section-{width}.png"))
                context.close()

            context, page = _sign_in(browser, base, "coordinator_a", 1366)
            page.goto(f"{base}/surveys/rounds/{round_.pk}/comments/")
            item = page.locator(f"#comment-{shown.pk}")
            button = item.get_by_role("button", name="Hide this comment")
            button.focus()
            assert page.evaluate("document.activeElement.textContent").strip() == (
                "Hide this comment"
            )
            with page.expect_navigation():
                page.keyboard.press("Enter")
            assert (
                page.locator(f"#comment-{shown.pk}")
                .get_by_role("button", name="Show this comment again")
                .is_visible()
            )
            assert HiddenComment.objects.filter(answer=shown).exists()
            assert AuditEvent.objects.filter(
                action="comment.hide", object_id=str(shown.pk)
            ).exists()
            page.screenshot(path=str(ARTIFACTS / "words-coordinator-1366.png"), full_page=True)
            context.close()

            context, page = _sign_in(browser, base, "member_a", 390)
            page.goto(f"{base}/partnerships/{a.pk}/section/words/")
            assert text not in page.locator("section.words").inner_text()
            assert (
                "2 comments hidden by the coordinator" in page.locator("section.words").inner_text()
            )
            context.close()

            # Without JavaScript the buttons are plain forms: show it again.
            context, page = _sign_in(browser, base, "coordinator_a", 390, javascript=False)
            page.goto(f"{base}/surveys/rounds/{round_.pk}/comments/")
            _no_page_overflow(page)
            page.screenshot(path=str(ARTIFACTS / "words-coordinator-390.png"), full_page=True)
            with page.expect_navigation():
                page.locator(f"#comment-{shown.pk}").get_by_role(
                    "button", name="Show this comment again"
                ).click()
            assert not HiddenComment.objects.filter(answer=shown).exists()
            context.close()
        finally:
            browser.close()
