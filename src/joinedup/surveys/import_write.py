"""Writing a checked responses file (:mod:`joinedup.surveys.import_check`) inside
the caller's transaction, as fast as the database takes rows.

Everything that can go wrong with the file has been found before this runs, so the
write is only rows going in, and on SQLite it holds the database's one write lock:
every respondent saving a page waits for it. The ORM's ``bulk_create`` builds and
inspects a model instance per row (about 25 µs each, more than the database spends
storing the row); here the statements are written once from the models' own table
and column names and the rows are plain tuples made as they are sent. Responses go
in by multi-row ``INSERT … RETURNING`` (their ids come back with their keys);
answers by ``executemany`` of one prepared statement on SQLite and by ``COPY`` on
PostgreSQL (psycopg 3).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

from django.db import connection
from django.db.models import Model
from django.utils import timezone

from joinedup.surveys.import_check import Checked
from joinedup.surveys.models import Answer, Response, ResponseSource, Round, new_pseudonym

BATCH = 500  # respondents written per step; progress is reported after each step
RESPONSE_COLUMNS = (
    "round_id",
    "organisation_id",
    "group",
    "pseudonym",
    "respondent_key",
    "source",
    "started",
    "submitted",
    "page",
)
ANSWER_COLUMNS = ("response_id", "item", "value", "text", "dont_know")

Progress = Callable[[int, int], None]


def _table(model: type[Model], attnames: Sequence[str]) -> str:
    """``table (column, …)`` for ``model``'s fields named by attribute."""
    quote = connection.ops.quote_name
    fields = {f.attname: f for f in model._meta.concrete_fields}
    columns = ", ".join(quote(str(fields[name].column)) for name in attnames)
    return f"{quote(model._meta.db_table)} ({columns})"


def _constants(round_: Round) -> dict[str, Any]:
    """The values every imported response shares, prepared for the database."""
    now = timezone.now()
    values = {
        "round_id": round_.pk,
        "source": ResponseSource.IMPORT.value,
        "started": now,
        "submitted": now,
        "page": 0,
    }
    fields = {f.attname: f for f in Response._meta.concrete_fields}
    return {
        name: fields[name].get_db_prep_save(value, connection) for name, value in values.items()
    }


class _Writer:
    def __init__(self, round_: Round, checked: Checked) -> None:
        self.checked = checked
        self.groups = list(round_.groups)
        self.constants = _constants(round_)
        per_statement = (connection.features.max_query_params or 30000) // len(RESPONSE_COLUMNS)
        self.per_statement = max(1, min(BATCH, per_statement))
        quote = connection.ops.quote_name
        pk = quote(str(Response._meta.pk.column))
        key = quote(str(Response._meta.get_field("respondent_key").column))
        table = _table(Response, RESPONSE_COLUMNS)
        self.responses_sql = f"INSERT INTO {table} VALUES "  # noqa: S608 (names are ours)
        self.returning = f" RETURNING {pk}, {key}"
        self.answers_table = _table(Answer, ANSWER_COLUMNS)

    def response_row(self, n: int) -> list[Any]:
        checked = self.checked
        values = {
            **self.constants,
            "organisation_id": checked.organisations[n],
            "group": self.groups[checked.groups[n]],
            "pseudonym": new_pseudonym(),
            "respondent_key": checked.keys[n],
        }
        return [values[name] for name in RESPONSE_COLUMNS]

    def responses(self, cursor: Any, start: int, stop: int) -> list[int]:
        """Insert respondents ``start`` to ``stop``; their new ids, in order."""
        ids: dict[str, int] = {}
        marks = "(" + ", ".join(["%s"] * len(RESPONSE_COLUMNS)) + ")"
        for first in range(start, stop, self.per_statement):
            last = min(stop, first + self.per_statement)
            params = [v for n in range(first, last) for v in self.response_row(n)]
            values = ", ".join([marks] * (last - first))
            cursor.execute(self.responses_sql + values + self.returning, params)
            ids.update((key, pk) for pk, key in cursor.fetchall())
        return [ids[key] for key in self.checked.keys[start:stop]]

    def answer_rows(self, ids: list[int], start: int) -> Iterator[tuple[Any, ...]]:
        for offset, pk in enumerate(ids):
            for answer in self.checked.answer_rows(start + offset):
                yield (pk, *answer)

    def answers(self, cursor: Any, ids: list[int], start: int) -> None:
        rows = self.answer_rows(ids, start)
        copy = getattr(cursor, "copy", None) if connection.vendor == "postgresql" else None
        if copy is not None:  # psycopg 3
            with copy(f"COPY {self.answers_table} FROM STDIN") as stream:
                for row in rows:
                    stream.write_row(row)
            return
        marks = ", ".join(["%s"] * len(ANSWER_COLUMNS))
        insert = f"INSERT INTO {self.answers_table} VALUES ({marks})"  # noqa: S608 (ours)
        cursor.executemany(insert, rows)


def write_checked(round_: Round, checked: Checked, progress: Progress | None = None) -> None:
    """Insert the checked respondents and their answers; the caller holds the
    transaction. ``progress(done, total)`` is called after each batch."""
    writer = _Writer(round_, checked)
    total = len(checked)
    with connection.cursor() as cursor:
        for start in range(0, total, BATCH):
            stop = min(total, start + BATCH)
            ids = writer.responses(cursor, start, stop)
            writer.answers(cursor, ids, start)
            if progress is not None:
                progress(stop, total)
