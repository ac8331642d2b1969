"""The one door through which other apps read survey data.

Other apps never import :mod:`joinedup.surveys.models` (an import-linter contract in
``pyproject.toml`` holds them to it); they read here, and write through the
surveys services (:mod:`~joinedup.surveys.library`, :mod:`~joinedup.surveys.rounds`,
:mod:`~joinedup.surveys.importing`). Three kinds of thing come out:

- answers as plain records of :mod:`joinedup.analysis.data`
  (:func:`round_answers`, :func:`round_relations`): only SUBMITTED responses count,
  and only VISIBLE ones (:func:`~joinedup.surveys.models.visible_responses`: not
  those of an import still being written). Respondents appear only as their
  pseudonym; organisations as their id (a string);
- rounds and instrument versions, as model instances or querysets for pages,
  reports and commands to filter further (:func:`partnership_rounds`,
  :func:`all_rounds`, :func:`find_round`, :func:`rounds_with_counts`,
  :func:`versions`, :func:`find_version`, :func:`closed_round_versions`, …); the
  classes :class:`Round` and :class:`InstrumentVersion` are named here for
  annotations;
- the SQL of the bulk reads of the national path (:func:`bulk_queries`), built
  from the models' metadata here, where the tables are known.

Each function runs one query (a queryset runs when it is read).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from django.db.models import Count, IntegerField, Max, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from joinedup.analysis.data import AnswerRow, RelationRow
from joinedup.registry.models import Partnership
from joinedup.surveys.lifecycle import closed_q
from joinedup.surveys.models import (
    Answer,
    FileState,
    InstrumentVersion,
    RelationAnswer,
    Response,
    ResponseFile,
    Round,
    RoundStatus,
    visible_responses,
)

__all__ = [
    "InstrumentVersion",
    "Round",
    "all_rounds",
    "answered_round_ids",
    "bulk_queries",
    "closed_round_versions",
    "closed_scored_rounds",
    "export_answer_rows",
    "export_profiles",
    "export_rounds",
    "find_round",
    "find_version",
    "partnership_rounds",
    "round_answers",
    "round_exists",
    "round_periods",
    "round_relations",
    "rounds_with_counts",
    "submitted_state",
    "versions",
]


def round_answers(round_id: int) -> list[AnswerRow]:
    """Every answer of every submitted response in the round, ordered by respondent
    and item."""
    rows = (
        Answer.objects.filter(
            visible_responses("response__"),
            response__round_id=round_id,
            response__submitted__isnull=False,
        )
        .order_by("response__pseudonym", "item")
        .values_list(
            "response__pseudonym",
            "response__organisation_id",
            "response__organisation__sector",
            "response__group",
            "item",
            "value",
            "dont_know",
            "text",
        )
    )
    return [
        AnswerRow(
            respondent=pseudonym,
            organisation=str(org),
            sector=sector,
            group=group,
            item=item,
            value=None if dont_know else value,
            dont_know=dont_know,
            text=text,
        )
        for pseudonym, org, sector, group, item, value, dont_know, text in rows
    ]


def round_relations(round_id: int) -> list[RelationRow]:
    """Every relation rating of every submitted response in the round."""
    rows = (
        RelationAnswer.objects.filter(
            visible_responses("response__"),
            response__round_id=round_id,
            response__submitted__isnull=False,
        )
        .order_by("response__pseudonym", "target_id", "item")
        .values_list(
            "response__pseudonym", "response__organisation_id", "target_id", "item", "value"
        )
    )
    return [
        RelationRow(respondent=p, source=str(src), target=str(tgt), item=item, value=value)
        for p, src, tgt, item, value in rows
    ]


def export_rounds(
    partnership_id: int | None = None, round_id: int | None = None
) -> QuerySet[Round]:
    """The closed rounds a response-level export may hold (all, one partnership's,
    or one round), with partnership and instrument version, by id. Only closed rounds:
    their set of respondents no longer changes (imports into them are refused)."""
    # Without each version's definition: ten thousand rounds would otherwise hold ten
    # thousand parsed copies of it (700 MB at national scale); it loads on first use.
    rounds = all_rounds().filter(closed_q()).defer("instrument__definition")
    if partnership_id is not None:
        rounds = rounds.filter(partnership_id=partnership_id)
    if round_id is not None:
        rounds = rounds.filter(pk=round_id)
    return rounds.order_by("pk")


def _export_responses(round_ids: list[int]) -> QuerySet[Response]:
    return Response.objects.filter(
        visible_responses(), round_id__in=round_ids, submitted__isnull=False
    )


def export_profiles(
    round_ids: Iterable[int], chunk_size: int = 20_000
) -> Iterator[tuple[int, int, int | None, int, str]]:
    """Each submitted, visible response of the rounds as (response id, round id,
    person id or None, organisation id, group), streamed in chunks. The person is
    known only while the response keeps its invitation: not in anonymous rounds
    (cut at submission) nor for imported responses."""
    rows = (
        _export_responses(list(round_ids))
        .order_by("round_id", "pk")
        .values_list("pk", "round_id", "invitation__person_id", "organisation_id", "group")
    )
    return rows.iterator(chunk_size=chunk_size)


def export_answer_rows(
    round_ids: Iterable[int], chunk_size: int = 20_000
) -> Iterator[tuple[int, str, float | None, bool, str]]:
    """Each answer of those responses as (response id, item, value, don't know,
    text), streamed in chunks (a server-side cursor on PostgreSQL). A comment its
    coordinator hid is left out, as if not answered."""
    rows = (
        Answer.objects.filter(
            visible_responses("response__"),
            response__round_id__in=list(round_ids),
            response__submitted__isnull=False,
            hidden__isnull=True,
        )
        .order_by()
        .values_list("response_id", "item", "value", "dont_know", "text")
    )
    return rows.iterator(chunk_size=chunk_size)


def partnership_rounds(partnership: Partnership | int) -> QuerySet[Round]:
    """The partnership's rounds in date order (by opening), with their instrument."""
    pk = partnership if isinstance(partnership, int) else partnership.pk
    return (
        Round.objects.filter(partnership_id=pk)
        .select_related("instrument", "partnership")
        .order_by("opens", "pk")
    )


