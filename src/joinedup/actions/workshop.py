"""The workshop's agreed view beside the members' own answers.

For one round, each dimension the board agreed a score on is shown with the
members' median, their spread (standard deviation), their agreement (rwg(J)) and
the split flag, all from :func:`joinedup.analysis.scoring.score_round` with k
applied, and the gap between the agreed score and the median with a reading in
words. When the median rests on fewer than k respondents, no gap is shown: the
agreed score alone is the board's own and safe to show.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from joinedup.actions.models import WorkshopView
from joinedup.actions.services import instrument_of
from joinedup.analysis.reliable_change import agreed_gap, gap_reading
from joinedup.analysis.scoring import score_round
from joinedup.analysis.suppression import Suppressed
from joinedup.registry.models import Partnership
from joinedup.surveys.extract import Round, partnership_rounds, round_answers


def latest_recorded(partnership: Partnership, upto: Round | None = None) -> Round | None:
    """The latest round of the partnership with a recorded workshop view (no later
    than ``upto``)."""
    ids = set(
        WorkshopView.objects.filter(round__partnership=partnership).values_list(
            "round_id", flat=True
        )
    )
    rounds = [
        r for r in partnership_rounds(partnership).select_related("instrument") if r.pk in ids
    ]
    if upto is not None:
        rounds = [r for r in rounds if (r.opens, r.pk) <= (upto.opens, upto.pk)]
    return rounds[-1] if rounds else None


def _figure(value: object, fmt: str = "{:.2f}") -> str:
    if isinstance(value, Suppressed):
        return value.reason
    if isinstance(value, float):
        return fmt.format(value)
    return "—"


def _reading(gap: float, points: int) -> str:
    size = gap_reading(gap, points)
    if size == "close":
        return _("The board's score is close to what members said.")
    way = _("above") if gap > 0 else _("below")
    if size == "some way":
        text = _("The board agreed a score some way %(way)s what members said.")
    else:
        text = _(
            "The board agreed a score far %(way)s what members said: whose view does it carry?"
        )
    return text % {"way": way}


def comparison(round_: Round) -> list[dict[str, Any]]:
    """One row per dimension with a recorded view: agreed score, note, the members'
    median, spread, agreement, split flag, gap and reading."""
    views = list(WorkshopView.objects.filter(round_id=round_.pk))
    instrument = instrument_of(round_)
    if not views or instrument is None:
        return []
    scores = score_round(instrument, round_answers(round_.pk), int(settings.MIN_RESPONDENTS))
    by_name = {d.dimension: d for d in scores.dimensions}
    rows = []
    for view in views:
        d = by_name.get(view.dimension)
        dim = next((x for x in instrument.dimensions if x.name == view.dimension), None)
        label = instrument.text(dim.label) if dim else view.dimension
        row: dict[str, Any] = {
            "dimension": view.dimension,
            "label": label,
            "agreed": f"{view.score:.1f}",
            "note": view.note,
            "median": _figure(d.median, "{:.1f}") if d else "—",
            "sd": _figure(d.sd) if d else "—",
            "rwg": _figure(d.rwg_j) if d else "—",
            "split": None,
            "gap": "",
            "reading": "",
        }
        if d is not None and not isinstance(d.split, Suppressed):
            row["split"] = bool(d.split)
        if d is not None and isinstance(d.median, float):
            gap = round(agreed_gap(view.score, d.median), 1)  # read as it is shown
            items = dim.items if dim else []
            scale = instrument.scale_of(items[0]) if items else None
            row["gap"] = f"{gap:+.1f}"
            row["reading"] = _reading(gap, scale.points if scale else 5)
            if row["split"]:
                row["reading"] += " " + _(
                    "Members were split on this dimension, so a single agreed score hides "
                    "two views."
                )
        rows.append(row)
    return rows
