"""Pages of the participation app.

Who sees what on the area calendar: evaluators and administrators see every
activity in full. Coordinators and members see their own partnerships'
activities in full; another partnership's activity appears only where it
clashes with one of theirs, reduced to the partnership's name, the dates, the
area and what the two share (so the coordinators can talk to each other).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from joinedup.analysis import participation_reach as pr
from joinedup.participation import forms, services
from joinedup.participation import models as m
from joinedup.registry import permissions
from joinedup.registry.models import Partnership


def _window(request: HttpRequest) -> int:
    try:
        value = int(request.GET.get("window", pr.DEFAULT_WINDOW_DAYS))
    except ValueError:
        return pr.DEFAULT_WINDOW_DAYS
    return min(max(value, 0), 365)


def _owners(activity: m.Activity) -> list[Partnership]:
    return [activity.partnership, *activity.joint_with.all()]


@login_required
def area_calendar(request: HttpRequest) -> HttpResponse:
    visible = set(permissions.visible_partnerships(request.user).values_list("pk", flat=True))
    if not visible:
        raise PermissionDenied
    full = permissions.is_evaluator(request.user)
    area = request.GET.get("area", "").strip()
    window = _window(request)
    entries, by_id = services.calendar(area or None, window)
    rows = []
    for entry in entries:
        mine = full or any(int(p) in visible for p in entry.activity.partnerships)
        if not mine:
            continue
        others = [by_id[i] for i in entry.clashes_with]
        rows.append({"activity": by_id[entry.activity.id], "clashes": others})
    own = m.Activity.objects.all()
    if not full:  # only areas where the viewer's own partnerships work
        own = own.filter(Q(partnership__in=visible) | Q(joint_with__in=visible))
    areas = own.order_by("area").values_list("area", flat=True).distinct()
    context = {
        "rows": rows,
        "area": area,
        "areas": [a for a in areas if a],
        "window": window,
        "full": full,
        "visible": visible,
    }
    return render(request, "participation/calendar.html", context)


@login_required
def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    activity = permissions.get_visible_or_404(
        m.Activity.objects.select_related("partnership"),
        request.user,
        pk,
        through=("partnership", "joint_with"),
    )
    owners = _owners(activity)
    manage = any(permissions.can_manage(request.user, p) for p in owners)
    if request.method == "POST":
        if not manage:
            raise PermissionDenied
        return _post_to_activity(request, activity)
    verdict = services.depth_verdicts([activity], dt.date.today())[0][1]
    context: dict[str, Any] = {
        "activity": activity,
        "owners": owners,
        "verdict": verdict,
        "inputs": activity.inputs.prefetch_related("links__decision"),
        "feedback": activity.feedback.all(),
        "representativeness": services.representativeness_for(activity, services.k_threshold()),
        "can_manage": manage,
    }
    if manage:
        context |= {
            "input_form": forms.InputForm(prefix="input"),
            "link_form": forms.LinkForm(activity, prefix="link"),
            "feedback_form": forms.FeedbackForm(prefix="feedback"),
        }
    return render(request, "participation/activity.html", context)


def _post_to_activity(request: HttpRequest, activity: m.Activity) -> HttpResponse:
    kind = request.POST.get("form")
    form: Any
    if kind == "input":
        form = forms.InputForm(request.POST, prefix="input", instance=m.Input(activity=activity))
    elif kind == "link":
        form = forms.LinkForm(activity, request.POST, prefix="link")
    elif kind == "feedback":
        form = forms.FeedbackForm(
            request.POST, prefix="feedback", instance=m.Feedback(activity=activity)
        )
    else:
        raise Http404
    if form.is_valid():
        form.save()
        return redirect("participation:activity", pk=activity.pk)
    return render(
        request,
        "participation/form.html",
        {"form": form, "title": activity.title, "back": activity, "form_name": kind},
        status=400,
    )


def _managed(request: HttpRequest, pk: int) -> Partnership:
    partnership = permissions.get_visible_or_404(Partnership, request.user, pk)
    permissions.require_manage(request.user, partnership)
    return partnership


@login_required
def activity_new(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = _managed(request, pk)
    form = forms.ActivityForm(request.POST or None, instance=m.Activity(partnership=partnership))
    if request.method == "POST" and form.is_valid():
        activity = form.save()
        return redirect("participation:activity", pk=activity.pk)
    title = f"New participation activity — {partnership.name}"
    return render(request, "participation/form.html", {"form": form, "title": title})


@login_required
def decision_new(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = _managed(request, pk)
    form = forms.DecisionForm(request.POST or None, instance=m.Decision(partnership=partnership))
    if request.method == "POST" and form.is_valid():
        form.save()
        return redirect("web:partnership", pk=partnership.pk)
    decisions = partnership.decisions.all()[:20]
    title = f"Decision log — {partnership.name}"
    return render(
        request, "participation/form.html", {"form": form, "title": title, "decisions": decisions}
    )


@login_required
def public_page_toggle(request: HttpRequest, pk: int) -> HttpResponse:
    """A coordinator opts the partnership's public feedback page in or out (POST)."""
    partnership = _managed(request, pk)
    if request.method != "POST":
        raise Http404
    page = services.set_public_page(partnership, request.POST.get("enabled") == "1")
    state = "published" if page.enabled else "withdrawn"
    messages.success(request, f"The public “you said, we did” page is {state}.")
    return redirect("web:partnership", pk=partnership.pk)


def public_feedback(request: HttpRequest, key: str) -> HttpResponse:
    """The opt-in public "you said, we did" page; no login, no personal data."""
    query = Q(slug=key) | Q(partnership_id=int(key)) if key.isdigit() else Q(slug=key)
    page = (
        m.PublicFeedbackPage.objects.filter(query, enabled=True)
        .select_related("partnership")
        .first()
    )
    if page is None:
        raise Http404
    context = {
        "partnership_name": page.partnership.name,
        "partnership": page.partnership,  # for the published actions' timeline
        "rows": services.public_feedback(page),
    }
    return render(request, "participation/public.html", context)
