"""What went wrong with the mail server, in one line a coordinator can act on."""

from __future__ import annotations

import smtplib
import socket
import ssl

from django.conf import settings


def _server() -> str:
    return f"{settings.EMAIL_HOST}:{settings.EMAIL_PORT}"


def _answer(code: int, text: bytes | str) -> str:
    words = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
    return f"{code} {' '.join(words.split())}".strip()


def describe_failure(exc: BaseException) -> str:
    """One line saying why a message did not go, naming the server where it helps."""
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        answer = _answer(exc.smtp_code, exc.smtp_error)
        return f"the server refused the user name or password ({answer})"
    if isinstance(exc, smtplib.SMTPNotSupportedError):
        return (
            f"the server at {_server()} does not offer STARTTLS (use smtps:// for TLS from "
            "the start, or ?starttls=no for a relay on this machine)"
        )
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        refused = [f"{who}: {_answer(*why)}" for who, why in exc.recipients.items()]
        return "the server refused the recipient " + "; ".join(refused)
    if isinstance(exc, smtplib.SMTPSenderRefused):
        return (
            f"the server refused the sender {exc.sender} ({_answer(exc.smtp_code, exc.smtp_error)})"
        )
    if isinstance(exc, smtplib.SMTPResponseException):
        return f"the server answered {_answer(exc.smtp_code, exc.smtp_error)}"
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        return f"the server at {_server()} closed the connection ({exc or 'no reason given'})"
    if isinstance(exc, ConnectionRefusedError):
        return f"the connection to {_server()} was refused (is a mail server listening there?)"
    if isinstance(exc, socket.gaierror):
        return f"the mail server's name {settings.EMAIL_HOST!r} is not known ({exc.strerror})"
    if isinstance(exc, ssl.SSLError):
        reason = getattr(exc, "verify_message", None) or exc.reason or str(exc)
        return f"TLS with {_server()} failed: {reason}"
    if isinstance(exc, TimeoutError):
        return f"no answer from {_server()} within {settings.EMAIL_TIMEOUT} seconds"
    if isinstance(exc, OSError):
        return f"cannot reach {_server()}: {exc.strerror or exc}"
    if isinstance(exc, smtplib.SMTPException):
        return f"the mail server failed: {exc}"
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
