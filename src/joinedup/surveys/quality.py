"""How well an instrument measured, round by round: the psychometric figures of
:mod:`joinedup.analysis.psychometrics` for the rounds a viewer may see them of.

They rest on every respondent of a round, so, like every other result, they are
shown only for closed rounds (:func:`joinedup.surveys.visibility.is_published`;
an open round's figures, read before and after one more answer, would give that
answer away), and only to the partnership's coordinators, evaluators and
administrators, who judge the instrument; below k respondents the figures are
withheld by the analysis itself. The bootstrap of omega is seeded with the round's
id, so a page reads the same every time.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max

from joinedup.analysis.psychometrics import DimensionQuality, dimension_quality
from joinedup.registry import permissions
from joinedup.surveys.extract import all_rounds, round_answers
from joinedup.surveys.models import Answer, Round, visible_responses
from joinedup.surveys.visibility import is_published

KEEP_SECONDS = 24 * 3600


@dataclass(frozen=True)
class RoundQuality:
    round: Round
    dimensions: list[DimensionQuality]


def may_judge(user: Any, round_: Round) -> bool:
    """Whether ``user`` may read the quality figures of ``round_`` (whose partnership
    they can see): administrators always, coordinators of the partnership and
    evaluators once it has closed."""
    if permissions.is_administrator(user):
        return True
    judge = permissions.is_evaluator(user) or permissions.can_manage(user, round_.partnership)
    return judge and is_published(round_)


def _answers_token(round_: Round) -> str:
    """What the figures rest on: how many answers of visible submitted responses
    the round has, and the newest of them."""
    found = Answer.objects.filter(
        visible_responses("response__"), response__round=round_, response__submitted__isnull=False
    ).aggregate(count=Count("pk"), last=Max("pk"))
    return f"{found['count']}-{found['last']}"


def round_quality(round_: Round, k: int | None = None) -> RoundQuality:
    """The quality figures of every dimension of ``round_``, kept (in the process's
    cache, for a day) until the round's answers change: omega's bootstrap refits a
    thousand resamples per dimension, about a second each on a loaded two-core
    machine."""
    threshold = int(k if k is not None else settings.MIN_RESPONDENTS)
    key = f"joinedup-quality:{round_.pk}:{round_.instrument_id}:{threshold}:"
    key += _answers_token(round_)
    dims = cache.get(key)
    if dims is None:
        instrument = round_.instrument.instrument()
        answers = round_answers(round_.pk)
        dims = dimension_quality(instrument, answers, k=threshold, seed=round_.pk)
        cache.set(key, dims, KEEP_SECONDS)
    return RoundQuality(round_, dims)


def instrument_rounds(user: Any, key: str) -> list[Round]:
    """The rounds of any version of instrument ``key`` whose figures ``user`` may
    read, newest first."""
    visible = permissions.visible_partnerships(user)
    rounds = all_rounds().filter(instrument__key=key, partnership__in=visible)
    return [r for r in rounds.order_by("-opens", "-pk") if may_judge(user, r)]
