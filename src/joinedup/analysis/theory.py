"""A partnership's theory of change, and which of its links rest on evidence.

A theory of change names the outcomes a partnership exists to bring about, the
outputs and activities meant to produce them, and the links between them: for
each link, the *mechanism* by which one step is expected to lead to the next, the
*context* it depends on, and the *assumption* it makes. This follows theory-based
evaluation (Weiss 1995; Connell and Kubisch 1998) and realistic evaluation's
context–mechanism–outcome configurations (Pawson and Tilley 1997). Balloch
("Researching partnerships: politics, ethics and pragmatism") finds partnership
research far readier to study process and context than outcomes: an evaluator asks
not only whether an outcome moved, but whether the steps the partnership's theory
says lead to it were taken and moved as the theory expects.

Each step may carry evidence: a survey dimension (its scores across rounds), an
indicator (its observations), a decision in the partnership's decision log, or an
action of its action plan. One piece of evidence reads as one of:

``moving``
    changed in the hoped direction by more than its uncertainty (a dimension whose
    change interval excludes zero; an indicator with at least two observations
    whose change is in its wanted direction);
``against``
    changed clearly the other way;
``flat``
    measured more than once with no clear change;
``observed``
    happened or was measured once (a decision taken, an action done, a dimension
    scored in a single round, an indicator observed once);
``none``
    no data yet, or only figures withheld under the small-group rule.

A step *has evidence* when at least one of its pieces reads other than ``none``.
A link then has **evidence at both ends**, **evidence at one end**, or **rests on
assumption only** (neither end has evidence). Evidence at both ends shows that
what the theory expects happened at each end; it does not by itself show that
one caused the other, which is what the link's mechanism and context notes are
for (Pawson and Tilley 1997, ch. 3).

The checks below are those an evaluator runs on any theory of change
(Connell and Kubisch 1998: a theory should be plausible, doable and testable): an
outcome that no step leads to, an activity that leads nowhere, a link with no
mechanism stated, and an assumption with no evidence at either end.

Pure functions of plain data; nothing here reads a database.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from joinedup.analysis import words

__all__ = [
    "KINDS",
    "LEVEL",
    "Check",
    "Evidence",
    "LinkReading",
    "Placed",
    "Step",
    "StepLink",
    "TheoryReading",
    "can_link",
    "layout",
    "read",
]

#: The kinds of step, in the order the theory runs (left to right in the diagram).
KINDS = ("activity", "output", "outcome")
LEVEL = {kind: i for i, kind in enumerate(KINDS)}
#: Evidence readings that count as evidence.
DATA_READINGS = frozenset({"moving", "against", "flat", "observed"})


@dataclass(frozen=True, slots=True)
class Evidence:
    """One piece of evidence on a step: what it is, its reading and a sentence."""

    source: str  # "dimension", "indicator", "decision" or "action"
    label: str
    reading: str  # one of moving / against / flat / observed / none
    detail: str = ""


@dataclass(frozen=True, slots=True)
class Step:
    key: str
    kind: str
    title: str
    evidence: tuple[Evidence, ...] = ()

    @property
    def has_evidence(self) -> bool:
        return any(e.reading in DATA_READINGS for e in self.evidence)


@dataclass(frozen=True, slots=True)
class StepLink:
    source: str
    target: str
    mechanism: str = ""
    context: str = ""
    assumption: str = ""


@dataclass(frozen=True, slots=True)
class LinkReading:
    link: StepLink
    support: str  # "both", "one" or "assumption"


@dataclass(frozen=True, slots=True)
class Check:
    code: str
    message: str


@dataclass(frozen=True)
class TheoryReading:
    steps: tuple[Step, ...]
    links: tuple[LinkReading, ...]
    checks: tuple[Check, ...]
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def outcomes(self) -> tuple[Step, ...]:
        return tuple(s for s in self.steps if s.kind == "outcome")


def can_link(source_kind: str, target_kind: str) -> bool:
    """Whether a step of ``source_kind`` may lead to one of ``target_kind``: a link
    runs forward (activity → output → outcome, or activity → outcome), and one
    outcome may lead to another (an intermediate outcome to a longer-term one)."""
    if source_kind not in LEVEL or target_kind not in LEVEL:
        return False
    if source_kind == target_kind == "outcome":
        return True
    return LEVEL[target_kind] > LEVEL[source_kind]


def read(steps: Sequence[Step], links: Sequence[StepLink]) -> TheoryReading:
    """Each link's support (both ends, one end, assumption only) and the checks.

    Links whose ends are not among ``steps`` are ignored. Counts: ``both``,
    ``one``, ``assumption`` (links by support), ``outcomes``, ``steps``.
    """
    by_key = {s.key: s for s in steps}
    kept = [lk for lk in links if lk.source in by_key and lk.target in by_key]
    readings = []
    for lk in kept:
        ends = by_key[lk.source].has_evidence + by_key[lk.target].has_evidence
        readings.append(LinkReading(lk, ("assumption", "one", "both")[ends]))
    counts = {"both": 0, "one": 0, "assumption": 0}
    for r in readings:
        counts[r.support] += 1
    counts["steps"] = len(steps)
    counts["outcomes"] = sum(1 for s in steps if s.kind == "outcome")
    return TheoryReading(tuple(steps), tuple(readings), tuple(_checks(steps, kept)), counts)


def _checks(steps: Sequence[Step], links: Sequence[StepLink]) -> Iterable[Check]:
    into = {lk.target for lk in links}
    out_of = {lk.source for lk in links}
    by_key = {s.key: s for s in steps}
    for s in steps:
        if s.kind == "outcome" and s.key not in into:
            yield Check(
                "outcome-unreached",
                words.gettext(
                    "Nothing in the theory leads to the outcome “%(step)s”: which activities "
                    "are meant to bring it about?"
                )
                % {"step": s.title},
            )
        if s.kind != "outcome" and s.key not in out_of:
            yield Check(
                "step-leads-nowhere",
                words.gettext("“%(step)s” leads to no output or outcome: what is it for?")
                % {"step": s.title},
            )
    for lk in links:
        a, b = by_key[lk.source], by_key[lk.target]
        if not lk.mechanism.strip():
            yield Check(
                "no-mechanism",
                words.gettext(
                    "No mechanism is noted for “%(source)s” → “%(target)s”: why should one "
                    "lead to the other, and for whom?"
                )
                % {"source": a.title, "target": b.title},
            )
        if lk.assumption.strip() and not (a.has_evidence or b.has_evidence):
            yield Check(
                "assumption-untested",
                words.gettext(
                    "The assumption “%(assumption)s” has no evidence at either end yet: "
                    "which indicator or survey question would show it?"
                )
                % {"assumption": lk.assumption.strip()},
            )
    for s in steps:
        if s.kind == "outcome" and not s.has_evidence:
            yield Check(
                "outcome-unmeasured",
                words.gettext(
                    "The outcome “%(step)s” has no indicator or survey dimension linked to "
                    "it, so nobody can tell whether it is being reached."
                )
                % {"step": s.title},
            )


@dataclass(frozen=True, slots=True)
class Placed:
    """A step's place in the diagram: its column (by kind) and row."""

    key: str
    column: int
    row: int


