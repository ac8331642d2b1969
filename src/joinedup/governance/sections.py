"""The "Who governs?" and "Who is left out?" sections of a partnership's page and report."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext

from joinedup.analysis import governance as gov
from joinedup.governance import services
from joinedup.governance.models import AccountabilityLine, DecisionRight, Holder
from joinedup.registry.models import Partnership
from joinedup.registry.viewer import Viewer
from joinedup.web.sections import SectionResult, declare


@dataclass
class Lines:
    summary: list[str] = field(default_factory=list)
    questions: list[str] = field(default_factory=list)
    methods: list[str] = field(default_factory=list)
    headline: str = ""
    status: str = ""


def _columns(partnership: Partnership) -> list[tuple[str, list[DecisionRight]]]:
    """The map's left side: decision areas grouped by who holds them (unowned first)."""
    rows = list(
        DecisionRight.objects.filter(partnership=partnership).select_related("organisation")
    )
    groups = [(gettext("Nobody named"), [r for r in rows if not r.holder])]
    groups += [
        (str(label), [r for r in rows if r.holder == value]) for value, label in Holder.choices
    ]
    return [(label, found) for label, found in groups if found]


@declare("governs")
def governs(viewer: Viewer, obj: Partnership, round_: Any = None) -> SectionResult | None:
    if not viewer.can_view(obj):
        return None
    result = services.who_governs(obj, dt.date.today())
    can_manage = viewer.can_manage(obj)
    if not result.rights and not result.lines and not can_manage:
        return None
    gaps = result.gaps
    lines = Lines(
        summary=[gov.explain(result)],
        questions=[f"{c.sentence} What would close this gap?" for c in gaps],
        methods=[
            "Who governs: decision rights and accountability lines recorded by the coordinator, "
            "checked against Bovaird's good-governance principles; an empty register is "
            "not known, never a pass."
        ],
        headline=gov.explain(result),
        status="none"
        if not result.checks or all(c.status == gov.UNKNOWN for c in result.checks)
        else ("watch" if gaps else "good"),
    )
    context = {
        "partnership": obj,
        "g": result,
        "columns": _columns(obj),
        "accountability": list(AccountabilityLine.objects.filter(partnership=obj)),
        "can_manage": can_manage,
    }
    return SectionResult.build(
        "governs", gettext("Who governs?"), "governance/_governs_section.html", context, lines
    )


@declare("leftout")
def left_out(viewer: Viewer, obj: Partnership, round_: Any = None) -> SectionResult | None:
    if not viewer.can_view(obj):
        return None
    result = services.left_out(obj, viewer.visible_partnerships(), dt.date.today())
    s = result.sentences
    flags = bool(result.absent) or bool(result.weaker) or bool(result.many_boards)
    lines = Lines(
        summary=[s["table"], s["influence"]],
        questions=[gettext("Who should be at the table and is not, and what would bring them?")]
        if flags
        else [],
        methods=[
            "Who is left out: membership history, the groups named in the partnership's "
            "purpose, board seats, decision rights and the latest published network round's "
            "degree and betweenness (the shared network report)."
        ],
        headline=s["table"],
        status="watch" if flags else "good",
    )
    context = {"partnership": obj, "r": result, "s": s, "can_manage": viewer.can_manage(obj)}
    return SectionResult.build(
        "leftout", gettext("Who is left out?"), "governance/_leftout_section.html", context, lines
    )
