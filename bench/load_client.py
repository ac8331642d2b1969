"""The client side of the survey load benchmark: virtual respondents.

Each respondent is a thread with one keep-alive ``http.client`` connection to the
server on loopback. It takes an invitation token from a shared queue and goes
through the survey the way a browser does: GET the page, read the CSRF token and
the form's fields out of the HTML, POST an answer to every question (a valid
choice, picked at random), follow the redirect to the next page, and on the review
page POST "submit". The thank-you page means the server accepted the submission;
the respondent records the token and how many answers it gave, then takes the
next invitation. Nothing here imports Django: the client sees only HTTP.
"""

from __future__ import annotations

import http.client
import queue
import random
import re
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlencode

TAG = re.compile(r"<(input|textarea)\b([^>]*)>")
ATTR = re.compile(r'([\w-]+)="([^"]*)"')
CSRF_COOKIE = re.compile(r"csrftoken=([^;]+)")
THANKS = b"Your answers have been submitted"


class FlowError(Exception):
    """The server answered something a browser could not go on from."""


@dataclass
class Tally:
    """What the respondents saw, shared between threads (append under ``lock``)."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    # token -> (answers posted, CSRF cookie, CSRF form token) of accepted submissions
    accepted: dict[str, tuple[int, str, str]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    started: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, kind: str, seconds: float) -> None:
        with self.lock:
            self.latencies[kind].append(seconds)

    def requests(self) -> int:
        return sum(len(v) for v in self.latencies.values())


@dataclass
class Form:
    csrf: str
    page: str
    fields: dict[str, tuple[str, list[str]]]  # name -> (input type, offered values)


def parse_form(html: str) -> Form:
    """The CSRF token, page number and answerable fields of a survey page."""
    csrf = page = ""
    fields: dict[str, tuple[str, list[str]]] = {}
    for tag, raw in TAG.findall(html):
        attrs = dict(ATTR.findall(raw))
        name = attrs.get("name", "")
        kind = "textarea" if tag == "textarea" else attrs.get("type", "text")
        if name == "csrfmiddlewaretoken":
            csrf = attrs.get("value", "")
        elif name == "page":
            page = attrs.get("value", "")
        elif name and kind != "hidden":
            fields.setdefault(name, (kind, []))[1].append(attrs.get("value", ""))
    if not csrf or not page:
        raise FlowError("page without a CSRF token or page number")
    return Form(csrf, page, fields)


def answers_for(form: Form, rng: random.Random) -> list[tuple[str, str]]:
    """One valid answer for every field of the page."""
    given = []
    for name, (kind, values) in form.fields.items():
        if kind in ("radio", "checkbox"):
            given.append((name, rng.choice(values)))
        elif kind == "number":
            given.append((name, str(rng.randint(0, 20))))
        else:
            given.append((name, "Load test answer"))
    return given


class Browser:
    """One keep-alive connection with a cookie jar of one cookie (CSRF)."""

    def __init__(self, host: str, port: int, tally: Tally) -> None:
        self.conn = http.client.HTTPConnection(host, port, timeout=30)
        self.tally = tally
        self.csrf_cookie = ""

    def request(
        self, kind: str, method: str, path: str, form: list[tuple[str, str]] | None = None
    ) -> tuple[int, str, bytes]:
        """Send one request and read the whole answer: status, Location, body."""
        headers = {"Host": "127.0.0.1", "Connection": "keep-alive"}
        body = None
        if self.csrf_cookie:
            headers["Cookie"] = f"csrftoken={self.csrf_cookie}"
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        start = time.perf_counter()
        try:
            self.conn.request(method, path, body=body, headers=headers)
            reply = self.conn.getresponse()
            content = reply.read()
        except (OSError, http.client.HTTPException):
            self.conn.close()  # reconnect on the next request
            raise
        self.tally.record(kind, time.perf_counter() - start)
        for value in reply.headers.get_all("Set-Cookie") or []:
            found = CSRF_COOKIE.search(value)
            if found:
                self.csrf_cookie = found.group(1)
        return reply.status, reply.headers.get("Location", ""), content

    def close(self) -> None:
        self.conn.close()


@dataclass
class Pace:
    """Think time between pages: uniform in [low, high] seconds (0, 0 = none)."""

    low: float = 0.0
    high: float = 0.0

    def wait(self, rng: random.Random, deadline: float) -> bool:
        """Pause as a person would; false if the phase ends during the pause.

        A pause that would run past the deadline is cut there and the respondent
        goes no further. Firing the request at the deadline instead would make
        every paced respondent send at the same instant (fifty posts in one
        millisecond at the end of each phase), a queue no round ever sees.
        """
        if self.high <= 0:
            return True
        pause = rng.uniform(self.low, self.high)
        left = deadline - time.monotonic()
        time.sleep(max(0.0, min(pause, left)))
        return pause < left


def submit_form(csrf: str, page: str) -> list[tuple[str, str]]:
    return [("csrfmiddlewaretoken", csrf), ("page", page), ("submit", "1")]


def complete_survey(
    browser: Browser, token: str, rng: random.Random, pace: Pace, deadline: float
) -> tuple[int, str] | None:
    """Answer every page and submit; the number of answers given and the CSRF form
    token of the submission, or None if the deadline came first (the survey is then
    left unfinished, as people do)."""
    url = f"/surveys/s/{token}/"
    path, posted = url, 0
    while time.monotonic() < deadline:
        status, _location, content = browser.request("page GET", "GET", path)
        if status != 200:
            raise FlowError(f"GET {path}: status {status}")
        form = parse_form(content.decode("utf-8"))
        if not pace.wait(rng, deadline):
            return None
        if b'name="submit"' in content:  # the review page
            status, _location, content = browser.request(
                "submit POST", "POST", url, submit_form(form.csrf, form.page)
            )
            if status == 200 and THANKS in content:
                return posted, form.csrf
            raise FlowError(f"submit refused: status {status}")
        given = answers_for(form, rng)
        status, location, _content = browser.request(
            "page POST",
            "POST",
            url,
            [("csrfmiddlewaretoken", form.csrf), ("page", form.page), ("next", ""), *given],
        )
        if status != 302:
            raise FlowError(f"POST page {form.page}: status {status}")
        posted += len(given)
        path = location
    return None


def respondent(
    host: str,
    port: int,
    tokens: queue.SimpleQueue[str],
    tally: Tally,
    pace: Pace,
    deadline: float,
    seed: int,
) -> None:
    """Take invitations one after another until the deadline or the queue runs dry."""
    rng = random.Random(seed)
    browser = Browser(host, port, tally)
    # People open their invitation at different moments: in a paced phase each
    # respondent arrives after one think time, not all fifty in the same millisecond.
    arrived = pace.wait(rng, deadline)
    try:
        while arrived and time.monotonic() < deadline:
            try:
                token = tokens.get_nowait()
            except queue.Empty:
                with tally.lock:
                    tally.errors.append("ran out of invitations")
                return
            with tally.lock:
                tally.started += 1
            try:
                posted = complete_survey(browser, token, rng, pace, deadline)
            except (FlowError, OSError, http.client.HTTPException) as exc:
                with tally.lock:
                    tally.errors.append(f"{type(exc).__name__}: {exc}")
                continue
            if posted is not None:
                with tally.lock:
                    tally.accepted[token] = (posted[0], browser.csrf_cookie, posted[1])
    finally:
        browser.close()


def hammer(host: str, port: int, path: str, tally: Tally, deadline: float) -> None:
    """GET ``path`` back to back until the deadline (the bare endpoint)."""
    browser = Browser(host, port, tally)
    try:
        while time.monotonic() < deadline:
            try:
                status, _location, _content = browser.request("bare GET", "GET", path)
            except (OSError, http.client.HTTPException) as exc:
                with tally.lock:
                    tally.errors.append(f"{type(exc).__name__}: {exc}")
                continue
            if status != 200:
                with tally.lock:
                    tally.errors.append(f"bare GET: status {status}")
    finally:
        browser.close()


def run_threads(targets: list[threading.Thread]) -> None:
    for thread in targets:
        thread.start()
    for thread in targets:
        thread.join()


def replay_submissions(
    host: str, port: int, accepted: dict[str, tuple[int, str, str]], count: int
) -> list[str]:
    """Submit ``count`` accepted surveys a second time, as a double click or a
    browser's resend would; each must be refused (410). The problems found."""
    problems = []
    for token, (_posted, cookie, csrf) in list(accepted.items())[:count]:
        browser = Browser(host, port, Tally())
        browser.csrf_cookie = cookie
        try:
            status, _location, content = browser.request(
                "replay", "POST", f"/surveys/s/{token}/", submit_form(csrf, "99")
            )
        finally:
            browser.close()
        # 410: already answered. A used link is never counted by the survey-link
        # throttle, so however many replays come from one address, none gets 429.
        if status != 410 or THANKS in content:
            problems.append(f"a second submission was answered with status {status}")
    return problems
