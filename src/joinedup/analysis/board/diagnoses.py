"""Board wording for the diagnoses: where the partnership sits on Newman's plane,
drift alerts, and the typical depth of joint working.

The plane reading (Newman 2001, *Modernising Governance*, ch. 6) is used as the
dynamics framework gives it: nothing is said for a round whose overall reading is
withheld (fewer than k respondents). Depth is read from the ladder of partnership
(Hudson et al 1999): the most frequent rung of the pairwise ratings and its mean,
and members' judgement of the whole; the gap rule is the depth framework's own.
"""

from __future__ import annotations

from collections.abc import Sequence

from joinedup.analysis.board.text import ALERT, NEEDS_ATTENTION, NO_DATA, ROOM, BoardLines, Prompt
from joinedup.analysis.frameworks.depth import GAP_THRESHOLD, LADDER, DepthResult
from joinedup.analysis.frameworks.drift import RULE_LABELS, Trajectory
from joinedup.analysis.frameworks.dynamics import DynamicsResult
from joinedup.analysis.words import gettext, gettext_noop

#: What each quadrant of Newman's plane means for how a partnership works, in the
#: project's words (x: looking inward −, outward +; y: directed −, self-steering +).
QUADRANT_MEANING = {
    "sustainability": gettext_noop("self-steering and looking inward, building lasting capacity"),
    "flexibility": gettext_noop("self-steering and looking outward, open and adaptable"),
    "pragmatism": gettext_noop("steered from outside and looking outward, intent on delivery"),
    "accountability": gettext_noop(
        "steered from outside and looking inward, intent on rules and targets"
    ),
}
#: The quadrants' names, for the catalogue (Newman's terms).
QUADRANT_NAMES = (
    gettext_noop("sustainability"),
    gettext_noop("flexibility"),
    gettext_noop("pragmatism"),
    gettext_noop("accountability"),
)


def plane_line(rounds: Sequence[DynamicsResult]) -> str | None:
    """Latest position with its quadrant, and the one before when it differs."""
    shown = [r for r in rounds if r.overall.quadrant and None not in (r.overall.x, r.overall.y)]
    if not shown:
        return None
    last = shown[-1].overall
    quadrant, x, y = str(last.quadrant), float(last.x or 0.0), float(last.y or 0.0)
    values = {
        "quadrant": gettext(quadrant),
        "round": shown[-1].round_label,
        "meaning": gettext(QUADRANT_MEANING.get(quadrant, quadrant)),
        "x": f"{x:+.2f}",
        "y": f"{y:+.2f}",
        "n": last.n,
    }
    if len(shown) < 2:
        return (
            gettext(
                "On Newman's plane the partnership sits in the '%(quadrant)s' quadrant in "
                "%(round)s (%(meaning)s; x = %(x)s, y = %(y)s, n = %(n)s)."
            )
            % values
        )
    before = shown[-2]
    if before.overall.quadrant != last.quadrant:
        return gettext(
            "On Newman's plane the partnership sits in the '%(quadrant)s' quadrant in "
            "%(round)s (%(meaning)s; x = %(x)s, y = %(y)s, n = %(n)s), having moved from "
            "'%(before)s' in %(before_round)s."
        ) % {
            **values,
            "before": gettext(str(before.overall.quadrant)),
            "before_round": before.round_label,
        }
    return gettext(
        "On Newman's plane the partnership sits in the '%(quadrant)s' quadrant in "
        "%(round)s (%(meaning)s; x = %(x)s, y = %(y)s, n = %(n)s), as in %(before_round)s."
    ) % {**values, "before_round": before.round_label}


def depth_line(result: DepthResult | None) -> str | None:
    """The typical depth: the mean pairwise rating with its nearest rung, the most
    frequent rating, and members' judgement of the whole where shown."""
    if result is None:
        return None
    network = result.network
    mean = network.mean
    if mean is None or network.modal is None:
        return None
    near = LADDER[min(max(int(mean + 0.5), 1), len(LADDER)) - 1]
    values = {
        "mean": f"{mean:.1f}",
        "near": gettext(near),
        "modal": gettext(str(network.modal)),
        "readings": network.readings,
    }
    judged = result.judgement
    if judged.mean is None:
        return (
            gettext(
                "Pairs of members rate their joint working %(mean)s on average on the 1–5 "
                "ladder of partnership (nearest rung '%(near)s', most frequent rating "
                "'%(modal)s', %(readings)s ratings)."
            )
            % values
        )
    return gettext(
        "Pairs of members rate their joint working %(mean)s on average on the 1–5 ladder "
        "of partnership (nearest rung '%(near)s', most frequent rating '%(modal)s', "
        "%(readings)s ratings); members judge the partnership as a whole at %(judged)s."
    ) % {**values, "judged": f"{judged.mean:.1f}"}


