"""The content security policy holds in a real browser (Debian's Chromium): the main
pages — landing, partnership, report, dashboard, survey, admin and the API docs —
load and work without one CSP violation reported on the console."""

from __future__ import annotations

import os

import pytest

from tests.browser import ARGS, ARTIFACTS
from tests.conftest import PARTNERSHIP_A, PASSWORD
from tests.surveys.conftest import make_round

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def survey_token(demo):
    from joinedup.surveys.library import latest_version
    from joinedup.surveys.rounds import Invitee, invite

    lsp = demo[PARTNERSHIP_A]
    round_ = make_round(lsp, latest_version("health-check"))
    person = next(p for m in lsp.memberships.all() for p in m.organisation.people.all())
    return next(iter(invite(round_, [Invitee(person, "officer")], send=False).values()))


def _pages(demo, token: str) -> list[tuple[str, str]]:
    pk = demo[PARTNERSHIP_A].pk
    return [
        ("landing", "/"),
        ("partnership", f"/partnerships/{pk}/"),
        ("report", f"/reports/partnership/{pk}/"),
        ("dashboard", "/dashboard/"),
        ("survey", f"/surveys/s/{token}/"),
        ("admin", "/admin/"),
        ("admin-change", f"/admin/registry/partnership/{pk}/change/"),
        ("api-docs", "/api/docs"),
    ]


def _sign_in(page, base: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Username").fill("admin")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/")


def test_main_pages_raise_no_csp_violation(live_server, personas, demo, survey_token) -> None:
    if not os.path.exists("/usr/bin/chromium"):
        pytest.skip("Debian's chromium (/usr/bin/chromium) is not installed")
    sync_api = pytest.importorskip("playwright.sync_api")
    ARTIFACTS.mkdir(exist_ok=True)
    base = live_server.url
    violations: list[str] = []
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        try:
            context = browser.new_context(viewport={"width": 1200, "height": 900})
            context.set_default_timeout(120_000)
            page = context.new_page()
            page.on(
                "console",
                lambda m: (
                    violations.append(f"{page.url}: {m.text}")
                    if "Content Security Policy" in m.text
                    else None
                ),
            )
            _sign_in(page, base)
            for name, path in _pages(demo, survey_token):
                response = page.goto(f"{base}{path}")
                assert response is not None
                assert response.status == 200, (name, path)
                assert "script-src 'self'" in response.headers["content-security-policy"]
                page.wait_for_load_state("networkidle")
                page.screenshot(path=str(ARTIFACTS / f"csp-{name}.png"), full_page=True)
            page.goto(f"{base}/api/docs")
            page.locator(".opblock").first.wait_for()
        finally:
            browser.close()
    assert violations == [], "\n".join(violations)
