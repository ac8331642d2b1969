"""The demo town for tests, loaded once per run and put back by bulk inserts.

Four hundred tests start from the demo town. ``load_demo`` generates it anew each time
(0.5 s on SQLite, 1.2 s on PostgreSQL: answers drawn, scores and networks worked out),
so the first test that asks for it loads it for real and keeps what it wrote: every
row it added to every table, by primary key. Later tests that start from the same
database (the same rows in every table before the demo, as inside the rolled-back
transaction of an ordinary test) get those rows back with one bulk insert per table,
and PostgreSQL's sequences are moved past them. A test that starts from anything else
(a transactional test after a flush, whose content types have new keys, or one that
made rows of its own first) loads the demo for real, as before.

``tests/test_demo_snapshot.py`` checks that the rows put back are the rows
``load_demo`` writes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, models, transaction


def _tables() -> list[type[models.Model]]:
    found = []
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed or meta.swapped:
            continue
        found.append(model)
    return found


def _state(tables: list[type[models.Model]]) -> tuple[tuple[str, int, Any], ...]:
    """Each table's row count and largest key, in one query."""
    quote = connection.ops.quote_name
    parts = [
        f"SELECT {index}, COUNT(*), CAST(MAX({quote(model._meta.pk.column)}) AS TEXT) "
        f"FROM {quote(model._meta.db_table)}"
        for index, model in enumerate(tables)
    ]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts))
        rows = {index: (count, top) for index, count, top in cursor.fetchall()}
    return tuple((tables[i]._meta.label, *rows[i]) for i in range(len(tables)))


@dataclass
class _Snapshot:
    rows: list[tuple[type[models.Model], list[str], list[tuple[Any, ...]]]]


#: Copies by engine and by the state they were taken from (at most a few: ordinary
#: tests all start from one state; each transactional test's state is its own).
_kept: dict[tuple[str, tuple[tuple[str, int, Any], ...]], _Snapshot] = {}
_MOST = 4


def _columns(model: type[models.Model]) -> list[str]:
    return [f.attname for f in model._meta.concrete_fields]


def _load_and_keep(tables: list[type[models.Model]], before: Any) -> None:
    from joinedup.demo import load_demo

    if len(_kept) >= _MOST:  # no room for another copy: load, and read nothing back
        load_demo(seed=2024)
        return
    had = {m: set(m._base_manager.values_list("pk", flat=True)) for m in tables}
    load_demo(seed=2024)
    rows = []
    for model in tables:
        columns = _columns(model)
        added = [
            row
            for row in model._base_manager.order_by("pk").values_list("pk", *columns)
            if row[0] not in had[model]
        ]
        if added:
            rows.append((model, columns, [row[1:] for row in added]))
    _kept[(connection.vendor, before)] = _Snapshot(rows)


def _put_back(snapshot: _Snapshot) -> None:
    with transaction.atomic():
        for model, columns, values in snapshot.rows:
            objects = [model(**dict(zip(columns, row, strict=True))) for row in values]
            model._base_manager.bulk_create(objects, batch_size=500)
        reset = connection.ops.sequence_reset_sql(no_style(), [m for m, _, _ in snapshot.rows])
        if reset:
            with connection.cursor() as cursor:
                for statement in reset:
                    cursor.execute(statement)


def demo_town() -> bool:
    """Load the demo (seed 2024) into the test database, from the run's copy when
    the database is as it was when that copy was taken; True if the copy was used."""
    tables = _tables()
    before = _state(tables)
    snapshot = _kept.get((connection.vendor, before))
    if snapshot is not None:
        _put_back(snapshot)
        return True
    _load_and_keep(tables, before)
    return False
