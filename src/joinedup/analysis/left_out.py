"""Who is left out of a partnership: four readings from its registers and its network.

Newman (2001, *Modernising Governance*, ch. 6) maps the patterns of inclusion and
exclusion partnerships produce: groups marginalised by formal decision-making, and
those at a distance from the hub of a network. The participation chapter (seed 004,
"a new corporatism?") adds that a seat on the board is not influence: what matters is
the representatives' role in decisions and their weight beside technically equal
partners, and sub-groups can be left out by the very associations that speak for
"the community" (Arnstein 1969 on tokenism). Many organisations, and people, sit on
many interlocking partnerships at once (the usual suspects).
Four readings, each a plain sentence with the data it rests on:

**Who left, and why.** From the membership history, each organisation whose last
membership has ended (it did not re-join), with the reason recorded.

**Who is not at the table.** Each group the partnership names as meant to be at the
table (:class:`Group`) counts as present when a current member belongs to its sector
(when one is given), or when a current member's name or a current board seat's
constituency contains the group's name (letter case ignored); otherwise it is absent.

**Seats against influence.** Current members are split into community and voluntary
members and statutory (public sector) members. For each side: board seats held, the
mean degree and the mean normalised betweenness of its organisations in the latest
network round, and the decision areas its organisations keep or sign off. Betweenness
is Freeman's (1977), normalised by the network report as b / ((n − 1)(n − 2) / 2) for n
organisations: the share of shortest paths between other pairs that pass through an
organisation. The community side's influence is called *weaker* when its mean degree
or mean betweenness is under ``WEAKER`` (three quarters) of the statutory side's, or
when it holds no decision area while the statutory side holds some. The network
measures are those of the shared (undirected) report every member of the partnership
may already read per organisation; a side with no organisation in the network gets no
mean.

**The same few people.** People who sit on the boards of, or hold a coordinator's or
member's access to, at least ``MANY_BOARDS`` partnerships (three), from board seats
and access rights, counted over the partnerships the reader may see.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from statistics import fmean
from typing import Any

from joinedup.analysis.words import gettext, ngettext

COMMUNITY = ("community", "voluntary")
STATUTORY = ("public",)
WEAKER = 0.75
MANY_BOARDS = 3


@dataclass(frozen=True)
class Member:
    """One membership period of an organisation (ids as strings)."""

    organisation: str
    name: str
    sector: str
    joined: dt.date
    left: dt.date | None = None
    reason: str = ""


@dataclass(frozen=True)
class Group:
    name: str
    sector: str = ""


@dataclass(frozen=True)
class Seat:
    person: str
    constituency: str
    organisation: str | None = None


@dataclass(frozen=True)
class Departure:
    name: str
    left: dt.date
    reason: str


@dataclass(frozen=True)
class Side:
    label: str
    organisations: int
    seats: int
    mean_degree: float | None
    mean_betweenness: float | None
    decision_areas: int


@dataclass(frozen=True)
class Person:
    name: str
    partnerships: tuple[str, ...]


@dataclass
class LeftOut:
    departures: list[Departure] = field(default_factory=list)
    present: list[str] = field(default_factory=list)
    absent: list[str] = field(default_factory=list)
    community: Side | None = None
    statutory: Side | None = None
    weaker: bool | None = None
    why: list[str] = field(default_factory=list)
    network_round: str = ""
    many_boards: list[Person] = field(default_factory=list)
    sentences: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def departures(history: Sequence[Member], today: dt.date) -> list[Departure]:
    """Organisations whose latest membership ended on or before ``today``."""
    latest: dict[str, Member] = {}
    for m in sorted(history, key=lambda m: m.joined):
        latest[m.organisation] = m
    gone = [m for m in latest.values() if m.left is not None and m.left <= today]
    return [Departure(m.name, m.left, m.reason) for m in sorted(gone, key=lambda m: m.left)]  # type: ignore[arg-type, return-value]


def at_table(
    groups: Sequence[Group], current: Sequence[Member], seats: Sequence[Seat]
) -> tuple[list[str], list[str]]:
    """(present, absent) group names, by the rule in the module text."""
    sectors = {m.sector for m in current}
    texts = [m.name.casefold() for m in current] + [s.constituency.casefold() for s in seats]
    present: list[str] = []
    absent: list[str] = []
    for g in groups:
        found = (g.sector and g.sector in sectors) or any(g.name.casefold() in t for t in texts)
        (present if found else absent).append(g.name)
    return present, absent


def _side(
    label: str,
    members: Sequence[Member],
    seats: Sequence[Seat],
    positions: Mapping[str, tuple[float, float]] | None,
    decisions: Mapping[str, int],
) -> Side:
    ids = {m.organisation for m in members}
    placed = [positions[i] for i in ids if positions and i in positions]
    return Side(
        label,
        len(ids),
        sum(1 for s in seats if s.organisation in ids),
        fmean(p[0] for p in placed) if placed else None,
        fmean(p[1] for p in placed) if placed else None,
        sum(decisions.get(i, 0) for i in ids),
    )


def _weaker(c: Side, s: Side) -> tuple[bool | None, list[str]]:
    """Whether the community side's influence is weaker, and why (see the module text)."""
    if c.organisations == 0 or s.organisations == 0:
        return None, []
    judged, reasons = False, []
    pairs = (
        (
            gettext("their mean degree is under three quarters of the statutory one"),
            c.mean_degree,
            s.mean_degree,
        ),
        (
            gettext("their mean betweenness is under three quarters of the statutory one"),
            c.mean_betweenness,
            s.mean_betweenness,
        ),
    )
    for reason, mine, theirs in pairs:
        if mine is not None and theirs:
            judged = True
            if mine < WEAKER * theirs:
                reasons.append(reason)
    if c.decision_areas == 0 and s.decision_areas > 0:
        reasons.append(gettext("they keep or sign off no decision area while statutory members do"))
    if reasons:
        return True, reasons
    return (False if judged or c.decision_areas or s.decision_areas else None), []


