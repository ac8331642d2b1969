"""Ann Hale, coordinator of the Harbour Partnership, runs her round's dates in
Debian's Chromium with JavaScript switched off: she previews the survey as a
respondent (nothing stored), asks to close the round, changes her mind, closes it,
and reopens it with a new closing date (nobody had answered, so nothing was
published). Screenshots go to test-artifacts/lifecycle-*.png for a person to
look at."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from tests.browser import ARGS, ARTIFACTS, CHROMIUM
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def test_coordinator_previews_closes_and_reopens_without_javascript(
    live_server, lsp, check_version
) -> None:
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"Debian's chromium ({CHROMIUM}) is not installed")
    sync_api = pytest.importorskip("playwright.sync_api")
    from joinedup.registry.models import Access, AccessRole
    from joinedup.surveys import lifecycle
    from joinedup.surveys.models import Answer, Response, Round
    from joinedup.surveys.rounds import create_round

    ann = get_user_model().objects.create_user("ann", "ann.hale@example.org", PASSWORD)
    Access.objects.create(user=ann, role=AccessRole.COORDINATOR, partnership=lsp)
    today = timezone.now().astimezone(lsp.zone()).date()
    round_ = create_round(
        lsp,
        check_version,
        "winter",
        lifecycle.start_of(today - dt.timedelta(days=3), lsp.zone()),
        lifecycle.end_of(today + dt.timedelta(days=20), lsp.zone()),
        status="open",
    )
    ARTIFACTS.mkdir(exist_ok=True)
    base = live_server.url
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            context = browser.new_context(
                viewport={"width": 1000, "height": 900}, java_script_enabled=False
            )
            context.set_default_timeout(120_000)
            page = context.new_page()
            page.goto(f"{base}/accounts/login/")
            page.get_by_label("Username").fill("ann")
            page.get_by_label("Password").fill(PASSWORD)
            page.get_by_role("button", name="Sign in").click()
            page.goto(f"{base}/surveys/rounds/{round_.pk}/")
            page.screenshot(path=str(ARTIFACTS / "lifecycle-open.png"), full_page=True)
            assert "at the end of the day (Europe/London)" in page.content()

            page.get_by_role("link", name="Preview as a respondent").click()
            assert "Nothing you enter here is stored." in page.content()
            page.get_by_role("radio", name="Agree", exact=True).first.check()
            page.get_by_role("button", name="Save and continue").click()
            page.screenshot(path=str(ARTIFACTS / "lifecycle-preview.png"), full_page=True)
            assert "Accountability" in page.content()
            assert not Response.objects.exists()
            assert not Answer.objects.exists()

            page.goto(f"{base}/surveys/rounds/{round_.pk}/")
            page.get_by_role("link", name="Close now…").click()
            page.screenshot(path=str(ARTIFACTS / "lifecycle-confirm.png"), full_page=True)
            page.get_by_role("link", name="No, keep it open").click()
            assert lifecycle.round_state(Round.objects.get(pk=round_.pk)) == "open"
            page.get_by_role("link", name="Close now…").click()
            page.get_by_role("button", name="Yes, close the round now").click()
            assert lifecycle.round_state(Round.objects.get(pk=round_.pk)) == "closed"
            page.screenshot(path=str(ARTIFACTS / "lifecycle-closed.png"), full_page=True)

            later = today + dt.timedelta(days=30)
            page.get_by_label("New closing date").fill(later.isoformat())
            page.get_by_role("button", name="Reopen the round").click()
            page.screenshot(path=str(ARTIFACTS / "lifecycle-reopened.png"), full_page=True)
            assert "The round is open again until" in page.content()
            reopened = Round.objects.get(pk=round_.pk)
            assert lifecycle.round_state(reopened) == "open"
            assert lifecycle.closes_on(reopened) == later
            context.close()
        finally:
            browser.close()
