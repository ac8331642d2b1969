"""The benchmark across installations: local partnerships and those of imported
benchmark packets, placed together (method: :mod:`joinedup.analysis.pooled`).

Local rounds enter exactly as this installation's own packet would carry them
(:func:`joinedup.reports.packets.local_rounds`, frozen figures where they were
sent), so a local partnership and an imported one are measured the same way.
Instrument versions are matched by key, version and digest: two installations'
"health-check v1" pool only when their definitions are identical.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from joinedup.analysis.pooled import PooledDimension, PooledRound, pooled_benchmark
from joinedup.reports.models import ImportedRound
from joinedup.reports.packets import local_rounds
from joinedup.web import section_cache


@dataclass(frozen=True)
class Choice:
    key: str
    version: int
    digest: str
    title: str

    @property
    def slug(self) -> str:
        return f"{self.key}:{self.version}:{self.digest[:12]}"


@dataclass
class Who:
    """How a placed partnership is shown."""

    label: str
    source: str  # "here" or the trusted installation's name
    profile: dict[str, str] | None
    partnership_id: int | None = None


def _choice(instrument: dict[str, Any]) -> Choice:
    return Choice(
        instrument["key"], instrument["version"], instrument["digest"], instrument["title"]
    )


@dataclass
class Pooled:
    choices: list[Choice]
    choice: Choice | None
    dimensions: list[PooledDimension]
    labels: dict[str, str]  # dimension name → label
    who: dict[str, Who]
    installations: int


def across(visible_ids: set[int], wanted: str = "") -> Pooled:
    """The pooled benchmark of the instrument version ``wanted`` (a :attr:`Choice.slug`;
    default the health check, else the first), over the local partnerships in
    ``visible_ids`` and every imported one."""
    # Every closed round's packet figures are the same for every viewer and already
    # at k: kept until the data change, then narrowed to what this viewer may see.
    every = section_cache.remember("benchmark-across-local", (), local_rounds)
    local = [(r, e) for r, e in every if r.partnership_id in visible_ids]
    imported = list(ImportedRound.objects.select_related("installation"))
    choices = {_choice(e["instrument"]) for _r, e in local}
    choices |= {
        Choice(i.instrument_key, i.instrument_version, i.instrument_digest, i.instrument_title)
        for i in imported
    }
    ordered = sorted(choices, key=lambda c: (c.key != "health-check", c.key, -c.version, c.digest))
    choice = next((c for c in ordered if c.slug == wanted), ordered[0] if ordered else None)
    if choice is None:
        return Pooled([], None, [], {}, {}, 0)
    rounds: list[PooledRound] = []
    who: dict[str, Who] = {}
    labels: dict[str, str] = {}
    for round_, entry in local:
        if _choice(entry["instrument"]) != choice:
            continue
        ident = f"here:{round_.partnership_id}"
        who[ident] = Who(round_.partnership.name, "here", entry["profile"], round_.partnership_id)
        rounds.append(
            PooledRound(
                ident, entry["round_key"], entry["closed"], entry["opened"], entry["dimensions"]
            )
        )
        labels.update({d["name"]: d["label"] for d in entry["dimensions"]})
    sources = set()
    for i in imported:
        if (i.instrument_key, i.instrument_version, i.instrument_digest) != (
            choice.key,
            choice.version,
            choice.digest,
        ):
            continue
        ident = f"{i.installation.installation_id}:{i.partnership_key}"
        sources.add(i.installation_id)
        who[ident] = Who(
            f"{i.installation.name} · {i.partnership_key[:8]}", i.installation.name, i.profile
        )
        rounds.append(PooledRound(ident, i.round_key, i.closed, i.opened, i.dimensions))
        for d in i.dimensions:
            labels.setdefault(d["name"], d["label"])
    names = list(dict.fromkeys(d["name"] for r in rounds for d in r.dimensions))
    return Pooled(ordered, choice, pooled_benchmark(rounds, names), labels, who, len(sources))
