"""The instrument workshop's pages (see :mod:`joinedup.surveys.workshop`).

Plain forms, one button per change, so everything works without JavaScript:
start from a stored questionnaire or an upload, drop dimensions and questions,
add one's own, move them up and down, edit the title and introduction, preview as
a respondent (the real respondent templates; nothing stored), save as a new
version. Only administrators and the coordinators of a partnership may use it.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from joinedup.analysis.adapting import MAX_OPTIONS, OWN_KINDS, differences
from joinedup.analysis.instruments import InstrumentError
from joinedup.surveys import workshop
from joinedup.surveys.forms import PageForm
from joinedup.surveys.library import ensure_builtin_instruments
from joinedup.surveys.models import InstrumentVersion
from joinedup.surveys.respond import pages
from joinedup.surveys.views_instruments import _dimensions, require_adapt


def _problems(request: HttpRequest, exc: InstrumentError) -> None:
    for problem in exc.problems:
        hint = f" ({problem.hint})" if problem.hint else ""
        text = str(problem) if problem.file else f"{problem.message}{hint}"
        messages.error(request, text)


@login_required
def workshop_page(request: HttpRequest) -> HttpResponse:
    require_adapt(request.user)
    draft = workshop.current(request.session)
    if draft is None:
        ensure_builtin_instruments()
        context: dict[str, Any] = {"sources": workshop.adaptable()}
        return render(request, "surveys/workshop_start.html", context)
    inst = draft.instrument
    lang = translation.get_language() or "en"
    scales = [
        (name, " … ".join(inst.text(c.label, lang) for c in (s.choices[0], s.choices[-1])))
        for name, s in inst.scales.items()
    ]
    context = {
        "draft": draft,
        "title": inst.text(inst.title, "en"),
        "introduction": inst.text(inst.description, "en") if inst.description else "",
        "dimensions": _dimensions(inst, lang),
        "kinds": list(OWN_KINDS),
        "scales": scales,
        "max_options": MAX_OPTIONS,
        "changes": differences(draft.source.instrument(), inst),
        "suggested_id": workshop.suggested_id(draft.source),
    }
    return render(request, "surveys/workshop.html", context)


@login_required
@require_POST
def workshop_start(request: HttpRequest) -> HttpResponse:
    require_adapt(request.user)
    try:
        upload = request.FILES.get("file")
        if isinstance(upload, UploadedFile):
            workshop.upload(request.session, upload)
        else:
            chosen = str(request.POST.get("source", ""))
            source = get_object_or_404(InstrumentVersion, pk=int(chosen) if chosen.isdigit() else 0)
            workshop.start(request.session, source)
    except InstrumentError as exc:
        _problems(request, exc)
    return redirect("surveys:instrument_workshop")


@login_required
@require_POST
def workshop_edit(request: HttpRequest) -> HttpResponse:
    require_adapt(request.user)
    draft = workshop.current(request.session)
    if draft is None:
        return redirect("surveys:instrument_workshop")
    action = str(request.POST.get("action", ""))
    if action == "discard":
        workshop.discard(request.session)
        messages.info(request, _("The draft is discarded; nothing was stored."))
        return redirect("surveys:instrument_workshop")
    try:
        workshop.edit(request.session, draft, action, request.POST)
    except InstrumentError as exc:
        _problems(request, exc)
    anchor = str(request.POST.get("anchor", ""))
    url = request.build_absolute_uri(request.path.replace("edit/", ""))
    return HttpResponseRedirect(url + (f"#{anchor}" if anchor.isidentifier() else ""))


@login_required
@require_POST
def workshop_save(request: HttpRequest) -> HttpResponse:
    require_adapt(request.user)
    draft = workshop.current(request.session)
    if draft is None:
        return redirect("surveys:instrument_workshop")
    try:
        stored = workshop.save(request.session, draft, str(request.POST.get("key", "")))
    except InstrumentError as exc:
        _problems(request, exc)
        return redirect("surveys:instrument_workshop")
    messages.success(
        request,
        _("Saved as %(label)s. It is offered when you create a round.") % {"label": stored.label()},
    )
    return redirect("surveys:instrument", key=stored.key)


@login_required
def workshop_preview(request: HttpRequest) -> HttpResponse:
    """The draft as a respondent sees it, page by page, through the respondent's own
    templates; answers are checked as they would be, then forgotten."""
    require_adapt(request.user)
    draft = workshop.current(request.session)
    if draft is None:
        return redirect("surveys:instrument_workshop")
    wanted = request.GET.get("lang", "")
    if wanted in ("en", "cy"):
        translation.activate(wanted)
    instrument = draft.instrument
    all_pages = pages(instrument)
    count = len(all_pages)
    raw = request.POST.get("page") if request.method == "POST" else request.GET.get("page")
    index = max(0, min(int(raw) - 1 if raw and raw.isdigit() else 0, count))
    lang = translation.get_language() or "en"
    common = {
        "preview": True,
        "workshop": True,
        "title": instrument.text(instrument.title, lang),
        "number": index + 1,
        "count": count + 1,
        "first": index == 0,
        "introduction": instrument.text(instrument.description, lang),
    }
    if index >= count:
        return render(request, "surveys/preview_end.html", common)
    page = all_pages[index]
    data = request.POST if request.method == "POST" else None
    form = PageForm(instrument, page, [], lang, data=data)
    if data is not None and (form.is_valid() or "back" in data):
        target = index if "back" in data else index + 2
        return HttpResponseRedirect(f"{request.path}?page={max(target, 1)}")
    context = {
        **common,
        "form": form,
        "page": page,
        "heading": instrument.text(page.dimension.label, lang),
        "description": instrument.text(page.dimension.description, lang),
    }
    return render(request, "surveys/respond.html", context)
