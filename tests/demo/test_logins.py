"""``joinedup demo`` prints four sign-ins, one per role, and each of them works and
sees what its role allows: the administrator everything, the coordinator one
partnership they run, the member two partnerships they read, the evaluator every
partnership's published results."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from joinedup.cli import main
from tests.conftest import PARTNERSHIP_A, PARTNERSHIP_B, PARTNERSHIP_C

pytestmark = pytest.mark.django_db

LINE = re.compile(r"^    (admin|coordinator|member|evaluator) +(\S+)  (.+)$", re.MULTILINE)


def _run_demo(capsys) -> dict[str, tuple[str, str]]:
    assert main(["demo", "--no-serve"]) == 0
    out = capsys.readouterr().out
    assert "new passwords on every run, shown only here" in out
    return {name: (password, role) for name, password, role in LINE.findall(out)}


def _signed_in(username: str, password: str) -> Client:
    client = Client()
    answer = client.post("/accounts/login/", {"username": username, "password": password})
    assert answer.status_code == 302, f"{username} could not sign in"
    return client


def _cards(page: str) -> set[str]:
    names = {PARTNERSHIP_A, PARTNERSHIP_B, PARTNERSHIP_C}
    return {n for n in names if f">{n}</a></h3>" in page.replace("\n", "")}


def test_the_demo_prints_four_logins_that_sign_in_as_their_roles(capsys) -> None:
    logins = _run_demo(capsys)
    assert list(logins) == ["admin", "coordinator", "member", "evaluator"]
    assert logins["coordinator"][1] == "coordinator of Local Strategic Partnership"

    admin = _signed_in("admin", logins["admin"][0]).get("/").content.decode()
    assert 'data-role="administrator"' in admin
    assert "As an evaluator" not in admin
    assert 'data-role="evaluator"' not in admin
    assert _cards(admin) == {PARTNERSHIP_A, PARTNERSHIP_B, PARTNERSHIP_C}
    assert "/dashboard/" in admin

    client = _signed_in("coordinator", logins["coordinator"][0])
    page = client.get("/").content.decode()
    assert 'data-role="coordinator"' in page
    assert 'data-role="member"' not in page
    assert "once 10 people have answered a provisional preview" in page  # 2k, k = 5
    assert _cards(page) == {PARTNERSHIP_A}
    assert "you coordinate this" in page
    dashboard = client.get("/dashboard/").content.decode()
    assert PARTNERSHIP_A in dashboard
    assert PARTNERSHIP_B not in dashboard

    client = _signed_in("member", logins["member"][0])
    page = client.get("/").content.decode()
    assert 'data-role="member"' in page
    assert 'data-role="coordinator"' not in page
    assert "while a round is open you see only how many have answered" in page
    assert _cards(page) == {PARTNERSHIP_A, PARTNERSHIP_B}
    assert "you coordinate this" not in page
    assert 'href="/dashboard/"' not in page

    client = _signed_in("evaluator", logins["evaluator"][0])
    page = client.get("/").content.decode()
    assert 'data-role="evaluator"' in page
    assert "You read the published results of every partnership" in page
    assert "can read every partnership" not in page
    assert _cards(page) == {PARTNERSHIP_A, PARTNERSHIP_B, PARTNERSHIP_C}
    assert "/reports/benchmark/" in page
    assert "you coordinate this" not in page
    for shown in (admin, page):
        assert "no figure resting on fewer than 5 respondents is shown" in shown


def test_a_second_run_gives_new_passwords_and_the_old_ones_stop_working(capsys) -> None:
    first = _run_demo(capsys)
    second = _run_demo(capsys)
    assert list(second) == list(first)
    users = get_user_model().objects
    for name, (password, _role) in second.items():
        assert password != first[name][0]
        user = users.get(username=name)
        assert user.check_password(password)
        assert not user.check_password(first[name][0])
    _signed_in("member", second["member"][0])


def test_the_member_may_not_open_a_partnership_outside_their_two(capsys) -> None:
    logins = _run_demo(capsys)
    from joinedup.registry.models import Partnership

    board = Partnership.objects.get(name=PARTNERSHIP_C)
    client = _signed_in("member", logins["member"][0])
    assert client.get(f"/partnerships/{board.pk}/").status_code == 404
    lsp = Partnership.objects.get(name=PARTNERSHIP_A)
    assert client.get(f"/surveys/partnership/{lsp.pk}/new/").status_code == 403
