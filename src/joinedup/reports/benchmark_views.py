"""The evaluator's benchmark page and its downloads (CSV, Parquet)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from joinedup.registry import permissions
from joinedup.reports import benchmark as service

LOW, HIGH, LEFT, WIDTH = 1.0, 5.0, 10.0, 380.0
TYPES = {"csv": "text/csv; charset=utf-8", "parquet": "application/vnd.apache.parquet"}


def _x(value: float) -> float:
    clipped = min(max(value, LOW), HIGH)
    return round(LEFT + (clipped - LOW) / (HIGH - LOW) * WIDTH, 1)


def _strip(dim: service.DimensionBenchmark, chosen: int | None) -> dict[str, Any]:
    """Positions for the little distribution chart drawn as inline SVG."""
    quartiles = dim.quartiles()
    dots = [
        {"x": _x(e.mean), "chosen": e.partnership.pk == chosen, "name": e.partnership.name}
        for e in dim.shown
        if e.mean is not None
    ]
    box = None
    if quartiles:
        q1, q2, q3 = (_x(q) for q in quartiles)
        box = {"x": q1, "width": max(q3 - q1, 1.0), "median": q2}
    ticks = [{"x": _x(v), "label": int(v)} for v in (1, 2, 3, 4, 5)]
    return {"dots": dots, "box": box, "ticks": ticks}


def _allowed(request: HttpRequest) -> list[Any]:
    if not permissions.is_evaluator(request.user):
        raise PermissionDenied
    return list(permissions.visible_partnerships(request.user).order_by("name"))


def _version(request: HttpRequest, versions: list[Any], wanted: Any = None) -> Any:
    wanted = wanted if wanted is not None else request.GET.get("instrument", "")
    for v in versions:
        if str(v.pk) == str(wanted):
            return v
    if wanted not in (None, ""):
        raise Http404("no such instrument version in use")
    preferred = [v for v in versions if v.key == "health-check"]
    return (preferred or versions or [None])[0]


@login_required
def benchmark_page(request: HttpRequest) -> HttpResponse:
    partnerships = _allowed(request)
    versions = service.instruments()
    version = _version(request, versions)
    chosen = request.GET.get("partnership", "")
    chosen_id = int(chosen) if chosen.isdigit() else None
    dims = service.benchmark(version, partnerships) if version is not None else []
    rows = [(d, _strip(d, chosen_id)) for d in dims]
    context = {
        "versions": versions,
        "version": version,
        "partnerships": partnerships,
        "chosen_id": chosen_id,
        "rows": rows,
    }
    return render(request, "reports/benchmark.html", context)


@login_required
def benchmark_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    partnerships = _allowed(request)
    if fmt not in TYPES:
        raise Http404("no such format")
    version = _version(request, service.instruments(), pk)
    body = service.download(version, partnerships, fmt)
    response = HttpResponse(body, content_type=TYPES[fmt])
    name = f"benchmark-{version.key}-v{version.version}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
