"""Benchmark: importing a 100,000-row responses file while respondents save pages.

What it does, per database (the embedded SQLite, PostgreSQL, or both):

1. A fresh ``JOINEDUP_HOME`` in a temporary folder (and, for PostgreSQL, a fresh
   database, dropped afterwards); an open round of the built-in health check for a
   partnership of 60 organisations (``bench/load_setup.py``), with a few
   invitations for the respondents below.
2. A wide CSV of ``--rows`` respondents (default 100,000) answering all 36 items
   of the health check (about 10 MB, like the 9.5 MB file of issue 17): scale
   values, some "dk", some empty cells, a choice for the single-choice item.
3. ``joinedup serve`` starts on loopback, and ``--respondents`` virtual respondents
   (``bench/load_client.py``'s browser) save survey pages back to back, each page
   GET then POST timed, from a second before the import until a second after it.
4. The import runs in a child process (``import_responses``, as ``joinedup
   responses import`` calls it) so that its peak memory (``ru_maxrss``) is its own.
   The child reports the time spent reading and checking the file (outside any
   transaction) and writing it (in steps, each its own short transaction), the
   answers written, and its peak memory before the import (Django loaded) and after.
5. The database is counted: every row of the file must be one response with its
   answers; every respondent request must have succeeded.

Printed: answer rows written per second (of the write, all its steps, and of the
whole import), the time split, peak memory against the file's size, and the
longest wait of a respondent's page save during the import, each beside its target
from issue 17 (>= 50,000 answer rows/s, peak memory <= 5 x the file, a
respondent never refused and waiting at most 2 s), and the load average before and
after (the machine may be shared). The exit status is 1 if anything was lost or a
respondent was refused.

Run: ``python bench/import_responses.py`` (``--database sqlite|postgresql|both``,
``--rows``, ``--respondents``).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.load_client import Browser, FlowError, Tally, answers_for, parse_form
from bench.load_report import load_average
from bench.load_survey import strip_database

Form = list[tuple[str, str]]

TARGET_RATE = 50_000  # answer rows per second
TARGET_MEMORY = 5.0  # peak memory / file size
TARGET_WAIT = 2.0  # seconds a respondent may wait


def write_file(path: Path, rows: int, members: list[str], groups: list[str]) -> int:
    """The wide CSV of the health check; the number of answers it holds."""
    from joinedup.analysis.instruments import ItemType
    from joinedup.surveys.library import latest_version

    instrument = latest_version("health-check").instrument()
    items = [i for i in instrument.items() if i.type != ItemType.RELATION]
    offered = []
    for item in items:
        scale = instrument.scale_of(item)
        if scale is not None:
            offered.append([str(c.value) for c in scale.choices] + ["dk", ""])
        else:
            offered.append([str(c.value) for c in instrument.choices[item.choices or ""]] + [""])
    rng = random.Random(17)
    answers = 0
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["respondent", "organisation", "group", *(i.name for i in items)])
        for n in range(rows):
            cells = [rng.choice(values) for values in offered]
            answers += sum(1 for c in cells if c)
            out.writerow([f"K-{n:06d}", members[n % len(members)], groups[n % len(groups)], *cells])
    return answers


@dataclass
class Saves:
    """Respondents' requests: (start, seconds, "GET" or "save") of each."""

    requests: list[tuple[float, float, str]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def save_pages(port: int, tokens: list[str], saves: Saves, stop: threading.Event) -> None:
    """Answer a page every quarter of a second (a new invitation at the review
    page), timing each page's GET and its save (POST)."""
    rng = random.Random(len(tokens))
    browser = Browser("127.0.0.1", port, Tally())

    def timed(
        kind: str, method: str, path: str, form: Form | None = None
    ) -> tuple[int, str, bytes]:
        began = time.perf_counter()
        try:
            return browser.request(kind, method, path, form)
        finally:
            with saves.lock:
                saves.requests.append((began, time.perf_counter() - began, kind))

    try:
        for token in tokens:
            url = path = f"/surveys/s/{token}/"
            while not stop.wait(0.25):
                try:
                    status, _loc, content = timed("GET", "GET", path)
                    if status != 200:
                        raise FlowError(f"GET {path}: status {status}")
                    if b'name="submit"' in content:
                        break  # the review page: take the next invitation
                    page = parse_form(content.decode("utf-8"))
                    given = [("csrfmiddlewaretoken", page.csrf), ("page", page.page), ("next", "")]
                    status, path, _ = timed("save", "POST", url, given + answers_for(page, rng))
                    if status != 302:
                        raise FlowError(f"POST page {page.page}: status {status}")
                except (FlowError, OSError) as exc:
                    with saves.lock:
                        saves.errors.append(f"{type(exc).__name__}: {exc}")
                    path = url
            if stop.is_set():
                return
        with saves.lock:
            saves.errors.append("ran out of invitations")
    finally:
        browser.close()


def child_import(round_id: int, path: str) -> dict[str, float]:
    """Run in the child: import the file and report times and peak memory."""
    import django

    django.setup()
    from joinedup.surveys.importing import import_responses
    from joinedup.surveys.models import Round

    round_ = Round.objects.select_related("instrument", "partnership").get(pk=round_id)
    round_.instrument.instrument()
    before = _status("VmRSS")
    # Start the high-water mark afresh: setting up Django peaked higher than it stays.
    Path("/proc/self/clear_refs").write_text("5", encoding="ascii")
    began = time.perf_counter()
    result = import_responses(round_, path)
    return {
        "seconds": time.perf_counter() - began,
        "check": result.check_seconds,
        "write": result.write_seconds,
        "created": result.created,
        "answers": result.answers,
        "rss_before": before,
        "rss_peak": _status("VmHWM"),
        "maxrss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
    }


def _status(name: str) -> float:
    """A size from /proc/self/status, in bytes (VmRSS now, VmHWM its peak)."""
    for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
        if line.startswith(name + ":"):
            return float(line.split()[1]) * 1024
    raise SystemExit(f"no {name} in /proc/self/status")


def run_import(round_id: int, path: Path, out: Path) -> dict[str, float]:
    command = [sys.executable, __file__, "--child", str(round_id), str(path), str(out)]
    done = subprocess.run(command, check=False, env=os.environ.copy())
    if done.returncode != 0:
        raise SystemExit(f"the import failed (status {done.returncode})")
    figures: dict[str, float] = json.loads(out.read_text(encoding="utf-8"))
    return figures


def measure(database: str, args: argparse.Namespace, folder: str) -> bool:
    import django
    from django.db import connections

    from bench.load_run import Options, start_server, stop_server
    from bench.load_setup import MEMBERS, prepare

    django.setup()
    from joinedup.surveys.models import Answer, Response, Round

    round_id, tokens = prepare(100 * args.respondents)
    round_ = Round.objects.get(pk=round_id)
    members = [f"Load member {i:03d}" for i in range(MEMBERS)]
    csv_path = Path(folder, "returns.csv")
    expected = write_file(csv_path, args.rows, members, list(round_.groups))
    size = csv_path.stat().st_size
    connections.close_all()
    load_before = load_average()
    from bench.load_run import free_port

    port = free_port()
    server = start_server(port, Options(workers=2, threads=4), folder)
    saves, stop = Saves(), threading.Event()
    shares = [tokens[i :: args.respondents] for i in range(args.respondents)]
    threads = [threading.Thread(target=save_pages, args=(port, s, saves, stop)) for s in shares]
    try:
        for thread in threads:
            thread.start()
        time.sleep(1.0)
        began = time.perf_counter()
        figures = run_import(round_id, csv_path, Path(folder, "import.json"))
        ended = time.perf_counter()
        time.sleep(1.0)
    finally:
        stop.set()
        for thread in threads:
            thread.join()
        stop_server(server)
    stored = Response.objects.filter(round_id=round_id).exclude(respondent_key="").count()
    answers = Answer.objects.filter(response__round_id=round_id, response__source="import").count()
    during = [(s, kind) for t, s, kind in saves.requests if t + s >= began and t <= ended]
    ok = stored == args.rows and answers == expected == figures["answers"] and not saves.errors
    report(database, args, figures, size, during, saves, (load_before, load_average()))
    print(f"  stored: {stored} responses, {answers} answers (file: {args.rows}, {expected})")
    return ok


def report(
    database: str,
    args: argparse.Namespace,
    fig: dict[str, float],
    size: int,
    during: list[tuple[float, str]],
    saves: Saves,
    load: tuple[str, str],
) -> None:
    mb = 1024 * 1024
    write_rate = fig["answers"] / fig["write"]
    grown = fig["rss_peak"] - fig["rss_before"]
    longest = max((s for s, kind in during if kind == "save"), default=0.0)
    slowest_get = max((s for s, kind in during if kind == "GET"), default=0.0)
    print(f"\n{database}: {args.rows:,} rows, {fig['answers']:,.0f} answers, {size / mb:.1f} MB")
    print(f"  load average before {load[0]}, after {load[1]}; the machine is shared")
    print(
        f"  time: {fig['seconds']:.1f} s = check {fig['check']:.1f} s (no transaction)"
        f" + write in steps {fig['write']:.1f} s"
    )
    print(
        f"  answer rows/s: {write_rate:,.0f} in the write (target {TARGET_RATE:,},"
        f" ratio {write_rate / TARGET_RATE:.2f}); {fig['answers'] / fig['seconds']:,.0f} overall"
    )
    print(
        f"  peak memory during the import: {fig['rss_peak'] / mb:.0f} MB resident"
        f" (VmHWM), {grown / mb:.0f} MB above the {fig['rss_before'] / mb:.0f} MB of the"
        f" process before it (Django loaded); file {size / mb:.1f} MB: {grown / size:.1f}x"
        f" (target <= {TARGET_MEMORY:.0f}x); whole process peak (ru_maxrss,"
        f" Django's start-up included) {fig['maxrss'] / mb:.0f} MB"
    )
    saved = sum(1 for _s, kind in during if kind == "save")
    print(
        f"  respondents: {saved} page saves during the import, longest {longest:.2f} s"
        f" (target <= {TARGET_WAIT:.0f} s); slowest page GET {slowest_get:.2f} s;"
        f" {len(saves.errors)} refused" + (f": {saves.errors[:3]}" if saves.errors else "")
    )


def run_database(database: str, args: argparse.Namespace) -> bool:
    import shutil

    from bench.load_run import Options, admin_sql, database_url

    folder = tempfile.mkdtemp(prefix="joinedup-import-")
    url, pg_name = database_url(database, folder, Options(postgres=args.postgres))
    os.environ.update(JOINEDUP_HOME=folder, JOINEDUP_DATABASE_URL=url)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "joinedup.settings")
    try:
        return measure(database, args, folder)
    finally:
        from django.db import connections

        connections.close_all()
        if pg_name:
            admin_sql(args.postgres, f"DROP DATABASE IF EXISTS {pg_name} WITH (FORCE)")
        shutil.rmtree(folder, ignore_errors=True)


def main(argv: list[str]) -> int:
    if argv[:1] == ["--child"]:
        figures = child_import(int(argv[1]), argv[2])
        Path(argv[3]).write_text(json.dumps(figures), encoding="utf-8")
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--respondents", type=int, default=2)
    parser.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432")
    args = parser.parse_args(argv)
    if args.database != "both":
        return 0 if run_database(args.database, args) else 1
    statuses = []
    for database in ("sqlite", "postgresql"):  # each in its own process: settings are read once
        rest = strip_database(argv)
        command = [sys.executable, __file__, *rest, "--database", database]
        statuses.append(subprocess.run(command, check=False).returncode)
    return max(statuses)


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "joinedup.settings")
    sys.exit(main(sys.argv[1:]))
