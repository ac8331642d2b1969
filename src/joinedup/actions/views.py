"""Pages of a partnership's actions and its board's agreed view.

Members read; coordinators write. Every view answers 404 for a partnership (or an
action of one) the viewer may not see and 403 when they may see it but not manage
it. The pages are plain forms: they work without JavaScript.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from joinedup.actions import effects, imports, services, workshop
from joinedup.actions.forms import ActionForm, NoteForm, UploadForm
from joinedup.actions.models import Action
from joinedup.analysis.problems import ProblemError
from joinedup.registry import permissions
from joinedup.registry.models import Partnership
from joinedup.web import uploads


def _visible(request: HttpRequest, pk: int) -> Partnership:
    return permissions.get_visible_or_404(Partnership, request.user, pk)


def _managed(request: HttpRequest, pk: int) -> Partnership:
    partnership = _visible(request, pk)
    permissions.require_manage(request.user, partnership)
    return partnership


def _action(request: HttpRequest, action_pk: int, manage: bool = False) -> Action:
    found: Any = permissions.get_visible_or_404(
        Action.objects.select_related("partnership", "owner"),
        request.user,
        action_pk,
        through="partnership",
    )
    if manage:
        permissions.require_manage(request.user, found.partnership)
    assert isinstance(found, Action)
    return found


@login_required
def index(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = _visible(request, pk)
    can_manage = permissions.can_manage(request.user, partnership)
    problems = None
    upload = UploadForm(request.POST or None, request.FILES or None) if can_manage else None
    if request.method == "POST":
        permissions.require_manage(request.user, partnership)
        assert upload is not None
        if upload.is_valid():
            problems = _upload(request, partnership, upload)
            if problems is None:
                return redirect("actions:index", partnership.pk)
    rows = [{"action": a, "effect": effects.effect(a)} for a in services.actions_of(partnership)]
    context = {
        "partnership": partnership,
        "rows": rows,
        "can_manage": can_manage,
        "upload": upload,
        "problems": problems,
        "rounds": [r for r in services.scored_rounds(partnership) if services.dimensions_of(r)],
    }
    return render(request, "actions/index.html", context)


def _upload(request: HttpRequest, partnership: Partnership, form: UploadForm) -> Any:
    upload = form.cleaned_data["file"]
    with uploads.saved(upload) as path:
        action = (
            imports.import_actions
            if form.cleaned_data["what"] == "actions"
            else imports.import_views
        )
        try:
            count = action(path, partnership, request.user, label=upload.name)
        except ProblemError as exc:
            return exc
    messages.success(
        request, _("%(n)d rows of %(file)s imported.") % {"n": count, "file": upload.name}
    )
    return None


@login_required
def new(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = _managed(request, pk)
    finding = services.Finding(
        kind=request.GET.get("kind", "other"),
        key=request.GET.get("key", ""),
        round_id=int(request.GET["round"]) if request.GET.get("round", "").isdigit() else None,
        text=request.GET.get("text", ""),
    )
    initial = services.initial_from(finding, partnership)
    form = ActionForm(request.POST or None, initial=initial, partnership=partnership)
    if request.method == "POST" and form.is_valid():
        action = form.save()
        messages.success(request, _("Action planned."))
        return redirect("actions:detail", action.pk)
    title = _("Plan an action")
    return render(
        request, "actions/form.html", {"partnership": partnership, "form": form, "title": title}
    )


@login_required
def edit(request: HttpRequest, action_pk: int) -> HttpResponse:
    action = _action(request, action_pk, manage=True)
    form = ActionForm(request.POST or None, instance=action, partnership=action.partnership)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Action saved."))
        return redirect("actions:detail", action.pk)
    context = {"partnership": action.partnership, "form": form, "title": _("Edit the action")}
    return render(request, "actions/form.html", context)


@login_required
def detail(request: HttpRequest, action_pk: int) -> HttpResponse:
    action = _action(request, action_pk)
    can_manage = permissions.can_manage(request.user, action.partnership)
    context = {
        "partnership": action.partnership,
        "action": action,
        "effect": effects.effect(action),
        "notes": action.notes.all(),
        "can_manage": can_manage,
        "note_form": NoteForm(initial={"day": dt.date.today()}) if can_manage else None,
    }
    return render(request, "actions/detail.html", context)


@login_required
@require_POST
def add_note(request: HttpRequest, action_pk: int) -> HttpResponse:
    action = _action(request, action_pk, manage=True)
    form = NoteForm(request.POST)
    if form.is_valid():
        services.add_note(action, form.cleaned_data["text"], form.cleaned_data["day"], request.user)
        messages.success(request, _("Progress recorded."))
    else:
        messages.error(request, _("Write what has happened, with its date."))
    return redirect("actions:detail", action.pk)


@login_required
@require_POST
def publish(request: HttpRequest, action_pk: int) -> HttpResponse:
    action = _action(request, action_pk, manage=True)
    services.set_published(action, request.POST.get("published") == "1")
    if action.published:
        messages.success(request, _("The action is on the public “you said, we did” page."))
    else:
        messages.success(request, _("The action is no longer public."))
    return redirect("actions:detail", action.pk)


@login_required
def workshop_view(request: HttpRequest, pk: int, round_pk: int) -> HttpResponse:
    """The board's agreed score on each dimension of one round (members read it
    on the partnership page; coordinators record it here)."""
    partnership = _managed(request, pk)
    round_ = services.scored_rounds(partnership).filter(pk=round_pk).first()
    if round_ is None:
        raise Http404
    dimensions = services.dimensions_of(round_)
    views = services.workshop_views(round_)
    errors: dict[str, str] = {}
    if request.method == "POST":
        errors = _record(request, round_, dimensions)
        if not errors:
            messages.success(request, _("The workshop's agreed view is recorded."))
            return redirect("actions:workshop_edit", partnership.pk, round_.pk)
    rows = [
        {
            "name": name,
            "label": label,
            "score": request.POST.get(f"score-{name}", views[name].score if name in views else ""),
            "note": request.POST.get(f"note-{name}", views[name].note if name in views else ""),
            "error": errors.get(name, ""),
        }
        for name, label in dimensions
    ]
    context = {
        "partnership": partnership,
        "round": round_,
        "rows": rows,
        "comparison": workshop.comparison(round_),
    }
    return render(request, "actions/workshop.html", context)


def _record(request: HttpRequest, round_: Any, dimensions: list[tuple[str, str]]) -> dict[str, str]:
    errors: dict[str, str] = {}
    wanted = []
    for name, _label in dimensions:
        raw = request.POST.get(f"score-{name}", "").strip()
        if not raw:
            continue
        try:
            wanted.append((name, float(raw), request.POST.get(f"note-{name}", "")))
        except ValueError:
            errors[name] = _("Write the agreed score as a number.")
    if errors:
        return errors
    try:
        with transaction.atomic():  # every dimension or none
            for name, score, note in wanted:
                try:
                    services.record_view(round_, name, score, note, request.user)
                except ValidationError as exc:
                    errors[name] = " ".join(exc.messages)
            if errors:
                raise _Refused
    except _Refused:
        pass
    return errors


class _Refused(Exception):
    """Undoes a workshop form's writes when one of its scores is refused."""
