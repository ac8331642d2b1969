"""Bulk extraction of survey answers for the national path (Arrow, not the ORM).

Pulling millions of answers through the ORM costs far more than scoring them, so
this module reads the three survey tables in bulk with connectorx (SQLite or
PostgreSQL) straight into Arrow, then joins them in DuckDB:

- ``surveys_round``: the closed rounds of one instrument version (an open round's
  results are not published: :mod:`joinedup.surveys.visibility`), stored as
  closed or past their closing time (:mod:`joinedup.surveys.lifecycle`); the latest
  closed round of each partnership that has a submitted response (by opening
  date, then id) is kept, and with ``depth=2`` the round before it too (for
  change over time);
- ``surveys_response``: submitted responses of those rounds, with their group,
  leaving out those of an import still being written (its ``surveys_responsefile``
  is not "complete"; see :func:`joinedup.surveys.models.visible_responses`);
- ``surveys_answer``: their answers; "don't know" becomes null.

The result has the columns :func:`joinedup.analysis.national.national_scores`
reads: ``partnership``, ``respondent`` (the response id, never a name), ``grp``,
``item``, ``value``. The SQL, built from the models' metadata, is the
surveys app's (:func:`joinedup.surveys.extract.bulk_queries`).
"""

from __future__ import annotations

import datetime as dt
import itertools
import os

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
from django.conf import settings
from django.db import connection

from joinedup.analysis.instruments import InstrumentError
from joinedup.analysis.national import NationalScores, item_map, national_scores
from joinedup.reports.bulk_read import BulkReader
from joinedup.surveys.extract import InstrumentVersion, bulk_queries
from joinedup.surveys.lifecycle import due_round_ids

ANSWER_SCHEMA = pa.schema(
    [("respondent", pa.int64()), ("item", pa.string()), ("value", pa.float64())]
)
RESPONDENT_SCHEMA = pa.schema(
    [("respondent", pa.int64()), ("partnership", pa.int64()), ("grp", pa.string())]
)
ROUNDS_SCHEMA = RESPONDENT_SCHEMA.append(pa.field("round", pa.int64())).append(
    pa.field("position", pa.int64())
)


def database_url() -> str:
    """The connectorx URL of Django's default database."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite://{settings['NAME']}"
    if connection.vendor == "postgresql":
        user = settings.get("USER") or "postgres"
        password = f":{settings['PASSWORD']}" if settings.get("PASSWORD") else ""
        host = settings.get("HOST") or "localhost"
        port = settings.get("PORT") or 5432
        return f"postgresql://{user}{password}@{host}:{port}/{settings['NAME']}"
    raise ValueError(f"bulk extraction does not support the {connection.vendor} database")


#: Read the whole answer table (and keep this instrument's rows) when the
#: instrument's responses are at least this share of all responses: a plain scan
#: costs SQLite about half as much per row as the walk through the indexes.
SCAN_SHARE = 0.5


def _split(answer_sql: str, column: str, low: int, high: int, parts: int) -> list[str]:
    """The answer query cut into ``parts`` ranges of ``column``, read in parallel."""
    cuts = [low + (high - low) * i // parts for i in range(parts + 1)]
    return [
        f"{answer_sql} AND {column} >= {a} AND {column} < {b}"
        for a, b in itertools.pairwise(cuts)
        if b > a
    ] or [answer_sql]


def _id_range(ids: pa.ChunkedArray | pa.Array) -> tuple[int, int]:
    if len(ids) == 0:
        return 0, 0
    return int(pc.min(ids).as_py()), int(pc.max(ids).as_py()) + 1


# Rounds without a submitted response are not ranked, and rounds with fewer than
# k are ranked only for a partnership that has no round with k or more: a round
# just opened, or closed with one answer, does not push a partnership's answered
# rounds out of the benchmark (surveys.visibility.rounds_with_results), while a
# partnership whose rounds are all small is still listed, with the reason.
_RESPONDENTS = """
WITH counted AS (
  SELECT ro.id, ro.partnership_id, ro.opens, c.n >= $k AS enough
  FROM rounds ro JOIN (SELECT round_id, count(*) AS n FROM responses GROUP BY round_id) c
    ON c.round_id = ro.id
), kept AS (
  SELECT id, partnership_id, opens FROM (
    SELECT *, bool_or(enough) OVER (PARTITION BY partnership_id) AS any_enough FROM counted)
  WHERE enough OR NOT any_enough
), latest AS (
  SELECT id, partnership_id, rk FROM (
    SELECT id, partnership_id,
           row_number() OVER (PARTITION BY partnership_id ORDER BY opens DESC, id DESC) AS rk
    FROM kept) WHERE rk <= $depth
)
SELECT r.id AS respondent, l.partnership_id AS partnership, r.grp,
       l.id AS round, CAST(l.rk AS BIGINT) AS position
