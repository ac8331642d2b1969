"""The theory of change in the JSON API, under ``/api/theory/``.

- ``GET /partnerships/{pk}``: the steps with their evidence readings, the links with
  their support (``both``, ``one`` or ``assumption``), the checks and the counts;
  anyone who may see the partnership.
- ``POST /partnerships/{pk}/steps``, ``/links``, ``/evidence``: add one (201);
  ``DELETE /partnerships/{pk}/steps/{key}``: remove a step and its links;
  ``POST /partnerships/{pk}/import`` (a CSV or XLSX file, the format of
  :mod:`joinedup.theory.imports`): many at once, all or nothing. Coordinators of the
  partnership and administrators (others 403).
"""

from __future__ import annotations

from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Field, File, Router, Schema, Status
from ninja.errors import HttpError
from ninja.errors import ValidationError as InvalidBody
from ninja.files import UploadedFile

from joinedup.actions.models import Action
from joinedup.analysis.problems import ProblemError
from joinedup.participation.models import Decision, Indicator
from joinedup.registry import permissions
from joinedup.registry.models import Partnership
from joinedup.theory import services, writes
from joinedup.theory.forms import free_key
from joinedup.theory.imports import import_theory
from joinedup.theory.models import ChangeStep
from joinedup.web import uploads
from joinedup.web.api_schema import MAX_ID, answers
from joinedup.web.auth import api_auth

router = Router(auth=api_auth, tags=["theory of change"])


class EvidenceOut(Schema):
    source: str
    label: str
    reading: str
    detail: str


class StepOut(Schema):
    key: str
    kind: str
    title: str
    has_evidence: bool
    evidence: list[EvidenceOut]


class LinkOut(Schema):
    source: str
    target: str
    mechanism: str
    context: str
    assumption: str
    support: str


class CheckOut(Schema):
    code: str
    message: str


class TheoryOut(Schema):
    partnership: int
    steps: list[StepOut]
    links: list[LinkOut]
    checks: list[CheckOut]
    counts: dict[str, int]


class StepIn(Schema):
    key: str = Field("", max_length=60, pattern=r"^([A-Za-z0-9][A-Za-z0-9_-]*)?$")
    kind: Literal["activity", "output", "outcome"]
    title: str = Field(..., min_length=1, max_length=200)
    description: str = ""


class LinkIn(Schema):
    source: str = Field(..., min_length=1, max_length=60)
    target: str = Field(..., min_length=1, max_length=60)
    mechanism: str = ""
    context: str = ""
    assumption: str = ""


class EvidenceIn(Schema):
    step: str = Field(..., min_length=1, max_length=60)
    source: Literal["dimension", "indicator", "decision", "action"]
    instrument: str = Field("", max_length=100)
    dimension: str = Field("", max_length=100)
    indicator_id: int | None = Field(None, ge=1, le=MAX_ID)
    decision_id: int | None = Field(None, ge=1, le=MAX_ID)
    action_id: int | None = Field(None, ge=1, le=MAX_ID)
    note: str = Field("", max_length=300)


class CreatedOut(Schema):
    id: int
    detail: str


class ImportOut(Schema):
    steps: int
    links: int
    evidence: int


def _theory(partnership: Partnership) -> dict[str, Any]:
    reading = services.reading(partnership)
    return {
        "partnership": partnership.pk,
        "steps": [
            {
                "key": s.key,
                "kind": s.kind,
                "title": s.title,
                "has_evidence": s.has_evidence,
                "evidence": [
                    {"source": e.source, "label": e.label, "reading": e.reading, "detail": e.detail}
                    for e in s.evidence
                ],
            }
            for s in reading.steps
        ],
        "links": [
            {
                "source": r.link.source,
                "target": r.link.target,
                "mechanism": r.link.mechanism,
                "context": r.link.context,
                "assumption": r.link.assumption,
                "support": r.support,
            }
            for r in reading.links
        ],
        "checks": [{"code": c.code, "message": c.message} for c in reading.checks],
        "counts": reading.counts,
    }


def _managed(request: HttpRequest, pk: int) -> Partnership:
    partnership = permissions.get_visible_or_404(Partnership, request.user, pk)
    permissions.require_manage(request.user, partnership)
    return partnership


def _step(partnership: Partnership, key: str, field: str) -> ChangeStep:
    step = ChangeStep.objects.filter(partnership=partnership, key=key).first()
    if step is None:
        raise InvalidBody(
            [
                {
                    "type": "theory.unknown-name",
                    "loc": ["body", "payload", field],
                    "msg": f"no step has the key {key!r}",
                }
            ]
        )
    return step


