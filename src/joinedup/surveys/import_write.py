"""Writing a checked responses file (:mod:`joinedup.surveys.import_check`) in
steps, each its own short transaction, as fast as the database takes rows.

Everything that can go wrong with the file has been found before this runs, so the
write is only rows going in. On SQLite each step holds the database's one write
lock, so a respondent saving a page waits for one step at most: a step is at most
:data:`STEP_RESPONDENTS` respondents and about :data:`STEP_ANSWERS` answers (a
third of a second at SQLite's 100,000 answers a second), and between steps the
import pauses :data:`STEP_PAUSE`, longer than SQLite's busy handler sleeps between
tries, so a waiting respondent always gets in. Every response written names its
:class:`~joinedup.surveys.models.ResponseFile`, which stays "writing" (and its
responses invisible to every reader) until the caller marks it complete; an
interrupted import is removed in steps too (:func:`remove_file`).

The ORM's ``bulk_create`` builds and inspects a model instance per row (about
25 µs each, more than the database spends storing the row); here the statements are
written once from the models' own table and column names and the rows are plain
tuples made as they are sent. Responses go in by multi-row ``INSERT … RETURNING``
(their ids come back with their keys); answers by ``executemany`` of one prepared
statement on SQLite and by ``COPY`` on PostgreSQL (psycopg 3).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone

from joinedup.surveys.import_check import Checked
from joinedup.surveys.models import (
    Answer,
    Response,
    ResponseFile,
    ResponseSource,
    Round,
    new_pseudonym,
)

BATCH = 500  # respondents per INSERT of responses (fewer if the database's limit says)
STEP_RESPONDENTS = 1000  # respondents written per step (transaction) at most
STEP_ANSWERS = 30_000  # answers written per step, about (at most this per step's rows)
STEP_PAUSE = 0.12  # seconds between steps on SQLite: its busy handler retries every 0.1 s
RESPONSE_COLUMNS = (
    "file_id",
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


def _constants(round_: Round, file: ResponseFile) -> dict[str, Any]:
    """The values every imported response shares, prepared for the database."""
    now = timezone.now()
    values = {
        "file_id": file.pk,
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
    def __init__(self, round_: Round, checked: Checked, file: ResponseFile) -> None:
        self.checked = checked
        self.groups = list(round_.groups)
        self.constants = _constants(round_, file)
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


def step_size(checked: Checked) -> int:
    """Respondents per step: :data:`STEP_RESPONDENTS`, fewer when each may give
    so many answers that a step would hold more than :data:`STEP_ANSWERS`."""
    return max(1, min(STEP_RESPONDENTS, STEP_ANSWERS // max(1, len(checked.columns))))


def _between_steps() -> None:
    """Let a waiting respondent have SQLite's write lock between two steps (inside
    an outer transaction nobody else can get it anyway)."""
    if connection.vendor == "sqlite" and not connection.in_atomic_block:
        time.sleep(STEP_PAUSE)


def write_checked(
    round_: Round, checked: Checked, file: ResponseFile, progress: Progress | None = None
) -> None:
    """Insert the checked respondents (linked to ``file``) and their answers, one
    step per transaction. ``progress(done, total)`` is called after each step has
    been committed."""
    writer = _Writer(round_, checked, file)
    total = len(checked)
    step = step_size(checked)
    for start in range(0, total, step):
        if start:
            _between_steps()
        stop = min(total, start + step)
        with transaction.atomic(), connection.cursor() as cursor:
            for first in range(start, stop, BATCH):
                last = min(stop, first + BATCH)
                ids = writer.responses(cursor, first, last)
                writer.answers(cursor, ids, first)
        if progress is not None:
            progress(stop, total)


def remove_file(file: ResponseFile, progress: Progress | None = None) -> int:
    """Delete the responses (with their answers) of an unfinished import, in steps
    as short as the write's, then the file's record; how many responses went."""
    removed = 0
    total = file.responses.count()
    while True:
        ids = list(file.responses.order_by("pk").values_list("pk", flat=True)[:STEP_RESPONDENTS])
        if not ids:
            break
        if removed:
            _between_steps()
        with transaction.atomic():
            Answer.objects.filter(response_id__in=ids).delete()
            Response.objects.filter(pk__in=ids).delete()
        removed += len(ids)
        if progress is not None:
            progress(removed, total)
    file.delete()
    return removed
