"""The reports part of the JSON API, mounted at ``/api/reports/``: the benchmark
across installations (evaluators and administrators), the same figures as the page
``/reports/benchmark/across/`` (method: :mod:`joinedup.analysis.pooled`)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.errors import HttpError

from joinedup.analysis import lenses, principles
from joinedup.analysis.instruments import Instrument, InstrumentError
from joinedup.registry import permissions
from joinedup.reports import lens_views
from joinedup.reports.across import across
from joinedup.reports.scores import round_scores
from joinedup.surveys.extract import Round
from joinedup.surveys.visibility import rounds_with_results
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


def _round_with_results(request: HttpRequest, pk: int) -> Round:
    """A round the caller may see whose results are published (closed, at least k
    answers); 404 otherwise, so an open round's figures never leave."""
    rounds = Round.objects.select_related("partnership", "instrument")
    found = permissions.get_visible_or_404(rounds, request.user, pk, through="partnership")
    if not rounds_with_results(found.partnership).filter(pk=found.pk).exists():
        raise HttpError(404, "This round has no published results.")
    return found


def _instrument(round_: Round) -> Instrument:
    try:
        return round_.instrument.instrument()
    except InstrumentError as exc:
        raise HttpError(404, "This round's questionnaire cannot be read.") from exc


class LensOut(Schema):
    round_id: int
    lens: str
    title: str
    source: str
    k: int
    lenses: list[str] = Field(description="every lens this round's questionnaire can be read by")
    uncovered: list[str] = Field(description="tags of this lens no heading names (empty)")
    headings: list[dict[str, Any]] = Field(
        description="label, items and score (a dimension score) or a note why there is none"
    )


@router.get("/rounds/{pk}/lenses/", response=answers(LensOut), tags=["scores"])
def round_lens(request: HttpRequest, pk: int, lens: str = lenses.DEFAULT_LENS) -> LensOut:
    """A closed round scored under one framework's headings (``lens``: theme,
    nuffield, audit, evans_killoran or surestart); figures on fewer than k are withheld."""
    if lens not in lenses.LENSES:
        raise HttpError(422, f"Unknown lens {lens!r}: choose one of {', '.join(lenses.LENSES)}.")
    round_ = _round_with_results(request, pk)
    instrument = _instrument(round_)
    found = {r.lens: r for r in lens_views.round_lenses(round_, instrument)}
    if lens not in found:
        raise HttpError(404, "This round's questionnaire has no questions under that lens.")
    data = found[lens].to_dict()
    return LensOut(
        round_id=round_.pk,
        lens=lens,
        title=found[lens].title,
        source=found[lens].source,
        k=found[lens].k,
        lenses=list(found),
        uncovered=lenses.uncovered_tags(instrument, lenses.LENSES[lens]),
        headings=data["headings"],  # type: ignore[arg-type]
    )


class PrinciplesOut(Schema):
    round_id: int
    groups: list[str]
    issues: list[str] = Field(description="item names, one per principle")
    labels: dict[str, str]
    cells: dict[str, dict[str, Any]] = Field(
        description="group → item → mean, or {suppressed, reason} (never a hidden group's size)"
    )
    differs: dict[str, bool]


@router.get("/rounds/{pk}/principles/", response=answers(PrinciplesOut), tags=["scores"])
def round_principles(request: HttpRequest, pk: int) -> PrinciplesOut:
    """Bovaird's governance test of a closed round: each stakeholder group's mean on
    each principle of good governance, with small and subtractable cells withheld."""
    round_ = _round_with_results(request, pk)
    instrument = _instrument(round_)
    result = round_scores(round_)
    found = principles.principle_grid(result, instrument) if result is not None else None
    if found is None:
        raise HttpError(404, "This round has no per-principle grid (not a governance round).")
    data = found.to_dict()
    return PrinciplesOut(round_id=round_.pk, **data)  # type: ignore[arg-type]
