"""The coordinator's pages: record a decision right, an accountability line, a group
that should be at the table, and import decision rights from a file."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from joinedup.analysis.problems import ProblemError
from joinedup.governance.forms import (
    AccountabilityLineForm,
    DecisionRightForm,
    ImportForm,
    IntendedGroupForm,
)
from joinedup.governance.imports import import_rights
from joinedup.registry import permissions
from joinedup.registry.models import Partnership
from joinedup.web import uploads


def _managed(request: HttpRequest, pk: int) -> Partnership:
    partnership = permissions.get_visible_or_404(Partnership, request.user, pk)
    permissions.require_manage(request.user, partnership)
    return partnership


def _back(partnership: Partnership, key: str) -> HttpResponse:
    return redirect("web:partnership_section", pk=partnership.pk, key=key)


def _form(request: HttpRequest, pk: int, form_class: Any, title: str, key: str) -> HttpResponse:
    partnership = _managed(request, pk)
    form = form_class(request.POST or None, partnership=partnership, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        return _back(partnership, key)
    context = {"form": form, "partnership": partnership, "title": title, "key": key}
    return render(request, "governance/form.html", context)


@login_required
def right_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _form(request, pk, DecisionRightForm, _("Record a decision right"), "governs")


@login_required
def line_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _form(request, pk, AccountabilityLineForm, _("Record an accountability line"), "governs")


@login_required
def group_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _form(
        request, pk, IntendedGroupForm, _("Name a group that should be at the table"), "leftout"
    )


@login_required
def rights_import(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = _managed(request, pk)
    form = ImportForm(request.POST or None, request.FILES or None)
    problems = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        with uploads.saved(upload) as path:
            try:
                import_rights(
                    partnership,
                    path,
                    uploads.label_of(upload),
                    organisations=permissions.visible_organisations(request.user),
                )
            except ProblemError as exc:
                problems = exc
            else:
                return _back(partnership, "governs")
    context = {"form": form, "partnership": partnership, "problems": problems}
    return render(request, "governance/import.html", context)
