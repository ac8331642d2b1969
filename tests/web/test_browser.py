"""Coordinator, member and evaluator sign in through the login form in Debian's
Chromium and see what each may see, and nothing more:

- the coordinator: their partnership, its rounds (with the controls to make one),
  and not the other two partnerships' reports or rounds;
- the member: their partnership's results, without coordinator controls;
- the evaluator: every partnership's report, read-only, and the benchmark with its
  downloads;
- nobody: the raw pairwise ratings of the network survey (administrators only).

Screenshots of the pages (the evaluator's report of partnership A, the full
benchmark page, …) are left in test-artifacts/ for a person to look at."""

from __future__ import annotations

import io
import os
import zipfile

import pytest

from tests.browser import ARGS, ARTIFACTS, CHROMIUM
from tests.conftest import PARTNERSHIP_A, PARTNERSHIP_B, PARTNERSHIP_C, PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

SEES = {
    "coordinator_a": {PARTNERSHIP_A},
    "member_a": {PARTNERSHIP_A},
    "evaluator": {PARTNERSHIP_A, PARTNERSHIP_B, PARTNERSHIP_C},
}
MANAGES = {"coordinator_a": {PARTNERSHIP_A}, "member_a": set(), "evaluator": set()}
DENIED = {403, 404}
# What only administrators see of the network survey: who rated whom how.
CONFIDENTIAL = ("pair ratings (CONFIDENTIAL CSV)", "confidential: administrators only")


def _sign_in(browser, base: str, username: str):
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    context.set_default_timeout(120_000)  # a busy 2-core CI machine renders reports slowly
    page = context.new_page()
    page.goto(f"{base}/")
    page.get_by_role("link", name="Sign in").first.click()
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/")
    return context, page


def _status(page, url: str) -> int:
    response = page.goto(url)
    assert response is not None
    return response.status


def _check_reports(page, base: str, persona: str, demo: dict) -> None:
    """Each partnership's report and rounds: open when the persona may see it,
    refused otherwise; never a confidential part; controls only for coordinators."""
    for name, partnership in demo.items():
        may = name in SEES[persona]
        report = _status(page, f"{base}/reports/partnership/{partnership.pk}/")
        assert (report == 200) if may else (report in DENIED), (persona, name, report)
        if may:
            page.get_by_role("heading", name="Methods", exact=True).wait_for()
            text = page.content()
            assert not any(words in text for words in CONFIDENTIAL), (persona, name)
        rounds = _status(page, f"{base}/surveys/partnership/{partnership.pk}/")
        assert (rounds == 200) if may else (rounds in DENIED), (persona, name, rounds)
        if may:
            controls = page.get_by_role("link", name="Create a round").count()
            assert controls == (1 if name in MANAGES[persona] else 0), (persona, name)
            assert page.locator("table").count() >= 1  # the rounds are listed
        pairs = _status(page, f"{base}/networks/{partnership.pk}/confidential-pairs/")
        assert pairs in DENIED, (persona, name, pairs)


def _check_benchmark(page, base: str, persona: str, demo: dict) -> None:
    url = f"{base}/reports/benchmark/?partnership={demo[PARTNERSHIP_A].pk}"
    status = _status(page, url)
    if persona != "evaluator":
        assert status in DENIED, (persona, status)
        return
    assert status == 200
    page.get_by_role("heading", name="Downloads").wait_for()
    assert page.locator("section.benchmark-dim").count() > 0
    assert page.locator("tr.chosen").count() > 0
    page.screenshot(path=str(ARTIFACTS / "benchmark-evaluator.png"), full_page=True)
    with page.expect_download() as info:
        page.get_by_role("link", name="GraphML").first.click()
    archive = zipfile.ZipFile(io.BytesIO(info.value.path().read_bytes()))
    assert len([n for n in archive.namelist() if n.endswith(".graphml")]) == len(demo)


def _check_persona(browser, base: str, persona: str, demo: dict) -> None:
    context, page = _sign_in(browser, base, persona)
    cards = set(page.locator(".card h3").all_inner_texts())
    assert cards == SEES[persona], persona
    page.screenshot(path=str(ARTIFACTS / f"home-{persona}.png"), full_page=True)
    page.get_by_role("link", name="Read the report").first.click()
    page.get_by_role("heading", name="Methods", exact=True).wait_for()
    assert page.locator("h1").first.inner_text() in SEES[persona]
    page.screenshot(path=str(ARTIFACTS / f"report-{persona}.png"), full_page=True)
    if persona == "evaluator":
        page.goto(f"{base}/reports/partnership/{demo[PARTNERSHIP_A].pk}/")
        page.get_by_role("heading", name="Methods", exact=True).wait_for()
        page.screenshot(path=str(ARTIFACTS / "report-evaluator-partnership-a.png"), full_page=True)
    _check_reports(page, base, persona, demo)
    _check_benchmark(page, base, persona, demo)
    assert _status(page, f"{base}/dashboard/") == 200
    if persona == "coordinator_a":
        assert PARTNERSHIP_A in page.content()
        page.screenshot(path=str(ARTIFACTS / "dashboard-coordinator_a.png"), full_page=True)
    else:
        assert "You do not coordinate any partnership" in page.content()
    context.close()


def test_each_role_sees_what_it_may(live_server, personas, demo) -> None:
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"Debian's chromium ({CHROMIUM}) is not installed")
    sync_api = pytest.importorskip("playwright.sync_api")
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            for persona in SEES:
                _check_persona(browser, live_server.url, persona, demo)
            page = browser.new_page()
            page.goto(f"{live_server.url}/")
            page.screenshot(path=str(ARTIFACTS / "home-signed-out.png"), full_page=True)
            assert PARTNERSHIP_A not in page.content()
        finally:
            browser.close()
