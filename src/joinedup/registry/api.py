"""The registry's part of the JSON API: partnerships, organisations, memberships.

Mounted at ``/api/registry/``. Every operation needs a signed-in session or an API
token (:data:`joinedup.web.auth.api_auth`) and shows only what
:mod:`joinedup.registry.permissions` lets the caller see. The operations that
change the registry are in :mod:`joinedup.registry.api_write` (one at a time) and
:mod:`joinedup.registry.api_bulk` (many, kept in step).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Schema
from ninja.params import functions as param

from joinedup.registry import permissions
from joinedup.registry.api_write import router
from joinedup.registry.models import Membership, Organisation, Partnership
from joinedup.web.api_schema import MAX_ID, answers

# ``router`` (with api_auth) comes from api_write, which adds the writes to it.


class OrganisationOut(Schema):
    id: int
    name: str
    sector: str
    tier: str
    parent_id: int | None
    external_id: str


class MembershipOut(Schema):
    id: int
    organisation_id: int
    organisation: str
    sector: str
    partnership_id: int
    partnership: str
    role: str
    joined: dt.date
    left: dt.date | None


class PartnershipOut(Schema):
    id: int
    name: str
    purpose: str
    purpose_kind: str
    basis: str
    stage: str
    area: str
    lead_id: int | None
    start_date: dt.date
    end_date: dt.date | None
    external_id: str


class PartnershipDetail(PartnershipOut):
    can_manage: bool
    memberships: list[MembershipOut]


def _membership(m: Membership) -> MembershipOut:
    return MembershipOut(
        id=m.pk,
        organisation_id=m.organisation_id,
        organisation=m.organisation.name,
        sector=m.organisation.sector,
        partnership_id=m.partnership_id,
        partnership=m.partnership.name,
        role=m.role,
        joined=m.joined,
        left=m.left,
    )


def _visible_memberships(request: HttpRequest) -> QuerySet[Membership]:
    visible = permissions.visible_partnerships(request.user)
    return Membership.objects.filter(partnership__in=visible).select_related(
        "organisation", "partnership"
    )


@router.get(
    "/partnerships", response=answers(list[PartnershipOut]), summary="Partnerships you may see"
)
def list_partnerships(request: HttpRequest) -> QuerySet[Partnership]:
    return permissions.visible_partnerships(request.user).order_by("name")


@router.get(
    "/partnerships/{pk}",
    response=answers(PartnershipDetail),
    summary="One partnership with its membership history",
)
def partnership_detail(request: HttpRequest, pk: int) -> PartnershipDetail:
    partnership = permissions.get_visible_or_404(Partnership, request.user, pk)
    rows = _visible_memberships(request).filter(partnership=partnership)
    return PartnershipDetail(
        **PartnershipOut.from_orm(partnership).dict(),
        can_manage=permissions.can_manage(request.user, partnership),
        memberships=[_membership(m) for m in rows.order_by("organisation__name", "joined")],
    )


@router.get(
    "/organisations",
    response=answers(list[OrganisationOut]),
    summary="Organisations in the partnerships you may see",
)
def list_organisations(request: HttpRequest) -> QuerySet[Organisation]:
    if permissions.is_evaluator(request.user):
        return Organisation.objects.order_by("name")
    visible = permissions.visible_partnerships(request.user)
    return Organisation.objects.filter(memberships__partnership__in=visible).distinct()


@router.get(
    "/organisations/{pk}/memberships",
    response=answers(list[MembershipOut]),
    summary="An organisation's memberships, past and present, in partnerships you may see",
)
def organisation_memberships(request: HttpRequest, pk: int) -> list[MembershipOut]:
    organisation = permissions.get_visible_or_404(Organisation, request.user, pk)
    rows = _visible_memberships(request).filter(organisation=organisation)
    return [_membership(m) for m in rows.order_by("partnership__name", "joined")]


@router.get(
    "/memberships",
    response=answers(list[MembershipOut]),
    summary="Membership history of every partnership you may see",
)
def list_memberships(
    request: HttpRequest,
    partnership: Annotated[int | None, param.Query(None, ge=1, le=MAX_ID)] = None,
) -> list[MembershipOut]:
    rows = _visible_memberships(request)
    if partnership is not None:
        rows = rows.filter(partnership_id=partnership)
    return [_membership(m) for m in rows.order_by("partnership__name", "organisation__name")]
