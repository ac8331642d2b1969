"""Importing a responses file into a round from the round's page: joinedup's own
layout, or a KoboToolbox or ODK Central export as it comes. The page says which
export the file was read as, which columns it ignored, and every problem with its
row and column; nothing is written unless the whole file is right
(:mod:`joinedup.surveys.importing`). For the round's coordinators and
administrators; a closed round takes no responses."""

from __future__ import annotations

import dataclasses
import tempfile
from pathlib import Path
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from joinedup.analysis.exports import Layout
from joinedup.analysis.instruments import InstrumentError, Problem
from joinedup.analysis.responses_file import iter_table, layout_of
from joinedup.registry.permissions import get_visible_or_404, require_manage
from joinedup.surveys.importing import ImportResult, import_responses
from joinedup.surveys.models import Round, RoundStatus
from joinedup.web import uploads


class ResponsesUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("CSV or Excel (.xlsx) file"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,.xlsm"}),
    )
    ignore = forms.CharField(
        label=gettext_lazy("Columns to leave out (optional)"),
        help_text=gettext_lazy(
            "Headings of columns that are not questions of the form, one a line, "
            "exactly as the file writes them."
        ),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean_file(self) -> Any:
        return uploads.checked(self.cleaned_data["file"])

    def ignored(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["ignore"].splitlines() if line.strip()]


def _header_layout(round_: Round, path: Path, ignore: list[str]) -> Layout | None:
    """The layout of the file's header (None when it cannot be read: the import
    then names the problem)."""
    try:
        header = next(iter_table(path), [])
    except InstrumentError:
        return None
    return (
        layout_of(path, header, round_.instrument.instrument(), ignore=ignore) if header else None
    )


def _named(problems: list[Problem], path: Path, name: str) -> list[Problem]:
    """The problems with the uploaded file's own name in place of the temporary path,
    and the page's own way to leave an unknown column out."""
    leave_out = _("correct the heading, or list it under “Columns to leave out”")
    return [
        dataclasses.replace(
            p,
            file=name if p.file == str(path) else p.file,
            hint=leave_out if p.code == "responses.unknown-column" else p.hint,
        )
        for p in problems
    ]


def _run(round_: Round, form: ResponsesUploadForm) -> dict[str, Any]:
    upload = form.cleaned_data["file"]
    name = Path(upload.name).name
    found: dict[str, Any] = {"name": name}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        with path.open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        found["layout"] = _header_layout(round_, path, form.ignored())
        try:
            result: ImportResult = import_responses(round_, path, ignore=form.ignored())
        except InstrumentError as exc:
            found["problems"] = _named(exc.problems, path, name)
        else:
            found["result"] = result
    return found


@login_required
def round_import(request: HttpRequest, pk: int) -> HttpResponse:
    rounds = Round.objects.select_related("partnership", "instrument")
    round_ = get_visible_or_404(rounds, request.user, pk, through="partnership")
    require_manage(request.user, round_.partnership)
    if round_.status == RoundStatus.CLOSED:
        raise PermissionDenied
    form = ResponsesUploadForm(request.POST or None, request.FILES or None)
    context: dict[str, Any] = {"round": round_, "partnership": round_.partnership, "form": form}
    if request.method == "POST" and form.is_valid():
        context.update(_run(round_, form))
    return render(request, "surveys/round_import.html", context)
