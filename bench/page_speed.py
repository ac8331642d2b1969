"""Benchmark: every page of the demo, as every persona, against the 300 ms target.

Loads the demo town into a fresh database in a temporary folder (SQLite, or
PostgreSQL with ``--database postgresql``), gives it the demo's accounts
(administrator, coordinator, member, evaluator; :mod:`joinedup.demo.logins`) and
an anonymous visitor, and for each of them crawls the pages they can reach by
following links from the landing page: GET only, on the site itself, never the
admin, the API, a download or a link that changes something (sign out, delete,
revoke, close, …). One page stands for each URL pattern, except the pages of a
partnership (a pattern with ``partnership`` in it), of which every partnership
the persona can reach is kept.

The crawl's own request warms each page. Then every page is requested
``--repeat`` times, round-robin, through Django's test client in this process, so
the figures are the server's time (routing, middleware, views, templates and, on
SQLite, the database) without a network. For each page it prints the median and
95th percentile of the wall-clock time, the median CPU time of this process
(``time.process_time``: on a machine shared with other work it varies much less
than the wall clock) and the queries of one request; then the slowest pages, how
many pages meet the target, and the load average before and after.

Both sides in one run: each figure beside the target (300 ms at the 95th
percentile), and with ``--compare`` the same pages again with the cache of
computed sections emptied before each request (what every request cost before
that cache), with the ratio.

Run: ``python bench/page_speed.py`` (``--repeat``, ``--max-pages``,
``--persona``, ``--compare``, ``--database``, ``--json FILE``).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import re
import shutil
import statistics
import sys
import tempfile
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

TARGET = 0.300  # seconds, 95th percentile, warm
PERSONAS = ("administrator", "coordinator", "member", "evaluator", "anonymous")
HOST = "testserver"

# Paths the crawl never follows: the admin and the API (not pages of the site),
# static files, downloads, and links whose GET leads to a change or a secret
# (signing out, deleting, revoking, closing, a new survey link, new recovery codes).
NOT_FOLLOWED = re.compile(
    r"^/(admin|api|static|media)/"
    r"|/logout|/delete/|/revoke/|/off/|/close/|/new-link/|/recovery-codes/"
    r"|/download/|/confidential-pairs/|/pdf/|\.(csv|pdf|xlsx|zip|json|parquet)$"
)
PAGE_TYPES = ("text/html",)


class Links(HTMLParser):
    """The ``href`` of every ``<a>`` in a page."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "a":
            return
        values = dict(attrs)
        href = values.get("href")
        if href and "download" not in values:
            self.found.append(href)


def links(page: str, base: str) -> list[str]:
    """The same-site paths (with their query) a page links to, in page order."""
    parser = Links()
    parser.feed(page)
    found = []
    for href in parser.found:
        absolute = urlsplit(urljoin(f"http://{HOST}{base}", href))
        if absolute.scheme not in ("http", "https") or absolute.netloc != HOST:
            continue
        path = absolute.path + (f"?{absolute.query}" if absolute.query else "")
        if not NOT_FOLLOWED.search(absolute.path):
            found.append(path)
    return found


def pattern_key(url: str) -> tuple[Any, ...] | None:
    """What makes two URLs "the same page" for the crawl: their URL pattern and the
    names of their query parameters; for a partnership's pages, also which one.
    ``None`` for a path no pattern matches."""
    from django.urls import Resolver404, resolve

    parts = urlsplit(url)
    try:
        match = resolve(parts.path)
    except Resolver404:
        return None
    query = tuple(sorted({item.split("=")[0] for item in parts.query.split("&") if item}))
    route = match.route
    if "partnership" in route:
        return (route, query, tuple(sorted(match.kwargs.items())))
    return (route, query)


@dataclass
class Page:
    persona: str
    url: str
    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    queries: int = 0
    cold_wall: list[float] = field(default_factory=list)
    cold_cpu: list[float] = field(default_factory=list)

    @property
    def p50(self) -> float:
        return statistics.median(self.wall)

    @property
    def p95(self) -> float:
        return percentile(self.wall, 95)


