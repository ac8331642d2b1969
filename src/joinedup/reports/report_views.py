"""Pages of the reports app: the partnership report as a page and as a PDF."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import urlencode
from django.utils.text import slugify

from joinedup.registry import permissions
from joinedup.registry.models import Partnership
from joinedup.registry.viewer import Viewer
from joinedup.reports import pdf
from joinedup.reports.report import build_report, report_context
from joinedup.web.rates import limited_per_user


def _viewable(request: HttpRequest, pk: int) -> Partnership:
    partnerships = Partnership.objects.select_related("lead")
    return permissions.get_visible_or_404(partnerships, request.user, pk)


def _round_id(request: HttpRequest) -> Any:
    wanted = request.GET.get("round", "")
    return int(wanted) if wanted.isdigit() else None


def _pdf_query(request: HttpRequest) -> str:
    """The report's choices (round, framework lens) for its PDF link."""
    wanted = {"round": _round_id(request), "lens": request.GET.get("lens", "")}
    return urlencode({k: v for k, v in wanted.items() if v})


def _report(request: HttpRequest, partnership: Partnership, *, printing: bool = False) -> Any:
    viewer = Viewer.of(request.user)
    return build_report(viewer, partnership, request.GET.get("round"), request, printing=printing)


@login_required
def partnership_report(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = _viewable(request, pk)
    report = _report(request, partnership)
    context = {
        "report": report,
        "round_id": _round_id(request),
        "pdf_query": _pdf_query(request),
        **report_context(report),
    }
    return render(request, "reports/report.html", context)


@login_required
@limited_per_user("pdf-user", pdf.BUSY)
def partnership_report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = _viewable(request, pk)
    report = _report(request, partnership, printing=True)
    document = pdf.html_to_pdf(pdf.report_html(request, report, report_context(report)))
    response = HttpResponse(document, content_type="application/pdf")
    name = slugify(partnership.name) or f"partnership-{partnership.pk}"
    response["Content-Disposition"] = f'inline; filename="{name}-report.pdf"'
    return response
