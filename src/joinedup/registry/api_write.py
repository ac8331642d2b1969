"""The registry's write operations in the JSON API (under ``/api/registry/``).

For each of organisations, people, partnerships and memberships:

- ``POST /<kind>`` creates one (201);
- ``PUT /<kind>`` creates or updates the one with the body's key (its
  ``external_id``; for a membership, the open membership of ``partnership_id`` and
  ``organisation_id``): 201 when made, 200 otherwise, with ``outcome`` saying
  ``created``, ``updated`` or ``unchanged`` — sending the same body twice changes
  nothing the second time;
- ``PATCH /<kind>/{pk}`` changes the fields the body names.

and ``POST /import/<kind>`` (rows as JSON) or ``POST /import/<kind>/csv`` (a CSV or
XLSX file) keeps many in step at once (:mod:`joinedup.registry.sync`).

Permissions are the set-up pages': administrators everything; a coordinator the
partnerships they run, their memberships, and those partnerships' organisations
and their people (a coordinator adds an organisation by naming the partnership it
joins); members, evaluators and accounts without a role nothing (403); no
credentials 401. An object the caller may not see is 404 in the path, and 422 with
the field named in the body (the same answer as for an id that does not exist). A
browser session must send Django's CSRF token (``X-CSRFToken``); a script sends
``Authorization: Bearer <token>`` instead. Every write is in the audit log.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from ninja.errors import ValidationError as InvalidBody

from joinedup.registry import permissions as perm
from joinedup.registry import writes
from joinedup.registry.api_bulk import register_bulk
from joinedup.registry.models import (
    Basis,
    Membership,
    Organisation,
    Partnership,
    Person,
    PurposeKind,
    Role,
    Sector,
    Stage,
    Tier,
)
from joinedup.web.api_schema import MAX_ID, answers
from joinedup.web.auth import api_auth

#: The registry's router: :mod:`joinedup.registry.api` adds its read operations to it
#: (one router, so that a path such as ``/organisations`` answers GET, POST and PUT).
router = Router(auth=api_auth, tags=["registry"])

Id = Field(..., ge=1, le=MAX_ID)
MaybeId = Field(None, ge=1, le=MAX_ID)
Key = Field(..., min_length=1, max_length=100)
PERSON_PATH = "organisation__memberships__partnership"
#: Model field → body field, where they differ.
BODY_NAME = {"display_name": "name", "parent": "parent_id", "lead": "lead_id"}
BODY_NAME |= {"organisation": "organisation_id", "partnership": "partnership_id"}


# --- schemas ------------------------------------------------------------------------


class OrganisationFields(Schema):
    name: str = Field(..., min_length=1, max_length=200)
    sector: Sector
    tier: Tier = Tier.LOCAL
    parent_id: int | None = MaybeId
    external_id: str = Field("", max_length=100)


class OrganisationIn(OrganisationFields):
    partnership_id: int | None = Field(
        None, ge=1, le=MAX_ID, description="A partnership the new organisation joins."
    )
    role: Role = Role.MEMBER
    joined: dt.date | None = None


class OrganisationKeyed(OrganisationFields):
    external_id: str = Key


class OrganisationPatch(Schema):
    name: str | None = Field(None, min_length=1, max_length=200)
    sector: Sector | None = None
    tier: Tier | None = None
    parent_id: int | None = MaybeId
    external_id: str | None = Field(None, max_length=100)


class OrganisationWritten(Schema):
    outcome: str
    id: int
    name: str
    sector: str
    tier: str
    parent_id: int | None
    external_id: str


class PersonFields(Schema):
    name: str = Field(..., min_length=1, max_length=120)
    email: str = Field("", max_length=254)
    organisation_id: int = Id
    constituency: str = Field("", max_length=200)
    external_id: str = Field("", max_length=100)


class PersonKeyed(PersonFields):
    external_id: str = Key


class PersonPatch(Schema):
    name: str | None = Field(None, min_length=1, max_length=120)
    email: str | None = Field(None, max_length=254)
    organisation_id: int | None = MaybeId
    constituency: str | None = Field(None, max_length=200)
    external_id: str | None = Field(None, max_length=100)


class PersonWritten(Schema):
    outcome: str
    id: int
    name: str
    email: str
    organisation_id: int | None
    constituency: str
    external_id: str


class PartnershipFields(Schema):
    name: str = Field(..., min_length=1, max_length=200)
    purpose: str = Field("", max_length=5000)
    purpose_kind: PurposeKind = PurposeKind.OUTCOME
    basis: Basis
    area: str = Field("", max_length=200)
    start_date: dt.date
    end_date: dt.date | None = None
    stage: Stage = Stage.FORMING
    time_zone: str = Field("", max_length=64)
    external_id: str = Field("", max_length=100)


class PartnershipKeyed(PartnershipFields):
    external_id: str = Key


class PartnershipPatch(Schema):
    name: str | None = Field(None, min_length=1, max_length=200)
    purpose: str | None = Field(None, max_length=5000)
    purpose_kind: PurposeKind | None = None
    basis: Basis | None = None
    area: str | None = Field(None, max_length=200)
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    stage: Stage | None = None
    time_zone: str | None = Field(None, max_length=64)
    lead_id: int | None = MaybeId
    external_id: str | None = Field(None, max_length=100)


class PartnershipWritten(Schema):
    outcome: str
    id: int
    name: str
    purpose: str
    purpose_kind: str
    basis: str
    area: str
    start_date: dt.date
    end_date: dt.date | None
    stage: str
    time_zone: str
    lead_id: int | None
    external_id: str


class MembershipIn(Schema):
    partnership_id: int = Id
    organisation_id: int = Id
    role: Role = Role.MEMBER
    joined: dt.date | None = Field(None, description="Default: today.")
    left: dt.date | None = None


class MembershipPatch(Schema):
    role: Role | None = None
    joined: dt.date | None = None
    left: dt.date | None = None


class MembershipWritten(Schema):
    outcome: str
    id: int
    partnership_id: int
    organisation_id: int
    role: str
    joined: dt.date
    left: dt.date | None


# --- helpers ------------------------------------------------------------------------


def invalid(field: str, message: str) -> InvalidBody:
    """A 422 naming the body's field, in django-ninja's own shape."""
    return InvalidBody([{"type": "value_error", "loc": ["body", "payload", field], "msg": message}])


def _save(obj: Any, values: dict[str, Any]) -> str:
    try:
        return writes.save(obj, values)
    except writes.Refused as exc:
        errors = [
            {
                "type": "value_error",
                "loc": ["body", "payload", BODY_NAME.get(name, name)],
                "msg": " ".join(messages),
            }
            for name, messages in exc.errors.items()
        ]
        raise InvalidBody(errors) from None


def _written(schema: type[Schema], obj: Any, outcome: str, **extra: Any) -> Any:
    fields = {name: getattr(obj, name, None) for name in schema.model_fields}
    return schema(**(fields | {"outcome": outcome} | extra))


def _status(outcome: str) -> int:
    return 201 if outcome == writes.CREATED else 200


def _organisation_ref(request: HttpRequest, pk: int | None, field: str) -> Organisation | None:
    """The organisation the body names, if the caller may see it; 422 otherwise."""
    if pk is None:
        return None
    found = perm.visible_organisations(request.user).filter(pk=pk).first()
    if found is None:
        raise invalid(field, "No organisation you may see has this id.")
    return found


def _managed_ref(request: HttpRequest, pk: int, field: str) -> Partnership:
    found = perm.visible_partnerships(request.user).filter(pk=pk).first()
    if found is None:
        raise invalid(field, "No partnership you may see has this id.")
    perm.require_manage(request.user, found)
    return found


def _org_values(data: dict[str, Any]) -> dict[str, Any]:
    return {k: data[k] for k in ("name", "sector", "tier", "parent_id", "external_id") if k in data}


def _keyed(model: type[Any], external_id: str) -> Any:
    return model._default_manager.filter(external_id=external_id).first()


# --- organisations ------------------------------------------------------------------


def _create_organisation(request: HttpRequest, payload: OrganisationIn) -> Status[Any]:
    partnership = None
    if payload.partnership_id is not None:
        partnership = _managed_ref(request, payload.partnership_id, "partnership_id")
    else:
        perm.require_admin(request.user)
    _organisation_ref(request, payload.parent_id, "parent_id")
    organisation = Organisation()
    outcome = _save(organisation, _org_values(payload.dict()))
    if partnership is not None:
        joined = payload.joined or dt.date.today()
        membership = Membership(partnership=partnership, organisation=organisation)
        _save(membership, {"role": payload.role, "joined": joined})
    return Status(_status(outcome), _written(OrganisationWritten, organisation, outcome))


@router.post(
    "/organisations",
    response=answers(OrganisationWritten, body=True) | {201: OrganisationWritten},
    summary="Add an organisation (a coordinator: into a partnership they run)",
)
def create_organisation(request: HttpRequest, payload: OrganisationIn) -> Status[Any]:
    return _create_organisation(request, payload)


@router.put(
    "/organisations",
    response=answers(OrganisationWritten, body=True) | {201: OrganisationWritten},
    summary="Create or update the organisation with this external id",
)
def upsert_organisation(request: HttpRequest, payload: OrganisationKeyed) -> Status[Any]:
    stored = _keyed(Organisation, payload.external_id)
    if stored is None:
        return _create_organisation(request, OrganisationIn(**payload.dict()))
    perm.require_manage_organisation(request.user, stored)
    _organisation_ref(request, payload.parent_id, "parent_id")
    outcome = _save(stored, _org_values(payload.dict()))
    return Status(200, _written(OrganisationWritten, stored, outcome))


@router.patch(
    "/organisations/{pk}",
    response=answers(OrganisationWritten, body=True),
    summary="Change an organisation",
)
def patch_organisation(request: HttpRequest, pk: int, payload: OrganisationPatch) -> Any:
    organisation = perm.get_visible_or_404(Organisation, request.user, pk)
    perm.require_manage_organisation(request.user, organisation)
    data = payload.dict(exclude_unset=True)
    for name in ("name", "sector", "tier", "external_id"):
        if name in data and data[name] is None:
            raise invalid(name, "May not be null.")
    _organisation_ref(request, data.get("parent_id"), "parent_id")
    outcome = _save(organisation, _org_values(data))
    return _written(OrganisationWritten, organisation, outcome)


# --- people -------------------------------------------------------------------------


def _person_values(request: HttpRequest, data: dict[str, Any]) -> dict[str, Any]:
    if "organisation_id" in data:
        if data["organisation_id"] is None:
            raise invalid("organisation_id", "May not be null.")
        org = _organisation_ref(request, data["organisation_id"], "organisation_id")
        assert org is not None
        perm.require_manage_organisation(request.user, org)
    renamed = {"name": "display_name"}
    values = {renamed.get(k, k): v for k, v in data.items()}
    for name in ("display_name", "email", "constituency", "external_id"):
        if name in values and values[name] is None:
            raise invalid(BODY_NAME.get(name, name), "May not be null.")
    return values


def _person_out(person: Person, outcome: str) -> PersonWritten:
    out: PersonWritten = _written(PersonWritten, person, outcome, name=person.display_name)
    return out


def _managed_person(request: HttpRequest, person: Person) -> None:
    organisations = perm.managed_organisations(request.user)
    if person.organisation_id is None and not perm.is_administrator(request.user):
        raise HttpError(403, "Only an administrator may change this person.")
    if (
        person.organisation_id is not None
        and not organisations.filter(pk=person.organisation_id).exists()
    ):
        raise HttpError(403, "You may not change this person.")


@router.post(
    "/people",
    response=answers(PersonWritten, body=True) | {201: PersonWritten},
    summary="Add a person to an organisation you may change",
)
def create_person(request: HttpRequest, payload: PersonFields) -> Status[Any]:
    person = Person()
    outcome = _save(person, _person_values(request, payload.dict()))
    return Status(201, _person_out(person, outcome))


@router.put(
    "/people",
    response=answers(PersonWritten, body=True) | {201: PersonWritten},
    summary="Create or update the person with this external id",
)
def upsert_person(request: HttpRequest, payload: PersonKeyed) -> Status[Any]:
    person = _keyed(Person, payload.external_id) or Person()
    if person.pk is not None:
        _managed_person(request, person)
    outcome = _save(person, _person_values(request, payload.dict()))
    return Status(_status(outcome), _person_out(person, outcome))


@router.patch("/people/{pk}", response=answers(PersonWritten, body=True), summary="Change a person")
def patch_person(request: HttpRequest, pk: int, payload: PersonPatch) -> Any:
    if perm.is_administrator(request.user):
        person = Person.objects.filter(pk=pk).first()
        if person is None:
            raise HttpError(404, "Not Found")
    else:
        person = perm.get_visible_or_404(Person, request.user, pk, through=PERSON_PATH)
    _managed_person(request, person)
    outcome = _save(person, _person_values(request, payload.dict(exclude_unset=True)))
    return _person_out(person, outcome)


# --- partnerships -------------------------------------------------------------------


@router.post(
    "/partnerships",
    response=answers(PartnershipWritten, body=True) | {201: PartnershipWritten},
    summary="Create a partnership (administrators)",
)
def create_partnership(request: HttpRequest, payload: PartnershipFields) -> Status[Any]:
    perm.require_admin(request.user)
    partnership = Partnership()
    outcome = _save(partnership, payload.dict())
    return Status(201, _written(PartnershipWritten, partnership, outcome))


@router.put(
    "/partnerships",
    response=answers(PartnershipWritten, body=True) | {201: PartnershipWritten},
    summary="Create or update the partnership with this external id",
)
def upsert_partnership(request: HttpRequest, payload: PartnershipKeyed) -> Status[Any]:
    partnership = _keyed(Partnership, payload.external_id)
    if partnership is None:
        perm.require_admin(request.user)
        partnership = Partnership()
    else:
        perm.require_manage(request.user, partnership)
    outcome = _save(partnership, payload.dict())
    return Status(_status(outcome), _written(PartnershipWritten, partnership, outcome))


@router.patch(
    "/partnerships/{pk}",
    response=answers(PartnershipWritten, body=True),
    summary="Change a partnership you run (its lead must be a member)",
)
def patch_partnership(request: HttpRequest, pk: int, payload: PartnershipPatch) -> Any:
    partnership = perm.get_visible_or_404(Partnership, request.user, pk)
    perm.require_manage(request.user, partnership)
    data = payload.dict(exclude_unset=True)
    for name, value in data.items():
        if value is None and name not in ("end_date", "lead_id"):
            raise invalid(name, "May not be null.")
    _organisation_ref(request, data.get("lead_id"), "lead_id")
    outcome = _save(partnership, data)
    return _written(PartnershipWritten, partnership, outcome)


# --- memberships --------------------------------------------------------------------


def _membership_write(request: HttpRequest, payload: MembershipIn, upsert: bool) -> Status[Any]:
    partnership = _managed_ref(request, payload.partnership_id, "partnership_id")
    organisation = _organisation_ref(request, payload.organisation_id, "organisation_id")
    membership = None
    if upsert:
        rows = Membership.objects.filter(partnership=partnership, organisation=organisation)
        membership = rows.filter(left__isnull=True).first()
        # Once a PUT has closed it, the same PUT finds it again by its dates.
        if membership is None and payload.joined is not None:
            membership = rows.filter(joined=payload.joined).first()
        if membership is None and payload.left is not None:
            membership = rows.filter(left=payload.left).order_by("-joined").first()
    values: dict[str, Any] = {"role": payload.role, "left": payload.left}
    if membership is None or payload.joined is not None:
        values["joined"] = payload.joined or dt.date.today()
    membership = membership or Membership(partnership=partnership, organisation=organisation)
    outcome = _save(membership, values)
    return Status(_status(outcome), _written(MembershipWritten, membership, outcome))


@router.post(
    "/memberships",
    response=answers(MembershipWritten, body=True) | {201: MembershipWritten},
    summary="An organisation joins a partnership you run",
)
def create_membership(request: HttpRequest, payload: MembershipIn) -> Status[Any]:
    return _membership_write(request, payload, upsert=False)


@router.put(
    "/memberships",
    response=answers(MembershipWritten, body=True) | {201: MembershipWritten},
    summary="Create or update the open membership of this organisation in this partnership",
)
def upsert_membership(request: HttpRequest, payload: MembershipIn) -> Status[Any]:
    return _membership_write(request, payload, upsert=True)


@router.patch(
    "/memberships/{pk}",
    response=answers(MembershipWritten, body=True),
    summary="Change a membership's role or dates (leaving is a left date)",
)
def patch_membership(request: HttpRequest, pk: int, payload: MembershipPatch) -> Any:
    membership = perm.get_visible_or_404(
        Membership.objects.select_related("partnership", "organisation"),
        request.user,
        pk,
        through="partnership",
    )
    perm.require_manage(request.user, membership.partnership)
    data = payload.dict(exclude_unset=True)
    for name in ("role", "joined"):
        if name in data and data[name] is None:
            raise invalid(name, "May not be null.")
    outcome = _save(membership, data)
    return _written(MembershipWritten, membership, outcome)


register_bulk(router)