def percentile(values: list[float], pct: float) -> float:
    """The nearest-rank percentile: the smallest value with at least ``pct`` per cent
    of the values at or below it."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(pct / 100 * len(ordered)) - 1)]


def is_page(response: Any) -> bool:
    kind = response.get("Content-Type", "").split(";")[0].strip()
    attached = "attachment" in response.get("Content-Disposition", "")
    return response.status_code == 200 and kind in PAGE_TYPES and not attached


def crawl(client: Any, persona: str, start: str = "/", max_pages: int = 0) -> list[Page]:
    """The pages ``client`` reaches from ``start``, breadth first, one per pattern
    (every partnership's own). The crawl's request is the page's warm-up."""
    queue: deque[str] = deque([start])
    seen: set[tuple[Any, ...]] = set()
    pages: list[Page] = []
    while queue and (not max_pages or len(pages) < max_pages):
        url = queue.popleft()
        key = pattern_key(url)
        if key is None or key in seen:
            continue
        seen.add(key)
        response = client.get(url)
        if not is_page(response):
            continue
        pages.append(Page(persona, url))
        queue.extend(links(response.content.decode(), url))
    return pages


def clients() -> dict[str, Any]:
    """A signed-in test client per demo account, and one for an anonymous visitor."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    from joinedup.demo.logins import ADMIN, COORDINATOR, EVALUATOR, MEMBER, demo_logins

    demo_logins(password=lambda: "bench-pass-123")
    users = get_user_model().objects
    found = {"anonymous": Client()}
    for persona, username in zip(PERSONAS, (ADMIN, COORDINATOR, MEMBER, EVALUATOR), strict=False):
        client = Client()
        client.force_login(users.get(username=username))
        found[persona] = client
    return found


def measure(
    client: Any, pages: list[Page], repeat: int, before: Callable[[], None] | None = None
) -> None:
    """Request each page ``repeat`` times, round-robin, noting wall and CPU time
    (into ``cold_*`` when ``before`` empties a cache first) and the queries."""
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    for _ in range(repeat):
        for page in pages:
            if before is not None:
                before()
            reset_queries()  # the log keeps 9,000 queries: count from empty
            with CaptureQueriesContext(connection) as captured:
                start, start_cpu = time.perf_counter(), time.process_time()
                response = client.get(page.url)
                wall, cpu = time.perf_counter() - start, time.process_time() - start_cpu
            if response.status_code != 200:
                raise SystemExit(f"{page.persona} {page.url}: status {response.status_code}")
            if before is None:
                page.wall.append(wall)
                page.cpu.append(cpu)
                page.queries = len(captured.captured_queries)
            else:
                page.cold_wall.append(wall)
                page.cold_cpu.append(cpu)


def empty_section_cache() -> None:
    """Forget every computed section (the cache the pages read them from)."""
    from joinedup.web import section_cache

    section_cache.forget_all()


def run(
    personas: Iterable[str], repeat: int, max_pages: int = 0, compare: bool = False
) -> list[Page]:
    """Crawl and time every page of each persona (the database must hold the demo)."""
    every = clients()
    pages: list[Page] = []
    for persona in personas:
        client = every[persona]
        found = crawl(client, persona, max_pages=max_pages)
        measure(client, found, repeat)
        if compare:
            measure(client, found, repeat, before=empty_section_cache)
        pages.extend(found)
    return pages


def ms(seconds: float) -> str:
    return f"{1000 * seconds:7.1f}"


def report(pages: list[Page], compare: bool, worst: int = 10) -> None:
    print(
        f"\n{'persona':<13} {'p50 ms':>7} {'p95 ms':>7} {'CPU ms':>7} {'queries':>7}"
        + (f" {'uncached p95':>12} {'ratio':>6}" if compare else "")
        + "  page"
    )
    for page in pages:
        line = (
            f"{page.persona:<13} {ms(page.p50)} {ms(page.p95)} "
            f"{ms(statistics.median(page.cpu))} {page.queries:>7}"
        )
        if compare:
            cold = percentile(page.cold_wall, 95)
            line += f" {ms(cold):>12} {cold / page.p95:>5.1f}x"
        print(f"{line}  {page.url}")
    slowest = sorted(pages, key=lambda p: p.p95, reverse=True)[:worst]
    print(f"\nslowest {len(slowest)} pages by p95 (target {1000 * TARGET:.0f} ms):")
    for page in slowest:
        verdict = "within" if page.p95 <= TARGET else "OVER"
        print(
            f"  {ms(page.p95)} ms  {page.p95 / TARGET:4.2f} of target, {verdict:6}  "
            f"CPU {ms(statistics.median(page.cpu))} ms  {page.persona} {page.url}"
        )
    within = sum(page.p95 <= TARGET for page in pages)
    print(f"\n{within} of {len(pages)} pages within {1000 * TARGET:.0f} ms at p95")
    if compare and pages:
        cold = sum(statistics.median(p.cold_cpu) for p in pages) / len(pages)
        warm = sum(statistics.median(p.cpu) for p in pages) / len(pages)
        print(
            f"mean CPU per page: uncached sections {1000 * cold:.1f} ms, cached "
            f"{1000 * warm:.1f} ms, ratio {cold / warm:.1f}x"
        )


def as_json(pages: list[Page]) -> list[dict[str, Any]]:
    return [
        {
            "persona": p.persona,
            "url": p.url,
            "p50_ms": round(1000 * p.p50, 1),
            "p95_ms": round(1000 * p.p95, 1),
            "cpu_ms": round(1000 * statistics.median(p.cpu), 1),
            "queries": p.queries,
            **(
                {"uncached_p95_ms": round(1000 * percentile(p.cold_wall, 95), 1)}
                if p.cold_wall
                else {}
            ),
        }
        for p in pages
    ]


def load_demo_into(url: str, folder: str) -> None:
    os.environ.update(JOINEDUP_HOME=folder, JOINEDUP_DATABASE_URL=url)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "joinedup.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from joinedup.demo import load_demo

    call_command("migrate", verbosity=0)
    load_demo(seed=2024)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20, help="timed requests per page")
    parser.add_argument("--max-pages", type=int, default=0, help="per persona (0: all)")
    parser.add_argument("--persona", action="append", choices=PERSONAS)
    parser.add_argument("--compare", action="store_true", help="also time without the cache")
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432")
    parser.add_argument("--json", type=Path, help="write each page's figures here")
    args = parser.parse_args(argv)

    from bench.load_run import Options, admin_sql, database_url

    print(f"Python {platform.python_version()}, {platform.machine()}, {os.cpu_count()} cores")
    folder = tempfile.mkdtemp(prefix="joinedup-pages-")
    url, pg_name = database_url(args.database, folder, Options(postgres=args.postgres))
    try:
        start = time.perf_counter()
        load_demo_into(url, folder)
        print(f"demo loaded in {time.perf_counter() - start:.1f} s ({args.database})")
        load_before = os.getloadavg()
        pages = run(args.persona or PERSONAS, args.repeat, args.max_pages, args.compare)
        load_after = os.getloadavg()
        report(pages, args.compare)
        print(
            f"load average (1, 5, 15 min) before {load_before[0]:.2f} {load_before[1]:.2f} "
            f"{load_before[2]:.2f}, after {load_after[0]:.2f} {load_after[1]:.2f} "
            f"{load_after[2]:.2f}; {args.repeat} requests per page"
        )
        if args.json:
            args.json.write_text(json.dumps(as_json(pages), indent=1))
    finally:
        from django.db import connections

        connections.close_all()
        if pg_name:
            admin_sql(args.postgres, f"DROP DATABASE IF EXISTS {pg_name} WITH (FORCE)")
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
