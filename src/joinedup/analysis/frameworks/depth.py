"""How deep the joint working goes: the ladder of partnership and Pratt's spectrum.

Readings
    *Network ladder*: every rating ``net_depth`` (1–5: isolation, encounter,
    communication, collaboration, integration) one member gave another, as a
    distribution over the five rungs and its mean.
    *Members' judgement*: the health-check item ``hc_overall_depth`` (same 1–5
    ladder) — what members think of the partnership as a whole.
    *Pratt's whole-systems spectrum*: ``hc_pratt`` (1–4: competition,
    co-operation, co-ordination, integration), distribution and mean.

Gap rule
    ``gap = judgement mean − network mean`` on the ladder. When ``|gap| ≥ 0.5``
    (half a rung) the gap is reported: a positive gap means members judge the
    partnership deeper than their pairwise ties show (a shared story running
    ahead of daily practice); a negative one that the ties are deeper than the
    partnership as a whole is felt to be.

Each reading needs at least ``k`` distinct respondents, else it is withheld
with the reason. Reference: B. Hudson et al (1999) and M. Powell et al (2001)
for the ladder; J. Pratt, P. Gordon and D. Plamping (1998) *Working whole
systems* for the spectrum.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

from joinedup.analysis.data import AnswerRow, RelationRow
from joinedup.analysis.frameworks._common import suppression_reason
from joinedup.analysis.words import gettext, gettext_noop

NAME = "depth"
TITLE = "Depth of partnership"
LADDER = (
    gettext_noop("isolation"),
    gettext_noop("encounter"),
    gettext_noop("communication"),
    gettext_noop("collaboration"),
    gettext_noop("integration"),
)
PRATT = ("competition", "co-operation", "co-ordination", "integration")
GAP_THRESHOLD = 0.5


@dataclass(frozen=True)
class Distribution:
    source: str
    steps: tuple[str, ...]
    respondents: int
    readings: int = 0
    suppressed: str | None = None
    shares: tuple[float, ...] = ()
    mean: float | None = None

    @property
    def modal(self) -> str | None:
        if not self.shares:
            return None
        return self.steps[max(range(len(self.shares)), key=lambda i: self.shares[i])]


@dataclass(frozen=True)
class DepthResult:
    network: Distribution
    judgement: Distribution
    pratt: Distribution
    gap: float | None
    gap_reported: bool

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        for name in ("network", "judgement", "pratt"):
            data[name]["modal"] = getattr(self, name).modal
        return data


def _distribution(
    source: str, steps: tuple[str, ...], pairs: list[tuple[str, float]], k: int
) -> Distribution:
    respondents = len({who for who, _ in pairs})
    reason = suppression_reason(respondents, k)
    if reason or not pairs:
        return Distribution(source, steps, respondents, len(pairs), reason or "no answers")
    counts = [0] * len(steps)
    for _, value in pairs:
        counts[min(len(steps), max(1, round(value))) - 1] += 1
    total = len(pairs)
    return Distribution(
        source,
        steps,
        respondents,
        total,
        None,
        tuple(c / total for c in counts),
        sum(v for _, v in pairs) / total,
    )


def compute(relations: Iterable[RelationRow], answers: Iterable[AnswerRow], k: int) -> DepthResult:
    """The three readings and the gap between network and judgement."""
    rows = [a for a in answers if a.value is not None and not a.dont_know]
    network = _distribution(
        "partners' ratings of one another",
        LADDER,
        [
            (r.respondent, r.value)
            for r in relations
            if r.item == "net_depth" and r.value is not None
        ],
        k,
    )
    judgement = _distribution(
        "members' judgement of the partnership as a whole",
        LADDER,
        [(a.respondent, float(a.value or 0)) for a in rows if a.item == "hc_overall_depth"],
        k,
    )
    pratt = _distribution(
        "Pratt's whole-systems spectrum",
        PRATT,
        [(a.respondent, float(a.value or 0)) for a in rows if a.item == "hc_pratt"],
        k,
    )
    gap = None
    if network.mean is not None and judgement.mean is not None:
        gap = judgement.mean - network.mean
    return DepthResult(
        network, judgement, pratt, gap, gap is not None and abs(gap) >= GAP_THRESHOLD
    )


def _describe(d: Distribution) -> str:
    if d.mean is None:
        return f"{d.source}: {d.suppressed}"
    return gettext("%(source)s: mean %(mean)s, most often '%(modal)s' (%(readings)s readings)") % {
        "source": d.source,
        "mean": f"{d.mean:.1f}",
        "modal": gettext(str(d.modal)),
        "readings": d.readings,
    }


def explain(result: DepthResult) -> str:
    """The readings and the gap rule in plain words; one sentence when no reading
    has enough answers (nothing to read yet)."""
    readings = (result.network, result.judgement, result.pratt)
    if all(d.mean is None for d in readings):
        return gettext(
            "Not enough answers yet to say how deep the joint working goes: each reading "
            "needs answers from at least the minimum number of respondents."
        )
    parts = [_describe(d) for d in (result.network, result.judgement, result.pratt)]
    text = "; ".join(parts) + "."
    if result.gap is None:
        return text + " " + gettext("No gap can be read until both ladder readings are available.")
    values = {"gap": f"{result.gap:+.1f}", "threshold": GAP_THRESHOLD}
    if not result.gap_reported:
        return (
            text
            + " "
            + gettext(
                "The two ladder readings differ by %(gap)s rungs, less than %(threshold)s — "
                "they tell the same story."
            )
            % values
        )
    direction = (
        gettext("members judge the partnership deeper than their pairwise ties show")
        if result.gap > 0
        else gettext("the pairwise ties run deeper than members judge the partnership as a whole")
    )
    return (
        text
        + " "
        + gettext("Gap of %(gap)s rungs (reported from %(threshold)s): %(direction)s.")
        % {**values, "direction": direction}
    )
