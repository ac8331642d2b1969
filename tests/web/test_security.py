"""Security headers on every response, and the limit on failed survey-link lookups
per client address (shared through the database, so every worker process sees it)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client, RequestFactory, override_settings
from django.utils import timezone

from joinedup.surveys.models import TokenThrottle
from joinedup.surveys.throttle import (
    record_failure,
    seconds_blocked,
    sweep_expired,
)
from joinedup.web.addresses import client_address
from tests.surveys.conftest import lsp  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db


def _csp(response) -> dict[str, str]:
    parts = [p.strip().split(" ", 1) for p in response["Content-Security-Policy"].split(";")]
    return {part[0]: part[1] for part in parts}


@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/api/health", "/surveys/s/nope/"])
def test_every_response_carries_the_headers(client, path) -> None:
    response = client.get(path)
    csp = _csp(response)
    assert csp["script-src"] == "'self'"
    assert csp["object-src"] == "'none'"
    assert csp["base-uri"] == "'none'"
    assert csp["frame-ancestors"] == "'none'"
    assert csp["form-action"] == "'self'"
    assert csp["img-src"] == "'self' data:"
    assert csp["style-src-attr"] == "'unsafe-inline'"  # the heat-map's cell colours
    for directive in ("default-src", "script-src", "style-src", "style-src-elem"):
        assert "unsafe" not in csp[directive], directive
    assert "camera=()" in response["Permissions-Policy"]
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_no_hsts_or_secure_cookies_without_tls(client) -> None:
    response = client.get("/", secure=True)
    assert "Strict-Transport-Security" not in response


def test_network_picture_style_is_allowed_by_its_hash() -> None:
    import base64
    import hashlib

    from joinedup.analysis.network_draw import STYLE
    from joinedup.web.security import HEADERS

    body = STYLE.removeprefix("<style>").removesuffix("</style>")
    digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
    assert f"'sha256-{digest}'" in HEADERS["Content-Security-Policy"]


def test_templates_hold_no_inline_script_or_handler() -> None:
    import re
    from pathlib import Path

    import joinedup

    root = Path(joinedup.__file__).parent
    bad = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)|\son\w+=|javascript:", re.I)
    offenders = [
        str(path.relative_to(root))
        for path in root.rglob("*.html")
        if bad.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def _request(remote: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_client_address_ignores_forwarded_for_from_an_untrusted_peer() -> None:
    assert client_address(_request("203.0.113.9", "198.51.100.1")) == "203.0.113.9"


@override_settings(TRUSTED_PROXIES=["10.0.0.2", "10.0.0.3"])
def test_client_address_behind_trusted_proxies() -> None:
    # The client wrote a false first hop; the proxies appended the real one.
    assert client_address(_request("10.0.0.2", "1.2.3.4, 198.51.100.7")) == "198.51.100.7"
    assert client_address(_request("10.0.0.2", "198.51.100.7, 10.0.0.3")) == "198.51.100.7"
    assert client_address(_request("10.0.0.2", "2001:db8::1")) == "2001:db8::1"
    assert client_address(_request("10.0.0.2")) == "10.0.0.2"
    assert client_address(_request("10.0.0.2", "not-an-address")) == "10.0.0.2"
    assert client_address(_request("192.0.2.1", "198.51.100.7")) == "192.0.2.1"


@pytest.fixture
def open_token(lsp):  # noqa: F811  (the fixture imported above)
    from joinedup.surveys.library import latest_version
    from joinedup.surveys.rounds import Invitee, invite
    from tests.surveys.conftest import make_round

    round_ = make_round(lsp, latest_version("health-check"))
    person = next(p for m in lsp.memberships.all() for p in m.organisation.people.all())
    return next(iter(invite(round_, [Invitee(person, "officer")], send=False).values()))


@override_settings(TOKEN_FAILURES=5, TOKEN_WINDOW_MINUTES=10)
def test_failed_lookups_lead_to_429_then_the_window_ends(open_token) -> None:
    client = Client(REMOTE_ADDR="198.51.100.20")
    good = f"/surveys/s/{open_token}/"
    for n in range(4):
        assert client.get(f"/surveys/s/guess-{n}/").status_code == 404
    assert client.get(good).status_code == 200  # valid links are never counted
    assert client.get("/surveys/s/guess-5/").status_code == 404
    blocked = client.get("/surveys/s/guess-6/")
    assert blocked.status_code == 429
    assert "Too many attempts" in blocked.content.decode()
    assert "Please wait 10 minutes" in blocked.content.decode()
    assert 0 < int(blocked["Retry-After"]) <= 600
    assert client.get(good).status_code == 429  # no oracle while blocked
    assert TokenThrottle.objects.get(pk="198.51.100.20").failures == 5
    other = Client(REMOTE_ADDR="198.51.100.21")
    assert other.get(good).status_code == 200
    TokenThrottle.objects.filter(pk="198.51.100.20").update(
        window_start=timezone.now() - dt.timedelta(minutes=11)
    )
    assert client.get(good).status_code == 200
    assert client.get("/surveys/s/guess-7/").status_code == 404
    assert TokenThrottle.objects.get(pk="198.51.100.20").failures == 1


@override_settings(TOKEN_FAILURES=3)
def test_used_and_closed_links_count_as_failures(open_token) -> None:
    from joinedup.surveys.models import Invitation
    from joinedup.surveys.respond import open_link
    from joinedup.surveys.rounds import close_round

    client = Client(REMOTE_ADDR="198.51.100.30")
    invitation, _response = open_link(open_token)
    assert isinstance(invitation, Invitation)
    close_round(invitation.round_id)
    for _ in range(3):
        assert client.get(f"/surveys/s/{open_token}/").status_code == 410
    assert client.get(f"/surveys/s/{open_token}/").status_code == 429


@override_settings(TOKEN_FAILURES=2, TRUSTED_PROXIES=["10.0.0.2"])
def test_behind_a_proxy_each_client_is_counted_on_its_own(open_token) -> None:
    proxy = Client(REMOTE_ADDR="10.0.0.2")
    for _ in range(2):
        proxy.get("/surveys/s/x/", HTTP_X_FORWARDED_FOR="198.51.100.40")
    assert proxy.get("/surveys/s/x/", HTTP_X_FORWARDED_FOR="198.51.100.40").status_code == 429
    response = proxy.get(f"/surveys/s/{open_token}/", HTTP_X_FORWARDED_FOR="198.51.100.41")
    assert response.status_code == 200
    assert not TokenThrottle.objects.filter(pk="10.0.0.2").exists()


@override_settings(TOKEN_FAILURES=20)
def test_valid_links_from_one_address_are_never_throttled(open_token) -> None:
    client = Client(REMOTE_ADDR="127.0.0.1")
    for _ in range(60):
        assert client.get(f"/surveys/s/{open_token}/").status_code == 200
    assert not TokenThrottle.objects.exists()
    assert seconds_blocked("127.0.0.1") == 0


@override_settings(TOKEN_FAILURES=2)
def test_record_failure_counts_and_restarts_after_the_window() -> None:
    record_failure("192.0.2.5")
    assert seconds_blocked("192.0.2.5") == 0
    record_failure("192.0.2.5")
    assert 590 < seconds_blocked("192.0.2.5") <= 600
    TokenThrottle.objects.update(window_start=timezone.now() - dt.timedelta(hours=1))
    assert seconds_blocked("192.0.2.5") == 0
    record_failure("192.0.2.6")  # sweeps rows whose window has ended
    assert list(TokenThrottle.objects.values_list("pk", flat=True)) == ["192.0.2.6"]
    record_failure("192.0.2.6")
    TokenThrottle.objects.filter(pk="192.0.2.6").update(
        window_start=timezone.now() - dt.timedelta(minutes=10, seconds=1)
    )
    assert sweep_expired() == 1
    assert not TokenThrottle.objects.exists()


def test_pages_other_than_the_survey_are_not_counted(client) -> None:
    for _ in range(30):
        client.get("/partnerships/999999/")
    assert not TokenThrottle.objects.exists()


def _settings_in_child(tmp_path, **env: str) -> list[str]:
    import os
    import subprocess
    import sys

    names = "SESSION_COOKIE_SECURE CSRF_COOKIE_SECURE SECURE_HSTS_SECONDS SECURE_PROXY_SSL_HEADER"
    code = f"import joinedup.settings as s\nfor n in {names.split()!r}: print(getattr(s, n, None))"
    clean = {k: v for k, v in os.environ.items() if not k.startswith("JOINEDUP_")}
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**clean, "JOINEDUP_HOME": str(tmp_path), **env},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def test_https_setting_turns_on_secure_cookies_and_hsts(tmp_path) -> None:
    assert _settings_in_child(tmp_path) == ["False", "False", "0", "None"]
    assert _settings_in_child(tmp_path, JOINEDUP_HTTPS="yes") == [
        "True",
        "True",
        "31536000",
        "None",
    ]
    behind_proxy = _settings_in_child(
        tmp_path, JOINEDUP_HTTPS="yes", JOINEDUP_TRUSTED_PROXIES="10.0.0.2"
    )
    assert behind_proxy[-1] == "('HTTP_X_FORWARDED_PROTO', 'https')"


@override_settings(SECURE_HSTS_SECONDS=31536000)
def test_hsts_is_sent_on_secure_requests_when_configured(client) -> None:
    response = client.get("/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000"


@override_settings(TOKEN_FAILURES=1)
def test_the_wait_page_speaks_welsh_to_welsh_browsers() -> None:
    client = Client(REMOTE_ADDR="198.51.100.50", HTTP_ACCEPT_LANGUAGE="cy")
    assert client.get("/surveys/s/guess/").status_code == 404
    page = client.get("/surveys/s/guess-again/").content.decode()
    assert "Gormod o ymdrechion" in page
    assert "Arhoswch 10 munud" in page


def test_an_administrator_can_let_an_address_in_again(admin_client) -> None:
    TokenThrottle.objects.create(address="198.51.100.60", window_start=timezone.now(), failures=99)
    listing = admin_client.get("/admin/surveys/tokenthrottle/")
    assert listing.status_code == 200
    assert "198.51.100.60" in listing.content.decode()
    delete = admin_client.post(
        "/admin/surveys/tokenthrottle/198.51.100.60/delete/", {"post": "yes"}
    )
    assert delete.status_code == 302
    assert seconds_blocked("198.51.100.60") == 0
