"""Issue 17: sign-ins, password resets and PDF reports are limited per caller.

Every test goes through the real pages with the test client; counts live in the
database, so each test starts from none.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from joinedup import cli
from joinedup.web.models import RequestCount
from joinedup.web.rates import take, wait_response
from tests.conftest import PARTNERSHIP_A, PARTNERSHIP_B, PASSWORD

LOGIN = "/accounts/login/"
RESET = "/accounts/password_reset/"
HOME = "198.51.100.7"
ELSEWHERE = "203.0.113.9"


def sign_in(client: Client, username: str, password: str, path: str = LOGIN, **extra):
    return client.post(path, {"username": username, "password": password}, **extra)


def fail(client: Client, username: str, times: int, **extra) -> list[int]:
    return [sign_in(client, username, "wrong", **extra).status_code for _ in range(times)]


# --- sign-in -------------------------------------------------------------------


def test_five_wrong_passwords_pause_the_account_from_that_address(personas) -> None:
    client = Client(REMOTE_ADDR=HOME)
    assert fail(client, "member_a", 4) == [200, 200, 200, 200]
    locked = sign_in(client, "member_a", "wrong")
    assert locked.status_code == 429
    assert 890 <= int(locked["Retry-After"]) <= 900
    page = locked.content.decode()
    assert "paused until" in page
    assert "joinedup.css" in page  # the site's own page, not a bare refusal
    assert 'name="password"' in page
    # The right password does not get through while paused, and is not counted.
    right = sign_in(client, "member_a", PASSWORD)
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session
    assert sum(AccessAttempt.objects.values_list("failures_since_start", flat=True)) == 5


def test_the_pause_holds_for_one_account_and_one_address_only(personas) -> None:
    fail(Client(REMOTE_ADDR=HOME), "member_a", 5)
    # The same person from another address, and a colleague from the same one.
    assert sign_in(Client(REMOTE_ADDR=ELSEWHERE), "member_a", PASSWORD).status_code == 302
    assert sign_in(Client(REMOTE_ADDR=HOME), "coordinator_a", PASSWORD).status_code == 302


def test_the_pause_ends_after_the_cool_off(personas) -> None:
    client = Client(REMOTE_ADDR=HOME)
    fail(client, "member_a", 5)
    assert sign_in(client, "member_a", PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - dt.timedelta(minutes=16))
    assert sign_in(client, "member_a", PASSWORD).status_code == 302


def test_a_successful_sign_in_clears_the_count(personas) -> None:
    client = Client(REMOTE_ADDR=HOME)
    fail(client, "member_a", 4)
    assert sign_in(client, "member_a", PASSWORD).status_code == 302
    client.logout()
    assert fail(client, "member_a", 4) == [200] * 4


def test_a_forged_forwarded_for_does_not_escape_the_pause(personas, settings) -> None:
    settings.TRUSTED_PROXIES = ["10.0.0.1"]
    fail(Client(REMOTE_ADDR=HOME), "member_a", 5)
    forged = Client(REMOTE_ADDR=HOME, HTTP_X_FORWARDED_FOR=ELSEWHERE)
    assert sign_in(forged, "member_a", PASSWORD).status_code == 429


def test_behind_a_trusted_proxy_each_client_is_counted_on_its_own(personas, settings) -> None:
    settings.TRUSTED_PROXIES = ["10.0.0.1"]
    fail(Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=HOME), "member_a", 5)
    assert AccessAttempt.objects.get().ip_address == HOME
    other = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=ELSEWHERE)
    assert sign_in(other, "member_a", PASSWORD).status_code == 302
    same = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=HOME)
    assert sign_in(same, "member_a", PASSWORD).status_code == 429


def test_the_administration_sign_in_is_paused_too(personas) -> None:
    client = Client(REMOTE_ADDR=HOME)
    statuses = [
        sign_in(client, "admin", "wrong", path="/admin/login/").status_code for _ in range(5)
    ]
    assert statuses == [200, 200, 200, 200, 429]
    assert sign_in(client, "admin", PASSWORD, path="/admin/login/").status_code == 429
    assert sign_in(client, "admin", PASSWORD).status_code == 429  # and on the site's page


def test_an_operator_can_lift_the_pause_from_the_command_line(personas) -> None:
    """``joinedup manage axes_reset_username member_a`` runs this command."""
    client = Client(REMOTE_ADDR=HOME)
    fail(client, "member_a", 5)
    out = io.StringIO()
    call_command("axes_reset_username", "member_a", stdout=out)
    assert "1 attempts removed" in out.getvalue()
    assert sign_in(client, "member_a", PASSWORD).status_code == 302


def test_an_administrator_can_lift_the_pause_in_the_administration(personas) -> None:
    client = Client(REMOTE_ADDR=HOME)
    fail(client, "member_a", 5)
    admin = personas.client("admin")
    listing = admin.get("/admin/axes/accessattempt/")
    assert listing.status_code == 200
    assert "member_a" in listing.content.decode()
    row = AccessAttempt.objects.get()
    deleted = admin.post(f"/admin/axes/accessattempt/{row.pk}/delete/", {"post": "yes"})
    assert deleted.status_code == 302
    assert sign_in(client, "member_a", PASSWORD).status_code == 302


def test_housekeeping_deletes_old_failure_counts(personas, capsys) -> None:
    fail(Client(REMOTE_ADDR=HOME), "member_a", 2)
    fail(Client(REMOTE_ADDR=ELSEWHERE), "member_a", 2)
    AccessAttempt.objects.filter(ip_address=HOME).update(
        attempt_time=timezone.now() - dt.timedelta(hours=1)
    )
    assert cli.main(["housekeeping"]) == 0
    assert "Deleted 1 expired counts of failed sign-ins." in capsys.readouterr().out
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == [ELSEWHERE]


def test_tests_start_with_no_failures(personas) -> None:
    """Counts live in the test database, so earlier tests leave none behind."""
    assert not AccessAttempt.objects.exists()
    assert sign_in(Client(REMOTE_ADDR=HOME), "member_a", PASSWORD).status_code == 302


# --- password resets -------------------------------------------------------------


def test_reset_requests_are_limited_per_email_address(personas) -> None:
    client = Client(REMOTE_ADDR=HOME)
    statuses = [client.post(RESET, {"email": "member@example.org"}).status_code for _ in range(3)]
    assert statuses == [302, 302, 302]
    assert len(mail.outbox) == 3
    refused = Client(REMOTE_ADDR=ELSEWHERE).post(RESET, {"email": "Member@Example.org "})
    assert refused.status_code == 429
    assert 3590 <= int(refused["Retry-After"]) <= 3600
    assert "Please wait 60 minutes" in refused.content.decode()
    assert "joinedup.css" in refused.content.decode()
    assert len(mail.outbox) == 3


def test_reset_answers_the_same_for_an_address_no_account_has(personas) -> None:
    client = Client(REMOTE_ADDR=HOME)
    for email in ("member@example.org", "nobody@example.org"):
        answers = [client.post(RESET, {"email": email}) for _ in range(4)]
        assert [a.status_code for a in answers] == [302, 302, 302, 429]
        assert {a.get("Location") for a in answers[:3]} == {"/accounts/password_reset/done/"}
    assert len(mail.outbox) == 3  # only the account's address was written to


def test_reset_requests_are_limited_per_client_address(personas) -> None:
    client = Client(REMOTE_ADDR=HOME)
    statuses = [
        client.post(RESET, {"email": f"someone{n}@example.org"}).status_code for n in range(11)
    ]
    assert statuses == [302] * 10 + [429]
    other = Client(REMOTE_ADDR=ELSEWHERE).post(RESET, {"email": "member@example.org"})
    assert other.status_code == 302
    assert len(mail.outbox) == 1


def test_the_count_table_holds_no_email_or_client_address(personas) -> None:
    Client(REMOTE_ADDR=HOME).post(RESET, {"email": "member@example.org"})
    rows = list(RequestCount.objects.values_list("key", "scope"))
    assert sorted(scope for _key, scope in rows) == ["reset-address", "reset-email"]
    assert not any("member" in key or HOME in key for key, _scope in rows)


# --- PDF reports ------------------------------------------------------------------


def test_pdf_reports_are_limited_per_user(personas, demo, settings) -> None:
    # A long window, so that a slow machine's PDF does not outlast it.
    settings.REQUEST_RATES = {**settings.REQUEST_RATES, "pdf-user": (2, 600)}
    member = personas.client("member_a")
    a, b = demo[PARTNERSHIP_A], demo[PARTNERSHIP_B]
    # A refused report counts too (it cannot be used to get round the limit).
    assert member.get(f"/reports/partnership/{b.pk}/pdf/").status_code in {403, 404}
    first = member.get(f"/reports/partnership/{a.pk}/pdf/")
    assert first.status_code == 200
    assert first["Content-Type"] == "application/pdf"
    busy = member.get(f"/reports/partnership/{a.pk}/pdf/")
    assert busy.status_code == 429
    assert 0 < int(busy["Retry-After"]) <= 600
    page = busy.content.decode()
    assert "several PDF reports" in page
    assert "minutes and try again" in page
    assert "joinedup.css" in page
    # Another user is not held up, and the HTML report is not limited.
    assert personas.client("coordinator_a").get(
        f"/reports/partnership/{b.pk}/pdf/"
    ).status_code in {
        403,
        404,
    }
    assert member.get(f"/reports/partnership/{a.pk}/").status_code == 200


def test_a_window_ends_and_counting_starts_again(db) -> None:
    assert [take("pdf-user", "user:1") for _ in range(5)] == [0] * 5
    assert take("pdf-user", "user:1") > 0
    assert take("pdf-user", "user:2") == 0
    RequestCount.objects.update(window_end=timezone.now() - dt.timedelta(seconds=1))
    assert take("pdf-user", "user:1") == 0
    assert RequestCount.objects.count() == 1  # the ended windows were swept


def test_the_wait_is_given_in_seconds_below_a_minute(rf) -> None:
    page = wait_response(rf.get("/"), 42, context={"message": "Slow down."})
    assert page.status_code == 429
    assert page["Retry-After"] == "42"
    assert "Please wait 42 seconds and try again." in page.content.decode()
    assert "Please wait 2 minutes" in wait_response(rf.get("/"), 61).content.decode()


@pytest.mark.parametrize("path", [LOGIN, RESET])
def test_the_forms_are_the_site_s_own_pages(client, path) -> None:
    page = client.get(path).content.decode()
    assert "joinedup.css" in page
