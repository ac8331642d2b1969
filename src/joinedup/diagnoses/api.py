"""JSON API of the diagnoses, mounted at /api/diagnoses/ (permission-checked)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.security import django_auth

from joinedup.analysis.frameworks import REGISTRY
from joinedup.diagnoses import services
from joinedup.registry import permissions
from joinedup.registry.models import Partnership

router = Router(auth=django_auth, tags=["diagnoses"])


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


class AdviceIn(Schema):
    answers: dict[str, bool | int | float | str | None]


class AdviceOut(Schema):
    recommendation: str
    network_count: int
    inhouse_count: int
    reasons_for: list[str]
    reasons_against: list[str]
    unsure: list[str]


@router.get("/partnerships/{pk}/", response=DiagnosesOut)
def partnership_diagnoses(request: HttpRequest, pk: int) -> dict[str, Any]:
    partnership = get_object_or_404(Partnership, pk=pk)
    if not permissions.can_view(request.user, partnership):
        raise HttpError(403, "You may not see this partnership.")
    data = services.diagnose(partnership, dt.date.today()).to_dict()
    data["methods"] = {name: f"/diagnoses/methods/{name}/" for name in REGISTRY}
    return data


@router.post("/advise/", response=AdviceOut)
def advise(request: HttpRequest, payload: AdviceIn) -> dict[str, Any]:
    try:
        return services.advise(payload.answers).to_dict()
    except ValueError as exc:
        raise HttpError(422, str(exc)) from exc
