"""Interlocking partnerships: the organisation × partnership two-mode network.

From memberships ``(organisation, partnership)`` we read the bipartite
(two-mode) network and its two one-mode projections (Breiger, R. L. (1974)
"The duality of persons and groups", *Social Forces* 53, 181–190):

* per organisation, the number of partnerships it sits in, flagged as
  *overloaded* above a threshold (default 4) — the "partnership fatigue" of
  organisations, often small voluntary ones, asked to sit everywhere;
* organisation pairs weighted by the partnerships they share;
* partnership pairs weighted by the organisations they share (interlocks).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import combinations

OVERLOAD_THRESHOLD = 4


@dataclass(frozen=True, slots=True)
class OrganisationLoad:
    id: str
    partnerships: list[str]
    overloaded: bool

    @property
    def count(self) -> int:
        return len(self.partnerships)


@dataclass(frozen=True, slots=True)
class SharedPair:
    a: str
    b: str
    shared: int


@dataclass(frozen=True)
class Interlocks:
    organisations: list[OrganisationLoad]
    organisation_pairs: list[SharedPair]
    partnership_pairs: list[SharedPair]
    threshold: int

    def load_of(self, organisation: str) -> OrganisationLoad | None:
        return next((o for o in self.organisations if o.id == organisation), None)

    def partners_of(self, organisation: str, limit: int = 5) -> list[tuple[str, int]]:
        """The organisations sharing most partnerships with ``organisation``."""
        found = [
            (p.b if p.a == organisation else p.a, p.shared)
            for p in self.organisation_pairs
            if organisation in (p.a, p.b)
        ]
        return found[:limit]


def _pairs(groups: dict[str, set[str]]) -> list[SharedPair]:
    counts: Counter[tuple[str, str]] = Counter()
    for members in groups.values():
        for a, b in combinations(sorted(members), 2):
            counts[(a, b)] += 1
    pairs = [SharedPair(a, b, n) for (a, b), n in counts.items()]
    pairs.sort(key=lambda p: (-p.shared, p.a, p.b))
    return pairs


def interlocks(
    memberships: Iterable[tuple[str, str]], threshold: int = OVERLOAD_THRESHOLD
) -> Interlocks:
    """Both projections of the two-mode membership network, each sorted by
    descending count (then by id). An organisation is overloaded when it sits
    in more than ``threshold`` partnerships."""
    by_org: dict[str, set[str]] = defaultdict(set)
    by_partnership: dict[str, set[str]] = defaultdict(set)
    for organisation, partnership in memberships:
        by_org[organisation].add(partnership)
        by_partnership[partnership].add(organisation)
    loads = [OrganisationLoad(o, sorted(ps), len(ps) > threshold) for o, ps in by_org.items()]
    loads.sort(key=lambda o: (-o.count, o.id))
    return Interlocks(loads, _pairs(by_partnership), _pairs(by_org), threshold)
