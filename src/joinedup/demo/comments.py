"""Demo step: answers in words for the health-check rounds written by the surveys step.

About half of each health-check round's respondents write a comment (from the
invented comments below), and everyone ticks what their organisation puts into
the partnership, more often what fits their sector. Draws come from
``ctx.rng("comments")`` only, so the survey step's stream, and every score built
on it, stays as it was.

The Local Strategic Partnership's latest round shares its comments with members
and evaluators, and its coordinator has hidden one comment that points at a
named partner; the other partnerships keep comments to their coordinators.
"""

from __future__ import annotations

import random

from joinedup.demo import DemoContext
from joinedup.registry.models import Sector
from joinedup.surveys.models import Answer, HiddenComment, Response, Round

ORDER = 25
LABEL = "written comments and multiple-choice answers"

TEXT_ITEM = "hc_comment"
CHOICE_ITEM = "hc_res_shared"
WRITE_RATE = 0.55

COMMENTS = (
    "Fewer meetings, with papers sent a week ahead so we can read them properly.",
    "Agree three priorities for the year and stop adding new ones every quarter.",
    "Put a small amount of money in a shared pot that any partner can bid from.",
    "Let the community representatives set part of the agenda, not just comment on it.",
    "Report back on what happened after each decision; too much is agreed and forgotten.",
    "Pool the data we already hold before commissioning another needs assessment.",
    "Meet somewhere other than the civic centre now and then, out in the neighbourhoods.",
    "Give the smaller charities a second seat; one voice for the whole sector is not enough.",
    "Stop treating the board as a place to announce decisions taken elsewhere.",
    "A shared calendar of consultations so residents are not asked the same thing twice.",
    "Joint training for front-line staff from different agencies would build trust fastest.",
    "Funding beyond one year, so projects are not wound down just as they start working.",
    "Clearer minutes that say who will do what by when.",
    "Invite young people properly, with travel paid and meetings after school hours.",
    "Check at each meeting whether we are still working on the problems we set out to solve.",
    "Spend less time on performance tables and more on what residents tell us.",
    "A named contact in each partner organisation who answers within a week.",
    "Be honest about what the partnership cannot do, so expectations stay realistic.",
    "Share the costs of the coordinator post instead of leaving it to one budget.",
    "Agree how we settle disagreements before the next difficult decision comes along.",
    "Visit each other's services; most of us have never seen how the others work.",
    "Use plain English in the papers; the acronyms shut people out.",
)
#: A comment that names a partner: the coordinator's demo hides it.
IDENTIFYING = (
    "Seabright Homes has not sent anyone to a working group since the autumn, and the "
    "rest of us carry their share."
)
#: How likely a respondent of each sector ticks each option.
TICKS = {
    Sector.PUBLIC: {"money": 0.6, "staff": 0.85, "premises": 0.45, "data": 0.7, "expertise": 0.5},
    Sector.VOLUNTARY: {"staff": 0.7, "expertise": 0.55, "contacts": 0.8, "premises": 0.2},
    Sector.COMMUNITY: {"contacts": 0.85, "staff": 0.3, "expertise": 0.35},
    Sector.PRIVATE: {"money": 0.3, "expertise": 0.6, "premises": 0.4, "staff": 0.4},
}


def run(ctx: DemoContext) -> None:
    rng = ctx.rng("comments")
    written = hidden = 0
    for key, partnership in ctx.state["partnerships"].items():
        rounds = list(
            Round.objects.filter(partnership=partnership, instrument__key="health-check").order_by(
                "opens"
            )
        )
        for index, round_ in enumerate(rounds):
            latest = index == len(rounds) - 1
            made = _answer(round_, rng, identifying=latest and key == "lsp")
            written += made
            if latest and key == "lsp":
                round_.members_see_comments = True
                round_.save(update_fields=["members_see_comments"])
                hidden += _hide_identifying(round_)
    ctx.notes.append(f"{written} written comments ({hidden} hidden by a coordinator)")


def _ticks(sector: str, rng: random.Random) -> str:
    chances = TICKS.get(Sector(sector), TICKS[Sector.VOLUNTARY])
    ticked = [value for value, chance in chances.items() if rng.random() < chance]
    return " ".join(ticked or ["staff"])


def _answer(round_: Round, rng: random.Random, identifying: bool) -> int:
    responses = list(
        Response.objects.filter(round=round_, submitted__isnull=False)
        .select_related("organisation")
        .order_by("pk")
    )
    pool = list(COMMENTS)
    rng.shuffle(pool)
    rows = []
    writers = 0
    for response in responses:
        ticks = _ticks(response.organisation.sector, rng)
        rows.append(Answer(response=response, item=CHOICE_ITEM, text=ticks))
        if rng.random() < WRITE_RATE and pool:
            rows.append(Answer(response=response, item=TEXT_ITEM, text=pool.pop()))
            writers += 1
    if identifying and responses:
        last = responses[rng.randrange(len(responses))]
        rows = [r for r in rows if not (r.response is last and r.item == TEXT_ITEM)]
        rows.append(Answer(response=last, item=TEXT_ITEM, text=IDENTIFYING))
        writers = sum(1 for r in rows if r.item == TEXT_ITEM)
    Answer.objects.bulk_create(rows)
    return writers


def _hide_identifying(round_: Round) -> int:
    answer = Answer.objects.filter(response__round=round_, item=TEXT_ITEM, text=IDENTIFYING).first()
    if answer is None:
        return 0
    HiddenComment.objects.create(answer=answer)
    return 1
