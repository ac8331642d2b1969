"""Board wording for participation: does what people say reach decisions, do they
hear back, and is any activity tokenistic?

Read from the participation measures the section shows
(:mod:`joinedup.analysis.participation`): the decision-link rate (share of inputs
linked to a recorded decision), the feedback states of activities, and the
tokenism flag (declared consult or deeper, feedback overdue, nothing linked;
Arnstein 1969). A link rate below :data:`LOW_LINK_RATE` prompts a question: when
fewer than half of the inputs reach a decision, the consultation–decision gap the
literature warns of is the likelier story.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from joinedup.analysis.board.text import (
    ALERT,
    DIVIDED,
    GOOD,
    NEEDS_ATTENTION,
    ROOM,
    WATCH,
    BoardLines,
    Prompt,
    count,
    names,
)
from joinedup.analysis.participation import LinkRate
from joinedup.analysis.words import gettext, ngettext

LOW_LINK_RATE = 0.5
FEEDBACK_WORDS = {
    "on_time": "on time",
    "late": "late",
    "missing": "overdue and missing",
    "not_yet_due": "not yet due",
    "not_expected": "not expected",
}


def link_line(rate: LinkRate) -> str | None:
    if rate.rate is None:
        return None
    line = (
        f"{rate.linked} of {rate.inputs} recorded inputs from participation reached a "
        f"decision ({rate.rate:.0%})"
    )
    if rate.influence_rate is not None:
        line += f"; {rate.influential} adopted or changed one ({rate.influence_rate:.0%})"
    return line + "."


def feedback_line(feedback: Mapping[str, int], tokenistic: Sequence[str]) -> str:
    """Feedback states by activity and the tokenism flag, as one sentence."""
    parts = [f"{n} {FEEDBACK_WORDS.get(state, state)}" for state, n in feedback.items() if n]
    line = f"Feedback to participants, by activity: {', '.join(parts)}; " if parts else ""
    if not tokenistic:
        return line + ("no" if line else "No") + " activity is flagged as tokenistic."
    quoted = names([f"'{t}'" for t in tokenistic])
    flagged = count(len(tokenistic), "activity", "activities")
    return line + ("t" if line else "T") + f"okenism flag on {flagged}: {quoted}."


def prompts(rate: LinkRate, feedback: Mapping[str, int], tokenistic: Sequence[str]) -> list[Prompt]:
    asked = []
    if tokenistic:
        asked.append(
            Prompt(
                f"{names([repr(t) for t in tokenistic])} promised people a say, but nothing "
                "they said is linked to a decision and the feedback is overdue: what will "
                "the board tell them, and by when?",
                ALERT,
            )
        )
    if rate.rate is not None and rate.rate < LOW_LINK_RATE:
        asked.append(
            Prompt(
                f"Only {rate.rate:.0%} of what participants said is linked to a decision: "
                "where do their views go, and who decides what happens to them?",
                DIVIDED + (LOW_LINK_RATE - rate.rate),
            )
        )
    late = feedback.get("late", 0) + feedback.get("missing", 0)
    if late and not tokenistic:
        asked.append(
            Prompt(
                f"Feedback was late or is still missing for "
                f"{count(late, 'activity', 'activities')}: who closes the loop with "
                "participants?",
                ROOM + 0.8,
            )
        )
    return asked


METHODS = [
    "Participation: the decision-link rate is the share of recorded inputs linked to at "
    "least one recorded decision, whatever the link's kind; the influence rate counts only "
    "links where the input was adopted or changed the decision.",
    "Achieved depth is read from the evidence on IAP2's spectrum and capped at the depth "
    "declared; an activity is flagged as tokenistic (Arnstein 1969) when consult or deeper "
    "was declared, the feedback is overdue and no input reached a decision.",
]


def headline(
    rate: LinkRate, feedback: Mapping[str, int], tokenistic: Sequence[str], overdue_seats: int
) -> tuple[str, str]:
    """The overview card's sentence and status: the promises still open (feedback
    owed to participants, community seats overdue in reporting back), else how
    much of what people said reached a decision."""
    owed = feedback.get("missing", 0)
    due = feedback.get("not_yet_due", 0)
    parts = []
    if owed:
        parts.append(
            ngettext(
                "feedback overdue for %(n)s activity", "feedback overdue for %(n)s activities", owed
            )
            % {"n": owed}
        )
    if overdue_seats:
        parts.append(
            ngettext(
                "%(n)s community board member overdue in reporting back",
                "%(n)s community board members overdue in reporting back",
                overdue_seats,
            )
            % {"n": overdue_seats}
        )
    if due:
        parts.append(
            ngettext(
                "feedback still to give for %(n)s activity",
                "feedback still to give for %(n)s activities",
                due,
            )
            % {"n": due}
        )
    if tokenistic:
        state = NEEDS_ATTENTION
    elif owed or overdue_seats or (rate.rate is not None and rate.rate < LOW_LINK_RATE):
        state = WATCH
    else:
        state = GOOD
    if parts:
        listed = names(parts, gettext("and"))
        return gettext("Open promises: %(promises)s.") % {"promises": listed}, state
    if rate.rate is not None:
        return (
            gettext(
                "No promise to participants is outstanding; %(linked)s of %(inputs)s "
                "inputs reached a decision."
            )
            % {"linked": rate.linked, "inputs": rate.inputs},
            state,
        )
    return gettext("No promise to participants is outstanding."), state


def board_lines(
    rate: LinkRate,
    feedback: Mapping[str, int],
    tokenistic: Sequence[str],
    overdue_seats: int = 0,
) -> BoardLines:
    summary = [line for line in (link_line(rate),) if line]
    summary.append(feedback_line(feedback, tokenistic))
    text, state = headline(rate, feedback, tokenistic, overdue_seats)
    return BoardLines(summary, prompts(rate, feedback, tokenistic), list(METHODS), text, state)
