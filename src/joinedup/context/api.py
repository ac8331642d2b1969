"""JSON API of the context app, mounted at /api/context/."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Router, Schema

from joinedup.context import services
from joinedup.registry import permissions
from joinedup.registry.models import Partnership
from joinedup.web.api_schema import answers
from joinedup.web.auth import api_auth

router = Router(auth=api_auth, tags=["context"])


class FundingOut(Schema):
    name: str
    provider: str
    source: str
    amount: float
    earmarked: bool
    start: dt.date
    end: dt.date | None
    conditions: str
    ends_within_12_months: bool


class MeasureOut(Schema):
    name: str
    owner: str
    kind: str


class TargetOut(Schema):
    name: str
    set_by: str
    attached_on: dt.date


class FiguresOut(Schema):
    live_total: float
    expiring_share: float | None
    short_term_share: float | None
    bid_share: float | None
    short_term_or_bid_share: float | None
    earmarked_share: float | None
    cross_cutting_measures: int
    core_business_measures: int
    market_score: float
    hierarchy_score: float


class ContextOut(Schema):
    partnership: int
    as_of: dt.date
    purpose_kind: str
    objectives: list[str]
    statutory_duty: bool
    duty: str
    mandated_membership: bool
    inspection_regime: str
    steering: list[str]
    targets: list[TargetOut]
    funding: list[FundingOut]
    measures: list[MeasureOut]
    figures: FiguresOut


@router.get("/partnerships/{pk}/", response=answers(ContextOut), summary="A partnership's context")
def partnership_context(request: HttpRequest, pk: int, as_of: dt.date | None = None) -> ContextOut:
    """Purposes, funding, mandate and steering, measures, and the derived figures as of
    ``as_of`` (default today). Needs the session or API token of someone who may view
    the partnership."""
    partnership = permissions.get_visible_or_404(Partnership, request.user, pk)
    day = as_of or dt.date.today()
    view = services.overview(partnership, day)
    profile = view.profile
    expiring = set(view.money.expiring_streams)
    return ContextOut(
        partnership=partnership.pk,
        as_of=day,
        purpose_kind=partnership.purpose_kind,
        objectives=list(profile.objectives),
        statutory_duty=view.signals.hierarchy.statutory_duty,
        duty=profile.duty,
        mandated_membership=profile.mandated_membership,
        inspection_regime=profile.inspection_regime,
        steering=list(profile.steering),
        targets=[
            TargetOut(name=t.name, set_by=t.set_by, attached_on=t.attached_on)
            for t in profile.targets.all()
        ],
        funding=[
            FundingOut(
                name=f.name,
                provider=f.provider.name if f.provider else "",
                source=f.source,
                amount=float(f.amount),
                earmarked=f.earmarked,
                start=f.start,
                end=f.end,
                conditions=f.conditions,
                ends_within_12_months=f.name in expiring,
            )
            for f in view.funding
        ],
        measures=[
            MeasureOut(name=m.name, owner=m.owner.name if m.owner else "", kind=m.kind)
            for m in view.measure_rows
        ],
        figures=FiguresOut(
            live_total=view.money.live_total,
            expiring_share=view.money.expiring_share,
            short_term_share=view.money.short_term_share,
            bid_share=view.money.bid_share,
            short_term_or_bid_share=view.money.short_term_or_bid_share,
            earmarked_share=view.money.earmarked_share,
            cross_cutting_measures=view.balance.cross_cutting,
            core_business_measures=view.balance.core_business,
            market_score=view.signals.market.score,
            hierarchy_score=view.signals.hierarchy.score,
        ),
    )
