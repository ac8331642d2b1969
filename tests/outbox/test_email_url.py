"""``JOINEDUP_EMAIL_URL``: each form, and bad values refused with the variable named
and the password never repeated."""

from __future__ import annotations

import pytest

from joinedup.conf import CONSOLE_BACKEND, ConfigError, parse_email_url

NAME = "JOINEDUP_EMAIL_URL"
SMTP = "django.core.mail.backends.smtp.EmailBackend"


def test_smtp_uses_starttls_on_587_and_decodes_the_password():
    got = parse_email_url(NAME, "smtp://mail%40council.example:p%40ss%2Fw0rd@mail.example.org")
    assert (got.backend, got.host, got.port) == (SMTP, "mail.example.org", 587)
    assert (got.user, got.password) == ("mail@council.example", "p@ss/w0rd")
    assert (got.starttls, got.implicit_tls, got.timeout) == (True, False, 30)
    assert got.describe() == "smtp://mail@council.example@mail.example.org:587 (STARTTLS)"


def test_smtps_is_tls_from_the_start_on_465():
    got = parse_email_url(NAME, "smtps://u:p@mail.example.org?timeout=5")
    assert (got.port, got.starttls, got.implicit_tls, got.timeout) == (465, False, True, 5)


def test_a_local_relay_may_speak_plain_smtp():
    got = parse_email_url(NAME, "smtp://localhost:25?starttls=no")
    assert (got.port, got.starttls, got.user) == (25, False, "")
    assert got.describe() == "smtp://localhost:25 (no TLS)"


def test_console_is_the_default(tmp_path):
    for raw in (None, "", "console:"):
        assert parse_email_url(NAME, raw).backend == CONSOLE_BACKEND
    folder = parse_email_url(NAME, f"file://{tmp_path}")
    assert folder.backend == "django.core.mail.backends.filebased.EmailBackend"
    assert folder.folder == str(tmp_path)


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        ("mail.example.org", "is not an e-mail URL"),
        ("imap://u:secret@mail.example.org", "is not an e-mail URL"),
        ("smtp://u:secret@", "names no server"),
        ("smtp://u:secret@mail.example.org:70000", "is not a valid URL"),
        ("smtp://mail.example.org?starttls=perhaps", "not a yes/no value"),
        ("smtp://mail.example.org?ssl=yes", "unknown option 'ssl'"),
        ("file://relative/folder", "needs an absolute folder"),
        ("file:///no/such/folder/here", "does not exist"),
    ],
)
def test_bad_values_name_the_variable_and_hide_the_password(raw, words):
    with pytest.raises(ConfigError) as caught:
        parse_email_url(NAME, raw)
    text = str(caught.value)
    assert text.startswith(NAME)
    assert words in text
    assert "secret" not in text
    assert "\n" not in text
