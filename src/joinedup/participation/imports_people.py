"""CSV imports about who took part, without identifying anyone.

- participant profiles: aggregate counts per activity, category and group;
- citizens' panel invitations: a panel's own member ids, stored only as salted
  hashes (see :meth:`CitizensPanel.pseudonym`); the raw ids are never written.

Same contract as :mod:`joinedup.participation.imports`: every row checked first,
row- and column-numbered problems, nothing written on error, one transaction,
re-imports change nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from joinedup.participation import models as m
from joinedup.participation.imports import (
    Rows,
    _date,
    _finish,
    _limits,
    _number,
    _partnership,
    _read,
)
from joinedup.registry.models import Partnership

PROFILE_CATEGORIES = tuple(m.PROFILE_CATEGORIES)


def _activity(
    rows: Rows,
    n: int,
    r: dict[str, str],
    cache: dict[str, Partnership | None],
) -> m.Activity | None:
    owner = _partnership(rows, n, "partnership", r["partnership"], cache)
    start = _date(rows, n, "start", r["start"])
    if owner is None or start is None:
        return None
    activity = m.Activity.objects.filter(
        partnership=owner, title=r["activity"], start=start
    ).first()
    if activity is None:
        message = f"no activity {r['activity']!r} starting {start} in {owner}"
        rows.bad(n, "activity", message, "participation.unknown-name")
    return activity


def import_profiles(path: Path) -> int:
    """Columns: partnership, activity (title), start, category (age_band, sex,
    ethnicity, disability, area), group, count. Key: activity + category + group."""
    columns = ["partnership", "activity", "start", "category", "group", "count"]
    rows, data = _read(path, columns, _limits(m.ParticipantProfile, group="group"))
    cache: dict[str, Partnership | None] = {}
    writes: list[Callable[[], None]] = []
    for n, r in data:
        activity = _activity(rows, n, r, cache)
        if r["category"] not in PROFILE_CATEGORIES:
            message = f"{r['category']!r} is not one of: {', '.join(PROFILE_CATEGORIES)}"
            rows.bad(n, "category", message, "participation.not-allowed")
        if not r["group"]:
            rows.bad(n, "group", "must not be empty", "participation.empty")
        count = _number(rows, n, "count", r["count"], int)
        writes.append(_profile_write(activity, r["category"], r["group"], count))
    return _finish(rows, writes)


def _profile_write(
    activity: m.Activity | None, category: str, group: str, count: int | None
) -> Callable[[], None]:
    def write() -> None:
        assert count is not None, "rows with problems are never written"
        m.ParticipantProfile.objects.update_or_create(
            activity=activity, category=category, group=group, defaults={"count": count}
        )

    return write


def import_panel(path: Path) -> int:
    """Columns: partnership, panel (name; created when new), activity (title),
    start, member (the panel's own id for the member, e.g. ``KRP-017``).
    Key: activity + member."""
    columns = ["partnership", "panel", "activity", "start", "member"]
    rows, data = _read(path, columns, _limits(m.CitizensPanel, panel="name"))
    cache: dict[str, Partnership | None] = {}
    writes: list[Callable[[], None]] = []
    for n, r in data:
        activity = _activity(rows, n, r, cache)
        if not r["panel"]:
            rows.bad(n, "panel", "must not be empty", "participation.empty")
        if not r["member"]:
            rows.bad(n, "member", "must not be empty", "participation.empty")
        writes.append(_ask_write(activity, r["panel"], r["member"]))
    return _finish(rows, writes)


def _ask_write(activity: m.Activity | None, panel_name: str, member: str) -> Callable[[], None]:
    def write() -> None:
        assert activity is not None, "rows with problems are never written"
        panel, _ = m.CitizensPanel.objects.get_or_create(
            partnership_id=activity.partnership_id, name=panel_name
        )
        m.PanelAsk.objects.get_or_create(
            panel=panel, activity=activity, member_ref=panel.pseudonym(member)
        )

    return write
