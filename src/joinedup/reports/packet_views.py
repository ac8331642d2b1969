"""Pages of the benchmark across installations.

- ``installation-key/``: this installation's public key (JSON, no sign-in: a
  public key is meant to be public), which evaluators elsewhere register;
- ``packets/``: evaluators and administrators upload benchmark packets and see
  the installations trusted here (administrators register them in the
  administration or with ``joinedup benchmark trust``);
- ``across/``: the benchmark of local and imported partnerships together.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from joinedup.analysis.pooled import PooledDimension
from joinedup.analysis.problems import Problem, ProblemError
from joinedup.registry import permissions
from joinedup.reports import packets as service
from joinedup.reports.across import across
from joinedup.reports.benchmark_views import CHANGES, MEANS, _strip
from joinedup.reports.models import TrustedInstallation


@require_GET
def installation_key(request: HttpRequest) -> HttpResponse:
    body = {**service.own_installation(), "packet_format_version": 1}
    return JsonResponse(body)


class MultipleFiles(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented pattern): a list comes back."""

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        one = super().clean
        return (
            [one(d, initial) for d in data]
            if isinstance(data, list | tuple)
            else [one(data, initial)]
        )


class PacketsForm(forms.Form):
    packets = MultipleFileField(
        label=gettext_lazy("Benchmark packets (.json)"),
        widget=MultipleFiles(attrs={"accept": ".json,application/json"}),
    )


def _evaluator(request: HttpRequest) -> None:
    if not permissions.is_evaluator(request.user):
        raise PermissionDenied


def _read(upload: Any) -> tuple[str, bytes] | ProblemError:
    if upload.size > settings.MAX_UPLOAD_BYTES:
        return ProblemError(
            [Problem("packet.unreadable", "the file is larger than the upload limit")],
            file=upload.name,
        )
    return upload.name, upload.read()


@login_required
def packets_page(request: HttpRequest) -> HttpResponse:
    _evaluator(request)
    form = PacketsForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        read = [_read(f) for f in form.cleaned_data["packets"]]
        too_big = [r for r in read if isinstance(r, ProblemError)]
        if too_big:
            report = service.ImportReport(refused=[(e.file, e) for e in too_big])
        else:
            report = service.import_packets([r for r in read if isinstance(r, tuple)])
    context = {
        "form": form,
        "report": report,
        "trusted": TrustedInstallation.objects.all(),
        "own": service.own_installation(),
    }
    return render(
        request, "reports/packets.html", context, status=400 if report and not report.ok else 200
    )


@dataclass(frozen=True)
class _Dot:
    pk: str
    name: str


def _strips(dim: PooledDimension, who: dict[str, Any]) -> dict[str, Any]:
    """The two little charts of a dimension (means, changes), as on the benchmark page."""
    means = [(_Dot(p.partnership, who[p.partnership].label), p.mean) for p in dim.placements]
    changes = [
        (_Dot(p.partnership, who[p.partnership].label), p.change)
        for p in dim.placements
        if p.change is not None
    ]
    return {
        "means": _strip(means, dim.quartiles(), None, MEANS),
        "changes": _strip(changes, dim.change_quartiles(), None, CHANGES),
    }


@login_required
def across_page(request: HttpRequest) -> HttpResponse:
    _evaluator(request)
    visible = set(permissions.visible_partnerships(request.user).values_list("pk", flat=True))
    pooled = across(visible, request.GET.get("instrument", ""))
    rows = [
        (
            d,
            pooled.labels.get(d.name, d.name),
            _strips(d, pooled.who),
            [(p, pooled.who[p.partnership]) for p in d.placements],
        )
        for d in pooled.dimensions
    ]
    context = {"pooled": pooled, "rows": rows}
    return render(request, "reports/across.html", context)
