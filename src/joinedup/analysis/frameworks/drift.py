"""The path of a partnership across Newman's plane, and three drift alerts.

Trajectory
    The overall positions of the rounds in date order, and each step between
    consecutive rounds: ``dx``, ``dy`` and the straight-line distance.

(a) Purpose drift
    The purpose sets an expected pull (table ``PURPOSE_RULES``, first match
    wins): a purpose or objective that speaks of capacity, participation,
    empowerment, prevention, inequality, renewal or the long term expects
    *sustainability*; otherwise an experimental partnership expects
    *flexibility*, a process partnership (joint planning and decisions)
    *accountability*, and an outcome partnership *pragmatism*. The alert fires
    for a step when the distance from the centre of the expected quadrant
    (the point (±0.5, ±0.5)) grows by more than ``PURPOSE_THRESHOLD`` = 0.15
    (on the −1…+1 axes); it does not fire for smaller moves or moves towards it.

(b) Life-cycle drift (Lowndes & Skelcher 1998)
    Pre-partnership collaboration works like a network, creation and
    consolidation like a hierarchy, programme delivery like a market, and
    termination or succession like a network again. Our stages map to the pulls
    that carry those modes: forming and renewing → flexibility or sustainability
    (the self-steering, network half); formalised → accountability; delivering →
    pragmatism. The alert fires when the latest round's quadrant is not among
    the stage's expected pulls.

(c) Context pressure
    When short-term money is about to end or new central targets have arrived
    (the context signals) and the latest step moves down the plane — towards
    pragmatism and accountability — by more than ``CONTEXT_THRESHOLD`` = 0.10,
    the alert names the pressures. Without signals, or with a smaller or upward
    move, it does not fire.

Alerts are prompts for the board's discussion, not verdicts.
Reference: J. Newman (2001) *Modernising governance*, ch. 6; V. Lowndes and
C. Skelcher (1998) 'The dynamics of multi-organizational partnerships',
*Public Administration* 76(2).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from itertools import pairwise
from typing import Any

from joinedup.analysis.frameworks.dynamics import CENTRES, DynamicsResult
from joinedup.analysis.words import gettext, gettext_noop

NAME = "drift"
TITLE = "Trajectory and drift on Newman's plane"
PURPOSE_THRESHOLD = 0.15
CONTEXT_THRESHOLD = 0.10
CAPACITY_WORDS = (
    "capacity",
    "participat",
    "empower",
    "prevent",
    "inequalit",
    "renewal",
    "long-term",
    "long term",
    "sustainab",
)
KIND_PULL = {"experimental": "flexibility", "process": "accountability", "outcome": "pragmatism"}
STAGE_PULLS: dict[str, tuple[str, ...]] = {
    "forming": ("flexibility", "sustainability"),
    "formalised": ("accountability",),
    "delivering": ("pragmatism",),
    "renewing": ("flexibility", "sustainability"),
}
STAGE_MODE = {
    "forming": gettext_noop("a network (fluid, informal pre-partnership collaboration)"),
    "formalised": gettext_noop("a hierarchy (creating and consolidating formal arrangements)"),
    "delivering": gettext_noop("a market (delivering a programme to contracts and targets)"),
    "renewing": gettext_noop("a network again (negotiating how commitments carry on)"),
}
# The life-cycle stages' names, for the catalogue (Lowndes & Skelcher's stages).
STAGE_NAMES = (
    gettext_noop("forming"),
    gettext_noop("formalised"),
    gettext_noop("delivering"),
    gettext_noop("renewing"),
)


def _or(words: Sequence[str]) -> str:
    """'A or B', each word in the reader's language."""
    return (" " + gettext("or") + " ").join(gettext(w) for w in words)


@dataclass(frozen=True)
class Pressure:
    """Context signals that push partnerships towards the bottom of the plane."""

    expiring_money: float = 0.0
    expiring_what: tuple[str, ...] = ()
    new_targets: tuple[str, ...] = ()

    @property
    def present(self) -> bool:
        return self.expiring_money > 0 or bool(self.expiring_what) or bool(self.new_targets)


@dataclass(frozen=True)
class Point:
    label: str
    x: float
    y: float
    quadrant: str


@dataclass(frozen=True)
class Step:
    start: str
    end: str
    dx: float
    dy: float
    distance: float


@dataclass(frozen=True)
class Alert:
    rule: str  # purpose, life_cycle or context
    round_label: str
    message: str


@dataclass(frozen=True)
class Trajectory:
    points: tuple[Point, ...]
    steps: tuple[Step, ...]
    expected_pull: str
    expected_because: str
    stage: str
    stage_pulls: tuple[str, ...]
    alerts: tuple[Alert, ...] = field(default_factory=tuple)
    skipped: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def expected_pull(
    purpose_kind: str, purpose: str, objectives: Sequence[str] = ()
) -> tuple[str, str]:
    """The pull a purpose needs, and why (see ``PURPOSE_RULES`` in the module text)."""
    text = " ".join([purpose, *objectives]).lower()
    for word in CAPACITY_WORDS:
        if word in text:
            because = gettext("the purpose speaks of '%(word)s…'") % {"word": word.rstrip("-")}
            return "sustainability", because
    pull = KIND_PULL.get(purpose_kind, "pragmatism")
    return (
        pull,
        gettext("it is recorded as a partnership of the '%(kind)s' kind") % {"kind": purpose_kind},
    )


def _distance(x: float, y: float, pull: str) -> float:
    cx, cy = CENTRES[pull]
    return math.hypot(x - cx, y - cy)


