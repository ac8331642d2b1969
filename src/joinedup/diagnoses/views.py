"""Pages: how each diagnosis is worked out, the advisor, the sharing register form."""

from __future__ import annotations

import inspect

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from joinedup.analysis.frameworks import REGISTRY
from joinedup.diagnoses import services
from joinedup.diagnoses.forms import AdvisorForm, SharingEntryForm
from joinedup.registry import permissions
from joinedup.registry.models import Partnership


@login_required
def method(request: HttpRequest, name: str) -> HttpResponse:
    module = REGISTRY.get(name)
    if module is None:
        raise Http404("No such diagnosis.")
    text = inspect.getdoc(module) or ""
    paragraphs = [p.strip() for p in text.split("\n\n") if p.strip()]
    explain_doc = inspect.getdoc(module.explain) or ""
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


@login_required
def advisor(request: HttpRequest) -> HttpResponse:
    form = AdvisorForm(request.POST if request.method == "POST" else None)
    advice, error = None, ""
    if request.method == "POST" and form.is_valid():
        try:
            advice = services.advise(form.answers())
        except ValueError as exc:
            error = str(exc)
    return render(
        request, "diagnoses/advisor.html", {"form": form, "advice": advice, "error": error}
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
