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
    names,
)
from joinedup.analysis.participation import LinkRate
from joinedup.analysis.words import gettext, gettext_noop, ngettext

LOW_LINK_RATE = 0.5
FEEDBACK_WORDS = {
    "on_time": gettext_noop("on time"),
    "late": gettext_noop("late"),
    "missing": gettext_noop("overdue and missing"),
    "not_yet_due": gettext_noop("not yet due"),
    "not_expected": gettext_noop("not expected"),
}


def link_line(rate: LinkRate) -> str | None:
    if rate.rate is None:
        return None
    values = {"linked": rate.linked, "inputs": rate.inputs, "rate": f"{rate.rate:.0%}"}
    if rate.influence_rate is None:
        return (
            gettext(
                "%(linked)s of %(inputs)s recorded inputs from participation reached a "
                "decision (%(rate)s)."
            )
            % values
        )
    return gettext(
        "%(linked)s of %(inputs)s recorded inputs from participation reached a decision "
        "(%(rate)s); %(influential)s adopted or changed one (%(influence)s)."
    ) % {
        **values,
        "influential": rate.influential,
        "influence": f"{rate.influence_rate:.0%}",
    }


def feedback_line(feedback: Mapping[str, int], tokenistic: Sequence[str]) -> str:
    """Feedback states by activity and the tokenism flag, as one sentence."""
    parts = [
        f"{n} {gettext(FEEDBACK_WORDS.get(state, state))}" for state, n in feedback.items() if n
    ]
    listed = ", ".join(parts)
    if not tokenistic:
        if parts:
            return gettext(
                "Feedback to participants, by activity: %(states)s; no activity is "
                "flagged as tokenistic."
            ) % {"states": listed}
        return gettext("No activity is flagged as tokenistic.")
    values = {
        "states": listed,
        "n": len(tokenistic),
        "activities": names([f"'{t}'" for t in tokenistic], gettext("and")),
    }
    if parts:
        return (
            ngettext(
                "Feedback to participants, by activity: %(states)s; tokenism flag on "
                "%(n)s activity: %(activities)s.",
                "Feedback to participants, by activity: %(states)s; tokenism flag on "
                "%(n)s activities: %(activities)s.",
                len(tokenistic),
            )
            % values
        )
    return (
        ngettext(
            "Tokenism flag on %(n)s activity: %(activities)s.",
            "Tokenism flag on %(n)s activities: %(activities)s.",
            len(tokenistic),
        )
        % values
    )


def prompts(rate: LinkRate, feedback: Mapping[str, int], tokenistic: Sequence[str]) -> list[Prompt]:
    asked = []
    if tokenistic:
        asked.append(
            Prompt(
                gettext(
                    "%(activities)s promised people a say, but nothing they said is linked to "
                    "a decision and the feedback is overdue: what will the board tell them, "
                    "and by when?"
                )
                % {"activities": names([repr(t) for t in tokenistic], gettext("and"))},
                ALERT,
            )
        )
    if rate.rate is not None and rate.rate < LOW_LINK_RATE:
        asked.append(
            Prompt(
                gettext(
                    "Only %(rate)s of what participants said is linked to a decision: where "
                    "do their views go, and who decides what happens to them?"
                )
                % {"rate": f"{rate.rate:.0%}"},
                DIVIDED + (LOW_LINK_RATE - rate.rate),
            )
        )
    late = feedback.get("late", 0) + feedback.get("missing", 0)
    if late and not tokenistic:
        asked.append(
            Prompt(
                ngettext(
                    "Feedback was late or is still missing for %(n)s activity: who closes "
                    "the loop with participants?",
                    "Feedback was late or is still missing for %(n)s activities: who closes "
                    "the loop with participants?",
                    late,
                )
                % {"n": late},
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
