"""The context sections of the partnership and organisation pages.

Pages read "as of" today's date: money ending within twelve months of the day the
page is opened is flagged. Permission: the page itself checks can_view; the section
adds what only coordinators may do (links to the edit pages).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest

from joinedup.analysis.board import context as board
from joinedup.analysis.context import funding_figures, timeline
from joinedup.context import services
from joinedup.context.charts import SOURCE_LABELS, timeline_svg
from joinedup.registry import permissions
from joinedup.registry.models import Organisation, Partnership, PurposeKind


def today() -> dt.date:
    return dt.date.today()


def partnership(request: HttpRequest, obj: Partnership) -> dict[str, Any] | None:
    if not permissions.can_view(request.user, obj):
        return None
    as_of = today()
    view = services.overview(obj, as_of)
    agreement = services.latest_purpose_kind_agreement(obj)
    counts = []
    if agreement is not None and not agreement.suppressed:
        counts = [(PurposeKind(k).label, n) for k, n in agreement.counts.items()]
    return {
        "partnership": obj,
        "as_of": as_of,
        "view": view,
        "agreement": agreement,
        "agreement_counts": counts,
        "rows": [(r, SOURCE_LABELS.get(r.source, r.source)) for r in view.timeline],
        "chart": timeline_svg(view.timeline, as_of),
        "can_manage": permissions.can_manage(request.user, obj),
        **board.board_lines(view.money, agreement, view.balance).context(),
    }


def organisation(request: HttpRequest, obj: Organisation) -> dict[str, Any] | None:
    visible = permissions.visible_partnerships(request.user)
    plain = services.organisation_streams(obj, visible)
    if not plain:
        return None
    as_of = today()
    rows = timeline(plain, as_of)
    return {
        "organisation": obj,
        "as_of": as_of,
        "money": funding_figures(plain, as_of),
        "rows": [(r, SOURCE_LABELS.get(r.source, r.source)) for r in rows],
        "chart": timeline_svg(rows, as_of, by_partnership=True),
    }
