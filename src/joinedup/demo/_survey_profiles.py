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

Means are on a 1–5 agreement scale before respondent noise. The profiles are in
``data/surveys.yaml``.
"""

from __future__ import annotations

from joinedup.demo import _tables as tables
from joinedup.demo._tables import Profile

__all__ = ["BASE_THEMES", "PROFILES", "PULLS", "Profile", "dynamics_mean"]

BASE_THEMES = tables.base_themes()
PROFILES = tables.survey_profiles()
PULLS = tables.pulls()


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
