"""The survey load benchmark's machinery at a tiny scale (not timed).

The client's form reading and the integrity count run in-process against the test
database; one end-to-end run starts ``joinedup serve`` on SQLite with three
respondents for about a second per phase and must find nothing lost or doubled.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
import time
from pathlib import Path

import pytest
from bench.load_client import THANKS, Pace, answers_for, parse_form, submit_form
from bench.load_setup import check, prepare
from django.test import Client

ROOT = Path(__file__).resolve().parents[2]


def complete(client: Client, token: str, rng: random.Random) -> int:
    """Answer every page as the benchmark's respondents do; the answers posted."""
    url = f"/surveys/s/{token}/"
    path, posted = url, 0
    while True:
        body = client.get(path).content.decode()
        form = parse_form(body)
        if 'name="submit"' in body:
            done = client.post(url, dict(submit_form(form.csrf, form.page)))
            assert THANKS in done.content
            return posted
        given = answers_for(form, rng)
        reply = client.post(
            url, {"csrfmiddlewaretoken": form.csrf, "page": form.page, **dict(given)}
        )
        assert reply.status_code == 302
        posted += len(given)
        path = reply["Location"]


@pytest.mark.django_db
def test_integrity_count_finds_lost_and_miscounted_submissions():
    round_id, tokens = prepare(invitations=3, members=3)
    client = Client(enforce_csrf_checks=True)
    posted = complete(client, tokens[0], random.Random(3))
    assert posted > 30  # the health check: six pages of questions
    clean = check(round_id, {tokens[0]: posted})
    assert (clean.accepted, clean.submitted_in_db, clean.lost, clean.duplicated) == (1, 1, 0, 0)
    assert clean.ok
    # A submission the client saw accepted but the database does not hold is lost.
    lost = check(round_id, {tokens[0]: posted, tokens[1]: 12})
    assert lost.lost == 1
    assert not lost.ok
    # Fewer answers stored than were posted is caught too.
    short = check(round_id, {tokens[0]: posted + 1})
    assert short.wrong_answers == 1
    assert not short.ok
    # A submission the client never saw acknowledged is counted, not hidden.
    assert check(round_id, {}).unacknowledged == 1


def test_form_reading_answers_every_field_with_an_offered_value():
    html = (
        '<form><input type="hidden" name="csrfmiddlewaretoken" value="abc">'
        '<input type="hidden" name="page" value="2">'
        '<input type="radio" name="q1" value="1" id="a"><input type="radio" name="q1" value="dk">'
        '<input type="checkbox" name="q2" value="x"><textarea name="q3"></textarea></form>'
    )
    form = parse_form(html)
    assert (form.csrf, form.page) == ("abc", "2")
    given = dict(answers_for(form, random.Random(1)))
    assert given["q1"] in {"1", "dk"}
    assert given["q2"] == "x"
    assert given["q3"]


def test_a_pause_that_would_outlast_the_phase_ends_the_respondents_run():
    """At the end of a paced phase nobody fires a request at the deadline (fifty
    posts in the same millisecond would be a queue no round ever sees)."""
    pace, rng = Pace(0.5, 1.5), random.Random(4)
    began = time.monotonic()
    assert not pace.wait(rng, deadline=began + 0.05)
    assert time.monotonic() - began < 0.3
    assert pace.wait(rng, deadline=time.monotonic() + 5)  # a pause inside the phase
    assert Pace().wait(rng, deadline=time.monotonic() - 1)  # no pacing: never stops


@pytest.mark.slow
@pytest.mark.one_pass
def test_tiny_end_to_end_run_on_sqlite(tmp_path):
    out = tmp_path / "figures.json"
    command = [
        sys.executable,
        str(ROOT / "bench" / "load_survey.py"),
        "--database",
        "sqlite",
        "--respondents",
        "3",
        "--seconds",
        "1.5",
        "--warmup",
        "0.5",
        "--think",
        "0.05",
        "--workers",
        "1",
        "--threads",
        "4",
        "--invitations",
        "120",
        "--json",
        str(out),
    ]
    run = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert run.returncode == 0, run.stdout + run.stderr
    figures = json.loads(out.read_text())
    integrity = figures["integrity"]
    assert integrity["accepted"] > 0
    assert integrity["submitted_in_db"] == integrity["accepted"]
    assert integrity["lost"] == integrity["duplicated"] == integrity["wrong_answers"] == 0
    assert figures["replay_problems"] == []
    assert {p["name"] for p in figures["phases"]} == {"paced", "saturated", "bare"}
    assert "README table" not in run.stdout or "| sqlite |" in run.stdout


def test_verdicts_hold_the_survey_to_its_submission_rate_not_the_bare_rate():
    from bench.load_report import Latency, Outcome, Phase

    def phase(name: str, requests: int, submissions: int, p99: float) -> Phase:
        latency = {"all survey": Latency(requests, 5.0, 8.0, p99, p99)}
        return Phase(name, 10.0, latency, requests, submissions, submissions, [], 1.0, 1.0)

    integrity = {
        "accepted": 250,
        "submitted_in_db": 250,
        "lost": 0,
        "duplicated": 0,
        "wrong_answers": 0,
        "unacknowledged": 0,
        "notes": [],
    }
    fast = Outcome("sqlite", "serve", "0.5", integrity=integrity)
    # Survey requests at a twentieth of the bare rate: no longer a target.
    fast.phases = [phase("paced", 500, 20, 40.0), phase("saturated", 600, 250, 90.0)]
    fast.phases.append(phase("bare", 12000, 0, 3.0))
    verdicts = "\n".join(fast.verdicts())
    assert "[MISS]" not in verdicts
    assert "25.0 completed submissions/s >= 20" in verdicts
    slow = Outcome("postgresql", "serve", "0.5", integrity=integrity)
    slow.phases = [phase("paced", 500, 20, 140.0), phase("saturated", 600, 150, 90.0)]
    slow.phases.append(phase("bare", 700, 0, 3.0))
    missed = [line for line in slow.verdicts() if "[MISS]" in line]
    assert len(missed) == 2
    assert "p99 140.0 ms" in missed[0]
    assert "15.0 completed submissions/s" in missed[1]
