"""The evaluator's benchmark page and its downloads: the tidy tables (CSV,
Parquet) of scores per round and of change, the partnerships' networks (a zip of
GraphML or GEXF files) and their interlock network (GraphML).

Evaluators and administrators only (members and coordinators get 403); the
chosen set (``?set=<id>&set=<id>…``, default every partnership) is limited to
the partnerships the user may see."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from joinedup.analysis.network.build import TREATMENTS
from joinedup.registry import permissions
from joinedup.reports import benchmark as service
from joinedup.reports import benchmark_network as networks

LEFT, WIDTH = 10.0, 380.0
MEANS = (1.0, 5.0, (1, 2, 3, 4, 5))  # scale ends and ticks of the means' strip
CHANGES = (-2.0, 2.0, (-2, -1, 0, 1, 2))  # and of the changes' strip
TYPES = {"csv": "text/csv; charset=utf-8", "parquet": "application/vnd.apache.parquet"}


def _x(value: float, low: float, high: float) -> float:
    clipped = min(max(value, low), high)
    return round(LEFT + (clipped - low) / (high - low) * WIDTH, 1)


def _strip(
    values: list[tuple[Any, float]],
    quartiles: tuple[float, float, float] | None,
    chosen: int | None,
    scale: tuple[float, float, tuple[int, ...]],
) -> dict[str, Any]:
    """Positions for a little distribution chart (dots and a quartile box)
    drawn as inline SVG; ``values`` are (partnership, value) pairs."""
    low, high, marks = scale
    dots = [
        {"x": _x(v, low, high), "chosen": p.pk == chosen, "name": p.name, "value": v}
        for p, v in values
    ]
    box = None
    if quartiles:
        q1, q2, q3 = (_x(q, low, high) for q in quartiles)
        box = {"x": q1, "width": max(q3 - q1, 1.0), "median": q2}
    ticks = [{"x": _x(v, low, high), "label": f"{v:+d}" if low < 0 and v else v} for v in marks]
    return {"dots": dots, "box": box, "ticks": ticks, "zero": _x(0, low, high) if low < 0 else None}


def _strips(dim: service.DimensionBenchmark, chosen: int | None) -> dict[str, Any]:
    means = [(e.partnership, e.mean) for e in dim.shown if e.mean is not None]
    changes = [(e.partnership, c) for e, c in dim.changes]
    summary = dim.change_summary()
    return {
        "means": _strip(means, dim.quartiles(), chosen, MEANS),
        "changes": _strip(changes, summary["quartiles"] if summary else None, chosen, CHANGES),
        "change_summary": summary,
    }


def _allowed(request: HttpRequest) -> list[Any]:
    """The partnerships the evaluator may compare, narrowed to ``?set=`` if given."""
    if not permissions.is_evaluator(request.user):
        raise PermissionDenied
    visible = list(permissions.visible_partnerships(request.user).order_by("name"))
    wanted = {v for v in request.GET.getlist("set") if v.isdigit()}
    chosen = [p for p in visible if str(p.pk) in wanted]
    return chosen or visible


def _treatment(request: HttpRequest) -> Any:
    wanted = request.GET.get("treatment") or "observed"
    if wanted not in TREATMENTS:
        raise Http404("no such missing-answer treatment")
    return wanted


def _query(partnerships: list[Any], every: list[Any], treatment: str) -> str:
    """The query string that keeps the chosen set (and treatment) in the links."""
    pairs = [] if len(partnerships) == len(every) else [("set", p.pk) for p in partnerships]
    return urlencode([*pairs, ("treatment", treatment)])


def _version(request: HttpRequest, versions: list[Any], wanted: Any = None) -> Any:
    wanted = wanted if wanted is not None else request.GET.get("instrument", "")
    for v in versions:
        # A version read with a newer one (the same scored questions) answers by it.
        if str(wanted) in {str(pk) for pk in getattr(v, "same_scoring", [v.pk])}:
            return v
    if wanted not in (None, ""):
        raise Http404("no such instrument version in use")
    preferred = [v for v in versions if v.key == "health-check"]
    return (preferred or versions or [None])[0]


@login_required
def benchmark_page(request: HttpRequest) -> HttpResponse:
    partnerships = _allowed(request)
    every = list(permissions.visible_partnerships(request.user).order_by("name"))
    versions = service.instruments()
    version = _version(request, versions)
    treatment = _treatment(request)
    chosen = request.GET.get("partnership", "")
    chosen_id = int(chosen) if chosen.isdigit() else None
    dims = service.benchmark(version, partnerships) if version is not None else []
    context = {
        "versions": versions,
        "version": version,
        "read_with": service.versions_read(version) if version is not None else [],
        "every": every,
        "partnerships": partnerships,
        "chosen_id": chosen_id,
        "treatments": TREATMENTS,
        "treatment": treatment,
        "query": _query(partnerships, every, treatment),
        "rows": [(d, _strips(d, chosen_id)) for d in dims],
    }
    return render(request, "reports/benchmark.html", context)


def _attachment(body: bytes | str, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _table_download(request: HttpRequest, pk: int, fmt: str, table: str) -> HttpResponse:
    partnerships = _allowed(request)
    if fmt not in TYPES:
        raise Http404("no such format")
    version = _version(request, service.instruments(), pk)
    body = service.download(version, partnerships, fmt, table)
    suffix = "" if table == "scores" else f"-{table}"
    name = f"benchmark-{version.key}-v{version.version}{suffix}.{fmt}"
    return _attachment(body, TYPES[fmt], name)


@login_required
def benchmark_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """Scores: one row per partnership × dimension × round (latest, previous)."""
    return _table_download(request, pk, fmt, "scores")


@login_required
def benchmark_changes(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """Change: one row per partnership × dimension."""
    return _table_download(request, pk, fmt, "changes")


@login_required
def benchmark_networks(request: HttpRequest, fmt: str) -> HttpResponse:
    """A zip of the chosen partnerships' networks, one GraphML or GEXF file each."""
    partnerships = _allowed(request)
    if fmt not in networks.FORMATS:
        raise Http404("no such format")
    treatment = _treatment(request)
    directed = bool(request.user.is_superuser)
    body = networks.networks_zip(partnerships, fmt, treatment, directed)
    return _attachment(body, "application/zip", f"benchmark-networks-{treatment}-{fmt}.zip")


@login_required
def benchmark_interlocks(request: HttpRequest) -> HttpResponse:
    """The chosen partnerships' organisation × partnership network as GraphML."""
    body = networks.interlock_graphml(_allowed(request))
    content_type = "application/graphml+xml; charset=utf-8"
    return _attachment(body, content_type, "benchmark-interlocks.graphml")
