"""The partnership page's and report's "From findings to action" section: the
board's agreed view beside the members' answers, and each action with what it
has moved since its finding (:mod:`joinedup.actions.effects`).

Members read it; it shows nothing a member could not see on the scores section
(every survey figure comes from the k-applied scores)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from joinedup.actions import effects, workshop
from joinedup.actions.services import actions_of
from joinedup.registry.models import Partnership
from joinedup.registry.viewer import Viewer
from joinedup.web.sections import SectionResult, declare

METHODS = (
    "An action's effect on a dimension is the change in the dimension's mean between the "
    "round of its finding and the next round with results, with Welch's 95% interval, "
    "judged reliable when the interval leaves out zero and Jacobson and Truax's (1991) "
    "reliable change index, from the first round's spread and Cronbach's alpha, passes "
    "1.96; the change is shown only when both rounds have at least k respondents.",
    "The workshop's agreed view is the score the board agreed on a dimension after "
    "discussing a round, shown beside the members' median, spread and agreement "
    "(rwg(J)), as in the Nuffield partnership assessment tool's workshops.",
)


def action_rows(
    partnership: Partnership, upto: Any = None, published_only: bool = False
) -> list[dict[str, Any]]:
    return [
        {"action": a, "effect": effects.effect(a, upto), "notes": list(a.notes.all())}
        for a in actions_of(partnership, published_only)
    ]


def _summary(rows: list[dict[str, Any]]) -> list[str]:
    measured = [r for r in rows if r["effect"] is not None and r["effect"].after_period]
    if not rows:
        return []
    text = _("%(n)d actions came from the findings; %(m)d can be measured against a later round.")
    return [text % {"n": len(rows), "m": len(measured)}]


@declare("actions")
def partnership(
    viewer: Viewer, partnership: Partnership, round_: Any = None
) -> SectionResult | None:
    if not viewer.can_view(partnership):
        return None
    rows = action_rows(partnership, round_)
    recorded = workshop.latest_recorded(partnership, round_)
    comparison = workshop.comparison(recorded) if recorded is not None else []
    if not rows and not comparison:
        return None
    context = {
        "partnership": partnership,
        "actions": rows,
        "workshop_round": recorded,
        "workshop": comparison,
        "can_manage": viewer.can_manage(partnership),
        "k": settings.MIN_RESPONDENTS,
    }
    summary = _summary(rows)
    return SectionResult(
        "actions",
        _("From findings to action"),
        "actions/_section.html",
        context,
        summary=tuple(summary),
        methods=METHODS,
        headline=summary[0] if summary else _("The board recorded its agreed view."),
    )
