"""From participation rows to the measures of :mod:`joinedup.analysis` and back to pages.

Views, the API and the CLI call these functions; the computing is done in the
pure analysis modules.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils.text import slugify

from joinedup.analysis import participation as pm
from joinedup.analysis import participation_indicators as pi
from joinedup.analysis import participation_reach as pr
from joinedup.participation import models as m
from joinedup.registry.models import Partnership


def k_threshold() -> int:
    return int(settings.MIN_RESPONDENTS)


def activities_of(partnership: Partnership) -> QuerySet[m.Activity]:
    """Activities the partnership owns or runs jointly."""
    return (
        m.Activity.objects.filter(Q(partnership=partnership) | Q(joint_with=partnership))
        .distinct()
        .select_related("partnership")
        .prefetch_related("joint_with")
    )


def to_record(activity: m.Activity) -> pm.ActivityRecord:
    return pm.ActivityRecord(
        id=str(activity.pk),
        partnerships=activity.all_partnership_ids(),
        title=activity.title,
        declared_depth=activity.declared_depth,
        start=activity.start,
        end=activity.end,
        area=activity.area,
        topic=activity.topic,
        target_groups=frozenset(activity.target_groups or []),
        methods=tuple(activity.methods or []),
        participants=activity.participants,
        feedback_due=activity.feedback_due,
    )


@dataclass
class Evidence:
    inputs: list[pm.InputRecord]
    links: list[pm.LinkRecord]
    feedback: list[pm.FeedbackRecord]


def evidence_for(activity_ids: Iterable[int]) -> Evidence:
    ids = list(activity_ids)
    inputs = [
        pm.InputRecord(str(pk), str(a))
        for pk, a in m.Input.objects.filter(activity_id__in=ids).values_list("pk", "activity_id")
    ]
    links = [
        pm.LinkRecord(str(i), str(d), kind, delegated)
        for i, d, kind, delegated in m.InputDecisionLink.objects.filter(
            input__activity_id__in=ids
        ).values_list("input_id", "decision_id", "kind", "decision__delegated")
    ]
    feedback = [
        pm.FeedbackRecord(str(a), day)
        for a, day in m.Feedback.objects.filter(activity_id__in=ids).values_list(
            "activity_id", "published_on"
        )
    ]
    return Evidence(inputs, links, feedback)


def depth_verdicts(
    activities: list[m.Activity], as_of: dt.date
) -> list[tuple[m.Activity, pm.DepthVerdict]]:
    ev = evidence_for(a.pk for a in activities)
    return [
        (a, pm.assess_depth(to_record(a), ev.inputs, ev.links, ev.feedback, as_of))
        for a in activities
    ]


def population_for(area: str, category: str) -> dict[str, int]:
    """Reference counts for ``area`` in ``category``; the whole reference (all
    areas summed) when the area has no rows of its own."""
    rows = m.PopulationCount.objects.filter(category=category)
    own = rows.filter(area__iexact=area.strip()) if area.strip() else rows.none()
    chosen = own if own.exists() else rows
    totals: dict[str, int] = defaultdict(int)
    for group, count in chosen.values_list("group", "count"):
        totals[group] += count
    return dict(totals)


def representativeness_for(activity: m.Activity, k: int) -> list[pr.Representativeness]:
    """One result per category profiled for the activity (aggregates only)."""
    by_category: dict[str, dict[str, int]] = defaultdict(dict)
    for category, group, count in activity.profile.values_list("category", "group", "count"):
        by_category[category][group] = count
    results = []
    for category, counts in sorted(by_category.items()):
        population = population_for(activity.area, category)
        results.append(pr.representativeness(category, population, counts, k))
    return results


def area_activities(area: str | None = None) -> QuerySet[m.Activity]:
    qs = m.Activity.objects.select_related("partnership").prefetch_related("joint_with")
    if area:
        qs = qs.filter(area__iexact=area.strip())
    return qs.order_by("start", "title")


def calendar(
    area: str | None, window_days: int
) -> tuple[list[pr.CalendarEntry], dict[str, m.Activity]]:
    """Every activity (optionally in one area) with its clashes across partnerships."""
    activities = list(area_activities(area))
    by_id = {str(a.pk): a for a in activities}
    return pr.calendar([to_record(a) for a in activities], window_days), by_id


def clashes_involving(partnership: Partnership, window_days: int) -> list[dict[str, Any]]:
    entries, by_id = calendar(None, window_days)
    mine = str(partnership.pk)
    rows = []
    for entry in entries:
        if mine not in entry.activity.partnerships:
            continue
        for other_id in entry.clashes_with:
            other = by_id[other_id]
            rows.append({"activity": by_id[entry.activity.id], "other": other})
    return rows


def panel_fatigue(
    partnership: Partnership, as_of: dt.date | None, k: int
) -> list[tuple[m.CitizensPanel, pr.Fatigue]]:
    """Fatigue of each of the partnership's panels over the twelve months to
    ``as_of`` — or, when ``as_of`` is None, to the start of the panel's latest
    activity up to today (a panel's last year of use). A member counts as asked
    on the start date of the activity."""
    results = []
    for panel in partnership.citizens_panels.all():
        asks = [
            pr.PanelAsk(ref, str(activity), start)
            for ref, activity, start in panel.asks.values_list(
                "member_ref", "activity_id", "activity__start"
            )
        ]
        if not asks:
            continue
        until = as_of or max(
            (a.day for a in asks if a.day <= dt.date.today()), default=dt.date.today()
        )
        results.append((panel, pr.panel_fatigue(asks, until, k)))
    return results


def board_seats(
    partnership: Partnership, as_of: dt.date
) -> list[tuple[m.BoardSeat, pm.ReportBackStatus]]:
    seats = partnership.board_seats.select_related("person").prefetch_related("reports")
    return [
        (
            seat,
            pm.report_back_status(
                seat.term_start,
                seat.term_end,
                [r.reported_on for r in seat.reports.all()],
                seat.report_every_days,
                as_of,
            ),
        )
        for seat in seats
    ]


def indicator_trends(partnership: Partnership) -> list[tuple[m.Indicator, pi.Trend]]:
    results = []
    for indicator in partnership.indicators.prefetch_related("observations"):
        points = [pi.Observation(o.observed_on, o.value) for o in indicator.observations.all()]
        results.append((indicator, pi.trend(points, indicator.target, indicator.direction)))
    return results


def summary(
    partnership: Partnership, as_of: dt.date, window_days: int = pr.DEFAULT_WINDOW_DAYS
) -> dict[str, Any]:
    """Everything the partnership's participation section shows, as plain values."""
    k = k_threshold()
    activities = list(activities_of(partnership))
    records = [to_record(a) for a in activities]
    ev = evidence_for(a.pk for a in activities)
    verdicts = depth_verdicts(activities, as_of)
    return {
        "as_of": as_of,
        "k": k,
        "window_days": window_days,
        "activities": activities,
        "link_rate": pm.decision_link_rate(ev.inputs, ev.links),
        "feedback": pm.feedback_summary(records, ev.feedback, as_of),
        "verdicts": verdicts,
        "tokenism": [(a, v) for a, v in verdicts if v.tokenism],
        "method_mix": pm.method_mix(records),
        "representativeness": [
            (a, reps) for a in activities if (reps := representativeness_for(a, k))
        ],
        "clashes": clashes_involving(partnership, window_days),
        "fatigue": panel_fatigue(partnership, None, k),
        "seats": board_seats(partnership, as_of),
        "indicators": indicator_trends(partnership),
        "attribution_note": pi.ATTRIBUTION_NOTE,
    }


def public_feedback(page: m.PublicFeedbackPage) -> list[dict[str, Any]]:
    """The published "you said, we did" statements of a partnership: activity
    title, area and dates, and the two texts — nothing about any person."""
    rows = (
        m.Feedback.objects.filter(published_on__isnull=False)
        .filter(
            Q(activity__partnership=page.partnership) | Q(activity__joint_with=page.partnership)
        )
        .distinct()
        .select_related("activity")
        .order_by("-published_on", "activity__title")
    )
    return [
        {
            "activity": f.activity.title,
            "area": f.activity.area,
            "held": f.activity.start,
            "you_said": f.you_said,
            "we_did": f.we_did,
            "published_on": f.published_on,
        }
        for f in rows
    ]


def set_public_page(partnership: Partnership, enabled: bool) -> m.PublicFeedbackPage:
    """Opt the partnership's public "you said, we did" page in or out; the slug
    is made from the name once and kept (so published links stay valid)."""
    page = m.PublicFeedbackPage.objects.filter(partnership=partnership).first()
    if page is None:
        base = slugify(partnership.name)[:40] or "partnership"
        slug, n = base, 1
        while m.PublicFeedbackPage.objects.filter(slug=slug).exists():
            n += 1
            slug = f"{base}-{n}"
        page = m.PublicFeedbackPage(partnership=partnership, slug=slug)
    page.enabled = enabled
    page.save()
    return page
