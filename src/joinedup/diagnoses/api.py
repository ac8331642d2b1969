"""JSON API of the diagnoses, mounted at /api/diagnoses/ (permission-checked)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError
from pydantic import ConfigDict, Field

from joinedup.analysis.frameworks import REGISTRY
from joinedup.diagnoses import services
from joinedup.registry import permissions
from joinedup.registry.models import Partnership
from joinedup.web.api_schema import answers
from joinedup.web.auth import api_auth

router = Router(auth=api_auth, tags=["diagnoses"])


class DiagnosesOut(Schema):
    partnership: int
    as_of: dt.date
    dynamics: list[dict[str, Any]]
    trajectory: dict[str, Any] | None
    depth: dict[str, Any] | None
    mix: dict[str, Any] | None
    sharing: dict[str, Any] | None
    missing: dict[str, str]
    methods: dict[str, str]


# One condition's answer: yes/no, a number on the 1–5 agreement scale (0: does not
# hold), a word ("yes", "no", "3"), or null for unsure. See analysis.frameworks.advisor.
Answer = bool | Annotated[float, Field(ge=0, le=5)] | str | None


class AnswersIn(Schema):
    """The advisor's conditions (Rhodes's eight, then the six in-house ones)."""

    model_config = ConfigDict(extra="forbid")

    information: Answer = None
    quality_hard_to_specify: Answer = None
    hard_to_price: Answer = None
    professional_discretion: Answer = None
    local_flexibility: Answer = None
    multi_agency: Answer = None
    monitoring_costs: Answer = None
    bargaining: Answer = None
    few_providers: Answer = None
    collusion: Answer = None
    frequent_adjustment: Answer = None
    complex_contracts: Answer = None
    specific_assets: Answer = None
    affordable_rnd: Answer = None


class AdviceIn(Schema):
    answers: AnswersIn


class AdviceOut(Schema):
    recommendation: str
    network_count: int
    inhouse_count: int
    reasons_for: list[str]
    reasons_against: list[str]
    unsure: list[str]


@router.get("/partnerships/{pk}/", response=answers(DiagnosesOut))
def partnership_diagnoses(request: HttpRequest, pk: int) -> dict[str, Any]:
    partnership = permissions.get_visible_or_404(Partnership, request.user, pk)
    data = services.diagnose(partnership, dt.date.today()).to_dict()
    data["methods"] = {name: f"/diagnoses/methods/{name}/" for name in REGISTRY}
    return data


@router.post("/advise/", response=answers(AdviceOut, body=True))
def advise(request: HttpRequest, payload: AdviceIn) -> dict[str, Any]:
    try:
        return services.advise(payload.answers.model_dump(exclude_unset=True)).to_dict()
    except ValueError as exc:
        raise HttpError(422, str(exc)) from exc
