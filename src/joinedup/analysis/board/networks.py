"""Board wording for the partnership network: density in words, the main broker
organisations, and the partners at the edge by sector.

Everything here is about organisations, never people: the network's nodes are
member organisations and the figures are the ones the network section shows.

Density words (the project's reading of ``ties / possible ties``; Wasserman &
Faust 1994, §4.2): below 0.15 *sparse*, below 0.35 *thin*, below 0.6 *fairly
dense*, else *dense*. The bands are a reading aid for a board, not a test.
Brokers are the organisations with the highest betweenness (Freeman 1977) — the
ones most often on the shortest path between two others; the periphery follows the
k-core rule of :func:`joinedup.analysis.network.brokerage.periphery`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from joinedup.analysis.board.text import (
    DIVIDED,
    ROOM,
    WATCH,
    BoardLines,
    Prompt,
    names,
)
from joinedup.analysis.words import gettext, gettext_noop, ngettext

DENSITY_WORDS = (
    (0.15, gettext_noop("sparse: most pairs of partners do not work together")),
    (0.35, gettext_noop("thin: each partner works with a minority of the others")),
    (0.6, gettext_noop("fairly dense: each partner works with many of the others")),
    (1.01, gettext_noop("dense: most partners work with most others")),
)
BROKERS_NAMED = 2
# The overview card's word for each density band (its first words above).
DENSITY_NAMES = (
    gettext_noop("sparse"),
    gettext_noop("thin"),
    gettext_noop("fairly dense"),
    gettext_noop("dense"),
)


@dataclass(frozen=True)
class Broker:
    name: str
    sector: str
    betweenness: float


def density_words(density: float) -> str:
    for upper, words in DENSITY_WORDS:
        if density < upper:
            return words
    return DENSITY_WORDS[-1][1]


def density_line(organisations: int, ties: int, density: float, round_label: str) -> str:
    return ngettext(
        "In the network survey of %(round)s, %(ties)s tie links the %(organisations)s member "
        "organisations (density %(density)s): the network is %(words)s.",
        "In the network survey of %(round)s, %(ties)s ties link the %(organisations)s member "
        "organisations (density %(density)s): the network is %(words)s.",
        ties,
    ) % {
        "round": round_label,
        "ties": ties,
        "organisations": organisations,
        "density": f"{density:.2f}",
        "words": gettext(density_words(density)),
    }


def broker_line(brokers: Sequence[Broker], edge: Mapping[str, int]) -> str:
    """The main broker organisations and the periphery, as one sentence."""
    named = [b for b in brokers if b.betweenness > 0][:BROKERS_NAMED]
    edge_words = periphery_line(edge)
    if not named:
        return gettext("No organisation stands out as a broker; %(edge)s.") % {"edge": edge_words}
    parts = [
        gettext("%(name)s (%(sector)s, betweenness %(betweenness)s)")
        % {"name": b.name, "sector": b.sector.lower(), "betweenness": f"{b.betweenness:.2f}"}
        for b in named
    ]
    return ngettext(
        "%(brokers)s is the main broker between partners; %(edge)s.",
        "%(brokers)s are the main brokers between partners; %(edge)s.",
        len(named),
    ) % {"brokers": names(parts, gettext("and")), "edge": edge_words}


def edge_counts(by_sector: Mapping[str, Mapping[str, int]]) -> dict[str, int]:
    """Partners at the edge (peripheral or isolated) per sector, sectors with none left out."""
    counts = {s: c.get("peripheral", 0) + c.get("isolated", 0) for s, c in by_sector.items()}
    return {s: n for s, n in sorted(counts.items(), key=lambda sn: (-sn[1], sn[0])) if n}


def _sectors(edge: Mapping[str, int]) -> str:
    """'all community', '2 community and 1 private'."""
    if len(edge) == 1:
        return gettext("all %(sector)s") % {"sector": next(iter(edge)).lower()}
    return names([f"{n} {sector.lower()}" for sector, n in edge.items()], gettext("and"))


def periphery_line(edge: Mapping[str, int]) -> str:
    total = sum(edge.values())
    if not total:
        return gettext("no member organisation sits at the edge of the network")
    return ngettext(
        "%(n)s partner sits at the edge of the network (%(sectors)s)",
        "%(n)s partners sit at the edge of the network (%(sectors)s)",
        total,
    ) % {"n": total, "sectors": _sectors(edge)}


def periphery_prompt(edge: Mapping[str, int], members: int) -> list[Prompt]:
    total = sum(edge.values())
    if not total:
        return []
    return [
        Prompt(
            ngettext(
                "%(n)s member organisation (%(sectors)s) works with hardly anyone else in the "
                "partnership: how could the board draw them in, and what do they need from "
                "the others?",
                "%(n)s member organisations (%(sectors)s) work with hardly anyone else in the "
                "partnership: how could the board draw them in, and what do they need from "
                "the others?",
                total,
            )
            % {"n": total, "sectors": _sectors(edge)},
            ROOM + min(total / max(members, 1), 1.0) * 2,
        )
    ]


def power_prompt(hierarchy: bool | None, reason: str) -> list[Prompt]:
    if not hierarchy:
        return []
    return [
        Prompt(
            gettext(
                "The network looks closer to a hierarchy around the lead than to a partnership "
                "of equals (%(reason)s): is that what members signed up for?"
            )
            % {"reason": reason.rstrip(".")},
            DIVIDED + 0.4,
        )
    ]


METHODS = [
    "Network: each member organisation rates every other on the ladder of partnership; "
    "a tie runs from A to B when A's rating of B is at least 'encounter'. Ties are as "
    "reported (non-respondents send none), with two other treatments of missing answers "
    "shown for sensitivity.",
    "Density is ties over possible ties (Wasserman & Faust 1994); brokers are the "
    "organisations with the highest betweenness (Freeman 1977) with Gould & Fernandez "
    "brokerage roles; the periphery is read from k-cores (Seidman 1983). Trust and value "
    "of an organisation are shown only when at least k partners rated it.",
]


def board_lines(
    round_label: str,
    organisations: int,
    ties: int,
    density: float,
    brokers: Sequence[Broker],
    by_sector: Mapping[str, Mapping[str, int]],
    power: tuple[bool | None, str] = (None, ""),
) -> BoardLines:
    edge = edge_counts(by_sector)
    summary = [
        density_line(organisations, ties, density, round_label),
        broker_line(brokers, edge),
    ]
    questions = power_prompt(*power) + periphery_prompt(edge, organisations)
    text = headline(organisations, ties, density, brokers)
    state = WATCH if power[0] or sum(edge.values()) else ""
    return BoardLines(summary, questions, list(METHODS), text, state)


def headline(organisations: int, ties: int, density: float, brokers: Sequence[Broker]) -> str:
    """The overview card's key fact: size, how dense in a word, the main broker."""
    word = gettext(density_words(density).split(":")[0])
    values = {"organisations": organisations, "ties": ties, "word": word}
    named = [b for b in brokers if b.betweenness > 0]
    if named:
        return ngettext(
            "%(organisations)s organisations linked by %(ties)s tie: a %(word)s network; "
            "%(broker)s links the most partners who would otherwise be apart.",
            "%(organisations)s organisations linked by %(ties)s ties: a %(word)s network; "
            "%(broker)s links the most partners who would otherwise be apart.",
            ties,
        ) % {**values, "broker": named[0].name}
    return (
        ngettext(
            "%(organisations)s organisations linked by %(ties)s tie: a %(word)s network.",
            "%(organisations)s organisations linked by %(ties)s ties: a %(word)s network.",
            ties,
        )
        % values
    )
