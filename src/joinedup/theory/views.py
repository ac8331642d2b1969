"""The coordinator's page for the theory of change: add steps, links and evidence,
remove them, or upload a whole theory from a file. Plain forms; no script needed."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from joinedup.analysis.problems import ProblemError
from joinedup.registry import permissions
from joinedup.registry.models import Partnership
from joinedup.theory import diagram, services, writes
from joinedup.theory.forms import EvidenceForm, LinkForm, StepForm, free_key
from joinedup.theory.imports import OPTIONAL, REQUIRED, import_theory
from joinedup.theory.models import ChangeLink, ChangeStep, StepEvidence
from joinedup.web import uploads


def _managed(request: HttpRequest, pk: int) -> Partnership:
    partnership = permissions.get_visible_or_404(Partnership, request.user, pk)
    permissions.require_manage(request.user, partnership)
    return partnership


@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = _managed(request, pk)
    which = request.POST.get("form", "") if request.method == "POST" else ""
    data = request.POST if request.method == "POST" else None
    step_form = StepForm(data if which == "step" else None, prefix="step")
    link_form = LinkForm(data if which == "link" else None, partnership=partnership, prefix="link")
    evidence_form = EvidenceForm(
        data if which == "evidence" else None, partnership=partnership, prefix="evidence"
    )
    bound: forms.Form | None = {
        "step": step_form,
        "link": link_form,
        "evidence": evidence_form,
    }.get(which)
    if bound is not None and bound.is_valid():
        d = bound.cleaned_data
        if which == "step":
            writes.add_step(
                partnership,
                free_key(partnership, d["title"]),
                d["kind"],
                d["title"],
                d["description"],
            )
            messages.success(request, _("The step is added."))
        elif which == "link":
            writes.add_link(
                d["source"],
                d["target"],
                mechanism=d["mechanism"],
                context=d["context"],
                assumption=d["assumption"],
            )
            messages.success(request, _("The link is added."))
        else:
            fields: dict[str, object] = {"note": d["note"]}
            if d["source"] == "dimension":
                fields |= writes.dimension_fields(d["dimension"])
            elif d["source"] == "indicator":
                fields["indicator"] = d["indicator"]
            elif d["source"] == "decision":
                fields["decision"] = d["decision"]
            else:
                fields["action"] = d["action"]
            writes.add_evidence(d["step"], d["source"], **fields)
            messages.success(request, _("The evidence is added."))
        return redirect("theory:edit", pk=partnership.pk)
    reading = services.reading(partnership)
    return render(
        request,
        "theory/edit.html",
        {
            "partnership": partnership,
            "step_form": step_form,
            "link_form": link_form,
            "evidence_form": evidence_form,
            "steps": services.steps_of(partnership),
            "links": services.links_of(partnership),
            "reading": reading,
            "diagram": mark_safe(diagram.draw(reading)),  # noqa: S308 - built from escaped text
            "failed": which,
        },
    )


@login_required
@require_POST
def remove(request: HttpRequest, pk: int, what: str, item: int) -> HttpResponse:
    partnership = _managed(request, pk)
    model = {"step": ChangeStep, "link": ChangeLink, "evidence": StepEvidence}.get(what)
    if model is None:
        raise Http404("Nothing of that kind.")
    where = {
        "step": {"partnership": partnership},
        "link": {"source__partnership": partnership},
        "evidence": {"step__partnership": partnership},
    }[what]
    obj = get_object_or_404(model, pk=item, **where)
    writes.remove(obj, partnership)  # type: ignore[arg-type]
    messages.success(request, _("Removed."))
    return redirect("theory:edit", pk=partnership.pk)


@login_required
def upload(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = _managed(request, pk)
    form = uploads.UploadForm(request.POST or None, request.FILES or None)
    problems = None
    if request.method == "POST" and form.is_valid():
        up = form.cleaned_data["file"]
        with uploads.saved(up) as path:
            try:
                counts = import_theory(path, partnership, label=uploads.label_of(up))
            except ProblemError as exc:
                problems = exc
            else:
                messages.success(
                    request,
                    _(
                        "%(f)s: %(s)d steps, %(l)d links and %(e)d pieces of evidence "
                        "added or changed."
                    )
                    % {
                        "f": up.name,
                        "s": counts["steps"],
                        "l": counts["links"],
                        "e": counts["evidence"],
                    },
                )
                return redirect("theory:edit", pk=partnership.pk)
    return render(
        request,
        "theory/upload.html",
        {
            "partnership": partnership,
            "form": form,
            "problems": problems,
            "required": REQUIRED,
            "optional": OPTIONAL,
        },
    )