def alert_prompts(trajectory: Trajectory | None) -> list[Prompt]:
    if trajectory is None:
        return []
    return [
        Prompt(
            gettext("%(rule)s: %(message)s Is this the way the board wants the partnership to go?")
            % {"rule": gettext(RULE_LABELS.get(a.rule, a.rule)), "message": a.message},
            ALERT + 0.5,
        )
        for a in trajectory.alerts
    ]


def depth_prompt(result: DepthResult | None) -> list[Prompt]:
    if result is None or not result.gap_reported or result.gap is None:
        return []
    if result.gap > 0:
        text = gettext(
            "Members judge the partnership %(gap)s rungs deeper than their pairwise working "
            "shows: what would make the joint working match the story?"
        ) % {"gap": f"{result.gap:.1f}"}
    else:
        text = gettext(
            "Pairs of members work %(gap)s rungs more closely than members judge the "
            "partnership as a whole: what holds the whole back?"
        ) % {"gap": f"{-result.gap:.1f}"}
    return [Prompt(text, ROOM + 0.5)]


METHODS = [
    "Newman's plane: each agreement answer of the dynamics survey becomes −1…+1 (items "
    "worded the other way reversed); a respondent's x and y are the means of their answers "
    "on each axis, and the partnership's position is the mean over respondents with a 95% "
    "percentile bootstrap interval (1,000 resamples); groups under k are withheld, and further "
    "groups with them until the withheld respondents number at least k.",
    "Drift alerts compare the path across rounds with the pull the purpose needs, with the "
    "life-cycle stage (Lowndes & Skelcher 1998) and with outside pressure from money "
    "ending or central targets.",
    "Depth is read on the ladder of partnership (Hudson et al 1999) from the pairwise "
    "ratings and members' own judgement, and on Pratt's whole-systems spectrum; a gap is "
    f"reported from {GAP_THRESHOLD} of a rung.",
]


def board_lines(
    rounds: Sequence[DynamicsResult], trajectory: Trajectory | None, depth: DepthResult | None
) -> BoardLines:
    plane = plane_line(rounds)
    alerts = trajectory.alerts if trajectory else ()
    if alerts:
        labels = sorted({gettext(RULE_LABELS.get(a.rule, a.rule)).lower() for a in alerts})
        alert = gettext("Drift alert: %(alerts)s (see the questions for the board).") % {
            "alerts": "; ".join(labels)
        }
        plane = f"{plane} {alert}" if plane else alert
    summary = [line for line in (plane, depth_line(depth)) if line]
    questions = alert_prompts(trajectory) + depth_prompt(depth)
    text, state = headline(rounds, trajectory)
    return BoardLines(summary, questions, list(METHODS), text, state)


def headline(rounds: Sequence[DynamicsResult], trajectory: Trajectory | None) -> tuple[str, str]:
    """The overview card's sentence and status: a drift alert first, else where the
    partnership sits on Newman's plane (a description, so no status), else that
    there are not enough answers to place it."""
    alerts = trajectory.alerts if trajectory else ()
    if alerts:
        labels = sorted({gettext(RULE_LABELS.get(a.rule, a.rule)).lower() for a in alerts})
        return gettext("Drift alert: %(alerts)s.") % {"alerts": "; ".join(labels)}, NEEDS_ATTENTION
    shown = [r for r in rounds if r.overall.quadrant and None not in (r.overall.x, r.overall.y)]
    if not shown:
        return gettext("Not enough answers yet to place the partnership."), NO_DATA
    quadrant = str(shown[-1].overall.quadrant)
    meaning = gettext(QUADRANT_MEANING.get(quadrant, quadrant))
    return gettext("It works in Newman's '%(quadrant)s' quadrant: %(meaning)s.") % {
        "quadrant": gettext(quadrant),
        "meaning": meaning,
    }, ""
