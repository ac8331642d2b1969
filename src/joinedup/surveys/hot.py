"""The respondent's hot path in plain SQL: the reads and writes every survey page
makes, written once per database engine instead of compiled by the ORM on every
request.

A survey request is small (a token, a page of answers), but building each ORM
query costs Python far more than the database spends answering it: before this
module a survey request cost about 2.9 ms of CPU through the WSGI handler in one
process on SQLite, most of it compiling four to seven queries that SQLite answers
in tens of microseconds; with it, about 0.95 ms (2 December 2026). Here the
statements are built once per database connection from the models' own table
and column names (so a renamed field still lines up), and their rows become
model instances through ``Model.from_db`` with the converters the ORM itself
would apply (datetimes made aware, booleans and JSON read the same way).

What this module does not do: decide anything. Whether a link may be answered,
which answers are valid, what the next page is: all of that stays in
:mod:`joinedup.surveys.respond` and the forms; this module only moves rows.
The tests in ``tests/surveys/test_hot.py`` check each statement against the ORM
query it replaces, on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Field, Model

from joinedup.registry.models import Partnership
from joinedup.surveys.models import (
    Answer,
    InstrumentVersion,
    Invitation,
    RelationAnswer,
    Response,
    Round,
    TokenThrottle,
)

Converter = Callable[[Any, Any, BaseDatabaseWrapper], Any]


@dataclass(frozen=True)
class _Part:
    """The columns read of one model in a joined SELECT."""

    alias: str
    model: type[Model]
    names: tuple[str, ...]  # attnames, in the model's field order (as from_db wants)

    @classmethod
    def of(cls, alias: str, model: type[Model], names: Iterable[str]) -> _Part:
        wanted = set(names)
        ordered = tuple(f.attname for f in model._meta.concrete_fields if f.attname in wanted)
        missing = wanted - set(ordered)
        if missing:
            raise ValueError(f"{model.__name__} has no columns {sorted(missing)}")
        if ordered[0] != model._meta.pk.attname:
            raise ValueError("the primary key must be read first")
        return cls(alias, model, ordered)

    def fields(self) -> list[Field[Any, Any]]:
        by_attname = {f.attname: f for f in self.model._meta.concrete_fields}
        return [by_attname[n] for n in self.names]

    def columns(self, quote: Callable[[str], str]) -> list[str]:
        # Concrete fields always have a column; the stubs allow None for others.
        return [f"{self.alias}.{quote(str(f.column))}" for f in self.fields()]

    def converters(self, conn: BaseDatabaseWrapper) -> list[tuple[Any, list[Converter]]]:
        """Per column, the expression and the converters the ORM's compiler would
        apply to it (the backend's first, then the field's)."""
        result = []
        for field in self.fields():
            col = field.get_col(self.alias)
            funcs = list(conn.ops.get_db_converters(col)) + list(col.get_db_converters(conn))
            result.append((col, funcs))
        return result


class _Plan:
    """A joined SELECT and how to turn its rows into instances, for one connection."""

    def __init__(self, parts: Sequence[_Part], sql: str, conn: BaseDatabaseWrapper) -> None:
        self.parts = parts
        self.sql = sql
        self.converters = [c for part in parts for c in part.converters(conn)]

    def convert(self, row: Sequence[Any], conn: BaseDatabaseWrapper) -> list[Any]:
        values = list(row)
        for i, (col, funcs) in enumerate(self.converters):
            for func in funcs:
                values[i] = func(values[i], col, conn)
        return values

    def instances(self, row: Sequence[Any], conn: BaseDatabaseWrapper) -> list[Model | None]:
        """One instance per part; None for a part whose primary key is NULL (an
        outer join that found nothing)."""
        values = self.convert(row, conn)
        result: list[Model | None] = []
        start = 0
        for part in self.parts:
            chunk = values[start : start + len(part.names)]
            start += len(part.names)
            if chunk[0] is None:
                result.append(None)
            else:
                result.append(part.model.from_db(conn.alias, list(part.names), chunk))
        return result


_PLANS: weakref.WeakKeyDictionary[BaseDatabaseWrapper, dict[str, Any]] = weakref.WeakKeyDictionary()


def _cached(conn: BaseDatabaseWrapper, key: str, build: Callable[[], Any]) -> Any:
    """A plan or statement built once per connection wrapper (each thread has its own)."""
    plans = _PLANS.setdefault(conn, {})
    found = plans.get(key)
    if found is None:
        found = plans[key] = build()
    return found


class _Runner:
    """Executes the module's statements: on PostgreSQL each is prepared on the
    server the first time a connection runs it (psycopg's ``prepare=True`` with
    server-side binding), so PostgreSQL parses and plans it once per connection
    rather than once per request."""

    def __init__(self, cursor: Any, prepare: bool) -> None:
        self.cursor = cursor
        self.prepare = prepare

    def execute(self, sql: str, params: Sequence[Any]) -> None:
        if self.prepare:
            self.cursor.execute(sql, params, prepare=True)
        else:
            self.cursor.execute(sql, params)

    def fetchone(self) -> Any:
        return self.cursor.fetchone()

    def fetchall(self) -> list[Any]:
        return list(self.cursor.fetchall())


PREPARE_NEVER_BY_COUNT = 2**31 - 1  # only statements run with prepare=True are prepared


@contextmanager
def _cursor(conn: BaseDatabaseWrapper, pipeline: bool = False) -> Iterator[_Runner]:
    """A cursor for the hot statements, with what Django's own cursors do first
    (the health check of a reused connection, connecting, refusing to run in a
    transaction already marked for rollback) and Django's database exceptions.
    ``pipeline``: on PostgreSQL, send the statements without waiting for each
    result (for statements whose results nobody reads); errors still surface
    when the block ends, inside the caller's transaction."""
    if conn.vendor != "postgresql":
        with conn.cursor() as cursor:
            yield _Runner(cursor, prepare=False)
        return
    import psycopg

    conn.close_if_health_check_failed()
    conn.ensure_connection()
    conn.validate_no_broken_transaction()
    raw = conn.connection
    if raw.prepare_threshold is None:
        # Django turns automatic preparing off (poolers in transaction mode lose
        # prepared statements); these statements ask for it one by one instead.
        raw.prepare_threshold = PREPARE_NEVER_BY_COUNT
    with conn.wrap_database_errors, psycopg.Cursor(raw) as cursor:
        if pipeline:
            with raw.pipeline():
                yield _Runner(cursor, prepare=True)
        else:
            yield _Runner(cursor, prepare=True)


