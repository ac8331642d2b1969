"""The reports part of the JSON API, mounted at ``/api/reports/``: the benchmark
across installations (evaluators and administrators), the same figures as the page
``/reports/benchmark/across/`` (method: :mod:`joinedup.analysis.pooled`)."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError

from joinedup.registry import permissions
from joinedup.reports.across import across
from joinedup.web.api_schema import answers
from joinedup.web.auth import api_auth

router = Router(auth=api_auth, tags=["benchmark"])


class PlacementOut(Schema):
    partnership: str
    source: str
    profile: dict[str, str] | None
    round: str
    closed: str
    n: int
    mean: float
    ci_low: float | None
    ci_high: float | None
    percentile: float
    previous_closed: str | None
    change: float | None
    change_low: float | None
    change_high: float | None


class DimensionOut(Schema):
    name: str
    label: str
    quartiles: list[float] | None
    placements: list[PlacementOut]


class AcrossOut(Schema):
    instrument: str | None
    instruments: list[str]
    installations: int
    dimensions: list[DimensionOut]


@router.get("/benchmark/across/", response=answers(AcrossOut))
def benchmark_across(request: HttpRequest, instrument: str = "") -> AcrossOut:
    """Every partnership (this installation's and imported ones) placed on each
    dimension of one instrument version (``instrument``: a slug from
    ``instruments``; default the health check)."""
    if not permissions.is_evaluator(request.user):
        raise HttpError(403, "The benchmark is for evaluators and administrators.")
    visible = set(permissions.visible_partnerships(request.user).values_list("pk", flat=True))
    pooled = across(visible, instrument)
    dims = []
    for d in pooled.dimensions:
        q = d.quartiles()
        rows = []
        for p in d.placements:
            who = pooled.who[p.partnership]
            rows.append(
                PlacementOut(
                    partnership=who.label,
                    source=who.source,
                    profile=who.profile,
                    round=p.round,
                    closed=p.closed,
                    n=p.n,
                    mean=p.mean,
                    ci_low=p.ci_low,
                    ci_high=p.ci_high,
                    percentile=p.percentile,
                    previous_closed=p.previous_closed,
                    change=p.change,
                    change_low=p.change_low,
                    change_high=p.change_high,
                )
            )
        dims.append(
            DimensionOut(
                name=d.name,
                label=pooled.labels.get(d.name, d.name),
                quartiles=list(q) if q else None,
                placements=rows,
            )
        )
    return AcrossOut(
        instrument=pooled.choice.slug if pooled.choice else None,
        instruments=[c.slug for c in pooled.choices],
        installations=pooled.installations,
        dimensions=dims,
    )
