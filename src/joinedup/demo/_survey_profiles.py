"""How each demo partnership answers, so the three differ in believable ways.

- Community Safety Partnership (csp): strong on accountability and arrangements,
  directed and inward-looking (Newman's accountability pull), community members
  trusting the statutory partners less.
- Local Strategic Partnership (lsp): broad and middling, with a visible split on
  purpose: statutory members see a clear shared purpose, community and voluntary
  members do not.
- Health and Social Care Board (hsc): set up to build community capacity; in 2025
  it sits near sustainability (self-steering, internal), by 2026 it has drifted
  towards pragmatism (directed by targets, chasing bids and deadlines).

Means are on a 1–5 agreement scale before respondent noise.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Profile:
    themes: dict[str, float]  # health-check dimension → mean agreement
    sector_shift: dict[tuple[str, str], float] = field(default_factory=dict)  # (theme, sector)
    newman: tuple[float, float] = (0.0, 0.0)  # (vertical: + self-steering, horizontal: + external)
    spread: float = 0.7  # respondent noise (sd)
    purpose_kind: tuple[tuple[str, float], ...] = (("outcome", 1.0),)
    depth: float = 3.0  # hc_overall_depth mean
    pratt: float = 2.5


BASE_THEMES = {
    "purpose": 3.3,
    "arrangements": 3.2,
    "ownership_trust": 3.2,
    "leadership_learning": 3.1,
    "accountability": 3.2,
    "incentives_resources": 2.9,
}


def _themes(**changes: float) -> dict[str, float]:
    return {**BASE_THEMES, **changes}


PROFILES: dict[tuple[str, int], Profile] = {
    ("csp", 2025): Profile(
        _themes(accountability=4.2, arrangements=4.0, ownership_trust=3.3, leadership_learning=2.8),
        {("ownership_trust", "community"): -1.3, ("ownership_trust", "voluntary"): -0.7},
        newman=(-0.7, -0.6),
        spread=0.6,
        purpose_kind=(("outcome", 0.85), ("process", 0.15)),
        depth=3.4,
        pratt=3.0,
    ),
    ("csp", 2026): Profile(
        _themes(accountability=4.3, arrangements=4.1, ownership_trust=3.2, leadership_learning=2.9),
        {("ownership_trust", "community"): -1.4, ("ownership_trust", "voluntary"): -0.6},
        newman=(-0.75, -0.55),
        spread=0.6,
        purpose_kind=(("outcome", 0.9), ("process", 0.1)),
        depth=3.5,
        pratt=3.1,
    ),
    ("lsp", 2025): Profile(
        _themes(purpose=3.3, arrangements=3.0, accountability=2.9),
        {
            ("purpose", "public"): 0.9,
            ("purpose", "community"): -1.2,
            ("purpose", "voluntary"): -0.9,
        },
        newman=(0.15, 0.25),
        spread=0.95,
        purpose_kind=(("process", 0.5), ("outcome", 0.3), ("experimental", 0.2)),
        depth=2.6,
        pratt=2.2,
    ),
    ("lsp", 2026): Profile(
        _themes(purpose=3.4, arrangements=3.1, accountability=3.0, leadership_learning=3.3),
        {
            ("purpose", "public"): 1.0,
            ("purpose", "community"): -1.3,
            ("purpose", "voluntary"): -0.8,
        },
        newman=(0.1, 0.3),
        spread=0.95,
        purpose_kind=(("process", 0.55), ("outcome", 0.25), ("experimental", 0.2)),
        depth=2.7,
        pratt=2.3,
    ),
    ("hsc", 2025): Profile(
        _themes(
            purpose=4.0, ownership_trust=3.9, leadership_learning=3.6, incentives_resources=3.1
        ),
        {("ownership_trust", "community"): 0.2},
        newman=(0.65, -0.6),
        spread=0.65,
        purpose_kind=(("outcome", 0.5), ("experimental", 0.35), ("process", 0.15)),
        depth=3.2,
        pratt=2.8,
    ),
    ("hsc", 2026): Profile(
        _themes(
            purpose=3.1, ownership_trust=3.2, leadership_learning=2.9, incentives_resources=2.5
        ),
        {("ownership_trust", "community"): -0.6, ("purpose", "community"): -0.5},
        newman=(-0.55, 0.65),
        spread=0.7,
        purpose_kind=(("outcome", 0.7), ("process", 0.2), ("experimental", 0.1)),
        depth=3.0,
        pratt=2.9,
    ),
}

# Where each of Newman's pulls sits on the plane: (vertical, horizontal).
PULLS = {
    "accountability": (-1.0, -1.0),
    "pragmatism": (-1.0, 1.0),
    "flexibility": (1.0, 1.0),
    "sustainability": (1.0, -1.0),
}


def dynamics_mean(tags: list[str], newman: tuple[float, float]) -> float:
    """Mean agreement with a dynamics item for a partnership at ``newman``."""
    v, h = newman
    push = 0.0
    for tag in tags:
        parts = tag.split(":")
        if parts[0] == "newman" and len(parts) == 3:
            sign = 1.0 if parts[2] == "+" else -1.0
            push += sign * (v if parts[1] == "vertical" else h)
        elif parts[0] == "profile" and len(parts) == 3:
            qv, qh = PULLS[parts[2]]
            push += qv * v + qh * h
    return 3.0 + 1.2 * push
