"""One line for every technical term a results page shows, in a board member's words.

Templates name a term by its key (``{% term "rwg" %}``, ``{% glossary "rwg" "alpha" %}``,
tags in :mod:`joinedup.web.templatetags.joinedup_words`); the explanation is printed
as visible text beside the term or in a short list under the table that uses it,
so it reads the same on a phone (no hover), on paper and to a screen reader.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Term:
    label: str | Promise
    meaning: str | Promise


TERMS: dict[str, Term] = {
    "ci": Term(
        _("95% CI"),
        _(
            "confidence interval: the range the partnership's true mean most likely lies "
            "in, given who answered; narrow when many answered alike."
        ),
    ),
    "median": Term(_("Median"), _("the middle answer: half answered lower, half higher.")),
    "rwg": Term(
        _("rwg(J)"),
        _(
            "agreement among members on a theme, from 0 (no more than chance) to 1 "
            "(everyone gave the same answers); from 0.70 members broadly agree."
        ),
    ),
    "sd": Term(
        _("SD"),
        _("standard deviation: how spread out the answers are, in points of the scale."),
    ),
    "alpha": Term(
        _("α (Cronbach's alpha)"),
        _(
            "how consistently a theme's questions were answered together, up to 1; from "
            "about 0.7 they measure one thing. Near 0 or negative, the questions pull in "
            "different directions: read that theme question by question, not as one score."
        ),
    ),
    "band": Term(
        _("Band"),
        _("where the mean sits on the scale: a strength, worth discussing, or a concern."),
    ),
    "agreement": Term(
        _("Agreement among members"),
        _(
            "whether the members as a whole give similar answers ('members agree') or "
            "many answers lie more than a point from the middle one ('members split'). It "
            "is about the whole partnership, not about groups."
        ),
    ),
    "groups_differ": Term(
        _("◆ Groups differ"),
        _(
            "stakeholder groups rate the theme differently by more than chance would "
            "explain (Kruskal–Wallis test across the groups, with Holm's correction because "
            "many themes are tested at once). It compares groups; members may still agree "
            "overall."
        ),
    ),
    "change": Term(
        _("Change ★"),
        _(
            # xgettext:no-python-format
            "the difference from the round before, with its 95% range; ★ only when Welch's "
            "t-test says it is unlikely to be chance (p < 0.05) and it is large enough to "
            "matter."
        ),
    ),
    "dont_know": Term(
        _("Don't know"),
        _("the share of answers given as 'don't know', left out of the mean."),
    ),
    "betweenness": Term(
        _("Betweenness"),
        _(
            "how often an organisation lies on the shortest path between two others: the "
            "partners who link people who would otherwise be apart."
        ),
    ),
    "brokerage": Term(
        _("Brokerage roles"),
        _(
            "how an organisation links two others, by sector: all three in one sector "
            "(coordinator); two of another sector (itinerant); letting an outsider in to "
            "its own sector (gatekeeper); speaking for its own sector to another "
            "(representative); three different sectors (liaison)."
        ),
    ),
    "periphery": Term(
        _("Peripheral and isolated"),
        _(
            "peripheral partners have at most one partner or sit outside the network's "
            "tightly knit core; isolated ones have no tie at all."
        ),
    ),
    "ei": Term(
        _("E-I index"),
        _("ties across sectors minus ties within a sector, over all ties: +1 all across."),
    ),
    "density": Term(
        _("Density"),
        _("the share of all possible ties that exist: 1 means everybody works with everybody."),
    ),
    "centralisation": Term(
        _("Centralisation"),
        _("how far the network hangs on one hub: 1 for a star, 0 when all are equal."),
    ),
    "bootstrap": Term(
        _("Bootstrap interval"),
        _(
            "the range the position would most likely take with a different mix of the "
            "same respondents (the answers re-drawn 1,000 times)."
        ),
    ),
    "ps": Term(
        _("PS"),
        _("proportional similarity of participants to the area's population (1 = a mirror)."),
    ),
    "rate_ratio": Term(
        _("Rate ratio"),
        _("the lowest group's participation rate divided by the highest's (1 = even)."),
    ),
}


def term(key: str) -> Term:
    """The term named ``key``; an unknown key is an error in a template."""
    return TERMS[key]
