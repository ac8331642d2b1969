"""``joinedup sendtestmail``: a message through JOINEDUP_EMAIL_URL to a real SMTP server
on loopback, and one clear line (exit status 1, no traceback) for each way a server
can be wrong: refused connection, TLS that fails, no STARTTLS, a wrong password, an
unknown host."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.outbox.conftest import free_port


def _run(tmp_path: Path, url: str, address: str = "coordinator@example.org"):
    env = {k: v for k, v in os.environ.items() if not k.startswith("JOINEDUP_")}
    env.update(JOINEDUP_HOME=str(tmp_path), JOINEDUP_EMAIL_URL=url)
    env["JOINEDUP_DEFAULT_FROM_EMAIL"] = "surveys@kestermouth.example"
    return subprocess.run(
        [sys.executable, "-m", "joinedup", "sendtestmail", address],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_sends_through_the_server_with_an_encoded_password(tmp_path, smtp_server):
    done = _run(tmp_path, smtp_server.url(user=True))
    assert done.returncode == 0, done.stderr
    assert "Sent a test message to coordinator@example.org" in done.stdout
    assert f"smtp://joinedup@127.0.0.1:{smtp_server.port} (no TLS)" in done.stdout
    assert "p@ss" not in done.stdout
    (message,) = smtp_server.mailbox.messages
    assert message["To"] == "coordinator@example.org"
    assert message["From"] == "surveys@kestermouth.example"
    assert "joinedup can send e-mail" in smtp_server.mailbox.bodies()[0]


def _one_line_failure(done) -> str:
    assert done.returncode == 1
    assert done.stdout == ""
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("joinedup: the test message to coordinator@example.org was not sent")
    return lines[0]


def test_a_wrong_password_is_one_line(tmp_path, smtp_server):
    url = f"smtp://joinedup:wrong@127.0.0.1:{smtp_server.port}?starttls=no"
    line = _one_line_failure(_run(tmp_path, url))
    assert "refused the user name or password (535" in line
    assert smtp_server.mailbox.messages == []


def test_a_refused_connection_is_one_line(tmp_path):
    port = free_port()
    line = _one_line_failure(_run(tmp_path, f"smtp://127.0.0.1:{port}?starttls=no"))
    assert f"the connection to 127.0.0.1:{port} was refused" in line


def test_a_server_without_starttls_is_one_line(tmp_path, smtp_server):
    # smtp:// asks for STARTTLS by default; this server does not offer it.
    line = _one_line_failure(_run(tmp_path, f"smtp://127.0.0.1:{smtp_server.port}"))
    assert "does not offer STARTTLS" in line


def test_tls_with_a_plain_server_is_one_line(tmp_path, smtp_server):
    line = _one_line_failure(_run(tmp_path, f"smtps://127.0.0.1:{smtp_server.port}?timeout=10"))
    assert f"TLS with 127.0.0.1:{smtp_server.port} failed" in line


def test_an_unknown_host_is_one_line(tmp_path):
    line = _one_line_failure(_run(tmp_path, "smtp://mail.no-such-host.invalid:587"))
    assert "'mail.no-such-host.invalid' is not known" in line


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("ftp://mail.example.org", "is not an e-mail URL"),
        ("smtp://u:secret@mail.example.org:99999", "is not a valid URL"),
        ("smtp://mail.example.org?tls=1", "unknown option 'tls'"),
    ],
)
def test_a_bad_url_names_the_variable(tmp_path, url, words):
    done = _run(tmp_path, url)
    assert done.returncode == 2
    (line,) = done.stderr.strip().splitlines()
    assert line.startswith("joinedup: configuration error: JOINEDUP_EMAIL_URL=")
    assert words in line
    assert "secret" not in line
