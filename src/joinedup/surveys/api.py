"""The surveys part of the JSON API, mounted at ``/api/surveys/``.

Instruments (the stored versions, with their full definition) may be read by any
signed-in caller: they hold questions, not answers. Rounds and response rates are
shown only for partnerships the caller may view. No endpoint returns anyone's
answers; a closed round's answers in words (``/rounds/{pk}/words``) come as
multiple-choice counts and as comments quoted without any name, organisation,
group or date, under the rules of :mod:`joinedup.surveys.comments`.
While a round is open its rate is the response count alone for members and
evaluators, and the overall rate without breakdowns for its coordinators
(:func:`joinedup.surveys.visibility.round_view`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema

from joinedup.registry import permissions
from joinedup.registry.models import Partnership
from joinedup.registry.viewer import Viewer
from joinedup.surveys import comments
from joinedup.surveys.extract import partnership_rounds
from joinedup.surveys.library import ensure_builtin_instruments
from joinedup.surveys.lifecycle import closes_on, current, opens_on, round_state
from joinedup.surveys.models import InstrumentVersion, Round
from joinedup.surveys.visibility import visible_rates
from joinedup.web.api_schema import answers
from joinedup.web.auth import api_auth

router = Router(auth=api_auth, tags=["surveys"])


class InstrumentOut(Schema):
    id: int
    key: str
    version: int
    title: str
    kind: str
    source: str


class InstrumentDetail(InstrumentOut):
    definition: dict[str, Any]


class RoundOut(Schema):
    id: int
    partnership_id: int
    instrument: str
    instrument_version_id: int
    period: str
    opens: dt.datetime
    closes: dt.datetime = Field(description="the first instant answers are no longer taken")
    opens_on: dt.date = Field(description="the opening day, in the partnership's time zone")
    closes_on: dt.date = Field(description="the last day answers are taken (inclusive)")
    status: str = Field(description="draft, scheduled (not open yet), open or closed, now")
    groups: list[str]
    anonymous: bool


class RateOut(Schema):
    label: str
    invited: int
    responded: int | None = Field(description="null where a small group is withheld")
    percent: int | None
    withheld: str | None = None


class RatesOut(Schema):
    round_id: int
    status: str
    showing: str = Field(
        description="count (open round: the response count only), provisional or results"
    )
    count: int = Field(description="submitted responses, web and imported")
    overall: RateOut | None = Field(description="null while the round is open, for readers")
    by_sector: list[RateOut]
    by_group: list[RateOut]


def _round_out(r: Round) -> RoundOut:
    return RoundOut(
        id=r.pk,
        partnership_id=r.partnership_id,
        instrument=str(r.instrument),
        instrument_version_id=r.instrument_id,
        period=r.period,
        opens=r.opens,
        closes=r.closes,
        opens_on=opens_on(r),
        closes_on=closes_on(r),
        status=round_state(r).value,
        groups=list(r.groups),
        anonymous=r.anonymous,
    )


def _rate(rate: Any) -> RateOut:
    return RateOut(
        label=rate.label,
        invited=rate.invited,
        responded=rate.responded,
        percent=rate.percent,
        withheld=getattr(rate, "withheld", None),
    )


@router.get(
    "/instruments", response=answers(list[InstrumentOut]), summary="Stored instrument versions"
)
def instruments(request: HttpRequest) -> list[InstrumentVersion]:
    ensure_builtin_instruments()
    return list(InstrumentVersion.objects.all())


@router.get(
    "/instruments/{pk}", response=answers(InstrumentDetail), summary="One instrument version"
)
def instrument(request: HttpRequest, pk: int) -> InstrumentVersion:
    return get_object_or_404(InstrumentVersion, pk=pk)


@router.get(
    "/partnerships/{pk}/rounds", response=answers(list[RoundOut]), summary="A partnership's rounds"
)
def rounds(request: HttpRequest, pk: int) -> list[RoundOut]:
    partnership = permissions.get_visible_or_404(Partnership, request.user, pk)
    return [_round_out(r) for r in partnership_rounds(partnership)]


@router.get("/rounds/{pk}/rate", response=answers(RatesOut), summary="A round's response rate")
def rate(request: HttpRequest, pk: int) -> RatesOut:
    rounds = Round.objects.select_related("partnership")
    round_ = permissions.get_visible_or_404(rounds, request.user, pk, through="partnership")
    now = current()
    rates = visible_rates(request.user, round_, now=now)
    return RatesOut(
        round_id=round_.pk,
        status=round_state(round_, now).value,
        showing=rates.view.showing.value,
        count=rates.count,
        overall=_rate(rates.overall) if rates.overall else None,
        by_sector=[_rate(r) for r in rates.by_sector],
        by_group=[_rate(r) for r in rates.by_group],
    )


class OptionOut(Schema):
    value: str
    label: str
    count: int | None = Field(description="null when withheld (see `withheld`)")
    percent: int | None = Field(description="share of those who answered, null when withheld")
    withheld: str | None = Field(
        default=None, description="why a count is withheld, in words (a range)"
    )


class WordsQuestionOut(Schema):
    item: str
    label: str
    kind: str = Field(description="text or multiple")
    answered: int | None = Field(
        description="respondents who answered (null below k for readers without comments)"
    )
    shown: bool = Field(description="at least k answered and the caller may read it")
    comments: list[str] = Field(description="in a fixed random order; hidden ones left out")
    hidden: int = Field(description="comments hidden by the coordinator")
    options: list[OptionOut]


class WordsOut(Schema):
    round_id: int
    comments_readable: bool = Field(description="whether the caller may read comments")
    questions: list[WordsQuestionOut]


def _question_out(q: Any, k: int) -> WordsQuestionOut:
    if q.comments is not None:
        c = q.comments
        answered = c.answered if c.answered >= k else None
        return WordsQuestionOut(
            item=q.item,
            label=q.label,
            kind="text",
            answered=answered,
            shown=c.shown,
            comments=list(c.comments),
            hidden=c.hidden if c.shown else 0,
            options=[],
        )
    counts = q.counts
    options = [
        OptionOut(
            value=o.value,
            label=o.label,
            count=o.count,
            percent=None if o.share is None else round(100 * o.share),
            withheld=None if o.count is not None else comments.band_text(o.band),
        )
        for o in counts.options
    ]
    return WordsQuestionOut(
        item=q.item,
        label=q.label,
        kind="multiple",
        answered=counts.respondents if counts.shown else None,
        shown=counts.shown,
        comments=[],
        hidden=0,
        options=options,
    )


@router.get(
    "/rounds/{pk}/words",
    response=answers(WordsOut),
    summary="A closed round's comments and multiple-choice counts",
)
def words(request: HttpRequest, pk: int) -> WordsOut:
    rounds = Round.objects.select_related("partnership", "instrument")
    round_ = permissions.get_visible_or_404(rounds, request.user, pk, through="partnership")
    found = comments.round_words(Viewer.of(request.user), round_)
    if found is None:
        return WordsOut(round_id=round_.pk, comments_readable=False, questions=[])
    k = comments.k()
    return WordsOut(
        round_id=round_.pk,
        comments_readable=found.comments_readable,
        questions=[_question_out(q, k) for q in found.questions],
    )
