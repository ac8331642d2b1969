"""The evaluator's page of response-level exports and its zip downloads.

Evaluators and administrators may export any partnership, or every partnership
at once (national); a coordinator only the partnerships they coordinate; members
and anyone else get 403 (404 for a partnership they cannot see at all, as on
every page). The export is written to a temporary folder, then sent as a zip
produced block by block, and the folder is removed once the last block is out.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render

from joinedup.registry import permissions
from joinedup.registry.models import Partnership
from joinedup.reports import responses_files as files
from joinedup.reports.responses_export import ExportError, Scope, export_responses

FORMS = ("wide", "long")


def _exportable(user: Any) -> list[Partnership]:
    if permissions.is_evaluator(user):
        return list(permissions.visible_partnerships(user).order_by("name"))
    return list(permissions.managed_partnerships(user).order_by("name"))


@login_required
def responses_page(request: HttpRequest) -> HttpResponse:
    partnerships = _exportable(request.user)
    if not partnerships:
        raise PermissionDenied
    return render(
        request,
        "reports/responses.html",
        {
            "partnerships": partnerships,
            "national": permissions.is_evaluator(request.user),
            "formats": files.FORMATS,
            "long_formats": ("csv", "parquet"),
            "k": settings.MIN_RESPONDENTS,
        },
    )


def _download(request: HttpRequest, scope: Scope, fmt: str) -> HttpResponseBase:
    form = request.GET.get("form", "wide")
    if fmt not in files.FORMATS or form not in FORMS:
        raise Http404("no such export format")
    folder = Path(tempfile.mkdtemp(prefix="joinedup-export-"))
    try:
        export_responses(scope, folder / "export", fmt=fmt, long=form == "long")
    except ExportError as exc:
        shutil.rmtree(folder, ignore_errors=True)
        return HttpResponse(str(exc), status=400, content_type="text/plain; charset=utf-8")
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    name = f"joinedup-responses-{scope.label()}-{form}-{fmt}"
    response = StreamingHttpResponse(
        _stream_and_clean(folder, name), content_type="application/zip"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.zip"'
    response["Cache-Control"] = "no-store"
    return response


def _stream_and_clean(folder: Path, name: str) -> Iterator[bytes]:
    try:
        yield from files.zip_stream(folder / "export", name)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@login_required
def responses_national(request: HttpRequest, fmt: str) -> HttpResponseBase:
    if not permissions.is_evaluator(request.user):
        raise PermissionDenied
    return _download(request, Scope(national=True), fmt)


@login_required
def responses_partnership(request: HttpRequest, pk: int, fmt: str) -> HttpResponseBase:
    partnership = permissions.get_visible_or_404(Partnership, request.user, pk)
    if not (
        permissions.is_evaluator(request.user) or permissions.can_manage(request.user, partnership)
    ):
        raise PermissionDenied
    return _download(request, Scope(partnership_id=partnership.pk), fmt)
