"""The context sections of the partnership and organisation pages.

Pages read "as of" today's date: money ending within twelve months of the day the
page is opened is flagged. Permission: the page itself checks can_view; the section
adds what only coordinators may do (links to the edit pages).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext

from joinedup.analysis.board import context as board
from joinedup.analysis.context import funding_figures, timeline
from joinedup.context import services
from joinedup.context.charts import SOURCE_LABELS, timeline_svg
from joinedup.registry.models import Organisation, Partnership, PurposeKind
from joinedup.registry.viewer import Viewer
from joinedup.web.sections import SectionResult, declare


def today() -> dt.date:
    return dt.date.today()


@declare("context")
def partnership(viewer: Viewer, obj: Partnership, round_: Any = None) -> SectionResult | None:
    if not viewer.can_view(obj):
        return None
    as_of = today()
    view = services.overview(obj, as_of)
    agreement = services.latest_purpose_kind_agreement(obj)
    counts = []
    if agreement is not None and not agreement.suppressed:
        counts = [(PurposeKind(k).label, n) for k, n in agreement.counts.items()]
    context = {
        "partnership": obj,
        "as_of": as_of,
        "view": view,
        "agreement": agreement,
        "agreement_counts": counts,
        "rows": [(r, SOURCE_LABELS.get(r.source, r.source)) for r in view.timeline],
        "chart": timeline_svg(view.timeline, as_of),
        "can_manage": viewer.can_manage(obj),
    }
    return SectionResult.build(
        "context",
        gettext("What the partnership is for and how it is funded"),
        "context/_partnership_section.html",
        context,
        board.board_lines(view.money, agreement, view.balance),
    )


def organisation(viewer: Viewer, obj: Organisation, round_: Any = None) -> SectionResult | None:
    visible = viewer.visible_partnerships()
    plain = services.organisation_streams(obj, visible)
    if not plain:
        return None
    as_of = today()
    rows = timeline(plain, as_of)
    context = {
        "organisation": obj,
        "as_of": as_of,
        "money": funding_figures(plain, as_of),
        "rows": [(r, SOURCE_LABELS.get(r.source, r.source)) for r in rows],
        "chart": timeline_svg(rows, as_of, by_partnership=True),
    }
    return SectionResult.build(
        "context",
        gettext("Funding across its partnerships"),
        "context/_organisation_section.html",
        context,
    )
