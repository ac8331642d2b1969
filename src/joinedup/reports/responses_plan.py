"""Planning a response-level export: which rounds, the respondents' profiles, the
coarsening of each round and the people whose rounds stay unlinked.

A first streamed pass over the submitted responses of the scope's closed rounds
counts, per round, the respondents of each combination of quasi-identifiers
(group, sector, tier, role); :func:`joinedup.analysis.anonymise.generalise` turns
each round's counts into its recoding. Nothing per respondent is kept but the
rounds of people known through their invitation (for linking).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from joinedup.analysis import anonymise
from joinedup.analysis.codebook import QUASI
from joinedup.registry.models import Membership, Organisation, Role, Sector, Tier
from joinedup.surveys import extract

BATCH = 10_000  # respondents per batch of rounds
Profile = Callable[[int, int, str], tuple[str, ...]]


@dataclass(frozen=True)
class Scope:
    """What to export: one round, one partnership's rounds, or every partnership's."""

    round_id: int | None = None
    partnership_id: int | None = None
    national: bool = False

    def label(self) -> str:
        if self.round_id is not None:
            return f"round-{self.round_id}"
        if self.partnership_id is not None:
            return f"partnership-{self.partnership_id}"
        return "national"


@dataclass
class Plan:
    """``rounds``: the released rounds by id; ``recodings`` and ``counts`` by round
    (every round of the scope); ``profile`` gives a respondent's original values;
    ``unlinked`` the people named separately in each of their rounds."""

    rounds: dict[int, Any]
    recodings: dict[int, anonymise.Recoding]
    counts: dict[int, Counter[tuple[str, ...]]]
    profile: Profile
    unlinked: set[Any]

    def size(self, round_ids: Iterable[int]) -> int:
        return sum(sum(self.counts[r].values()) for r in round_ids)


def _roles(round_objs: list[Any]) -> Callable[[int, int], str]:
    """(round id, organisation id) → the organisation's role in the round's
    partnership on the day the round opened ("none" when not a member then)."""
    by_round = {r.pk: (r.partnership_id, r.opens.date()) for r in round_objs}
    spans: dict[tuple[int, int], list[tuple[dt.date, dt.date | None, str]]] = defaultdict(list)
    rows = Membership.objects.filter(partnership_id__in={p for p, _ in by_round.values()})
    for p, o, joined, left, held_role in rows.values_list(
        "partnership_id", "organisation_id", "joined", "left", "role"
    ):
        spans[(p, o)].append((joined, left, held_role))
    cache: dict[tuple[int, int], str] = {}

    def role(round_id: int, org: int) -> str:
        key = (round_id, org)
        if key not in cache:
            partnership, day = by_round[round_id]
            held = spans.get((partnership, org), [])
            found = [r for j, lf, r in held if j <= day and (lf is None or lf >= day)]
            cache[key] = found[0] if found else "none"
        return cache[key]

    return role


def profiles(round_objs: list[Any]) -> Profile:
    """(round id, organisation id, group) → (group, sector, tier, role)."""
    orgs = {pk: (s, t) for pk, s, t in Organisation.objects.values_list("pk", "sector", "tier")}
    role = _roles(round_objs)

    def profile(round_id: int, org: int, group: str) -> tuple[str, ...]:
        sector, tier = orgs.get(org, ("", ""))
        return (group, sector, tier, role(round_id, org))

    return profile


def make_plan(round_objs: list[Any], k: int) -> Plan:
    profile = profiles(round_objs)
    counts: dict[int, Counter[tuple[str, ...]]] = defaultdict(Counter)
    seen: dict[int, list[tuple[int, tuple[str, ...]]]] = defaultdict(list)
    for _pk, round_id, person, org, group in extract.export_profiles([r.pk for r in round_objs]):
        values = profile(round_id, org, group)
        counts[round_id][values] += 1
        if person is not None:
            seen[person].append((round_id, values))
    done: dict[frozenset[Any], anonymise.Recoding] = {}  # rounds alike are coarsened alike
    recodings = {}
    for r in round_objs:
        shape = frozenset(counts[r.pk].items())
        if shape not in done:
            done[shape] = anonymise.generalise(counts[r.pk], QUASI, k)
        recodings[r.pk] = done[shape]
    released = {r.pk: r for r in round_objs if not recodings[r.pk].suppressed}
    appearances = {
        person: [(r, recodings[r].apply(v)) for r, v in pairs if r in released]
        for person, pairs in seen.items()
    }
    return Plan(released, recodings, counts, profile, anonymise.unlinkable(appearances, k))


def batches(rounds: list[Any], plan: Plan, limit: int = BATCH) -> Iterable[list[int]]:
    """The rounds in groups of about ``limit`` respondents (a round is never split)."""
    batch: list[int] = []
    size = 0
    for r in rounds:
        n = plan.size([r.pk])
        if batch and size + n > limit:
            yield batch
            batch, size = [], 0
        batch.append(r.pk)
        size += n
    if batch:
        yield batch


def released_values(plan: Plan, rounds: Iterable[int]) -> dict[str, list[str]]:
    """The values each quasi-identifier column really holds in these rounds."""
    values: dict[str, set[str]] = defaultdict(set)
    for r in rounds:
        for combo in plan.counts[r]:
            for column, v in zip(QUASI, plan.recodings[r].apply(combo), strict=True):
                if v:
                    values[column].add(v)
    return {c: sorted(v) for c, v in values.items()}


def value_labels() -> dict[str, dict[str, str]]:
    """Labels of the quasi-identifiers' values, for the codebook's categories."""
    other = _("small categories merged")
    return {
        "sector": {**{str(v): str(lab) for v, lab in Sector.choices}, anonymise.OTHER: other},
        "tier": {**{str(v): str(lab) for v, lab in Tier.choices}, anonymise.OTHER: other},
        "role": {
            **{str(v): str(lab) for v, lab in Role.choices},
            "none": _("not a member when the round opened"),
            anonymise.OTHER: other,
        },
        "group": {anonymise.OTHER: other},
    }
