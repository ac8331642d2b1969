"""Figures of the survey load benchmark: percentiles, phase summaries, the targets
and a README-ready table."""

from __future__ import annotations

import math
import os
from dataclasses import asdict, dataclass, field
from typing import Any

P99_TARGET_MS = 100.0
SUBMISSIONS_TARGET = 20.0  # completed submissions per second, saturated
SURVEY_KINDS = ("page GET", "page POST", "submit POST")
POST_KINDS = ("page POST", "submit POST")


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile: the smallest value with at least q% of the values at
    or below it (no interpolation, so it is always a latency that was observed)."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


@dataclass
class Latency:
    count: int
    p50_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float

    @classmethod
    def of(cls, seconds: list[float]) -> Latency:
        ms = [s * 1000 for s in seconds]
        return cls(
            len(ms),
            percentile(ms, 50),
            percentile(ms, 95),
            percentile(ms, 99),
            max(ms) if ms else math.nan,
        )


@dataclass
class Phase:
    """One timed phase: what the clients did in ``seconds`` of wall time."""

    name: str
    seconds: float
    latency: dict[str, Latency]
    requests: int
    submissions: int
    surveys_started: int
    errors: list[str]
    client_cpu: float  # CPU seconds used by the benchmark's own process
    server_cpu: float  # CPU seconds used by the server's processes
    database_cpu: float = 0.0  # CPU seconds of the local PostgreSQL server (0 on SQLite)

    @property
    def rate(self) -> float:
        return self.requests / self.seconds

    @property
    def post_rate(self) -> float:
        """Form posts (page saves and submissions) per second."""
        posts = sum(self.latency[k].count for k in POST_KINDS if k in self.latency)
        return posts / self.seconds

    @property
    def submissions_rate(self) -> float:
        return self.submissions / self.seconds

    def line(self) -> str:
        return (
            f"{self.name:<10} {self.seconds:5.1f} s  {self.requests:6d} requests "
            f"{self.rate:7.1f}/s  submissions {self.submissions:5d} "
            f"({self.submissions_rate:5.1f}/s)  CPU client {self.client_cpu / self.seconds:4.2f} "
            f"server {self.server_cpu / self.seconds:4.2f}{self._database()} cores  "
            f"errors {len(self.errors)}"
        )

    def _database(self) -> str:
        return f" database {self.database_cpu / self.seconds:4.2f}" if self.database_cpu else ""


def latency_lines(phase: Phase) -> list[str]:
    rows = [f"  {'kind':<12} {'n':>6} {'p50':>8} {'p95':>8} {'p99':>8} {'max':>8}  (ms)"]
    for kind, lat in phase.latency.items():
        rows.append(
            f"  {kind:<12} {lat.count:6d} {lat.p50_ms:8.1f} {lat.p95_ms:8.1f} "
            f"{lat.p99_ms:8.1f} {lat.max_ms:8.1f}"
        )
    return rows


@dataclass
class Outcome:
    """Everything one database's run found, printable and serialisable."""

    database: str
    server: str
    load_before: str
    phases: list[Phase] = field(default_factory=list)
    integrity: dict[str, Any] = field(default_factory=dict)
    replay_problems: list[str] = field(default_factory=list)

    def phase(self, name: str) -> Phase:
        return next(p for p in self.phases if p.name == name)

    @property
    def submissions_rate(self) -> float:
        return self.phase("saturated").submissions_rate

    @property
    def paced_p99(self) -> float:
        paced = self.phase("paced").latency.get("all survey")
        return paced.p99_ms if paced else math.nan

    def integrity_ok(self) -> bool:
        i = self.integrity
        return (
            not (i["lost"] or i["duplicated"] or i["wrong_answers"] or i["notes"])
            and not self.replay_problems
        )

    def verdicts(self) -> list[str]:
        i = self.integrity
        sat, bare = self.phase("saturated"), self.phase("bare")
        return [
            f"  saturated: {sat.rate:.1f} survey requests/s, of which {sat.post_rate:.1f} "
            f"form posts/s (for context: the bare endpoint, {bare.rate:.0f} req/s)",
            _verdict(
                f"paced p99 {self.paced_p99:.1f} ms < {P99_TARGET_MS:.0f} ms",
                self.paced_p99 < P99_TARGET_MS,
            ),
            _verdict(
                f"saturated {self.submissions_rate:.1f} completed submissions/s "
                f">= {SUBMISSIONS_TARGET:.0f}",
                self.submissions_rate >= SUBMISSIONS_TARGET,
            ),
            _verdict(
                f"{i['accepted']} accepted, {i['submitted_in_db']} submitted in the database: "
                f"{i['lost']} lost, {i['duplicated']} duplicated, "
                f"{i['wrong_answers']} with wrong answer counts, "
                f"{i['unacknowledged']} unacknowledged; "
                f"{len(self.replay_problems)} second submissions accepted",
                self.integrity_ok(),
            ),
        ]

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["submissions_rate"], data["paced_p99"] = self.submissions_rate, self.paced_p99
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Outcome:
        phases = [
            Phase(**{**p, "latency": {k: Latency(**v) for k, v in p["latency"].items()}})
            for p in data["phases"]
        ]
        fields = ("database", "server", "load_before", "integrity", "replay_problems")
        return cls(phases=phases, **{k: data[k] for k in fields})


def _verdict(text: str, ok: bool) -> str:
    return f"  [{'PASS' if ok else 'MISS'}] {text}"


def print_outcome(outcome: Outcome) -> None:
    print(f"\n== {outcome.database}: {outcome.server}; load average before: {outcome.load_before}")
    for phase in outcome.phases:
        print(phase.line())
        for line in latency_lines(phase):
            print(line)
        for error in sorted(set(phase.errors))[:5]:
            print(f"  error: {error}")
    print(f"  load average after: {load_average()}")
    for line in outcome.verdicts():
        print(line)


def readme_table(outcomes: list[Outcome]) -> str:
    head = (
        "| Database | Paced p50 / p95 / p99 (ms) | Saturated survey req/s | Submissions/s "
        "| Bare req/s | Lost / duplicated |\n"
        "|---|---|---|---|---|---|"
    )
    rows = []
    for o in outcomes:
        paced = o.phase("paced").latency.get("all survey") or Latency.of([])
        sat, bare = o.phase("saturated"), o.phase("bare")
        rows.append(
            f"| {o.database} | {paced.p50_ms:.0f} / {paced.p95_ms:.0f} / {paced.p99_ms:.0f} "
            f"| {sat.rate:.0f} | {sat.submissions_rate:.1f} | {bare.rate:.0f} "
            f"| {o.integrity['lost']} / {o.integrity['duplicated']} |"
        )
    return "\n".join([head, *rows])


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f} ({os.cpu_count()} cores)"