def _purpose_alerts(points: Sequence[Point], pull: str, because: str) -> list[Alert]:
    alerts = []
    for before, after in pairwise(points):
        d0, d1 = _distance(before.x, before.y, pull), _distance(after.x, after.y, pull)
        if d1 - d0 > PURPOSE_THRESHOLD:
            alerts.append(
                Alert(
                    "purpose",
                    after.label,
                    gettext(
                        "Between %(before)s and %(after)s the partnership moved away from "
                        "%(pull)s, which its purpose needs (%(because)s): its distance from the "
                        "middle of that quadrant grew from %(d0)s to %(d1)s (alert above "
                        "%(threshold)s); it now sits in '%(quadrant)s'."
                    )
                    % {
                        "before": before.label,
                        "after": after.label,
                        "pull": gettext(pull),
                        "because": because,
                        "d0": f"{d0:.2f}",
                        "d1": f"{d1:.2f}",
                        "threshold": f"{PURPOSE_THRESHOLD:.2f}",
                        "quadrant": gettext(after.quadrant),
                    },
                )
            )
    return alerts


def _stage_alert(last: Point, stage: str) -> list[Alert]:
    pulls = STAGE_PULLS.get(stage)
    if not pulls or last.quadrant in pulls:
        return []
    return [
        Alert(
            "life_cycle",
            last.label,
            gettext(
                "At the '%(stage)s' stage a partnership tends to work like %(mode)s, which "
                "points to %(pulls)s; in %(round)s it sits in '%(quadrant)s'."
            )
            % {
                "stage": gettext(stage),
                "mode": gettext(STAGE_MODE[stage]),
                "pulls": _or(pulls),
                "round": last.label,
                "quadrant": gettext(last.quadrant),
            },
        )
    ]


def _context_alert(points: Sequence[Point], pressure: Pressure | None) -> list[Alert]:
    if pressure is None or not pressure.present or len(points) < 2:
        return []
    before, after = points[-2], points[-1]
    if after.y - before.y > -CONTEXT_THRESHOLD:
        return []
    causes = []
    if pressure.expiring_money > 0 or pressure.expiring_what:
        what = ", ".join(pressure.expiring_what) or gettext("short-term funding")
        causes.append(
            gettext("money ending soon (%(what)s; %(amount)s)")
            % {"what": what, "amount": f"£{pressure.expiring_money:,.0f}"}
        )
    if pressure.new_targets:
        causes.append(
            gettext("new central targets (%(targets)s)")
            % {"targets": ", ".join(pressure.new_targets)}
        )
    return [
        Alert(
            "context",
            after.label,
            gettext(
                "Between %(before)s and %(after)s the partnership moved down the plane by "
                "%(drop)s, towards pragmatism and accountability, while facing %(causes)s."
            )
            % {
                "before": before.label,
                "after": after.label,
                "drop": f"{before.y - after.y:.2f}",
                "causes": (" " + gettext("and") + " ").join(causes),
            },
        )
    ]


def compute(
    rounds: Sequence[DynamicsResult],
    *,
    purpose_kind: str,
    purpose: str,
    stage: str,
    objectives: Sequence[str] = (),
    pressure: Pressure | None = None,
) -> Trajectory:
    """The trajectory over rounds (in the order given) and the alerts it raises."""
    points, skipped = [], []
    for r in rounds:
        o = r.overall
        if o.x is None or o.y is None or o.quadrant is None:
            skipped.append(f"{r.round_label}: {o.suppressed or 'no position'}")
            continue
        points.append(Point(r.round_label, o.x, o.y, o.quadrant))
    steps = tuple(
        Step(a.label, b.label, b.x - a.x, b.y - a.y, math.hypot(b.x - a.x, b.y - a.y))
        for a, b in pairwise(points)
    )
    pull, because = expected_pull(purpose_kind, purpose, objectives)
    alerts = _purpose_alerts(points, pull, because)
    if points:
        alerts += _stage_alert(points[-1], stage)
    alerts += _context_alert(points, pressure)
    return Trajectory(
        points=tuple(points),
        steps=steps,
        expected_pull=pull,
        expected_because=because,
        stage=stage,
        stage_pulls=STAGE_PULLS.get(stage, ()),
        alerts=tuple(alerts),
        skipped=tuple(skipped),
    )


RULE_LABELS = {
    "purpose": gettext_noop("Drift from the purpose"),
    "life_cycle": gettext_noop("Out of step with the life-cycle stage"),
    "context": gettext_noop("Under outside pressure"),
}


def describe_path(result: Trajectory) -> str:
    """The path and what the purpose and stage point to, without the alerts."""
    if not result.points:
        return gettext("No round has a position on the plane yet, so there is no path to read.")
    path = " → ".join(
        f"{p.label} ({gettext(p.quadrant)}, x {p.x:+.2f}, y {p.y:+.2f})" for p in result.points
    )
    return gettext(
        "Path: %(path)s. The purpose points to %(pull)s because %(because)s; the "
        "'%(stage)s' stage points to %(pulls)s."
    ) % {
        "path": path,
        "pull": gettext(result.expected_pull),
        "because": result.expected_because,
        "stage": gettext(result.stage),
        "pulls": _or(result.stage_pulls) or gettext("no particular pull"),
    }


def explain(result: Trajectory) -> str:
    """The path and its alerts in plain words."""
    text = describe_path(result)
    if not result.points:
        return text
    if not result.alerts:
        return text + " " + gettext("No drift rule fired.")
    return text + " " + " ".join(a.message for a in result.alerts)