def many_boards(people: Mapping[str, set[str]], threshold: int = MANY_BOARDS) -> list[Person]:
    """People on at least ``threshold`` partnerships (name → partnership names)."""
    found = [Person(n, tuple(sorted(ps))) for n, ps in people.items() if len(ps) >= threshold]
    return sorted(found, key=lambda p: (-len(p.partnerships), p.name))


def compute(
    history: Sequence[Member],
    today: dt.date,
    groups: Sequence[Group],
    seats: Sequence[Seat],
    positions: Mapping[str, tuple[float, float]] | None,
    decisions: Mapping[str, int],
    people: Mapping[str, set[str]],
    network_round: str = "",
) -> LeftOut:
    """All four readings. ``positions``: organisation id → (degree, normalised
    betweenness) in the latest network round (None: no round); ``decisions``:
    organisation id → decision areas it keeps or signs off; ``people``: person →
    partnerships where they hold a seat or access."""
    current = [m for m in history if m.joined <= today and (m.left is None or m.left >= today)]
    result = LeftOut(departures=departures(history, today), network_round=network_round)
    result.present, result.absent = at_table(groups, current, seats)
    result.community = _side(
        "community and voluntary",
        [m for m in current if m.sector in COMMUNITY],
        seats,
        positions,
        decisions,
    )
    result.statutory = _side(
        "statutory", [m for m in current if m.sector in STATUTORY], seats, positions, decisions
    )
    result.weaker, result.why = _weaker(result.community, result.statutory)
    result.many_boards = many_boards(people)
    result.sentences = sentences(result, bool(groups))
    return result


def _areas(count: int) -> str:
    return ngettext("%(n)s decision area", "%(n)s decision areas", count) % {"n": count}


def _number(x: float | None, digits: int = 2) -> str:
    return gettext("not known") if x is None else f"{x:.{digits}f}"


def _influence_sentence(r: LeftOut) -> str:
    c, s = r.community, r.statutory
    if c is None or s is None or c.organisations == 0:
        return gettext("No community or voluntary organisation is a member now.")
    text = gettext(
        "Community and voluntary members (%(community)s) hold %(community_seats)s and "
        "%(community_areas)s; statutory members (%(statutory)s) hold %(statutory_seats)s and "
        "%(statutory_areas)s."
    ) % {
        "community": c.organisations,
        "community_seats": ngettext("%(n)s board seat", "%(n)s board seats", c.seats)
        % {"n": c.seats},
        "community_areas": _areas(c.decision_areas),
        "statutory": s.organisations,
        "statutory_seats": ngettext("%(n)s seat", "%(n)s seats", s.seats) % {"n": s.seats},
        "statutory_areas": _areas(s.decision_areas),
    }
    if c.mean_degree is None:
        text += " " + gettext("No network round gives their positions yet.")
    else:
        values = {
            "round": r.network_round,
            "community_degree": _number(c.mean_degree, 1),
            "statutory_degree": _number(s.mean_degree, 1),
            "community_betweenness": _number(c.mean_betweenness),
            "statutory_betweenness": _number(s.mean_betweenness),
        }
        where = (
            gettext(
                "In the %(round)s network their mean degree is %(community_degree)s against "
                "%(statutory_degree)s for statutory members, and their mean betweenness "
                "%(community_betweenness)s against %(statutory_betweenness)s."
            )
            if r.network_round
            else gettext(
                "In the network their mean degree is %(community_degree)s against "
                "%(statutory_degree)s for statutory members, and their mean betweenness "
                "%(community_betweenness)s against %(statutory_betweenness)s."
            )
        )
        text += " " + where % values
    if r.weaker:
        text += " " + gettext(
            "Their seats carry less weight than the statutory members': %(reasons)s."
        ) % {"reasons": "; ".join(r.why)}
    elif r.weaker is False:
        text += " " + gettext("Their seats carry weight comparable to the statutory members'.")
    return text


def sentences(r: LeftOut, groups_named: bool) -> dict[str, str]:
    """The four readings in plain words."""
    out = {}
    if r.departures:
        out["departures"] = " ".join(
            (
                gettext("%(name)s left on %(day)s: %(reason)s.")
                % {"name": d.name, "day": d.left.isoformat(), "reason": d.reason.rstrip(".")}
                if d.reason
                else gettext("%(name)s left on %(day)s: no reason is recorded.")
                % {"name": d.name, "day": d.left.isoformat()}
            )
            for d in r.departures
        )
    else:
        out["departures"] = gettext("No member has left.")
    if not groups_named:
        out["table"] = gettext(
            "The partnership has not named whom it is meant for, so nothing is compared."
        )
    elif r.absent:
        out["table"] = gettext("Named in its purpose but not at the table: %(groups)s.") % {
            "groups": "; ".join(r.absent)
        }
    else:
        out["table"] = gettext("Every group named in its purpose is at the table.")
    out["influence"] = _influence_sentence(r)
    if r.many_boards:
        out["people"] = " ".join(
            ngettext(
                "%(name)s sits on %(n)s partnership (%(partnerships)s).",
                "%(name)s sits on %(n)s partnerships (%(partnerships)s).",
                len(p.partnerships),
            )
            % {"name": p.name, "n": len(p.partnerships), "partnerships": ", ".join(p.partnerships)}
            for p in r.many_boards
        )
    else:
        out["people"] = gettext("Nobody sits on %(n)s or more of the partnerships you can see.") % {
            "n": MANY_BOARDS
        }
    return out
