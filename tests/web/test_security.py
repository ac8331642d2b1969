"""Security headers on every response, which address a request came from, and the
warning about forwarding headers from a sender that is not a trusted proxy. (The
limit on unknown survey links is tested in tests/surveys/test_throttle.py.)"""

from __future__ import annotations

import logging

import pytest
from django.test import Client, RequestFactory, override_settings

from joinedup.web.addresses import client_address

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

    from joinedup.analysis.network.draw import STYLE
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


def _warnings(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "joinedup.web.security"]


def test_forwarding_from_an_untrusted_sender_is_warned_about_once(caplog) -> None:
    proxy = Client(REMOTE_ADDR="10.0.0.9")
    with caplog.at_level(logging.WARNING, logger="joinedup.web.security"):
        proxy.get("/")  # no header: nothing to say
        assert _warnings(caplog) == []
        proxy.get("/", HTTP_X_FORWARDED_FOR="198.51.100.1\nforged log line")
        proxy.get("/", HTTP_X_FORWARDED_FOR="198.51.100.2")
        Client(REMOTE_ADDR="10.0.0.10").get("/", HTTP_X_FORWARDED_FOR="198.51.100.3")
    # Once per server process (one middleware instance; each test client has its own).
    said = _warnings(caplog)
    assert len(said) == 2
    assert "10.0.0.9" in said[0]
    assert "JOINEDUP_TRUSTED_PROXIES" in said[0]
    assert "forged" not in said[0]
    assert "198.51.100.1" not in said[0]
    assert "10.0.0.10" in said[1]


@override_settings(TRUSTED_PROXIES=["10.0.0.2"])
def test_forwarding_from_a_trusted_proxy_is_not_warned_about(caplog) -> None:
    with caplog.at_level(logging.WARNING, logger="joinedup.web.security"):
        Client(REMOTE_ADDR="10.0.0.2").get("/", HTTP_X_FORWARDED_FOR="198.51.100.1")
    assert _warnings(caplog) == []
