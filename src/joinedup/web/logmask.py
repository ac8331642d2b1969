"""Survey-link tokens never reach a log line or the console mail output.

A survey link ``/surveys/s/<token>/`` is the respondent's only key: whoever holds
it can answer in their name, and in a round that is not anonymous the link joins
the person to their answers. Server logs travel further than the database (to log
shippers, support tickets, screenshots), so the token is masked wherever joinedup
writes a line: everything that goes through Python's logging (Django's request
warnings such as ``Not Found: /surveys/s/…/``, the development server, gunicorn's
error and access logs) and the console e-mail backend. What is left is a short
prefix, ``/surveys/s/abcd…/``, enough to tell two requests apart in a log, far too
little to use or to find the invitation (only the token's SHA-256 is stored).
A round's open link, ``/surveys/o/<token>/``, is masked the same way.
"""

from __future__ import annotations

import copy
import logging
import re
from typing import Any

from django.core.mail.backends.console import EmailBackend as _ConsoleBackend

PREFIX = 4  # characters of the token kept in a masked link
_TOKEN = re.compile(r"(surveys/[so]/)([A-Za-z0-9_%.~-]+)(…?)")  # invitation and open links


def _masked(found: re.Match[str]) -> str:
    start, token, mark = found.groups()
    if mark and len(token) <= PREFIX:
        return found.group(0)  # masked already (a line passing two masks)
    return f"{start}{token[:PREFIX]}…"


def mask_tokens(text: str) -> str:
    """``text`` with every survey-link token cut to its first characters and "…"
    (a text masked already is left as it is)."""
    return _TOKEN.sub(_masked, text)


def mask_record(record: logging.LogRecord) -> logging.LogRecord:
    """The record with its message masked (formatted once, here, when a token is
    in it; records without one are left as they are)."""
    try:
        message = record.getMessage()
    except Exception:  # a broken format string: logging reports it as usual
        return record
    masked = mask_tokens(message)
    if masked != message:
        record.msg, record.args = masked, ()
    return record


def install() -> None:
    """Mask every log record this process makes from now on (idempotent). A record
    factory rather than a handler filter: it covers records of every logger and
    every handler, including those Django and gunicorn configure themselves."""
    previous = logging.getLogRecordFactory()
    if getattr(previous, "masks_tokens", False):
        return

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        return mask_record(previous(*args, **kwargs))

    factory.masks_tokens = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(factory)


class ConsoleEmailBackend(_ConsoleBackend):
    """Django's console e-mail backend with survey links masked: for development
    and for installations without a mail server, where the printed messages end
    up in the server's output. Use a real backend to deliver the links."""

    def write_message(self, message: Any) -> None:
        shown = copy.copy(message)
        shown.subject = mask_tokens(str(message.subject))
        shown.body = mask_tokens(str(message.body))
        alternatives = getattr(message, "alternatives", None)
        if alternatives:
            shown.alternatives = [
                (mask_tokens(str(content)), *rest) for content, *rest in alternatives
            ]
        super().write_message(shown)
