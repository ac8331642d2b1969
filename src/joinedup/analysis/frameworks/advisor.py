"""Governance-mode advisor: network, relational contract, market contract or in-house.

Conditions (agreement = the condition holds for the service in question)
    Rhodes' eight conditions under which networks are preferable: reliable rich
    information is needed; quality is hard to specify; the service is hard to
    price; professional discretion is a core value; local flexibility is needed;
    several agencies must produce it together; monitoring costs are high;
    implementation involves bargaining.
    Bovaird's six conditions under which in-house provision is preferable: few
    other providers; collusion among providers; frequent contract adjustment;
    complex contracts; assets with no other use; affordable research and
    development.

Reading an answer
    yes/true → holds; no/false/0 → does not hold; on a 1–5
    agreement scale 4–5 holds, 1–2 does not, 3 is unsure; missing = unanswered.
    Unsure and unanswered conditions count as not holding and are listed.

Decision rule (two counts, two thresholds)
    ``R`` = Rhodes conditions that hold, network case when ``R ≥ 4`` (half of 8);
    ``I`` = in-house conditions that hold, in-house case when ``I ≥ 3`` (half of 6).

    ====================  =================  =============================
    network case          in-house case      recommendation
    ====================  =================  =============================
    yes                   no                 partnership / network
    yes                   yes                long-term relational contract
    no                    yes                in-house / hierarchy
    no                    no                 market contract
    ====================  =================  =============================

    The relational contract in the second row follows Bovaird: where in-house
    reasons hold, a long-term relational contract sharing resources may still
    beat in-house provision — and the network conditions say it will.
    The recommendation changes only when ``R`` or ``I`` crosses its threshold.

From a governance-modes round
    The governance-modes questionnaire asks members one agreement question per
    condition (tagged ``rhodes:`` and ``inhouse:``). :func:`from_round` reads each
    question's mean (shown only when at least k members answered it) as the
    answer for its condition, rounded to the nearest point of the 1–5 scale
    first (3.5 and above holds, 2.5 and below does not, between is unsure), and
    each reason carries the mean and its n ("members rate … 3.9 of 5, n = 12").
    A question withheld for too few answers counts as unanswered.

Reference: R. Rhodes (2000) 'The governance narrative', *Public Administration*
78(2), pp 355–6; T. Bovaird, lecture notes on partnership working.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass, replace
from typing import Any

NAME = "advisor"
TITLE = "Governance-mode advisor"
RHODES = {
    "information": "reliable, rich information is needed",
    "quality_hard_to_specify": "quality is hard to specify or measure",
    "hard_to_price": "the service is hard to price",
    "professional_discretion": "professional discretion is a core value",
    "local_flexibility": "flexibility for local needs is needed",
    "multi_agency": "several agencies must produce it together",
    "monitoring_costs": "monitoring costs are high",
    "bargaining": "implementation involves bargaining",
}
INHOUSE = {
    "few_providers": "there are few other providers",
    "collusion": "other providers collude",
    "frequent_adjustment": "the contract would need frequent adjustment",
    "complex_contracts": "contracts would be complex",
    "specific_assets": "the assets have no other use",
    "affordable_rnd": "research and development can be afforded",
}
NETWORK_THRESHOLD = 4
INHOUSE_THRESHOLD = 3
TABLE = {
    (True, False): "partnership / network",
    (True, True): "long-term relational contract",
    (False, True): "in-house / hierarchy",
    (False, False): "market contract",
}
Answer = bool | int | float | str | None


@dataclass(frozen=True)
class Advice:
    recommendation: str
    network_count: int
    inhouse_count: int
    network_case: bool
    inhouse_case: bool
    holding: tuple[str, ...]
    not_holding: tuple[str, ...]
    unsure: tuple[str, ...]
    reasons_for: tuple[str, ...]
    reasons_against: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def read_answer(value: Answer) -> bool | None:
    """True (holds), False (does not) or None (unsure / unanswered)."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        word = value.strip().lower()
        if word in ("yes", "y", "true", "holds"):
            return True
        if word in ("no", "n", "false"):
            return False
        try:
            value = float(word)
        except ValueError as exc:
            raise ValueError(f"'{value}' is not yes, no or a number from 1 to 5") from exc
    number = float(value)
    if number == 0:
        return False
    if not 1 <= number <= 5:
        raise ValueError(f"{value} is outside the 1–5 agreement scale")
    return True if number >= 4 else False if number <= 2 else None


