"""A whole survey cycle in Chromium, from an empty installation, never opening /admin/.

The administrator creates a partnership and invites its coordinator by e-mail; the
coordinator uploads eight contacts (a bad sector is reported with its row and column
and nothing is stored; the fixed file goes in), creates a health-check round,
previews it as a respondent, and invites everyone. Every message goes through a real
SMTP server on the loopback interface (aiosmtpd), and the links are read from the
messages it received. Six people answer on a phone; a reminder reaches the other two
with their original links, which still work; the round closes on its date (the
clock is moved), and the coordinator reads the report and downloads the PDF.

Screenshots of each step are left in test-artifacts/whole-cycle/."""

from __future__ import annotations

import datetime as dt
import os
import re
import zoneinfo
from pathlib import Path

import pytest

from tests.browser import ARGS, ARTIFACTS, CHROMIUM
from tests.conftest import PASSWORD
from tests.outbox.conftest import smtp_server, use_server

__all__ = ["smtp_server"]  # the fixture: a real SMTP server on the loopback interface

pytestmark = [
    pytest.mark.browser,
    pytest.mark.both_engines,  # the one browser test the PostgreSQL pass runs too
    pytest.mark.django_db(transaction=True),
]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

SHOTS = ARTIFACTS / "whole-cycle"
LONDON = zoneinfo.ZoneInfo("Europe/London")
ORGANISATIONS = """name,sector,tier
Harrowgate Borough Council,public,local
Harrowgate Community Trust,voluntary,neighbourhood
Harrowgate Police,public,regional
"""
CONTACTS = """name,email,organisation,sector
Ffion Hughes,ffion@council.test,Harrowgate Borough Council,
Gareth Lloyd,gareth@council.test,Harrowgate Borough Council,
Hana Begum,hana@council.test,Harrowgate Borough Council,
Idris Jones,idris@trust.test,Harrowgate Community Trust,
Jade Okoro,jade@trust.test,Harrowgate Community Trust,
Kofi Mensah,kofi@police.test,Harrowgate Police,
Lowri Evans,lowri@police.test,Harrowgate Police,
Mair Davies,mair@youth.test,Harrowgate Youth Forum,{sector}
"""


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _upload(page, path: Path, text: str, button: str = "Upload and check") -> None:
    path.write_text(text, encoding="utf-8")
    page.get_by_label("CSV or Excel (.xlsx) file").set_input_files(str(path))
    with page.expect_navigation():
        page.get_by_role("button", name=button).click()


def _links(bodies: list[str]) -> list[str]:
    return [re.search(r"(http://\S+/surveys/s/[^/\s]+/)", body).group(1) for body in bodies]


def _answer_everything(page, nth: int) -> None:
    """Answer every page of the questionnaire, choosing the ``nth``-based option of
    each question, then submit. Each click waits for the next page to load: on a
    busy machine a page looked at as the click returns may be neither the old one nor
    the new one yet."""
    for _ in range(40):
        if page.get_by_role("heading", name="Thank you").count():
            return
        submit = page.get_by_role("button", name="Submit my answers")
        if submit.count():
            with page.expect_navigation():
                submit.click()
            continue
        names = page.eval_on_selector_all(
            "input[type=radio]", "els => [...new Set(els.map(e => e.name))]"
        )
        for i, name in enumerate(names):
            options = page.locator(f"input[type=radio][name='{name}']:not([value=dk])")
            options.nth((nth + i) % options.count()).check()
        with page.expect_navigation():
            page.get_by_role("button", name="Save and continue").click()
    raise AssertionError("the questionnaire never ended")