def all_rounds() -> QuerySet[Round]:
    """Every round, with its partnership and instrument version (to filter further,
    e.g. by who may see it)."""
    return Round.objects.select_related("partnership", "instrument")


def find_round(round_id: int) -> Round | None:
    """The round with this id, with its partnership and instrument version, or None."""
    return all_rounds().filter(pk=round_id).first()


def round_exists(round_id: int) -> bool:
    return Round.objects.filter(pk=round_id).exists()


def round_periods(round_ids: Iterable[int]) -> dict[int, str]:
    """Each round's period ("spring 2026"), by round id."""
    return dict(Round.objects.filter(pk__in=list(round_ids)).values_list("pk", "period"))


def round_versions(round_ids: Iterable[int]) -> dict[int, int]:
    """The version number of the instrument each round asked, by round id."""
    rounds = Round.objects.filter(pk__in=list(round_ids))
    return dict(rounds.values_list("pk", "instrument__version"))


def answered_round_ids() -> QuerySet[Any]:
    """The ids of rounds with a visible response, submitted or not (a subquery, for
    ``pk__in``)."""
    return Response.objects.visible().values("round_id")


def rounds_with_counts(partnership_ids: Iterable[int]) -> QuerySet[Any]:
    """The partnerships' rounds in date order, with their instrument version, each
    annotated with ``invited`` (invitations), ``responded`` (invitations whose person
    submitted) and ``count`` (submitted responses, imported ones included)."""
    submitted = (
        Response.objects.filter(round=OuterRef("pk"), submitted__isnull=False)
        .order_by()
        .values("round")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        Round.objects.filter(partnership_id__in=list(partnership_ids))
        .select_related("instrument")
        .annotate(
            invited=Count("invitations"),
            responded=Count("invitations", filter=Q(invitations__submitted=True)),
            count=Coalesce(Subquery(submitted, output_field=IntegerField()), 0),
        )
        .order_by("opens", "pk")
    )


def submitted_state(round_: Round) -> tuple[Any, ...]:
    """What the round's submitted, visible data looks like now, in two queries: how
    many responses and the latest submission, how many answers and the newest one.
    Submitted answers are never edited, so a change in the data changes this."""
    done = (
        round_.responses.visible()
        .filter(submitted__isnull=False)
        .aggregate(n=Count("pk"), last=Max("submitted"))
    )
    answers = Answer.objects.filter(
        visible_responses("response__"), response__round=round_, response__submitted__isnull=False
    ).aggregate(n=Count("pk"), top=Max("pk"))
    return (*done.values(), *answers.values())


def versions() -> QuerySet[InstrumentVersion]:
    """Every stored instrument version, by key and version."""
    return InstrumentVersion.objects.all()