def layout(steps: Sequence[Step], links: Sequence[StepLink], sweeps: int = 4) -> list[Placed]:
    """Columns by kind (activities, outputs, outcomes); within a column, rows
    ordered to keep links short and uncrossed by the barycentre heuristic of
    Sugiyama, Tagawa and Toda (1981): each step sits at the mean row of the steps
    it is linked to in the neighbouring columns, swept left to right and back
    ``sweeps`` times; ties keep the order the steps were given in (deterministic).
    """
    columns: dict[int, list[str]] = defaultdict(list)
    for s in steps:
        columns[LEVEL.get(s.kind, 0)].append(s.key)
    neighbours: dict[str, set[str]] = defaultdict(set)
    keys = {s.key for s in steps}
    for lk in links:
        if lk.source in keys and lk.target in keys:
            neighbours[lk.source].add(lk.target)
            neighbours[lk.target].add(lk.source)
    given = {s.key: i for i, s in enumerate(steps)}
    order = {c: list(v) for c, v in columns.items()}
    row = {k: i for v in order.values() for i, k in enumerate(v)}
    span = sorted(order)
    for sweep in range(sweeps):
        sequence = span if sweep % 2 == 0 else list(reversed(span))
        for c in sequence:

            def centre(key: str, c: int = c) -> tuple[float, int]:
                near = [
                    row[n] for n in neighbours[key] if row.get(n) is not None and n not in order[c]
                ]
                return (sum(near) / len(near) if near else row[key], given[key])

            order[c].sort(key=centre)
            for i, k in enumerate(order[c]):
                row[k] = i
    return [Placed(k, c, i) for c in span for i, k in enumerate(order[c])]
