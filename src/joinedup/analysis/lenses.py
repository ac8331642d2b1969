"""Framework lenses: the health check scored under another framework's headings.

The health check's items carry tags naming where each belongs in the checklists of
the partnership literature (``theme:``, ``nuffield:``, ``audit:``,
``evans_killoran:``, ``surestart:``). A *lens* regroups the same answers under one
checklist's headings:

- ``theme`` — the six recurring themes of the comparison of checklists in Table 2.1
  (purpose; arrangements; ownership and trust; leadership and learning;
  accountability; incentives and resources);
- ``nuffield`` — the six principles of the Nuffield Institute's partnership
  assessment tool (Hardy, Hudson & Waddington, *What makes a good partnership?*,
  Nuffield Institute for Health, 2000);
- ``audit`` — the five headings of the Audit Commission's checklist (*A Fruitful
  Partnership*, 1998);
- ``evans_killoran`` — Evans & Killoran's six enabling factors (D. Evans and A.
  Killoran, 'Tackling health inequalities through partnership working', *Critical
  Public Health* 10(2), 2000);
- ``surestart`` — the seven characteristics of joint working in the Sure Start
  evaluation.

Scoring. Each heading is scored exactly as a questionnaire dimension is (the
scoring core's dimension rule, on a one-dimension copy of the instrument holding
the heading's items, with the round's item rows scored once): the heading mean
is the mean of its shown item means, with the Student interval of respondents'
heading scores moved onto it, rwg(J), Cronbach's alpha, the band, the split
reading, and group means under the small-group rule. An item may sit under
several headings of one lens (it counts in each). Only agreement items are
regrouped: items tagged ``special:`` (the depth ladder, Pratt's spectrum, the
purpose kind, comments) are read elsewhere.

Withheld headings. A heading shows no figure when fewer than :data:`MIN_ITEMS`
of its items are asked (one question is not a heading's measure), and every
figure of a heading resting on fewer than ``k`` respondents is withheld by the
scoring core. A heading no item is tagged with says so. Every heading figure is
an average of item means that are themselves shown, so a lens publishes nothing
that the item level does not, whichever lenses a reader compares.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from joinedup.analysis.data import AnswerRow
from joinedup.analysis.divergence import adjust
from joinedup.analysis.instruments import Instrument, Item, ItemType
from joinedup.analysis.scoring import (
    AnswerTable,
    DimensionScore,
    ItemScore,
    answer_table,
    score_round,
    to_jsonable,
)
from joinedup.analysis.scoring import _dimension_score as dimension_score
from joinedup.analysis.suppression import DEFAULT_K, check_k

#: The fewest items a heading must have to be scored.
MIN_ITEMS = 2
#: Items with a tag of this prefix are not regrouped (they are not agreement items).
SPECIAL = "special:"


@dataclass(frozen=True)
class Lens:
    key: str
    title: str
    source: str
    headings: tuple[tuple[str, str], ...]  # (tag suffix, plain-language name)


LENSES: dict[str, Lens] = {
    lens.key: lens
    for lens in (
        Lens(
            "theme",
            "The six recurring themes",
            "Table 2.1's comparison of partnership checklists",
            (
                ("purpose", "A purpose partners share"),
                ("arrangements", "How the partnership is organised"),
                ("ownership_trust", "Ownership and trust"),
                ("leadership_learning", "Leading, reviewing and adapting"),
                ("accountability", "Answering for what it does"),
                ("incentives_resources", "Resources and reasons to take part"),
            ),
        ),
        Lens(
            "nuffield",
            "Nuffield partnership principles",
            "Hardy, Hudson & Waddington (2000), Nuffield Institute for Health",
            (
                ("need_for_partnership", "Partners see why they need each other"),
                ("clarity_of_purpose", "A clear and realistic purpose"),
                ("commitment_ownership", "Partners commit and feel it is theirs"),
                ("trust", "Trust is built and kept"),
                ("arrangements", "Sound working arrangements"),
                ("monitor_learn", "Checking progress and learning from it"),
            ),
        ),
        Lens(
            "audit",
            "Audit Commission headings",
            "Audit Commission (1998), A Fruitful Partnership",
            (
                ("deciding", "Deciding to work in partnership"),
                ("getting_started", "Getting started"),
                ("operating", "Running well day to day"),
                ("reviewing", "Reviewing what it has achieved"),
                ("expectations", "What it can expect to achieve"),
            ),
        ),
        Lens(
            "evans_killoran",
            "Evans & Killoran's enabling factors",
            "Evans & Killoran (2000), Critical Public Health 10(2)",
            (
                ("shared_vision", "A vision partners share"),
                ("leadership_management", "Leadership and management"),
                ("relations_ownership", "Working relations and local ownership"),
                ("accountability", "Clear lines of accountability"),
                ("readiness", "Partner organisations ready for it"),
                ("responsiveness", "Keeping pace with a changing world"),
            ),
        ),
        Lens(
            "surestart",
            "Sure Start's characteristics of joint working",
            "the national evaluation of Sure Start local programmes",
            (
                ("agreed_aims", "Aims everyone agreed"),
                ("new_ways", "Leaving old ways of working behind"),
                ("strategic_commitment", "Commitment at a senior level"),
                ("clear_roles", "Roles everyone understands"),
                ("information_sharing", "Agreed ways to share information"),
                ("co_location", "Working from the same place"),
                ("training", "Learning together"),
            ),
        ),
    )
}
DEFAULT_LENS = "theme"


@dataclass(frozen=True)
class Heading:
    """One heading of a lens: its items and, when scored, its dimension-style score."""

    key: str
    label: str
    items: list[str]
    score: DimensionScore | None
    note: str = ""


@dataclass(frozen=True)
class LensResult:
    lens: str
    title: str
    source: str
    k: int
    headings: list[Heading]

    def to_dict(self) -> dict[str, object]:
        data = to_jsonable(self)
        assert isinstance(data, dict)
        return data


def get(key: str | None) -> Lens:
    """The lens called ``key``; the themes lens for an empty or unknown key."""
    return LENSES.get(key or "", LENSES[DEFAULT_LENS])


def tagged_items(instrument: Instrument, prefix: str) -> dict[str, list[Item]]:
    """Heading (tag suffix) → the instrument's agreement items tagged ``prefix:heading``."""
    found: dict[str, list[Item]] = {}
    for dimension in instrument.dimensions:
        for item in dimension.items:
            tags = list(item.tags) + list(dimension.tags)
            if item.type != ItemType.SCALE or any(t.startswith(SPECIAL) for t in tags):
                continue
            for tag in dict.fromkeys(tags):
                if tag.startswith(prefix + ":"):
                    found.setdefault(tag[len(prefix) + 1 :], []).append(item)
    return found