def _invalid(exc: ValidationError) -> InvalidBody:
    return InvalidBody(
        [{"type": "theory.bad-value", "loc": ["body", "payload"], "msg": m} for m in exc.messages]
    )


@router.get("/partnerships/{pk}", response=answers(TheoryOut))
def theory(request: HttpRequest, pk: int) -> dict[str, Any]:
    partnership = permissions.get_visible_or_404(Partnership, request.user, pk)
    return _theory(partnership)


@router.post(
    "/partnerships/{pk}/steps", response={201: CreatedOut, **answers(CreatedOut, body=True)}
)
def add_step(request: HttpRequest, pk: int, payload: StepIn) -> Status[CreatedOut]:
    partnership = _managed(request, pk)
    key = payload.key or free_key(partnership, payload.title)
    if ChangeStep.objects.filter(partnership=partnership, key=key).exists():
        raise InvalidBody(
            [
                {
                    "type": "theory.duplicate",
                    "loc": ["body", "payload", "key"],
                    "msg": f"a step already has the key {key!r}",
                }
            ]
        )
    step = writes.add_step(partnership, key, payload.kind, payload.title, payload.description)
    return Status(201, CreatedOut(id=step.pk, detail=key))


@router.delete("/partnerships/{pk}/steps/{key}", response=answers(CreatedOut))
def remove_step(request: HttpRequest, pk: int, key: str) -> CreatedOut:
    partnership = _managed(request, pk)
    step = ChangeStep.objects.filter(partnership=partnership, key=key).first()
    if step is None:
        raise HttpError(404, "No such step.")
    step_id = step.pk
    writes.remove(step, partnership)
    return CreatedOut(id=step_id, detail="removed")


@router.post(
    "/partnerships/{pk}/links", response={201: CreatedOut, **answers(CreatedOut, body=True)}
)
def add_link(request: HttpRequest, pk: int, payload: LinkIn) -> Status[CreatedOut]:
    partnership = _managed(request, pk)
    source = _step(partnership, payload.source, "source")
    target = _step(partnership, payload.target, "target")
    if source.leads_to.filter(target=target).exists():
        raise InvalidBody(
            [
                {
                    "type": "theory.duplicate",
                    "loc": ["body", "payload"],
                    "msg": "these two steps are already linked",
                }
            ]
        )
    try:
        link = writes.add_link(
            source,
            target,
            mechanism=payload.mechanism,
            context=payload.context,
            assumption=payload.assumption,
        )
    except ValidationError as exc:
        raise _invalid(exc) from None
    return Status(201, CreatedOut(id=link.pk, detail=f"{source.key} -> {target.key}"))


@router.post(
    "/partnerships/{pk}/evidence", response={201: CreatedOut, **answers(CreatedOut, body=True)}
)
def add_evidence(request: HttpRequest, pk: int, payload: EvidenceIn) -> Status[CreatedOut]:
    partnership = _managed(request, pk)
    step = _step(partnership, payload.step, "step")
    fields: dict[str, Any] = {"note": payload.note}
    if payload.source == "dimension":
        fields |= {"instrument": payload.instrument, "dimension": payload.dimension}
    elif payload.source == "indicator":
        fields["indicator"] = Indicator.objects.filter(
            pk=payload.indicator_id or 0, partnership=partnership
        ).first()
    elif payload.source == "action":
        fields["action"] = Action.objects.filter(
            pk=payload.action_id or 0, partnership=partnership
        ).first()
    else:
        fields["decision"] = Decision.objects.filter(
            pk=payload.decision_id or 0, partnership=partnership
        ).first()
    try:
        evidence = writes.add_evidence(step, payload.source, **fields)
    except ValidationError as exc:
        raise _invalid(exc) from None
    return Status(201, CreatedOut(id=evidence.pk, detail=payload.source))


@router.post("/partnerships/{pk}/import", response=answers(ImportOut))
def import_file(
    request: HttpRequest,
    pk: int,
    file: UploadedFile = File(...),  # type: ignore[type-arg]  # noqa: B008
) -> dict[str, int]:
    partnership = _managed(request, pk)
    if uploads.too_large(file):
        raise HttpError(413, f"{file.name} is larger than the upload limit.")
    name = uploads.label_of(file)
    with uploads.saved(file) as path:
        try:
            return import_theory(path, partnership, label=name)
        except ProblemError as exc:
            raise InvalidBody(
                [
                    {"type": p.code, "loc": ["file", p.row, p.column], "msg": str(p)}
                    for p in exc.problems
                ]
            ) from None
