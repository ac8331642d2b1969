"""From shown numbers to equations: which respondents stand behind each figure.

The adversary knows everyone's stakeholder group, sector and organisation (the
threat model), so the sets it can name are: everyone, each group, each sector, each
organisation (as a respondent's employer and, for network ratings, as the rated
organisation). A *family* is one variable read per respondent (or per rater and
rated organisation), recomputed here from the true answers, independently of the
scoring code:

- an item of the health check or the dynamics questionnaire: the answer;
- a dimension: the mean of the items answered, when at least half were answered;
- the dynamics plane's ``x`` and ``y``: the mean of the signed answers
  ``±(v − 3) / 2`` on each axis's items, for respondents with answers on both axes;
- a network item: each (rater, rated organisation) rating, owned by the rater.

A shown number becomes an equation for (family, set) when the family's name or
label and the set's label are among the words around it (no set label: everyone)
and the set's true mean on that family equals the number to the precision it was
printed with. Matching on the recomputed value is what identifies the set: a
figure that is not a mean of that set (a count, an interval bound) does not match
it except by coincidence, and a coincidental match is caught by the solver's
numerical check (the recovered sum must equal the true one).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field

from tests.confidentiality.harvest import Shown
from tests.confidentiality.solver import Equation
from tests.confidentiality.world import DYNAMICS, Truth

#: Words one of which names the round's instrument around a figure of it.
ROUND_WORDS = {
    "health-check": ("health check", "health-check"),
    "dynamics": ("dynamics",),
    "network": ("network",),
}


@dataclass
class Family:
    name: str
    labels: frozenset[str]
    values: dict[Hashable, float]  # element -> true value
    owner: Callable[[Hashable], Hashable]
    sets: dict[str, frozenset[Hashable]] = field(default_factory=dict)  # label -> elements


def _person(element: Hashable) -> Hashable:
    return element


def _rater(element: Hashable) -> Hashable:
    return element[0]  # type: ignore[index]


def _labels(*words: str) -> frozenset[str]:
    return frozenset(w.lower() for w in words if w)


def _item_families(truth: Truth, key: str, version_labels: dict[str, str]) -> list[Family]:
    out = []
    for item in truth.items.get(key, []):
        values = {
            p.index: p.answers[(key, item)] for p in truth.respondents if (key, item) in p.answers
        }
        out.append(
            Family(
                f"{key} item {item}", _labels(item, version_labels.get(item, "")), values, _person
            )
        )
    for dim, items in truth.dimensions.get(key, {}).items():
        values = {}
        for p in truth.respondents:
            given = [p.answers[(key, i)] for i in items if (key, i) in p.answers]
            if given and len(given) >= math.ceil(len(items) / 2):
                values[p.index] = sum(given) / len(given)
        labels = _labels(dim, version_labels.get(dim, ""))
        out.append(Family(f"{key} dimension {dim}", labels, values, _person))
    return out


def _axis(truth: Truth, tags: dict[str, list[str]], axis: str) -> dict[Hashable, float]:
    def signed(p, which: str) -> list[float]:  # type: ignore[no-untyped-def]
        out = []
        for item, item_tags in tags.items():
            for sign in ("+", "-"):
                if f"newman:{which}:{sign}" in item_tags and (DYNAMICS, item) in p.answers:
                    s = (p.answers[(DYNAMICS, item)] - 3.0) / 2.0
                    out.append(s if sign == "+" else -s)
        return out

    values = {}
    for p in truth.respondents:
        h, v = signed(p, "horizontal"), signed(p, "vertical")
        if h and v:
            values[p.index] = sum(h) / len(h) if axis == "x" else sum(v) / len(v)
    return values


def _network_families(truth: Truth, labels: dict[str, str]) -> list[Family]:
    out = []
    for item in truth.relation_items:
        values = {
            (p.index, target): value
            for p in truth.respondents
            for (target, rated), value in p.ratings.items()
            if rated == item
        }
        family = Family(f"network item {item}", _labels(item, labels.get(item, "")), values, _rater)
        for pk, (name, sector) in truth.organisations.items():
            family.sets[name.lower()] = frozenset(e for e in values if e[1] == pk)
            received = {e for e in values if truth.organisations[e[1]][1] == sector}
            family.sets[sector] = family.sets.get(sector, frozenset()) | received
        family.sets[""] = frozenset(values)
        out.append(family)
    return out


def families(
    truth: Truth, present: frozenset[int], labels: dict[str, str], tags: dict[str, list[str]]
) -> list[Family]:
    """Every family of the truth, restricted to the respondents ``present`` (submitted)."""
    found = []
    for key in truth.items:
        found += _item_families(truth, key, labels)
    if DYNAMICS in truth.items:
        for axis in ("x", "y"):
            found.append(
                Family(f"dynamics {axis}", _labels(axis), _axis(truth, tags, axis), _person)
            )
    for family in found:
        for p in truth.respondents:
            for label in (p.group, p.sector, p.org_name.lower()):
                if p.index in family.values:
                    family.sets[label] = family.sets.get(label, frozenset()) | {p.index}
        family.sets[""] = frozenset(family.values)
    found += _network_families(truth, labels)
    for family in found:
        family.values = {e: v for e, v in family.values.items() if family.owner(e) in present}
        family.sets = {
            lab: frozenset(s).intersection(family.values) for lab, s in family.sets.items()
        }
    return found


def _mentions(context: frozenset[str], label: str) -> bool:
    if len(label) <= 2:
        return label in context
    return any(label == word or (len(word) > len(label) and label in word) for word in context)


def _close(mean: float, shown: Shown) -> bool:
    if shown.decimals is None:
        return abs(mean - shown.value) <= 1e-6 * max(1.0, abs(mean))
    return abs(mean - shown.value) <= 0.5 * 10 ** (-shown.decimals) + 1e-9


def equations(family: Family, shown: Iterable[Shown]) -> list[Equation]:
    """The figures among ``shown`` that are means of one of the family's sets."""
    set_labels = [label for label in family.sets if label]
    out = []
    round_words = ROUND_WORDS[family.name.split()[0]]
    for figure in shown:
        if not any(_mentions(figure.context, w) for w in round_words):
            continue
        if family.labels and not any(_mentions(figure.context, lab) for lab in family.labels):
            continue
        named = [lab for lab in set_labels if lab in figure.context]
        for label in named or [""]:
            elements = family.sets[label]
            if not elements:
                continue
            mean = sum(family.values[e] for e in elements) / len(elements)
            if _close(mean, figure):
                total = figure.value * len(elements)
                out.append(Equation(elements, total, f"{figure.source} = {label or 'all'}"))
    return out