def _fetch_one(
    key: str, build: Callable[[BaseDatabaseWrapper], _Plan], params: Sequence[Any]
) -> list[Model | None] | None:
    """Run the plan cached under ``key`` (built on first use for this connection)
    and return the instances of its first row, or None when there is no row."""
    conn = connections[DEFAULT_DB_ALIAS]
    plan: _Plan = _cached(conn, key, lambda: build(conn))
    with _cursor(conn) as cursor:
        cursor.execute(plan.sql, params)
        row = cursor.fetchone()
    return None if row is None else plan.instances(row, conn)


def _table(model: type[Model], quote: Callable[[str], str]) -> str:
    return quote(model._meta.db_table)


# -- the link: invitation, round, partnership, instrument version, response -------

LINK_PARTS = (
    _Part.of(
        "i", Invitation, ("id", "round_id", "person_id", "organisation_id", "group", "token_hash")
    ),
    _Part.of(
        "r", Round, ("id", "partnership_id", "instrument_id", "period", "opens", "closes", "status")
    ),
    _Part.of("p", Partnership, ("id", "name")),
    # The definition is left unread: instrument_of() keeps each version parsed.
    _Part.of(
        "v", InstrumentVersion, ("id", "key", "version", "title", "kind", "source", "created")
    ),
    _Part.of(
        "s",
        Response,
        (
            "id",
            "round_id",
            "invitation_id",
            "organisation_id",
            "group",
            "source",
            "submitted",
            "page",
        ),
    ),
)


