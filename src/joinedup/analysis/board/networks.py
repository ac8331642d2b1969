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
    count,
    names,
)
from joinedup.analysis.words import gettext, gettext_noop, ngettext

DENSITY_WORDS = (
    (0.15, "sparse: most pairs of partners do not work together"),
    (0.35, "thin: each partner works with a minority of the others"),
    (0.6, "fairly dense: each partner works with many of the others"),
    (1.01, "dense: most partners work with most others"),
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
    return (
        f"In the network survey of {round_label}, {count(ties, 'tie')} link the "
        f"{organisations} member organisations (density {density:.2f}): the network is "
        f"{density_words(density)}."
    )


def broker_line(brokers: Sequence[Broker], edge: Mapping[str, int]) -> str:
    """The main broker organisations and the periphery, as one sentence."""
    named = [b for b in brokers if b.betweenness > 0][:BROKERS_NAMED]
    edge_words = periphery_line(edge)
    if not named:
        return f"No organisation stands out as a broker; {edge_words}."
    parts = [f"{b.name} ({b.sector.lower()}, betweenness {b.betweenness:.2f})" for b in named]
    verb = "is the main broker" if len(named) == 1 else "are the main brokers"
    return f"{names(parts)} {verb} between partners; {edge_words}."


def edge_counts(by_sector: Mapping[str, Mapping[str, int]]) -> dict[str, int]:
    """Partners at the edge (peripheral or isolated) per sector, sectors with none left out."""
    counts = {s: c.get("peripheral", 0) + c.get("isolated", 0) for s, c in by_sector.items()}
    return {s: n for s, n in sorted(counts.items(), key=lambda sn: (-sn[1], sn[0])) if n}


def _sectors(edge: Mapping[str, int]) -> str:
    """'all community', '2 community and 1 private'."""
    if len(edge) == 1:
        return f"all {next(iter(edge)).lower()}"
    return names([f"{n} {sector.lower()}" for sector, n in edge.items()])


def periphery_line(edge: Mapping[str, int]) -> str:
    total = sum(edge.values())
    if not total:
        return "no member organisation sits at the edge of the network"
    verb = "sits" if total == 1 else "sit"
    return f"{count(total, 'partner')} {verb} at the edge of the network ({_sectors(edge)})"


def periphery_prompt(edge: Mapping[str, int], members: int) -> list[Prompt]:
    total = sum(edge.values())
    if not total:
        return []
    return [
        Prompt(
            f"{count(total, 'member organisation')} ({_sectors(edge)}) "
            f"{'works' if total == 1 else 'work'} with hardly anyone else in the partnership: "
            "how could the board draw them in, and what do they need from the others?",
            ROOM + min(total / max(members, 1), 1.0) * 2,
        )
    ]


def power_prompt(hierarchy: bool | None, reason: str) -> list[Prompt]:
    if not hierarchy:
        return []
    return [
        Prompt(
            f"The network looks closer to a hierarchy around the lead than to a partnership "
            f"of equals ({reason.rstrip('.')}): is that what members signed up for?",
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
