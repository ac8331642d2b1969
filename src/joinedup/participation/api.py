"""JSON API of the participation app: aggregates only, permission-checked."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError

from joinedup.analysis import participation_reach as pr
from joinedup.participation import services
from joinedup.registry import permissions
from joinedup.registry.models import Partnership
from joinedup.web.api_schema import answers
from joinedup.web.auth import api_auth

router = Router(auth=api_auth, tags=["participation"])


class DepthOut(Schema):
    activity_id: int
    title: str
    declared: str
    achieved: str
    feedback: str
    tokenism: bool


class SummaryOut(Schema):
    partnership_id: int
    as_of: dt.date
    activities: int
    inputs: int
    linked_inputs: int
    decision_link_rate: float | None
    feedback: dict[str, int]
    method_counts: dict[str, int]
    depth: list[DepthOut]
    clashes: int


class ClashOut(Schema):
    first_id: int
    first_partnership: str
    second_id: int
    second_partnership: str
    area: str
    gap_days: int
    shared_groups: list[str]
    same_topic: bool


@router.get(
    "/partnerships/{pk}/summary", response=answers(SummaryOut), summary="Participation measures"
)
def summary(request: HttpRequest, pk: int, as_of: dt.date | None = None) -> SummaryOut:
    partnership = permissions.get_visible_or_404(Partnership, request.user, pk)
    day = as_of or dt.date.today()
    s = services.summary(partnership, day)
    return SummaryOut(
        partnership_id=partnership.pk,
        as_of=day,
        activities=len(s["activities"]),
        inputs=s["link_rate"].inputs,
        linked_inputs=s["link_rate"].linked,
        decision_link_rate=s["link_rate"].rate,
        feedback=s["feedback"],
        method_counts=s["method_mix"].counts,
        depth=[
            DepthOut(
                activity_id=a.pk,
                title=a.title,
                declared=v.declared,
                achieved=v.achieved,
                feedback=v.feedback,
                tokenism=v.tokenism,
            )
            for a, v in s["verdicts"]
        ],
        clashes=len(s["clashes"]),
    )


@router.get(
    "/clashes", response=answers(list[ClashOut]), summary="Clashing activities across partnerships"
)
def clashes(request: HttpRequest, window: int = pr.DEFAULT_WINDOW_DAYS) -> list[ClashOut]:
    """Evaluators see every clash; others only those involving a partnership they see."""
    visible = {
        str(pk)
        for pk in permissions.visible_partnerships(request.user).values_list("pk", flat=True)
    }
    if not visible:
        raise HttpError(403, "You may not see any partnership.")
    days = min(max(window, 0), 365)
    entries, by_id = services.calendar(None, days)
    out = []
    for c in pr.clashes([e.activity for e in entries], days):
        a, b = by_id[c.first], by_id[c.second]
        if not (a.all_partnership_ids() | b.all_partnership_ids()) & visible:
            continue
        out.append(
            ClashOut(
                first_id=a.pk,
                first_partnership=a.partnership.name,
                second_id=b.pk,
                second_partnership=b.partnership.name,
                area=a.area,
                gap_days=c.gap,
                shared_groups=list(c.shared_groups),
                same_topic=c.same_topic,
            )
        )
    return out