def _link_plan(conn: BaseDatabaseWrapper) -> _Plan:
    q = conn.ops.quote_name
    columns = ", ".join(c for part in LINK_PARTS for c in part.columns(q))
    pk = q("id")
    sql = (
        f"SELECT {columns} FROM {_table(Invitation, q)} i"
        f" JOIN {_table(Round, q)} r ON r.{pk} = i.{q('round_id')}"
        f" JOIN {_table(Partnership, q)} p ON p.{pk} = r.{q('partnership_id')}"
        f" JOIN {_table(InstrumentVersion, q)} v ON v.{pk} = r.{q('instrument_id')}"
        f" LEFT JOIN {_table(Response, q)} s ON s.{q('invitation_id')} = i.{pk}"
        f" WHERE i.{q('token_hash')} = %s"
    )
    return _Plan(LINK_PARTS, sql, conn)


def link(token_hash: str) -> tuple[Invitation | None, Response | None]:
    """The invitation with this token hash (its round, partnership and instrument
    version attached) and its response if one was started, in one query."""
    found = _fetch_one("link", _link_plan, [token_hash])
    if found is None:
        return None, None
    inv, round_, partnership, version, response = found
    assert isinstance(inv, Invitation)
    assert isinstance(round_, Round)
    assert isinstance(partnership, Partnership)
    assert isinstance(version, InstrumentVersion)
    round_.partnership = partnership
    round_.instrument = version
    inv.round = round_
    if isinstance(response, Response):
        response.round = round_
        response.invitation = inv
    return inv, response if isinstance(response, Response) else None


# -- the failed-link throttle ------------------------------------------------------

THROTTLE_PARTS = (_Part.of("t", TokenThrottle, ("address", "window_start", "failures")),)


def _throttle_plan(conn: BaseDatabaseWrapper) -> _Plan:
    q = conn.ops.quote_name
    columns = ", ".join(THROTTLE_PARTS[0].columns(q))
    sql = f"SELECT {columns} FROM {_table(TokenThrottle, q)} t WHERE t.{q('address')} = %s"
    return _Plan(THROTTLE_PARTS, sql, conn)


def throttle_row(address: str) -> TokenThrottle | None:
    """The failed-lookup count of one client address, if it has one."""
    found = _fetch_one("throttle", _throttle_plan, [address])
    if found is None:
        return None
    (row,) = found
    assert isinstance(row, TokenThrottle)
    return row


# -- answers ------------------------------------------------------------------------


def _in_list(count: int) -> str:
    return ", ".join(["%s"] * count)


def has_answers(response_id: int, items: Sequence[str]) -> bool:
    """Whether the response has a saved answer to any of ``items``."""
    if not items:
        return False
    conn = connections[DEFAULT_DB_ALIAS]
    q = conn.ops.quote_name
    sql = (
        f"SELECT 1 FROM {_table(Answer, q)} WHERE {q('response_id')} = %s"
        f" AND {q('item')} IN ({_in_list(len(items))}) LIMIT 1"
    )
    with _cursor(conn) as cursor:
        cursor.execute(sql, [response_id, *items])
        return cursor.fetchone() is not None


ANSWER_COLUMNS = ("response_id", "item", "value", "text", "dont_know")
ROWS_PER_INSERT = 100  # 500 parameters: well inside every engine's limit


def _answer_insert(conn: BaseDatabaseWrapper, rows: int) -> str:
    """One INSERT of ``rows`` answers (one statement for the page, not one each)."""
    q = conn.ops.quote_name
    names = ", ".join(q(c) for c in ANSWER_COLUMNS)
    one = "(" + ", ".join(["%s"] * len(ANSWER_COLUMNS)) + ")"
    return f"INSERT INTO {_table(Answer, q)} ({names}) VALUES " + ", ".join([one] * rows)


