"""Pages: how each diagnosis is worked out, the advisor, the sharing register form."""

from __future__ import annotations

import inspect
import re
import tempfile
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from joinedup.analysis.frameworks import REGISTRY
from joinedup.analysis.problems import ProblemError
from joinedup.diagnoses import services
from joinedup.diagnoses.forms import (
    AdvisorForm,
    ContractsFileForm,
    PartnerContractForm,
    PriceDecisionForm,
    SharingEntryForm,
)
from joinedup.diagnoses.imports import import_contracts
from joinedup.registry import permissions
from joinedup.registry.models import Partnership

#: What a reader is told for a reference to code in a method's text (never its path).
REFERENCE_WORDS = {
    "joinedup.analysis.suppression.guard_groups": "the small-group rule",
    "joinedup.analysis.disclosure.protect_cells": "the small-cell rule",
    "joinedup.analysis.frameworks.dynamics_means": "the item-mean definition",
}
_ROLE = re.compile(r":(?:mod|func|data|class|meth|attr):`([^`]+)`")
_LITERAL = re.compile(r"``([^`]+)``")


def _reference(path: str) -> str:
    """A code reference in a docstring as a reader sees it: a link to another
    diagnosis's method page, or words saying what the code does."""
    last = path.rsplit(".", 1)[-1]
    if path.startswith("joinedup.analysis.frameworks.") and last in REGISTRY:
        url = reverse("diagnoses:method", args=[last])
        return format_html('<a href="{}">{}</a>', url, REGISTRY[last].TITLE)
    return escape(REFERENCE_WORDS.get(path, last.replace("_", " ")))


def reader_text(paragraph: str) -> SafeString:
    """One paragraph of a method's docstring as HTML: formulas and tags in
    ``<code>``, references to code as links or words, line breaks kept."""
    html = str(escape(paragraph))
    html = _ROLE.sub(lambda m: _reference(m.group(1)), html)
    html = _LITERAL.sub(lambda m: f"<code>{m.group(1)}</code>", html)
    return mark_safe(html.replace("\n", "<br>"))  # noqa: S308 - escaped above


@login_required
def method(request: HttpRequest, name: str) -> HttpResponse:
    module = REGISTRY.get(name)
    if module is None:
        raise Http404("No such diagnosis.")
    text = inspect.getdoc(module) or ""
    paragraphs = [reader_text(p.strip()) for p in text.split("\n\n") if p.strip()]
    explain_doc = reader_text(inspect.getdoc(module.explain) or "")
    return render(
        request,
        "diagnoses/method.html",
        {
            "name": name,
            "title": module.TITLE,
            "paragraphs": paragraphs,
            "explain_doc": explain_doc,
            "others": sorted((n, m.TITLE) for n, m in REGISTRY.items()),
        },
    )


def _members_reading(request: HttpRequest) -> tuple[Partnership | None, Any]:
    """The partnership named by ``?partnership=`` (one the reader may see) and the
    advisor's reading of its latest governance-modes round."""
    wanted = request.GET.get("partnership", "")
    if not wanted.isdigit():
        return None, None
    partnership = permissions.get_visible_or_404(Partnership, request.user, int(wanted))
    return partnership, services.round_advice(partnership)


@login_required
def advisor(request: HttpRequest) -> HttpResponse:
    partnership, reading = _members_reading(request)
    initial = {}
    if reading is not None and reading.advice is not None:
        initial = dict.fromkeys(reading.advice.holding, "yes")
        initial.update(dict.fromkeys(reading.advice.not_holding, "no"))
    form = AdvisorForm(request.POST if request.method == "POST" else None, initial=initial)
    advice, error = None, ""
    if request.method == "POST" and form.is_valid():
        try:
            advice = services.advise(form.answers())
        except ValueError as exc:
            error = str(exc)
    return render(
        request,
        "diagnoses/advisor.html",
        {
            "form": form,
            "advice": advice,
            "error": error,
            "partnership": partnership,
            "reading": reading,
        },
    )


@login_required
def sharing_add(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = permissions.get_visible_or_404(Partnership, request.user, pk)
    permissions.require_manage(request.user, partnership)
    form = SharingEntryForm(request.POST or None, partnership=partnership)
    if request.method == "POST" and form.is_valid():
        entry = form.save(commit=False)
        entry.partnership = partnership
        entry.save()
        form.save_m2m()
        return redirect("web:partnership", pk=partnership.pk)
    return render(
        request, "diagnoses/sharing_form.html", {"form": form, "partnership": partnership}
    )


def _managed(request: HttpRequest, pk: int) -> Partnership:
    partnership = permissions.get_visible_or_404(Partnership, request.user, pk)
    permissions.require_manage(request.user, partnership)
    return partnership


def _register_form(request: HttpRequest, pk: int, form_class: Any, title: str) -> HttpResponse:
    """Add one entry to a partnership's register (coordinators), then back to the page."""
    partnership = _managed(request, pk)
    form = form_class(request.POST or None, partnership=partnership)
    if request.method == "POST" and form.is_valid():
        entry = form.save(commit=False)
        entry.partnership = partnership
        entry.full_clean()
        entry.save()
        return redirect("web:partnership_section", pk=partnership.pk, key="diagnoses")
    return render(
        request,
        "diagnoses/register_form.html",
        {"form": form, "partnership": partnership, "title": title},
    )


@login_required
def contract_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _register_form(
        request, pk, PartnerContractForm, gettext("Record a contract between partners")
    )


@login_required
def decision_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _register_form(
        request, pk, PriceDecisionForm, gettext("Record a decision on who provides")
    )


@login_required
def contracts_import(request: HttpRequest, pk: int) -> HttpResponse:
    """Upload a contracts file: one transaction; its problems name the row and column."""
    partnership = _managed(request, pk)
    form = ContractsFileForm(request.POST or None, request.FILES or None)
    problems = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        name = Path(upload.name).name
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"upload{Path(name).suffix.lower()}"
            with path.open("wb") as out:
                for chunk in upload.chunks():
                    out.write(chunk)
            try:
                count = import_contracts(path, partnership, name)
            except ProblemError as exc:
                problems = exc
            else:
                messages.success(
                    request,
                    gettext("%(n)d contracts imported from %(f)s.") % {"n": count, "f": name},
                )
                return redirect("web:partnership_section", pk=partnership.pk, key="diagnoses")
    return render(
        request,
        "diagnoses/contracts_import.html",
        {"form": form, "partnership": partnership, "problems": problems},
    )
