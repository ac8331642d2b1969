"""Board wording for the partnership's context: money about to end, members who see
the purpose differently, and performance measures that judge single organisations.

Read from the context figures the section shows (:mod:`joinedup.analysis.context`):
the live funding and the share ending within twelve months; members' answers on
the purpose kind against the recorded one (withheld below k answers, warning from
one in three disagreeing; Hardy et al 2000, "clarity and realism of purpose"); and
the balance of cross-cutting against core-business measures (Newman 2001).
"""

from __future__ import annotations

from joinedup.analysis.board.text import (
    DIVIDED,
    GOOD,
    NEEDS_ATTENTION,
    NO_DATA,
    ROOM,
    WATCH,
    BoardLines,
    Prompt,
    names,
)
from joinedup.analysis.context import FundingFigures, MeasureBalance, PurposeDisagreement
from joinedup.analysis.words import gettext


def money_line(money: FundingFigures) -> str | None:
    """Said only when live money ends within twelve months (the main change ahead)."""
    if not money.live_total or not money.expiring_share:
        return None
    streams = names(list(money.expiring_streams), gettext("and"))
    values = {
        "share": f"{money.expiring_share:.0%}",
        "total": f"£{money.live_total:,.0f}",
        "streams": streams,
    }
    if streams:
        return (
            gettext(
                "%(share)s of the live funding of %(total)s ends within twelve months: %(streams)s."
            )
            % values
        )
    return gettext("%(share)s of the live funding of %(total)s ends within twelve months.") % values


def purpose_line(agreement: PurposeDisagreement | None) -> str | None:
    if agreement is None or agreement.suppressed or agreement.share is None:
        return None
    if not agreement.warning:
        return None
    return gettext(
        "%(disagree)s of %(answered)s members who answered (%(share)s) see the partnership "
        "as something other than the recorded '%(recorded)s' kind."
    ) % {
        "disagree": agreement.disagree,
        "answered": agreement.answered,
        "share": f"{agreement.share:.0%}",
        "recorded": agreement.recorded,
    }


def prompts(
    money: FundingFigures, agreement: PurposeDisagreement | None, balance: MeasureBalance
) -> list[Prompt]:
    asked = []
    if purpose_line(agreement) and agreement is not None and agreement.share is not None:
        asked.append(
            Prompt(
                gettext(
                    "%(share)s of members see the partnership as something other than a "
                    "'%(recorded)s' partnership: is the recorded purpose still the one "
                    "members share?"
                )
                % {"share": f"{agreement.share:.0%}", "recorded": agreement.recorded},
                DIVIDED + agreement.share,
            )
        )
    if money.expiring_share:
        asked.append(
            Prompt(
                gettext(
                    "%(share)s of the live money ends within twelve months: what carries on "
                    "when it stops, and who is working on it now?"
                )
                % {"share": f"{money.expiring_share:.0%}"},
                DIVIDED + money.expiring_share,
            )
        )
    if balance.mostly_core_business:
        asked.append(
            Prompt(
                gettext(
                    "Most performance measures in use judge single organisations on their own "
                    "business: which shared measure would show what the partnership adds?"
                ),
                ROOM + 0.3,
            )
        )
    return asked


METHODS = [
    "Context: money shares are by amount of the funding live on the day the report is "
    "made; money ending within twelve months is flagged. Members' view of the purpose "
    "kind is compared with the recorded one, withheld below k answers and flagged from "
    "one member in three disagreeing.",
]


#: From this share of the live money ending within twelve months, the card says
#: the section needs attention (below it, worth discussing).
MONEY_ALERT_SHARE = 0.25


def headline(money: FundingFigures, agreement: PurposeDisagreement | None) -> tuple[str, str]:
    """The overview card's sentence and status: money ending first, then a disputed
    purpose, else the live money in one line."""
    if money.live_total and money.expiring_share:
        share = money.expiring_share
        text = gettext(
            "Funding alert: %(share)s of the live funding (%(amount)s) ends within twelve months."
        ) % {"share": f"{share:.0%}", "amount": f"£{money.expiring_amount:,.0f}"}
        return text, NEEDS_ATTENTION if share >= MONEY_ALERT_SHARE else WATCH
    if purpose_line(agreement) and agreement is not None and agreement.share is not None:
        return (
            gettext(
                "%(share)s of members who answered see the partnership's purpose "
                "differently from the one recorded."
            )
            % {"share": f"{agreement.share:.0%}"},
            WATCH,
        )
    if money.live_total:
        return (
            gettext("%(amount)s of live funding, none of it ending within twelve months.")
            % {"amount": f"£{money.live_total:,.0f}"},
            GOOD,
        )
    return gettext("No funding is recorded for the partnership yet."), NO_DATA


def board_lines(
    money: FundingFigures,
    agreement: PurposeDisagreement | None,
    balance: MeasureBalance,
) -> BoardLines:
    summary = [line for line in (money_line(money), purpose_line(agreement)) if line]
    text, state = headline(money, agreement)
    return BoardLines(summary, prompts(money, agreement, balance), list(METHODS), text, state)
