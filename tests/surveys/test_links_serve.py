"""A real ``joinedup serve --port P`` without JOINEDUP_BASE_URL: the coordinator's
round page gives links to http://127.0.0.1:P, they answer, and reached under
another name (localhost) the page warns that links point elsewhere."""

from __future__ import annotations

import html
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

SETUP = """
from joinedup.cli import setup_django
setup_django()
import datetime as dt
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.utils import timezone
from joinedup.registry.models import Access, AccessRole, Membership, Organisation
from joinedup.registry.models import Partnership, Person
from joinedup.surveys.library import ensure_builtin_instruments
from joinedup.surveys.rounds import Invitee, create_round, invite
p = Partnership.objects.create(name="Port test", start_date=dt.date(2020, 1, 1))
org = Organisation.objects.create(name="Harbour Trust", sector="voluntary")
Membership.objects.create(partnership=p, organisation=org, joined=dt.date(2020, 1, 1))
person = Person.objects.create(display_name="Ann Hale", email="ann@example.org", organisation=org)
check = {iv.key: iv for iv in ensure_builtin_instruments()}["health-check"]
now = timezone.now()
r = create_round(p, check, "now", now - dt.timedelta(days=1), now + dt.timedelta(days=9),
                 status="open")
(token,) = invite(r, [Invitee(person, "officer")], send=False).values()
user = get_user_model().objects.create_user("coord", "c@example.org")
Access.objects.create(user=user, role=AccessRole.COORDINATOR, partnership=p)
session = SessionStore()
session[SESSION_KEY] = str(user.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session.create()
print("ROUND", r.pk, "TOKEN", token, "SESSION", session.session_key)
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str, session: str = "") -> tuple[int, str]:
    headers = {"Cookie": f"sessionid={session}"} if session else {}
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 - loopback
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - loopback
            return int(response.status), response.read().decode()
    except urllib.error.HTTPError as exc:
        return int(exc.code), ""


@pytest.mark.slow
def test_links_point_at_the_port_served_on(tmp_path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("JOINEDUP_")}
    env.update(
        JOINEDUP_HOME=str(tmp_path), JOINEDUP_DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}"
    )
    joinedup = str(Path(sys.executable).parent / "joinedup")
    init = subprocess.run([joinedup, "init"], env=env, capture_output=True, text=True)
    assert init.returncode == 0, init.stderr
    made = subprocess.run(
        [sys.executable, "-c", SETUP], env=env, capture_output=True, text=True, timeout=120
    )
    assert made.returncode == 0, made.stderr
    _r, round_pk, _t, token, _s, session = made.stdout.split()[-6:]
    port = _free_port()
    server = subprocess.Popen(
        [joinedup, "serve", "--port", str(port), "--workers", "1", "--threads", "2"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if _get(f"{base}/api/health")[0] == 200:
                    break
            except OSError:
                time.sleep(0.3)
        status, page = _get(f"{base}/surveys/rounds/{round_pk}/", session)
        assert status == 200
        link = re.search(r'class="survey-link" type="text" readonly value="([^"]+)"', page)
        assert link
        assert link.group(1) == f"{base}/surveys/s/{token}/"
        assert "base-url-warning" not in page
        assert _get(link.group(1))[0] == 200  # the respondent's link answers
        status, elsewhere = _get(f"http://localhost:{port}/surveys/rounds/{round_pk}/", session)
        assert status == 200
        warning = re.search(r'id="base-url-warning">([^<]*)<', elsewhere)
        assert warning
        text = html.unescape(warning.group(1))
        assert f"Survey links point at {base}, the address the server was started on" in text
        assert f"reached at localhost:{port}" in text
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.communicate(timeout=60)