FROM responses r JOIN latest l ON r.round_id = l.id
"""


def _values(read: pa.Table) -> pa.Table:
    """``respondent, item, value`` from the read columns, "don't know" as missing.
    With no rows connectorx may guess text for a column, so the types are fixed here."""
    respondent, item, value, dont_know = read.columns
    known = pc.fill_null(pc.cast(dont_know, pa.bool_()), False)
    value = pc.if_else(known, pa.scalar(None, pa.float64()), pc.cast(value, pa.float64()))
    return pa.Table.from_arrays(
        [respondent, item, value], names=["respondent", "item", "value"]
    ).cast(ANSWER_SCHEMA)


def extract(
    version: InstrumentVersion,
    url: str | None = None,
    depth: int = 1,
    now: dt.datetime | None = None,
    versions: list[int] | None = None,
) -> tuple[pa.Table, pa.Table]:
    """(answers, respondents) of the latest round of every partnership that used
    ``version`` (or any of ``versions``, ids read together as one: see
    :func:`same_scoring`): answers as ``respondent, item, value``; respondents as
    ``respondent, partnership, grp``. The respondent is the response id.
    ``answers`` may hold more rows than the respondents give (earlier rounds;
    on SQLite, when this instrument has at least :data:`SCAN_SHARE` of all
    responses, every answer of the table, which is read whole): join the two on
    ``respondent``, as :func:`~joinedup.analysis.national.national_scores` does.

    With ``depth`` > 1 the ``depth`` latest answered rounds of each partnership are
    read, and the respondents carry two more columns: ``round`` (its id) and
    ``position`` (1 for the latest round, 2 for the one before, …). The rounds
    are those closed at ``now`` (the clock's time when None)."""
    url = url or database_url()
    ids = versions or [version.pk]
    sql = bulk_queries(ids, due_round_ids(now, instrument_id__in=ids))
    parts = max(1, min(os.cpu_count() or 1, 4))
    with BulkReader(url) as reader:
        responses = reader.read(sql["responses"])
        con = duckdb.connect()
        con.register("rounds", reader.read(sql["rounds"]))
        con.register("responses", responses)
        params = {"depth": int(depth), "k": int(settings.MIN_RESPONDENTS)}
        respondents = con.sql(_RESPONDENTS, params=params).to_arrow_table()
        con.close()
        sizes = reader.read(sql["sizes"]).to_pylist()[0] if url.startswith("sqlite") else {}
        total = sizes.get("responses") or 0
        if total and responses.num_rows >= SCAN_SHARE * total:
            low, high = int(sizes["low"] or 0), int(sizes["high"] or 0) + 1
            answers = reader.read(_split(sql["scan"], "a.id", low, high, parts))
        else:
            low, high = _id_range(respondents.column("respondent"))
            answers = reader.read(_split(sql["indexed"], "r.id", low, high, parts))
    answers = _values(answers)
    if depth > 1:
        return answers, respondents.cast(ROUNDS_SCHEMA)
    return answers, respondents.select(RESPONDENT_SCHEMA.names).cast(RESPONDENT_SCHEMA)


def national_answers(
    version: InstrumentVersion, url: str | None = None, now: dt.datetime | None = None
) -> pa.Table:
    """The long table (partnership, respondent, grp, item, value) of the latest
    round closed at ``now`` of every partnership that used ``version``."""
    answers, respondents = extract(version, url, now=now)
    con = duckdb.connect()
    con.register("a", answers)
    con.register("r", respondents)
    table = con.sql(
        "SELECT r.partnership, a.respondent, r.grp, a.item, CAST(a.value AS DOUBLE) AS value "
        "FROM a JOIN r ON a.respondent = r.respondent"
    ).to_arrow_table()
    con.close()
    return table


def national_scores_for(
    version: InstrumentVersion, k: int, url: str | None = None
) -> NationalScores:
    """Every partnership's scores for one instrument version, suppressed at ``k``."""
    answers, respondents = extract(version, url)
    return national_scores(answers, item_map(version.instrument()), k, respondents)


def _scored_questions(version: InstrumentVersion) -> list[tuple[object, ...]] | None:
    try:
        table = item_map(version.instrument())
    except InstrumentError:
        return None
    return sorted(tuple(row.values()) for row in table.to_pylist())


def same_scoring(version: InstrumentVersion) -> list[int]:
    """Ids of ``version`` (first) and of every other version of its instrument that
    scores the same questions the same way (item, dimension, scale ends, reverse
    scoring), newest first. Such versions differ only in words (the built-ins'
    version 2 added Welsh to version 1), so a benchmark reads their rounds together:
    a partnership's latest round on version 2 is compared with its previous one on
    version 1, and every partnership is in one table."""
    mine = _scored_questions(version)
    same = [version.pk]
    others = InstrumentVersion.objects.filter(key=version.key, kind=version.kind)
    for other in others.exclude(pk=version.pk).order_by("-version"):
        if mine is not None and _scored_questions(other) == mine:
            same.append(other.pk)
    return same
