"""The surveys part of the JSON API, mounted at ``/api/surveys/``.

Instruments (the stored versions, with their full definition) may be read by any
signed-in caller: they hold questions, not answers. Rounds and response rates are
shown only for partnerships the caller may view. No endpoint returns answers.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.errors import HttpError

from joinedup.registry import permissions
from joinedup.registry.models import Partnership
from joinedup.surveys.extract import partnership_rounds
from joinedup.surveys.library import ensure_builtin_instruments
from joinedup.surveys.models import InstrumentVersion, Round
from joinedup.surveys.rounds import response_rates
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
    closes: dt.datetime
    status: str
    groups: list[str]


class RateOut(Schema):
    label: str
    invited: int
    responded: int
    percent: int


class RatesOut(Schema):
    round_id: int
    overall: RateOut
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
        status=r.status,
        groups=list(r.groups),
    )


def _rate(rate: Any) -> RateOut:
    return RateOut(
        label=rate.label, invited=rate.invited, responded=rate.responded, percent=rate.percent
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
    partnership = get_object_or_404(Partnership, pk=pk)
    if not permissions.can_view(request.user, partnership):
        raise HttpError(403, "You may not see this partnership.")
    return [_round_out(r) for r in partnership_rounds(partnership)]


@router.get("/rounds/{pk}/rate", response=answers(RatesOut), summary="A round's response rate")
def rate(request: HttpRequest, pk: int) -> RatesOut:
    round_ = get_object_or_404(Round.objects.select_related("partnership"), pk=pk)
    if not permissions.can_view(request.user, round_.partnership):
        raise HttpError(403, "You may not see this partnership.")
    rates = response_rates(round_)
    return RatesOut(
        round_id=round_.pk,
        overall=_rate(rates["overall"][0]),
        by_sector=[_rate(r) for r in rates["sector"]],
        by_group=[_rate(r) for r in rates["group"]],
    )
