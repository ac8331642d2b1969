"""The theory-of-change section of the partnership page, its own page and the report."""

from __future__ import annotations

from typing import Any

from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext

from joinedup.registry.models import Partnership
from joinedup.registry.viewer import Viewer
from joinedup.theory import diagram, services
from joinedup.web.sections import SectionResult, declare


def headline(counts: dict[str, int]) -> str:
    links = counts["both"] + counts["one"] + counts["assumption"]
    outcomes = ngettext("%(n)d outcome", "%(n)d outcomes", counts["outcomes"]) % {
        "n": counts["outcomes"]
    }
    if not links:
        return gettext("%(outcomes)s; no links between steps yet.") % {"outcomes": outcomes}
    return gettext(
        "%(outcomes)s and %(links)d links between steps: %(both)d with evidence at both "
        "ends, %(one)d at one end, %(assumption)d on assumption only."
    ) % {
        "outcomes": outcomes,
        "links": links,
        "both": counts["both"],
        "one": counts["one"],
        "assumption": counts["assumption"],
    }


@declare("theory")
def partnership(viewer: Viewer, obj: Partnership, round_: Any = None) -> SectionResult | None:
    if not viewer.can_view(obj):
        return None
    can_manage = viewer.can_manage(obj)
    reading = services.reading(obj)
    if not reading.steps and not can_manage:
        return None
    context = {
        "partnership": obj,
        "reading": reading,
        "diagram": mark_safe(diagram.draw(reading)),  # noqa: S308 - built from escaped text
        "columns": diagram.column_titles(),
        "support_words": diagram.support_words(),
        "can_manage": can_manage,
    }
    title = gettext("Theory of change")
    if not reading.steps:
        return SectionResult(
            "theory",
            title,
            "theory/_partnership_section.html",
            context,
            headline=gettext("No theory of change recorded yet."),
            status="none",
        )
    counts = reading.counts
    status = "good" if not counts["assumption"] and not reading.checks else "watch"
    return SectionResult(
        "theory",
        title,
        "theory/_partnership_section.html",
        context,
        summary=(headline(counts),),
        questions=tuple(c.message for c in reading.checks[:3]),
        methods=(
            gettext(
                "Theory of change: a link has evidence at an end when a survey dimension "
                "(rounds with at least k respondents), an indicator, a decision or an action "
                "linked to that step has data; evidence at both ends shows the expected steps "
                "happened, not that one caused the other (Weiss 1995; Pawson and Tilley 1997)."
            ),
        ),
        headline=headline(counts),
        status=status,
    )