def uncovered_tags(instrument: Instrument, lens: Lens) -> list[str]:
    """Tags of ``lens``'s prefix on the instrument's items that no heading names."""
    known = {key for key, _ in lens.headings}
    return sorted(set(tagged_items(instrument, lens.key)) - known)


def applies(instrument: Instrument, lens: Lens) -> bool:
    """Whether any item of ``instrument`` carries a tag of ``lens``."""
    return bool(tagged_items(instrument, lens.key))


@dataclass(frozen=True)
class Scored:
    """A round scored once (its answer table and item rows), shared by every lens."""

    table: AnswerTable
    items: dict[str, ItemScore]


def prepare(instrument: Instrument, answers: Sequence[AnswerRow], k: int) -> Scored:
    rows = score_round(instrument, answers, k).items
    return Scored(answer_table(instrument, answers), {row.item: row for row in rows})


def _heading(
    instrument: Instrument, key: str, label: str, items: list[Item], scored: Scored, k: int
) -> Heading:
    names = [i.name for i in items]
    if not items:
        return Heading(key, label, [], None, "no question of this questionnaire asks about it")
    if len(items) < MIN_ITEMS:
        note = f"rests on {len(items)} question only, fewer than {MIN_ITEMS}: no heading score"
        return Heading(key, label, names, None, note)
    dimension = instrument.dimension_of(names[0]).model_copy(
        update={"name": key, "label": {"en": label}, "items": items, "tags": []}
    )
    only = instrument.model_copy(update={"dimensions": [dimension]})
    score = dimension_score(only, scored.table, 0, k, "pairwise", None, scored.items)
    return Heading(key, label, names, score)


def compute(
    instrument: Instrument,
    answers: Sequence[AnswerRow],
    lens: str = DEFAULT_LENS,
    k: int = DEFAULT_K,
    scored: Scored | None = None,
) -> LensResult:
    """Score ``answers`` of ``instrument`` under each heading of ``lens``
    (``scored``: the round already scored by :func:`prepare`, to share between lenses).

    Group-difference p values are Holm-adjusted across the lens's scored headings."""
    check_k(k)
    chosen = get(lens)
    by_tag = tagged_items(instrument, chosen.key)
    ready = scored or prepare(instrument, answers, k)
    headings = [
        _heading(instrument, key, label, by_tag.get(key, []), ready, k)
        for key, label in chosen.headings
    ]
    tested = [h for h in headings if h.score is not None and h.score.divergence is not None]
    adjusted = adjust([h.score.divergence for h in tested if h.score and h.score.divergence])
    by_key = {
        h.key: replace(h, score=replace(h.score, divergence=d))
        for h, d in zip(tested, adjusted, strict=True)
        if h.score
    }
    out = [by_key.get(h.key, h) for h in headings]
    return LensResult(chosen.key, chosen.title, chosen.source, k, out)


def compute_all(
    instrument: Instrument, answers: Sequence[AnswerRow], k: int = DEFAULT_K
) -> list[LensResult]:
    """Every lens that applies to ``instrument``, from one scoring of the round."""
    wanted = [lens.key for lens in LENSES.values() if applies(instrument, lens)]
    if not wanted:
        return []
    ready = prepare(instrument, answers, k)
    return [compute(instrument, answers, key, k, ready) for key in wanted]


def explain(result: LensResult) -> str:
    """The lens in words: which headings are scored, withheld or not asked about."""
    scored = [h.label for h in result.headings if h.score is not None]
    empty = [h.label for h in result.headings if not h.items]
    few = [h.label for h in result.headings if h.items and h.score is None]
    text = (
        f"{result.title} ({result.source}): {len(scored)} of {len(result.headings)} "
        "headings scored from the health check's items."
    )
    if few:
        text += f" Too few questions to score: {', '.join(few)}."
    if empty:
        text += f" Not asked about: {', '.join(empty)}."
    return text
