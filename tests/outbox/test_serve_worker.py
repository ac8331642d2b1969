"""``joinedup serve`` sends the outbox: a real server is started with
JOINEDUP_EMAIL_URL pointing at an SMTP server on loopback, an invitation queued in
its database arrives there without any request, and the worker stops with the
server."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.outbox.conftest import free_port

SETUP = """
from joinedup.cli import setup_django
setup_django()
import datetime as dt
from django.utils import timezone
from joinedup.registry.models import Membership, Organisation, Partnership, Person
from joinedup.surveys.library import ensure_builtin_instruments
from joinedup.surveys.rounds import Invitee, create_round, invite_people
p = Partnership.objects.create(name="Harbour Partnership", start_date=dt.date(2020, 1, 1))
org = Organisation.objects.create(name="Harbour Trust", sector="voluntary")
Membership.objects.create(partnership=p, organisation=org, joined=dt.date(2020, 1, 1))
ann = Person.objects.create(display_name="Ann Hale", email="ann@example.org", organisation=org)
ben = Person.objects.create(display_name="Ben Ortiz", email="", organisation=org)
check = {iv.key: iv for iv in ensure_builtin_instruments()}["health-check"]
now = timezone.now()
r = create_round(p, check, "now", now - dt.timedelta(days=1), now + dt.timedelta(days=9),
                 status="open")
tokens, queued = invite_people(r, [Invitee(ann, "officer"), Invitee(ben, "officer")])
print("QUEUED", queued.queued, queued.by_hand, tokens[r.invitations.get(person=ann).pk])
"""


@pytest.mark.slow
def test_serve_delivers_queued_invitations(tmp_path: Path, smtp_server) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("JOINEDUP_")}
    env.update(
        JOINEDUP_HOME=str(tmp_path),
        JOINEDUP_EMAIL_URL=smtp_server.url(user=True),
        JOINEDUP_BASE_URL="https://survey.harbour.example",
    )
    joinedup = [sys.executable, "-m", "joinedup"]
    init = subprocess.run([*joinedup, "init"], env=env, capture_output=True, text=True)
    assert init.returncode == 0, init.stderr
    made = subprocess.run(
        [sys.executable, "-c", SETUP], env=env, capture_output=True, text=True, timeout=120
    )
    assert made.returncode == 0, made.stderr
    queued, by_hand, token = made.stdout.split("QUEUED ")[1].split()
    assert (queued, by_hand) == ("1", "1")
    assert smtp_server.mailbox.messages == []  # queued, not sent by the inviting code

    port = str(free_port())
    server = subprocess.Popen(
        [*joinedup, "serve", "--port", port, "--workers", "1", "--threads", "2"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 90
        while not smtp_server.mailbox.messages and time.monotonic() < deadline:
            time.sleep(0.5)
        assert server.poll() is None
        workers = subprocess.run(
            ["pgrep", "-f", f"joinedup worker --with-parent {server.pid}"],
            capture_output=True,
            text=True,
            check=False,
        ).stdout.split()
    finally:
        server.send_signal(signal.SIGTERM)
        out, err = server.communicate(timeout=60)
    assert len(smtp_server.mailbox.messages) == 1, out + err
    assert smtp_server.mailbox.recipients == [["ann@example.org"]]
    body = smtp_server.mailbox.bodies()[0]
    assert f"https://survey.harbour.example/surveys/s/{token}/" in body
    assert re.search(r"outbox: 1 sent, 0 failed", err)
    assert token not in out + err
    # The worker ended with the server.
    assert len(workers) == 1
    deadline = time.monotonic() + 20
    while Path(f"/proc/{workers[0]}").exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not Path(f"/proc/{workers[0]}").exists()
