"""The instruments pages: every stored questionnaire, and one instrument's page with
its versions, dimensions, items and the rounds that asked it; a version as an
XLSForm.

Coordinators and administrators read these pages (they choose and adapt
instruments), and so do evaluators (they read every partnership's results); members
do not. The rounds listed are only those of partnerships the reader may see.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import get_language

from joinedup.analysis.adapting import differences
from joinedup.analysis.instruments import Instrument, InstrumentError
from joinedup.registry.permissions import (
    is_administrator,
    is_evaluator,
    managed_partnerships,
    visible_partnerships,
)
from joinedup.surveys.library import ensure_builtin_instruments
from joinedup.surveys.models import InstrumentVersion, Round


def may_adapt(user: Any) -> bool:
    """Administrators and the coordinators of at least one partnership."""
    return is_administrator(user) or managed_partnerships(user).exists()


def require_adapt(user: Any) -> None:
    if not may_adapt(user):
        raise PermissionDenied


def require_read(user: Any) -> None:
    if not (may_adapt(user) or is_evaluator(user)):
        raise PermissionDenied


@login_required
def instruments(request: HttpRequest) -> HttpResponse:
    require_read(request.user)
    ensure_builtin_instruments()
    lines: dict[str, list[InstrumentVersion]] = {}
    for iv in InstrumentVersion.objects.order_by("title", "key", "-version"):
        lines.setdefault(iv.key, []).append(iv)
    rows = [{"latest": versions[0], "count": len(versions)} for versions in lines.values()]
    context = {"rows": rows, "adapt": may_adapt(request.user)}
    return render(request, "surveys/instruments.html", context)


def _version_row(iv: InstrumentVersion, user: Any, lang: str) -> dict[str, Any]:
    try:
        instrument: Instrument | None = iv.instrument()
    except InstrumentError:
        instrument = None
    rounds = (
        Round.objects.filter(instrument=iv, partnership__in=visible_partnerships(user))
        .select_related("partnership")
        .order_by("opens")
    )
    changes = None
    if iv.adapted_from is not None and instrument is not None:
        try:
            changes = differences(iv.adapted_from.instrument(), instrument)
        except InstrumentError:
            changes = None
    return {
        "version": iv,
        "instrument": instrument,
        "dimensions": _dimensions(instrument, lang) if instrument else [],
        "rounds": list(rounds),
        "changes": changes,
        "used": iv.is_used(),
    }


def _dimensions(instrument: Instrument, lang: str) -> list[dict[str, Any]]:
    text = instrument.text
    out = []
    for dim in instrument.dimensions:
        items = []
        for item in dim.items:
            scale = instrument.scale_of(item)
            ends = (scale.choices[0].label, scale.choices[-1].label) if scale else None
            how = f"{text(ends[0], lang)} … {text(ends[1], lang)}" if ends else ""
            items.append(
                {
                    "name": item.name,
                    "label": text(item.label, lang),
                    "type": item.type.value,
                    "answers": how,
                    "reverse": item.reverse,
                }
            )
        out.append({"name": dim.name, "label": text(dim.label, lang), "items": items})
    return out


@login_required
def instrument(request: HttpRequest, key: str) -> HttpResponse:
    require_read(request.user)
    versions = list(
        InstrumentVersion.objects.filter(key=key)
        .select_related("adapted_from")
        .order_by("-version")
    )
    if not versions:
        raise Http404
    lang = get_language() or "en"
    context = {
        "key": key,
        "latest": versions[0],
        "versions": [_version_row(iv, request.user, lang) for iv in versions],
        "adapt": may_adapt(request.user),
    }
    return render(request, "surveys/instrument.html", context)


@login_required
def instrument_xlsform(request: HttpRequest, pk: int) -> HttpResponse:
    """One stored version as an XLSForm (the exporter of ``joinedup instrument export``)."""
    require_read(request.user)
    from joinedup.analysis.xlsform import export_xlsform

    iv = get_object_or_404(InstrumentVersion, pk=pk)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{iv.key}-v{iv.version}.xlsx"
        try:
            export_xlsform(iv.instrument(), path)
        except InstrumentError as exc:
            return HttpResponse(str(exc), status=409, content_type="text/plain; charset=utf-8")
        body = path.read_bytes()
    response = HttpResponse(
        body, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{path.name}"'
    return response
