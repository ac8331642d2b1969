"""The one door through which other apps read survey data.

Each function runs one query and returns plain records from
:mod:`joinedup.analysis.data`; only SUBMITTED responses count, and only VISIBLE
ones (:func:`~joinedup.surveys.models.visible_responses`: not those of an import
still being written). Respondents appear only as their pseudonym; organisations as
their id (a string).
"""

from __future__ import annotations

from django.db.models import QuerySet

from joinedup.analysis.data import AnswerRow, RelationRow
from joinedup.registry.models import Partnership
from joinedup.surveys.models import Answer, RelationAnswer, Round, visible_responses


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


def partnership_rounds(partnership: Partnership | int) -> QuerySet[Round]:
    """The partnership's rounds in date order (by opening), with their instrument."""
    pk = partnership if isinstance(partnership, int) else partnership.pk
    return (
        Round.objects.filter(partnership_id=pk)
        .select_related("instrument", "partnership")
        .order_by("opens", "pk")
    )
