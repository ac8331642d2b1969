"""JSON API of the governance app, mounted at /api/governance/ (permission-checked).

Reading: who governs (decision rights, accountability lines, checks) and who is left
out (the four readings). Writing (coordinators): a decision right, an accountability
line, a group that should be at the table, and a CSV or XLSX file of decision rights.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import File, Router, Schema
from ninja.errors import HttpError
from ninja.errors import ValidationError as InvalidBody
from ninja.files import UploadedFile
from pydantic import ConfigDict, Field

from joinedup.analysis.problems import ProblemError
from joinedup.governance import services
from joinedup.governance.imports import import_rights
from joinedup.governance.models import AccountabilityLine, AnswersTo, Holder, IntendedGroup, Through
from joinedup.registry import permissions
from joinedup.registry.models import Partnership, Sector
from joinedup.web import uploads
from joinedup.web.api_schema import answers
from joinedup.web.auth import api_auth

router = Router(auth=api_auth, tags=["governance"])


class GovernsOut(Schema):
    partnership: int
    as_of: dt.date
    rights: list[dict[str, Any]]
    lines: list[dict[str, Any]]
    checks: list[dict[str, Any]]
    gaps: list[str]


class LeftOutOut(Schema):
    partnership: int
    as_of: dt.date
    readings: dict[str, Any]


class RightIn(Schema):
    model_config = ConfigDict(extra="forbid")
    area: str = Field(..., min_length=1, max_length=200)
    holder: Holder | None = None
    organisation_id: int | None = None
    delegate: str = Field("", max_length=200)
    note: str = Field("", max_length=300)


class LineIn(Schema):
    model_config = ConfigDict(extra="forbid")
    answers_to: AnswersTo
    through: Through
    body: str = Field("", max_length=200)
    covers_spending: bool = False
    note: str = Field("", max_length=300)


class GroupIn(Schema):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(..., min_length=1, max_length=120)
    sector: Sector | None = None
    note: str = Field("", max_length=300)


class Saved(Schema):
    id: int


class Imported(Schema):
    rows: int


def _managed(request: HttpRequest, pk: int) -> Partnership:
    partnership = permissions.get_visible_or_404(Partnership, request.user, pk)
    permissions.require_manage(request.user, partnership)
    return partnership


def _refused(exc: ValidationError) -> InvalidBody:
    return InvalidBody(
        [
            {"type": "value_error", "loc": ["body", "payload", name], "msg": " ".join(messages)}
            for name, messages in exc.message_dict.items()
        ]
    )


@router.get("/partnerships/{pk}/governs/", response=answers(GovernsOut))
def governs(request: HttpRequest, pk: int) -> dict[str, Any]:
    partnership = permissions.get_visible_or_404(Partnership, request.user, pk)
    today = dt.date.today()
    data = services.who_governs(partnership, today).to_dict()
    return {"partnership": partnership.pk, "as_of": today, **data}


@router.get("/partnerships/{pk}/left-out/", response=answers(LeftOutOut))
def left_out(request: HttpRequest, pk: int) -> dict[str, Any]:
    partnership = permissions.get_visible_or_404(Partnership, request.user, pk)
    today = dt.date.today()
    visible = permissions.visible_partnerships(request.user)
    result = services.left_out(partnership, visible, today)
    return {"partnership": partnership.pk, "as_of": today, "readings": result.to_dict()}


@router.post("/partnerships/{pk}/decision-rights/", response=answers(Saved, body=True))
def add_right(request: HttpRequest, pk: int, payload: RightIn) -> dict[str, int]:
    partnership = _managed(request, pk)
    values = payload.model_dump()
    org_id = values.pop("organisation_id")
    values["holder"] = values["holder"] or ""
    values["organisation"] = None
    if org_id is not None:
        visible = permissions.visible_organisations(request.user)
        values["organisation"] = visible.filter(pk=org_id).first()
        if values["organisation"] is None:
            raise _refused(ValidationError({"organisation_id": ["No such organisation."]}))
    try:
        return {"id": services.add_right(partnership, values).pk}
    except ValidationError as exc:
        raise _refused(exc) from None


@router.post("/partnerships/{pk}/accountability-lines/", response=answers(Saved, body=True))
def add_line(request: HttpRequest, pk: int, payload: LineIn) -> dict[str, int]:
    partnership = _managed(request, pk)
    try:
        line: AccountabilityLine = services.add_line(partnership, payload.model_dump())
    except ValidationError as exc:
        raise _refused(exc) from None
    return {"id": line.pk}


@router.post("/partnerships/{pk}/groups/", response=answers(Saved, body=True))
def add_group(request: HttpRequest, pk: int, payload: GroupIn) -> dict[str, int]:
    partnership = _managed(request, pk)
    values = payload.model_dump()
    group = IntendedGroup(partnership=partnership, **(values | {"sector": values["sector"] or ""}))
    try:
        group.full_clean()
    except ValidationError as exc:
        raise _refused(exc) from None
    group.save()
    return {"id": group.pk}


@router.post(
    "/partnerships/{pk}/decision-rights/import/",
    response=answers(Imported) | {413: answers(Imported)[403]},
)
def import_file(
    request: HttpRequest,
    pk: int,
    file: UploadedFile = File(...),  # type: ignore[type-arg]  # noqa: B008
) -> dict[str, int]:
    partnership = _managed(request, pk)
    if uploads.too_large(file):
        raise HttpError(413, f"{file.name} is larger than the upload limit.")
    label = uploads.label_of(file)
    with uploads.saved(file) as path:
        try:
            visible = permissions.visible_organisations(request.user)
            return {"rows": import_rights(partnership, path, label, visible)}
        except ProblemError as exc:
            raise InvalidBody(
                [
                    {"type": p.code, "loc": ["file", p.row, p.column], "msg": f"{label}: {p}"}
                    for p in exc.problems
                ]
            ) from None
