"""What the landing page and the coordinator's dashboard show about each partnership.

Survey facts (rounds, open rounds, response rates) come from the surveys app; where
it is not installed or a partnership has no rounds yet, the cards say so. A card's
"latest survey" is the latest *closed* round; a round still open shows its
response count, and invited and answered only to those who coordinate it
(:mod:`joinedup.surveys.visibility`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from joinedup.registry.models import Partnership


@dataclass
class RoundFacts:
    pk: int
    title: str
    period: str
    status: str
    status_label: str
    invited: int
    responded: int
    count: int = 0  # every submitted response (web, imported, anonymous)

    @property
    def percent(self) -> int:
        return round(100 * self.responded / self.invited) if self.invited else 0


@dataclass
class Card:
    partnership: Partnership
    rounds: list[RoundFacts] = field(default_factory=list)
    can_manage: bool = False

    @property
    def latest(self) -> RoundFacts | None:
        """The latest closed round (the one whose results are published)."""
        closed = [r for r in self.rounds if r.status == "closed"]
        return closed[-1] if closed else None

    @property
    def open_rounds(self) -> list[RoundFacts]:
        return [r for r in self.rounds if r.status == "open"]


def _round_facts(partnership_ids: list[int]) -> dict[int, list[RoundFacts]]:
    from django.utils import timezone

    from joinedup.surveys.extract import rounds_with_counts
    from joinedup.surveys.lifecycle import round_state

    out: dict[int, list[RoundFacts]] = {}
    now = timezone.now()  # one moment for every round of the page
    for r in rounds_with_counts(partnership_ids):
        state = round_state(r, now)
        facts = RoundFacts(
            r.pk,
            r.instrument.title,
            r.period,
            state.value,
            state.label,
            r.invited,
            r.responded,
            r.count,
        )
        out.setdefault(r.partnership_id, []).append(facts)
    return out


def cards(partnerships: QuerySet[Partnership], managed: Any = ()) -> list[Card]:
    """One card per partnership, with its survey rounds in date order."""
    chosen = list(partnerships.select_related("lead").order_by("name"))
    facts = _round_facts([p.pk for p in chosen])
    managed_ids = {p.pk for p in managed}
    return [Card(p, facts.get(p.pk, []), p.pk in managed_ids) for p in chosen]
