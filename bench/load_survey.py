"""Benchmark: 50 respondents completing surveys against ``joinedup serve``.

What it does, per database (the embedded SQLite, PostgreSQL, or both):

1. A fresh ``JOINEDUP_HOME`` in a temporary folder (and, for PostgreSQL, a fresh
   database that is dropped afterwards); the schema is migrated; a partnership of
   60 member organisations gets an open round of the built-in health check (six
   question pages, a review page) and enough invitations for the whole run. The
   benchmark keeps the raw tokens, as the invitation e-mails would.
2. ``joinedup serve`` starts as a subprocess on 127.0.0.1 and a free port (loopback
   only) and the benchmark waits for ``/api/health``.
3. Virtual respondents (``bench/load_client.py``; threads, one keep-alive
   connection each) go through the survey as a browser does: GET the page, read the
   CSRF token and the fields, POST a valid answer to every question, follow the
   redirect, and on the review page POST "submit". The thank-you page is an accepted
   submission; the respondent then takes the next invitation.
4. The server is stopped and the database is counted: every accepted submission
   must be one submitted response, with as many answers as were posted; none twice.
   Before that, some accepted surveys are submitted again (a double click), and
   each must be refused. The benchmark exits with status 1 if anything is lost,
   duplicated or accepted twice.

What is measured, and how to read it. Respondents are people who read and think
between pages, so the latency figures come from a *paced* phase: 50 respondents,
each pausing a random 0.5-1.5 x ``--think`` seconds (default 1 s) after each page
arrives before answering it, and arriving after one such pause (people open their
invitations at different moments; started together, fifty first requests in the
same millisecond would make the first second a queue). For the same reason a
respondent whose pause would run past the end of the phase stops there instead of
sending at the deadline: cutting every pending pause at the deadline made all
fifty post in the same millisecond, which alone put the paced p99 at 110-230 ms
(five of every hundred posts queued behind the other forty-nine). That is far more traffic
than a real round (forty people in the hour after a board meeting), and the
latency it shows is the application's own, plus whatever queueing that offered
load causes. A closed loop
with no think time would make p99 about concurrency / throughput: it measures the
queue, not the app. The *saturated* phase is exactly that closed loop (50
respondents, no think time): how many surveys the server completes per second
when nobody pauses. The *bare* phase, the same 50 clients calling
``GET /api/health`` back to back on the same server, is printed as context (what
the server and the machine manage for a request that does nothing). All figures
are printed with the CPU used by the benchmark's own process, by the server and,
on PostgreSQL, by the local database server's processes (all of them share the
machine's cores with the server under test), and the load average before and
after (the machine may be shared).

Targets (issue 15): paced p99 under 100 ms over all survey requests, at least 20
completed submissions per second saturated, zero lost or duplicated submissions,
on SQLite and on PostgreSQL.

Run: ``python bench/load_survey.py`` (``--database sqlite|postgresql|both``,
``--seconds``, ``--respondents``, ``--think``, ``--workers``, ``--threads``).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.load_report import Outcome, load_average, print_outcome, readme_table
from bench.load_run import Options, run_database


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    from joinedup.server import default_workers

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--seconds", type=float, default=20.0, help="length of each phase")
    parser.add_argument("--respondents", type=int, default=50, help="concurrent respondents")
    parser.add_argument("--think", type=float, default=1.0, help="mean pause per page, paced")
    parser.add_argument("--warmup", type=float, default=3.0, help="seconds before measuring")
    parser.add_argument("--workers", type=int, default=default_workers())
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument(
        "--postgres",
        default="postgresql://postgres@127.0.0.1:5432",
        help="PostgreSQL server (a fresh database is created on it and dropped)",
    )
    parser.add_argument(
        "--invitations", type=int, default=0, help="invitations to make (default: enough)"
    )
    parser.add_argument("--json", help="also write the figures to this file")
    return parser.parse_args(argv)


def options(args: argparse.Namespace) -> Options:
    return Options(
        seconds=args.seconds,
        respondents=args.respondents,
        think=args.think,
        warmup=args.warmup,
        workers=args.workers,
        threads=args.threads,
        postgres=args.postgres,
        invitations=args.invitations,
    )


def run_in_child(database: str, argv: list[str]) -> Outcome:
    """Each database runs in its own process: Django's settings are read once."""
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        command = [sys.executable, __file__, *argv, "--database", database, "--json", out.name]
        subprocess.run(command, check=False)
        text = Path(out.name).read_text(encoding="utf-8")
        if not text:
            raise SystemExit(f"the {database} run wrote no figures")
        return Outcome.from_json(json.loads(text))


def strip_database(argv: list[str]) -> list[str]:
    result, skip = [], False
    for arg in argv:
        if skip:
            skip = False
        elif arg in ("--database", "--json"):
            skip = True
        elif not arg.startswith(("--database=", "--json=")):
            result.append(arg)
    return result


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = parse_args(argv)
    if args.database == "both":
        rest = strip_database(argv)
        outcomes = [run_in_child(db, rest) for db in ("sqlite", "postgresql")]
        if args.json:
            figures = [o.to_json() for o in outcomes]
            Path(args.json).write_text(json.dumps(figures), encoding="utf-8")
    else:
        outcomes = [run_database(args.database, options(args))]
        print_outcome(outcomes[0])
        if args.json:
            Path(args.json).write_text(json.dumps(outcomes[0].to_json()), encoding="utf-8")
            return 0 if outcomes[0].integrity_ok() else 1
    print(
        f"\nREADME table ({args.respondents} respondents, {args.seconds:.0f} s per phase, "
        f"load average now {load_average()}):\n"
    )
    print(readme_table(outcomes))
    return 0 if all(o.integrity_ok() for o in outcomes) else 1


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "joinedup.settings")
    sys.exit(main())