def replace_answers(
    response_id: int,
    items: Sequence[str],
    rows: Sequence[tuple[str, float | None, str, bool]],
    page: int,
) -> None:
    """Delete the response's answers to ``items``, insert ``rows`` (item, value,
    text, don't know) and set the page to resume at. The caller holds the
    transaction. On PostgreSQL the statements go out as one pipeline: one round
    trip to the server instead of one each (with the transaction's BEGIN)."""
    conn = connections[DEFAULT_DB_ALIAS]
    q = conn.ops.quote_name
    with _cursor(conn, pipeline=True) as cursor:
        if items:
            cursor.execute(
                f"DELETE FROM {_table(Answer, q)} WHERE {q('response_id')} = %s"
                f" AND {q('item')} IN ({_in_list(len(items))})",
                [response_id, *items],
            )
        for start in range(0, len(rows), ROWS_PER_INSERT):
            chunk = rows[start : start + ROWS_PER_INSERT]
            cursor.execute(
                _answer_insert(conn, len(chunk)),
                [v for row in chunk for v in (response_id, *row)],
            )
        cursor.execute(
            f"UPDATE {_table(Response, q)} SET {q('page')} = %s WHERE {q('id')} = %s",
            [page, response_id],
        )


def answered_items(response_id: int) -> set[str]:
    """The names of every item the response has an answer to (plain or relation)."""
    conn = connections[DEFAULT_DB_ALIAS]
    q = conn.ops.quote_name
    sql = (
        f"SELECT {q('item')} FROM {_table(Answer, q)} WHERE {q('response_id')} = %s"
        f" UNION SELECT {q('item')} FROM {_table(RelationAnswer, q)}"
        f" WHERE {q('response_id')} = %s"
    )
    with _cursor(conn) as cursor:
        cursor.execute(sql, [response_id, response_id])
        return {row[0] for row in cursor.fetchall()}


# -- submission ---------------------------------------------------------------------

SUBMIT_PARTS = (
    _Part.of("s", Response, ("id", "round_id", "submitted")),
    _Part.of("r", Round, ("id", "opens", "closes", "status")),
)


def _submit_plan(conn: BaseDatabaseWrapper) -> _Plan:
    q = conn.ops.quote_name
    columns = ", ".join(c for part in SUBMIT_PARTS for c in part.columns(q))
    # PostgreSQL locks the response row until the transaction ends, so two
    # submissions of one response queue; SQLite's write lock (BEGIN IMMEDIATE) is
    # already held by then.
    lock = " FOR UPDATE OF s" if conn.features.has_select_for_update_of else ""
    sql = (
        f"SELECT {columns} FROM {_table(Response, q)} s"
        f" JOIN {_table(Round, q)} r ON r.{q('id')} = s.{q('round_id')}"
        f" WHERE s.{q('id')} = %s{lock}"
    )
    return _Plan(SUBMIT_PARTS, sql, conn)


def locked_for_submission(response_id: int) -> tuple[Response, Round] | None:
    """The response (its submission time) and its round (status and dates) as they
    are now, read inside the caller's transaction and, on PostgreSQL, locked."""
    found = _fetch_one("submit", _submit_plan, [response_id])
    if found is None:
        return None
    response, round_ = found
    assert isinstance(response, Response)
    assert isinstance(round_, Round)
    return response, round_


def mark_submitted(response_id: int, when: Any) -> None:
    """Store the submission time (the caller holds the transaction)."""
    conn = connections[DEFAULT_DB_ALIAS]
    q = conn.ops.quote_name
    with _cursor(conn) as cursor:
        cursor.execute(
            f"UPDATE {_table(Response, q)} SET {q('submitted')} = %s WHERE {q('id')} = %s",
            [conn.ops.adapt_datetimefield_value(when), response_id],
        )