def find_version(key: str, version: int) -> InstrumentVersion | None:
    return InstrumentVersion.objects.filter(key=key, version=version).first()


def closed_round_versions(kind: str) -> list[InstrumentVersion]:
    """Versions of this kind that some closed round has used, newest first per key."""
    used = InstrumentVersion.objects.filter(closed_q(prefix="rounds__"), kind=kind)
    return list(used.distinct().order_by("key", "-version"))


def closed_scored_rounds() -> QuerySet[Round]:
    """Every closed round of a questionnaire, with its partnership and instrument
    version, oldest first (the rounds a benchmark packet may carry)."""
    rounds = Round.objects.filter(closed_q(), instrument__kind="questionnaire")
    return rounds.select_related("partnership", "instrument").order_by("opens", "pk")


CLOSED = str(RoundStatus.CLOSED.value)  # a fixed literal: "closed"


def _visible_sql(alias: str) -> str:
    """The SQL form of ``visible_responses``: no file, or a complete one."""
    files = ResponseFile._meta.db_table
    column = f"{alias}{Response._meta.get_field('file').column}"
    complete = FileState.COMPLETE.value  # a constant of ours, not input
    return (
        f"({column} IS NULL OR {column} IN "  # noqa: S608
        f"(SELECT id FROM {files} WHERE state = '{complete}'))"
    )


def _closed_sql(alias: str, due: list[int]) -> str:
    """The SQL form of :func:`joinedup.surveys.lifecycle.closed_q`: stored as
    closed, or past its closing time (``due``, read through the ORM just before,
    so that no round waits for the lazy write to count as closed)."""
    past = ", ".join(str(int(pk)) for pk in due)
    return f"({alias}status = '{CLOSED}'" + (f" OR {alias}id IN ({past}))" if due else ")")


def bulk_queries(version_ids: list[int], due: list[int] | None = None) -> dict[str, str]:
    """The SQL the national path reads in bulk for instrument versions read as one
    (closed rounds only: results appear when a round closes, by hand or on its date —
    ``due`` lists rounds still stored open but past their closing time): ``rounds``,
    their submitted visible ``responses``, the table ``sizes``, and their answers read
    two ways —
    ``indexed`` (driven from the rounds through the indexes) or ``scan`` (every
    answer, for the caller to keep this version's)."""
    # Only table and column names from the models' metadata, our own constants and
    # integers go into the SQL.
    rounds, responses, answers = (m._meta.db_table for m in (Round, Response, Answer))
    version = ", ".join(str(int(pk)) for pk in version_ids)
    closed = f"instrument_id IN ({version}) AND {_closed_sql('', due or [])}"
    in_rounds = f"SELECT id FROM {rounds} WHERE {closed}"  # noqa: S608
    # Plain columns, so that connectorx takes their declared types: a computed
    # column's type is guessed from its first rows, and a first NULL cannot be typed.
    # "Don't know" becomes a missing value after the read.
    value = "a.value, a.dont_know"
    return {
        "rounds": f"SELECT id, partnership_id, opens FROM {rounds} WHERE {closed}",  # noqa: S608
        "responses": (
            f'SELECT id, round_id, "group" AS grp FROM {responses} '  # noqa: S608
            f"WHERE submitted IS NOT NULL AND round_id IN ({in_rounds}) AND {_visible_sql('')}"
        ),
        # How many responses there are in all, and the answers' id range.
        "sizes": (
            f"SELECT (SELECT count(*) FROM {responses}) AS responses, "  # noqa: S608
            f"(SELECT coalesce(min(id), 0) FROM {answers}) AS low, "
            f"(SELECT coalesce(max(id), 0) FROM {answers}) AS high"
        ),
        # Driven from the rounds through the indexes: reads only this instrument's answers.
        "indexed": (
            f"SELECT a.response_id, a.item, {value} "  # noqa: S608
            f"FROM {rounds} ro JOIN {responses} r ON r.round_id = ro.id "
            f"JOIN {answers} a ON a.response_id = r.id "
            f"WHERE ro.instrument_id IN ({version}) AND {_closed_sql('ro.', due or [])} "
            f"AND r.submitted IS NOT NULL AND {_visible_sql('r.')}"
        ),
        # Every answer, in rowid order; the caller keeps this instrument's.
        "scan": f"SELECT a.response_id, a.item, {value} FROM {answers} a WHERE 1 = 1",  # noqa: S608
    }