def _label(condition: str) -> str:
    return RHODES.get(condition) or INHOUSE[condition]


def _reason(condition: str, holds: bool | None) -> str:
    state = {True: "holds", False: "does not hold", None: "unsure or not answered"}[holds]
    return f"{_label(condition)} ({state})"


def compute(answers: Mapping[str, Answer]) -> Advice:
    """The recommendation for one service from condition → answer."""
    unknown = sorted(set(answers) - set(RHODES) - set(INHOUSE))
    if unknown:
        raise ValueError(f"unknown condition(s): {', '.join(unknown)}")
    read = {c: read_answer(answers.get(c)) for c in [*RHODES, *INHOUSE]}
    if all(v is None for v in read.values()):
        raise ValueError("no condition was answered")
    holding = tuple(c for c, v in read.items() if v is True)
    network_count = sum(1 for c in holding if c in RHODES)
    inhouse_count = sum(1 for c in holding if c in INHOUSE)
    network_case = network_count >= NETWORK_THRESHOLD
    inhouse_case = inhouse_count >= INHOUSE_THRESHOLD
    rhodes_no = [c for c in RHODES if read[c] is not True]
    inhouse_no = [c for c in INHOUSE if read[c] is not True]
    rhodes_yes = [c for c in holding if c in RHODES]
    inhouse_yes = [c for c in holding if c in INHOUSE]
    # for the network: Rhodes holding; against: Rhodes missing. For in-house the same.
    pro = (rhodes_yes if network_case else rhodes_no) + (
        inhouse_yes if inhouse_case else inhouse_no
    )
    con = (rhodes_no if network_case else rhodes_yes) + (
        inhouse_no if inhouse_case else inhouse_yes
    )
    return Advice(
        recommendation=TABLE[(network_case, inhouse_case)],
        network_count=network_count,
        inhouse_count=inhouse_count,
        network_case=network_case,
        inhouse_case=inhouse_case,
        holding=holding,
        not_holding=tuple(c for c, v in read.items() if v is False),
        unsure=tuple(c for c, v in read.items() if v is None),
        reasons_for=tuple(_reason(c, read[c]) for c in pro),
        reasons_against=tuple(_reason(c, read[c]) for c in con),
    )


@dataclass(frozen=True)
class Rating:
    """Members' mean answer to one condition's question and how many gave it."""

    mean: float
    n: int


def _rated(condition: str, rating: Rating | None, holds: bool | None) -> str:
    state = {True: "holds", False: "does not hold", None: "unsure"}[holds]
    if rating is None:
        return f"{_label(condition)} (not asked, or too few answers to show)"
    return f"{_label(condition)}: members rate it {rating.mean:.1f} of 5, n = {rating.n} ({state})"


def from_round(ratings: Mapping[str, Rating | None]) -> Advice:
    """The recommendation from a governance-modes round: condition → members' mean
    answer (None when withheld). Each mean is rounded to the nearest scale point
    (halves up) and read as an answer; the reasons quote the means."""
    answers: dict[str, Answer] = {
        c: None if r is None else float(math.floor(r.mean + 0.5)) for c, r in ratings.items()
    }
    advice = compute(answers)
    read = {c: read_answer(answers.get(c)) for c in [*RHODES, *INHOUSE]}

    def quoted(reasons: tuple[str, ...]) -> tuple[str, ...]:
        out = []
        for reason in reasons:
            condition = next(c for c in [*RHODES, *INHOUSE] if reason.startswith(_label(c)))
            out.append(_rated(condition, ratings.get(condition), read[condition]))
        return tuple(out)

    return replace(
        advice,
        reasons_for=quoted(advice.reasons_for),
        reasons_against=quoted(advice.reasons_against),
    )


def explain(result: Advice) -> str:
    """The recommendation and the counts that produced it."""
    text = (
        f"Recommendation: {result.recommendation}. {result.network_count} of Rhodes' "
        f"{len(RHODES)} network conditions hold (network case from {NETWORK_THRESHOLD}: "
        f"{'yes' if result.network_case else 'no'}); {result.inhouse_count} of Bovaird's "
        f"{len(INHOUSE)} in-house conditions hold (in-house case from {INHOUSE_THRESHOLD}: "
        f"{'yes' if result.inhouse_case else 'no'})."
    )
    if result.unsure:
        text += f" Unsure or unanswered, counted as not holding: {', '.join(result.unsure)}."
    return text
