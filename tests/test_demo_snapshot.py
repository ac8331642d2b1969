"""The demo town the tests start from is the one ``load_demo`` writes.

The ``demo`` fixture generates the town once a run and then puts its rows back by bulk
inserts (tests/demo_snapshot.py). Here the town is loaded both ways into the same empty
test database and every table is compared, row by row. On SQLite keys are the same
both ways (its key counters roll back with the transaction), so rows compare whole; on
PostgreSQL sequences never roll back, so keys and references are left out and the
rest of each row compares as a multiset.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from django.apps import apps
from django.db import connection, models, transaction

from tests.demo_snapshot import _tables, demo_town

Rows = dict[str, tuple[list[str], list[tuple[Any, ...]]]]


def _rows(keys: bool) -> Rows:
    """Every table's columns and rows (keys and references left out unless ``keys``)."""
    out: Rows = {}
    for model in _tables():
        fields = [
            f.attname
            for f in model._meta.concrete_fields
            if keys or not (f.primary_key or f.is_relation)
        ]
        manager = model._base_manager
        # values_list() with no names would give every column: a table of references
        # alone (a many-to-many link) compares by its number of rows.
        rows = list(manager.values_list(*fields)) if fields else [()] * manager.count()
        out[model._meta.label] = (fields, rows)
    return out


def _in_a_rolled_back_block(load: Any) -> tuple[Any, Rows]:
    with transaction.atomic():
        result = load()
        rows = _rows(keys=connection.vendor == "sqlite")
        transaction.set_rollback(True)
    return result, rows


def _field(table: str, attname: str) -> models.Field:
    model = apps.get_model(table)
    return next(f for f in model._meta.concrete_fields if f.attname == attname)


def _fresh_each_load(first: Rows, second: Rows) -> dict[str, set[int]]:
    """Columns that differ between two real loads: secrets drawn anew (invitation
    tokens, panel keys), their encryptions, and times stamped at load."""
    fresh: dict[str, set[int]] = {}
    for table, (columns, rows) in first.items():
        again = second[table][1]
        for index in range(len(columns)):
            if Counter(repr(r[index]) for r in rows) != Counter(repr(r[index]) for r in again):
                fresh.setdefault(table, set()).add(index)
    return fresh


def _without(rows: Rows, fresh: dict[str, set[int]]) -> dict[str, Counter]:
    return {
        table: Counter(
            repr(tuple(v for i, v in enumerate(row) if i not in fresh.get(table, set())))
            for row in values
        )
        for table, (_, values) in rows.items()
    }


@pytest.mark.django_db
def test_the_demo_put_back_is_the_demo_load_demo_writes() -> None:
    from joinedup.demo import load_demo

    _in_a_rolled_back_block(demo_town)  # the run's copy exists from here on
    _, generated = _in_a_rolled_back_block(lambda: load_demo(seed=2024))
    _, again = _in_a_rolled_back_block(lambda: load_demo(seed=2024))
    used_copy, put_back = _in_a_rolled_back_block(demo_town)
    assert used_copy, "the second demo of the test should come from the run's copy"
    assert sum(len(rows) for _, rows in generated.values()) > 1000  # a town, not nothing
    fresh = _fresh_each_load(generated, again)
    # What a load draws anew is secrets and times stamped at load, never the town.
    drawn = {
        f"{table}.{generated[table][0][i]}"
        for table, columns in fresh.items()
        for i in columns
        if not isinstance(_field(table, generated[table][0][i]), models.DateTimeField)
    }
    assert drawn <= {
        "surveys.Invitation.token_sealed",  # the token, encrypted with a fresh nonce
        "participation.CitizensPanel.salt",  # a salt drawn for the panel's pseudonyms
        "participation.PanelAsk.member_ref",  # the pseudonyms made with it
        "audit.AuditEvent.object_id",  # a key written as text (new keys each load on PG)
    }, drawn
    expected, got = _without(generated, fresh), _without(put_back, fresh)
    assert [table for table in expected if expected[table] != got[table]] == []


@pytest.mark.django_db
def test_objects_made_after_the_put_back_get_new_keys() -> None:
    """PostgreSQL's sequences are moved past the rows put back: a test that adds to
    the demo town gets keys no demo row holds."""
    import datetime as dt

    from joinedup.registry.models import Organisation, Partnership

    _in_a_rolled_back_block(demo_town)  # the run's copy exists from here on
    assert demo_town()
    highest = Partnership.objects.order_by("-pk").first()
    organisation = Organisation.objects.order_by("-pk").first()
    assert highest is not None
    assert organisation is not None
    made = Partnership.objects.create(
        name="Harbour Partnership", basis="voluntary", start_date=dt.date(2026, 1, 5)
    )
    assert made.pk > highest.pk
    assert (
        Organisation.objects.create(name="Harbour Trust", sector="voluntary").pk > organisation.pk
    )
