"""Survey-link tokens never reach the logs: a real ``joinedup serve`` with its access
log, Django's request warnings for an unknown link, and the console e-mail
backend's output are read as they are written, and only ``/surveys/s/abcd…/``
appears."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from joinedup.web.logmask import mask_tokens

SETUP = """
from joinedup.cli import setup_django
setup_django()
import datetime as dt
from django.utils import timezone
from joinedup.registry.models import Membership, Organisation, Partnership, Person
from joinedup.surveys.library import ensure_builtin_instruments
from joinedup.surveys.rounds import Invitee, create_round, invite
p = Partnership.objects.create(name="Log test", start_date=dt.date(2020, 1, 1))
org = Organisation.objects.create(name="Harbour Trust", sector="voluntary")
Membership.objects.create(partnership=p, organisation=org, joined=dt.date(2020, 1, 1))
person = Person.objects.create(display_name="Ann Hale", email="ann@example.org", organisation=org)
check = {iv.key: iv for iv in ensure_builtin_instruments()}["health-check"]
now = timezone.now()
r = create_round(p, check, "now", now - dt.timedelta(days=1), now + dt.timedelta(days=9),
                 status="open")
(token,) = invite(r, [Invitee(person, "officer")], send=True).values()
from joinedup.outbox.delivery import deliver_all
deliver_all()  # what the e-mail worker does: the console backend prints the message
import sys
print("TOKEN", token, file=sys.stderr)
"""


def test_mask_keeps_a_short_prefix() -> None:
    token = "Zq3xWbJ5v1mN0pQrStUvWxYz-_AbCdEfGhIjKlMnOpQ"
    line = f'127.0.0.1 "GET /surveys/s/{token}/?page=2 HTTP/1.1" 200 "https://x/surveys/s/{token}/"'
    masked = mask_tokens(line)
    assert token not in masked
    assert token[:5] not in masked
    assert masked.count("/surveys/s/Zq3x…/") == 2
    assert mask_tokens(masked) == masked
    assert mask_tokens("/partnerships/3/") == "/partnerships/3/"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("JOINEDUP_")}
    env.update(JOINEDUP_HOME=str(home), JOINEDUP_DATABASE_URL=f"sqlite:///{home / 'db.sqlite3'}")
    return env


def _get(url: str) -> int:
    request = urllib.request.Request(url, headers={"Referer": url})  # noqa: S310 - loopback
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - loopback
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return int(exc.code)


@pytest.mark.slow
def test_server_logs_and_console_mail_mask_tokens(tmp_path) -> None:
    env = _env(tmp_path)
    joinedup = str(Path(sys.executable).parent / "joinedup")
    init = subprocess.run([joinedup, "init"], env=env, capture_output=True, text=True)
    assert init.returncode == 0, init.stderr
    made = subprocess.run(
        [sys.executable, "-c", SETUP], env=env, capture_output=True, text=True, timeout=120
    )
    assert made.returncode == 0, made.stderr
    token = made.stderr.split("TOKEN ")[1].split()[0]
    # The console mail backend printed the invitation: the link is masked there.
    assert token not in made.stdout
    assert f"/surveys/s/{token[:4]}…/" in made.stdout
    unknown = "Nn0tAr3alT0kenButL0ngEnoughToLookLikeOne123"

    port = _free_port()
    server = subprocess.Popen(
        [
            joinedup,
            "serve",
            "--port",
            str(port),
            "--workers",
            "1",
            "--threads",
            "2",
            "--access-log",
        ],
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
                if _get(f"{base}/api/health") == 200:
                    break
            except OSError:
                time.sleep(0.3)
        assert _get(f"{base}/surveys/s/{token}/") == 200
        assert _get(f"{base}/surveys/s/{token}/?page=2") == 200
        assert _get(f"{base}/surveys/s/{unknown}/") == 404
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        out, err = server.communicate(timeout=60)
    logs = out + err
    assert "GET /surveys/s/" in logs  # the access log did write the requests
    assert "Not Found: /surveys/s/Nn0t…/" in logs  # Django's request warning
    for secret in (token, unknown):
        assert secret not in logs
        assert secret[:8] not in logs
    assert f"/surveys/s/{token[:4]}…/" in logs