def test_a_whole_survey_cycle_without_the_admin(
    live_server, tmp_path, settings, smtp_server
) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    time_machine = pytest.importorskip("time_machine")
    from django.db import connections

    from joinedup.outbox.delivery import deliver_all
    from joinedup.registry.models import Partnership, Person
    from joinedup.registry.setup import ensure_admin
    from joinedup.surveys.models import Invitation, Response, Round

    use_server(settings, smtp_server)
    settings.BASE_URL = live_server.url
    mailbox = smtp_server.mailbox
    ensure_admin("admin", "admin@example.org", PASSWORD)
    base = live_server.url
    today = dt.datetime.now(LONDON).date()
    closes = today + dt.timedelta(days=2)
    visited: list[str] = []

    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        desk = browser.new_context(viewport={"width": 1366, "height": 900})
        desk.set_default_timeout(60_000)
        desk.on("request", lambda request: visited.append(request.url))
        admin = desk.new_page()

        # The administrator: organisations, a partnership, its coordinator invited.
        admin.goto(f"{base}/accounts/login/")
        admin.get_by_label("Username").fill("admin")
        admin.get_by_label("Password").fill(PASSWORD)
        admin.get_by_role("button", name="Sign in").click()
        admin.get_by_role("link", name="Set up the first partnership").click()
        admin.get_by_role("link", name="Upload organisations (CSV or Excel)").click()
        _upload(admin, tmp_path / "organisations.csv", ORGANISATIONS)
        admin.get_by_role("link", name="Create a partnership").click()
        admin.get_by_label("Name").fill("Harrowgate Partnership Board")
        admin.get_by_label("Basis").select_option("voluntary")
        admin.get_by_label("Start date").fill("2026-01-05")
        for name in (
            "Harrowgate Borough Council",
            "Harrowgate Community Trust",
            "Harrowgate Police",
        ):
            admin.get_by_label(name).check()
        admin.get_by_label("Lead organisation").select_option(label="Harrowgate Borough Council")
        admin.get_by_role("button", name="Save").click()
        admin.get_by_role("link", name="Invite a coordinator").click()
        admin.get_by_label("E-mail address").fill("tomos@harrowgate.test")
        admin.get_by_role("button", name="Save").click()
        admin.get_by_text("an e-mail with a link to choose a password is sent").wait_for()
        _shot(admin, "01-admin-coordinator-invited")
        board = Partnership.objects.get()
        assert board.memberships.count() == 3
        assert len(mailbox.messages) == 1, "the account invitation went through SMTP"
        (set_password,) = re.findall(r"(http://\S+/accounts/reset/\S+/)", mailbox.bodies()[0])
        admin.close()

        # The coordinator chooses a password and signs in.
        coordinator = desk.new_page()
        coordinator.goto(set_password)
        coordinator.get_by_label("New password", exact=True).fill("harrowgate-board-2026")
        coordinator.get_by_label("New password confirmation").fill("harrowgate-board-2026")
        coordinator.get_by_role("button", name="Set the password").click()
        coordinator.get_by_role("link", name="Sign in").last.click()
        coordinator.get_by_label("Username").fill("tomos@harrowgate.test")
        coordinator.get_by_label("Password").fill("harrowgate-board-2026")
        coordinator.get_by_role("button", name="Sign in").click()
        coordinator.wait_for_url(f"{base}/")
        coordinator.get_by_role("link", name="Harrowgate Partnership Board").first.click()

        # Eight contacts: one bad sector, reported by row and column; nothing stored.
        coordinator.get_by_role("link", name="Upload contacts").click()
        _upload(coordinator, tmp_path / "contacts.csv", CONTACTS.format(sector="youth"))
        problems = coordinator.locator("#problems")
        problems.wait_for()
        assert re.search(r"contacts\.csv\s+9\s+sector\s+'youth'", problems.inner_text())
        assert not Person.objects.filter(email__endswith=".test").exists()
        _shot(coordinator, "02-contacts-problem")
        _upload(coordinator, tmp_path / "contacts.csv", CONTACTS.format(sector="community"))
        coordinator.get_by_role("link", name="Upload contacts").wait_for()
        assert Person.objects.filter(email__endswith=".test").count() == 8
        _shot(coordinator, "03-contacts-stored")

        # A health-check round, open from today, closing in two days.
        coordinator.goto(f"{base}/surveys/partnership/{board.pk}/new/")
        coordinator.get_by_label("Instrument").select_option(
            label="Partnership health check, version 2"
        )
        coordinator.get_by_label("Period").fill("winter 2026")
        coordinator.get_by_label("Opens on").fill(today.isoformat())
        coordinator.get_by_label("Closes on").fill(closes.isoformat())
        coordinator.get_by_role("button", name="Create the round").click()
        coordinator.get_by_role("link", name="Preview as a respondent").wait_for()
        round_ = Round.objects.get()
        round_url = coordinator.url
        _shot(coordinator, "04-round-created")

        # The preview walks the real first page and stores nothing.
        coordinator.get_by_role("link", name="Preview as a respondent").click()
        coordinator.get_by_role("button", name="Save and continue").wait_for()
        _shot(coordinator, "05-preview")
        assert not Response.objects.exists()

        # Invite everyone; the worker's step sends through SMTP; links come from the mail.
        coordinator.goto(round_url)
        coordinator.get_by_role("button", name="Send invitations").click()
        coordinator.get_by_text("8 invitations queued").wait_for()
        assert len(mailbox.messages) == 1, "nothing is sent inside the request"
        deliver_all()
        invitations = mailbox.bodies()[1:]
        assert len(invitations) == 8
        links = _links(invitations)
        assert len(set(links)) == 8
        coordinator.goto(round_url)
        _shot(coordinator, "06-invitations-sent")

        # Six respondents answer on a phone.
        phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
        phone.set_default_timeout(60_000)
        phone.on("request", lambda request: visited.append(request.url))
        for nth, link in enumerate(links[:6]):
            respondent = phone.new_page()
            respondent.goto(link)
            if nth == 0:
                _shot(respondent, "07-respondent-first-page-390")
            _answer_everything(respondent, nth)
            respondent.close()
        assert Response.objects.filter(submitted__isnull=False).count() == 6

        # A reminder reaches the other two, with the links they were invited with.
        coordinator.goto(round_url)
        coordinator.get_by_role("button", name="E-mail reminders (same links)").click()
        coordinator.get_by_text("2 reminders queued").wait_for()
        deliver_all()
        reminders = mailbox.bodies()[9:]
        assert len(reminders) == 2
        assert sorted(_links(reminders)) == sorted(links[6:])
        late = phone.new_page()
        late.goto(links[6])
        late.get_by_role("button", name="Save and continue").wait_for()
        late.close()
        assert Invitation.objects.filter(submitted=True).count() == 6

        # The round closes on its date: the day after the closing day, by the clock.
        after = dt.datetime.combine(closes + dt.timedelta(days=1), dt.time(9), LONDON)
        with time_machine.travel(after, tick=True):
            coordinator.goto(round_url)
            coordinator.locator(".round-state").get_by_text("Closed").wait_for()
            late = phone.new_page()
            response = late.goto(links[7])
            assert response.status == 410
            late.close()
            coordinator.goto(f"{base}/reports/partnership/{board.pk}/")
            coordinator.get_by_role("link", name="Download as PDF").wait_for()
            report = coordinator.content()
            assert "winter 2026" in report
            _shot(coordinator, "08-report")
            href = coordinator.get_by_role("link", name="Download as PDF").get_attribute("href")
            answer = desk.request.get(f"{base}{href}")
            assert answer.status == 200
            assert answer.headers["content-type"] == "application/pdf"
            pdf = answer.body()
            assert pdf.startswith(b"%PDF")
        browser.close()
        connections.close_all()

    assert not [url for url in visited if "/admin/" in url]
    round_.refresh_from_db()
    assert len(pdf) > 10_000
