"""Bovaird's governance test, principle by principle: each stakeholder group's mean.

The good-governance questionnaire asks one question per principle of good
governance in partnerships (tagged ``bovaird:``; T. Bovaird and E. Löffler,
*Public Management and Governance*, Routledge 2003/2009, ch. on governance
principles and the "governance test"). The finding is the difference between
groups, so the grid has one row per stakeholder group and one column per
principle, each cell the group's mean answer to that principle's question.

Confidentiality. Each column is one partition of the question's respondents into
groups, published beside the overall mean and its n. A cell resting on fewer than
``k`` answers is withheld, and further cells of the same column are withheld,
smallest first, until the hidden groups together hold zero or at least ``k``
respondents (:func:`joinedup.analysis.suppression.guard_groups`, applied by the
scoring core to every item), so ``overall × n − Σ shown`` never isolates fewer
than ``k`` people. The sizes of withheld cells are not given. Columns are
different questions, so no sum across columns isolates anyone either; and the
dimension-level grid is an average of these cells, withheld for a group when
any of its cells is (:mod:`joinedup.analysis.dimension_means`).
"""

from __future__ import annotations

from dataclasses import dataclass

from joinedup.analysis.divergence import Grid, grid
from joinedup.analysis.instruments import Instrument
from joinedup.analysis.scoring import RoundScores, to_jsonable

PREFIX = "bovaird:"

#: The principles in plain words (written here), by tag suffix.
PRINCIPLES = {
    "accountability": "Answers for its decisions",
    "citizen_engagement": "Involves local people",
    "transparency": "Open about what it does",
    "leadership": "Gives a lead",
    "equalities": "Treats all groups equally and includes them",
    "ethical_honest": "Acts honestly and ethically",
    "equity": "Uses fair procedures",
    "cooperation": "Willing and able to work together",
    "competitiveness": "Able to compete",
    "sustainability": "Thinks of the long term",
}


@dataclass(frozen=True)
class PrincipleGrid:
    """The grid with each principle's plain name (issue → label)."""

    grid: Grid
    labels: dict[str, str]

    def to_dict(self) -> dict[str, object]:
        data = to_jsonable(self.grid)
        assert isinstance(data, dict)
        data["labels"] = self.labels
        return data


def principle_items(instrument: Instrument) -> dict[str, str]:
    """Item name → principle (tag suffix) for the items tagged ``bovaird:``."""
    found: dict[str, str] = {}
    for item in instrument.scored_items():
        for tag in item.tags:
            if tag.startswith(PREFIX):
                found[item.name] = tag[len(PREFIX) :]
                break
    return found


def principle_grid(result: RoundScores, instrument: Instrument) -> PrincipleGrid | None:
    """Groups × principles from a round's item scores; None when the instrument asks
    about no principle or fewer than two groups are known."""
    wanted = principle_items(instrument)
    rows = {
        i.item: i.divergence for i in result.items if i.item in wanted and i.divergence is not None
    }
    if not rows:
        return None
    found = grid(rows)
    if len(found.groups) < 2:
        return None
    labels = {item: PRINCIPLES.get(p, p.replace("_", " ")) for item, p in wanted.items()}
    return PrincipleGrid(found, {i: labels[i] for i in found.issues})
