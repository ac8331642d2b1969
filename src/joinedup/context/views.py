"""Coordinator pages for a partnership's context: the mandate form, and add, edit and
delete for funding streams, performance measures and central targets.

Every view answers 404 for a partnership (or an item of one) the viewer may not see
and 403 when they may see it but not manage it; pages need a signed-in user.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import models
from django.forms import ModelForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from joinedup.context import services
from joinedup.context.forms import (
    FundingForm,
    MeasureForm,
    ProfileForm,
    TargetForm,
    limit_organisations,
)
from joinedup.context.models import CentralTarget, FundingStream, PerformanceMeasure
from joinedup.registry import permissions
from joinedup.registry.models import Partnership


@dataclass(frozen=True)
class Kind:
    model: type[models.Model]
    form: type[ModelForm]  # type: ignore[type-arg]
    title: str


KINDS = {
    "funding": Kind(FundingStream, FundingForm, "funding stream"),
    "measure": Kind(PerformanceMeasure, MeasureForm, "performance measure"),
    "target": Kind(CentralTarget, TargetForm, "central target"),
}


def _managed(request: HttpRequest, pk: int) -> Partnership:
    partnership = permissions.get_visible_or_404(Partnership, request.user, pk)
    permissions.require_manage(request.user, partnership)
    return partnership


def _kind(kind: str) -> Kind:
    if kind not in KINDS:
        raise Http404(kind)
    return KINDS[kind]


def _back(partnership: Partnership) -> HttpResponse:
    return redirect("context:edit", partnership.pk)


@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = _managed(request, pk)
    profile = services.profile_for(partnership)
    form = ProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Purposes, mandate and steering saved."))
        return _back(partnership)
    return render(
        request,
        "context/edit.html",
        {
            "partnership": partnership,
            "form": form,
            "funding": profile.funding.select_related("provider"),
            "measures": profile.measures.select_related("owner"),
            "targets": profile.targets.all(),
        },
    )


def _item(request: HttpRequest, kind: str, item_pk: int) -> tuple[Kind, models.Model, Partnership]:
    spec = _kind(kind)
    items = spec.model._default_manager.select_related("profile__partnership")
    item: Any = permissions.get_visible_or_404(
        items, request.user, item_pk, through="profile__partnership"
    )
    partnership = item.profile.partnership
    permissions.require_manage(request.user, partnership)
    return spec, item, partnership


def _form_page(
    request: HttpRequest,
    partnership: Partnership,
    spec: Kind,
    form: ModelForm,  # type: ignore[type-arg]
) -> HttpResponse:
    return render(
        request,
        "context/item_form.html",
        {"partnership": partnership, "form": form, "title": spec.title},
    )


@login_required
def add(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    partnership = _managed(request, pk)
    spec = _kind(kind)
    form = spec.form(request.POST or None)
    form.instance.profile = services.profile_for(partnership)
    limit_organisations(form, request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("%(thing)s added.") % {"thing": spec.title.capitalize()})
        return _back(partnership)
    return _form_page(request, partnership, spec, form)


@login_required
def change(request: HttpRequest, kind: str, item_pk: int) -> HttpResponse:
    spec, item, partnership = _item(request, kind, item_pk)
    form = spec.form(request.POST or None, instance=item)
    limit_organisations(form, request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("%(thing)s saved.") % {"thing": spec.title.capitalize()})
        return _back(partnership)
    return _form_page(request, partnership, spec, form)


@login_required
@require_POST
def delete(request: HttpRequest, kind: str, item_pk: int) -> HttpResponse:
    spec, item, partnership = _item(request, kind, item_pk)
    item.delete()
    messages.success(request, _("%(thing)s deleted.") % {"thing": spec.title.capitalize()})
    return _back(partnership)
