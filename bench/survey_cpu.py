"""Benchmark: server CPU and queries per survey request, in one process.

The load benchmark (``bench/load_survey.py``) measures what respondents see over
HTTP, which on a shared machine depends on everyone else's work. This one measures
what the application itself spends, which does not: it goes through the same
respondent journey as the load benchmark (GET a page, POST a valid answer to every
question, follow the redirect, submit on the review page) with Django's test
client, in-process, through the whole middleware chain, and counts for every kind
of request the CPU time of this process (``time.process_time``) and the database
queries. The bare endpoint (``GET /api/health``) is measured the same way, as the
floor: the test client's own work and the middleware chain are in both.

On PostgreSQL the database server's CPU is not in these figures (it runs in other
processes); on SQLite the database works inside this process, so it is.

Run: ``python bench/survey_cpu.py`` (``--database sqlite|postgresql``,
``--surveys``, ``--profile N`` to print the N costliest functions by cumulative
time).
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import random
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.load_client import THANKS, answers_for, parse_form, submit_form

# The machine may be shared: other processes slow this one down (caches, shared
# cores) in bursts. Besides the mean, each figure is given for the quietest batch
# of this many surveys (the lowest of the batches' means), which varies far less
# from run to run.
BATCH = 5
KINDS = ("first GET", "page GET", "page POST", "review GET", "submit POST", "bare GET")


class Meter:
    """CPU seconds and queries per kind of request."""

    def __init__(self) -> None:
        self.cpu: dict[str, list[float]] = defaultdict(list)
        self.queries: dict[str, list[int]] = defaultdict(list)
        self.batches: dict[str, list[float]] = defaultdict(list)  # kind -> CPU per batch
        self.marks: dict[str, int] = defaultdict(int)  # kind -> requests before this batch
        self.show_sql = False

    def end_batch(self) -> None:
        """Close a batch of surveys: the mean CPU of each kind of request in it."""
        for kind, cpu in self.cpu.items():
            batch = cpu[self.marks[kind] :]
            if batch:
                self.batches[kind].append(sum(batch) / len(batch))
            self.marks[kind] = len(cpu)

    def call(self, kind: str, send: Any, *args: Any, **kwargs: Any) -> Any:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            began = time.process_time()
            reply = send(*args, **kwargs)
            spent = time.process_time() - began
        self.cpu[kind].append(spent)
        self.queries[kind].append(len(captured.captured_queries))
        if self.show_sql:
            print(f"-- {kind} {send.__name__.upper()} {args[0]}")
            for query in captured.captured_queries:
                print(f"   {query['sql'][:160]}")
        return reply


def journey(client: Any, meter: Meter, token: str, rng: random.Random) -> int:
    """One respondent's survey, as ``bench/load_client.py`` goes through it."""
    url = f"/surveys/s/{token}/"
    path, posted, kind = url, 0, "first GET"
    while True:
        reply = meter.call(kind, client.get, path)
        body = reply.content.decode()
        form = parse_form(body)
        if 'name="submit"' in body:
            # The review page was fetched as a page GET; count it as its own kind.
            meter.cpu["review GET"].append(meter.cpu[kind].pop())
            meter.queries["review GET"].append(meter.queries[kind].pop())
            done = meter.call(
                "submit POST",
                client.post,
                url,
                urlencode(submit_form(form.csrf, form.page)),
                content_type="application/x-www-form-urlencoded",
            )
            if THANKS not in done.content:
                raise SystemExit(f"submission refused: status {done.status_code}")
            return posted
        given = answers_for(form, rng)
        fields = [("csrfmiddlewaretoken", form.csrf), ("page", form.page), ("next", ""), *given]
        reply = meter.call(
            "page POST",
            client.post,
            url,
            urlencode(fields),
            content_type="application/x-www-form-urlencoded",  # as a browser sends it
        )
        if reply.status_code != 302:
            raise SystemExit(f"POST page {form.page}: status {reply.status_code}")
        posted += len(given)
        path, kind = reply["Location"], "page GET"


def run(surveys: int, profile: int, show_sql: bool = False) -> Meter:
    import django
    from django.test import Client

    from bench.load_setup import prepare

    django.setup()
    _round_id, tokens = prepare(surveys + 2)
    rng = random.Random(15)
    meter = Meter()
    client = Client(enforce_csrf_checks=True, HTTP_HOST="127.0.0.1")
    meter.show_sql = show_sql
    journey(client, meter, tokens[0], rng)  # warm: templates, instrument, URL resolver
    client.get("/api/health")
    meter = Meter()
    profiler = cProfile.Profile() if profile else None
    if profiler:
        profiler.enable()
    for n, token in enumerate(tokens[1 : surveys + 1], start=1):
        client.cookies.clear()  # a new respondent: no CSRF cookie yet
        journey(client, meter, token, rng)
        for _ in range(14):
            meter.call("bare GET", client.get, "/api/health")
        if n % BATCH == 0:
            meter.end_batch()
    if profiler:
        profiler.disable()
        stats = pstats.Stats(profiler)
        stats.sort_stats("cumulative").print_stats(profile)
        stats.sort_stats("tottime").print_stats(profile)
    return meter


def report(meter: Meter, database: str, surveys: int) -> None:
    print(f"\n{database}: {surveys} surveys, CPU of this process per request (ms)")
    print(f"{'request':<12} {'count':>6} {'mean':>8} {'quietest':>9} {'queries':>8}")
    per_survey = 0.0  # CPU of one survey's requests, from the quietest batches
    requests = 0
    for kind in KINDS:
        cpu, queries = meter.cpu.get(kind, []), meter.queries.get(kind, [])
        if not cpu:
            continue
        mean = 1000 * sum(cpu) / len(cpu)
        quietest = 1000 * min(meter.batches[kind], default=sum(cpu) / len(cpu))
        print(
            f"{kind:<12} {len(cpu):>6} {mean:>8.2f} {quietest:>9.2f} "
            f"{sum(queries) / len(queries):>8.1f}"
        )
        if kind != "bare GET":
            per_survey += quietest * len(cpu) / surveys
            requests += len(cpu)
    survey_ms = per_survey * surveys / requests
    bare_ms = 1000 * min(meter.batches["bare GET"])
    print(
        f"quietest batches: survey requests {survey_ms:.2f} ms each, bare endpoint "
        f"{bare_ms:.2f} ms, ratio {survey_ms / bare_ms:.1f}x; per submission {per_survey:.0f} ms "
        f"({requests / surveys:.0f} requests), i.e. at most {1000 / per_survey:.0f} "
        "submissions per second per core"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--surveys", type=int, default=40, help="a multiple of 5")
    parser.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432")
    parser.add_argument("--profile", type=int, default=0, help="print the N costliest functions")
    parser.add_argument("--sql", action="store_true", help="print the queries of one survey")
    args = parser.parse_args(argv)

    from bench.load_run import Options, admin_sql, database_url

    folder = tempfile.mkdtemp(prefix="joinedup-cpu-")
    url, pg_name = database_url(args.database, folder, Options(postgres=args.postgres))
    os.environ.update(JOINEDUP_HOME=folder, JOINEDUP_DATABASE_URL=url)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "joinedup.settings")
    try:
        meter = run(args.surveys, args.profile, args.sql)
        report(meter, args.database, args.surveys)
    finally:
        from django.db import connections

        connections.close_all()
        if pg_name:
            admin_sql(args.postgres, f"DROP DATABASE IF EXISTS {pg_name} WITH (FORCE)")
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
