"""The set-up page that keeps organisations, people, partnerships or memberships in
step with an outside directory (``/setup/keep-in-step/<kind>/``).

The file goes through :func:`joinedup.registry.sync.run_file` with the viewer's
rights (an administrator everything; a coordinator the partnerships they run), so
the page, the command ``joinedup registry sync`` and the API's bulk imports apply
one set of rules. "Only check" is ticked at first: the page shows what the file
would create, update, leave unchanged and end, and writes nothing; untick it to
write. Problems are listed with file, row and column, and nothing is written.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy

from joinedup.analysis.problems import ProblemError
from joinedup.registry.sync import COLUMNS, REQUIRED, Writer, run_file
from joinedup.registry.viewer import Viewer
from joinedup.site.setup_forms import KeepInStepForm

TITLES = {
    "organisations": gettext_lazy("Keep organisations in step"),
    "people": gettext_lazy("Keep people in step"),
    "partnerships": gettext_lazy("Keep partnerships in step"),
    "memberships": gettext_lazy("Keep memberships in step"),
}


@login_required
def keep_in_step(request: HttpRequest, kind: str) -> HttpResponse:
    viewer = Viewer.of(request.user)
    if not Writer.of(viewer).may_write:
        raise PermissionDenied
    form = KeepInStepForm(request.POST or None, request.FILES or None)
    problems = result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        suffix = Path(upload.name).suffix.lower()
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"upload{suffix if suffix in ('.xlsx', '.xlsm') else '.csv'}"
            with path.open("wb") as out:
                for chunk in upload.chunks():
                    out.write(chunk)
            try:
                result = run_file(
                    kind,
                    path,
                    viewer=viewer,
                    label=Path(upload.name).name,
                    dry_run=form.cleaned_data["check_only"],
                    sync=form.cleaned_data["sync"],
                    end_date=form.cleaned_data["end_date"],
                )
            except ProblemError as exc:
                problems = exc
    context = {
        "form": form,
        "title": str(TITLES[kind]),
        "kind": kind,
        "columns": COLUMNS[kind],
        "required": REQUIRED[kind],
        "problems": problems,
        "result": result,
    }
    return render(request, "setup/keep_in_step.html", context)
