"""Who governs a partnership, and to whom it answers: checks from good-governance principles.

A partnership's governance is recorded as two registers. **Decision rights** say, for
each area of decision, where the decision sits: with the partnership board, with a
parent body that keeps it, with the board subject to a named partner's sign-off, or
delegated to an officer or sub-group; a blank holder means nobody has been named.
**Accountability lines** say to whom the partnership answers (a parent body, an
elected body, the public, a regulator, a funder) and through what (reports, a
scrutiny committee, published minutes, an open annual meeting, audit).

Bovaird (2009, "So what does this all mean for the future of partnership working?",
INLOGOV and Third Sector Research Centre, Birmingham) asks that partnerships
themselves meet the principles of good governance: accountability, citizen
engagement, transparency, leadership, equalities and social inclusion, ethical and
honest behaviour, equity (fair procedure), willingness and ability to co-operate,
the ability to compete and sustainability; and he names the blurring of
responsibility and accountability as a risk of partnership. Several principles can
be read straight from the two registers, as
plain yes/no checks, each with its reason:

``public_route``
    accountability and citizen engagement: at least one line answers to the public, or
    runs through published minutes or an open annual meeting (a route a resident can
    use without being a member of any partner's governing body).
``minutes``
    transparency: some line runs through published minutes.
``owners``
    accountability: every decision area has a named holder (none blank). A decision
    nobody owns is the blurred accountability Bovaird warns of, and one of the
    "problems of accountability" Newman (2001, *Modernising Governance*, ch. 6) finds
    in the partnership literature.
``members_own``
    fair procedure: every organisation named as a holder (a parent body keeping a
    decision, or a partner whose sign-off is needed) is a current member. A decision
    held outside the table is taken by a body the other partners cannot hold to account
    through the partnership.
``spending``
    accountability for public money: when the partnership spends money (funding
    streams recorded), some line to an elected body covers that spending.

A check is ``"ok"``, ``"gap"`` or ``"unknown"`` (nothing recorded to judge by: an
empty register never passes a check, nor fails one). Registers are facts recorded by
the coordinator, not survey answers: no small-number rule applies to them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from joinedup.analysis.words import gettext, ngettext

HOLDERS = ("board", "parent", "sign_off", "delegated")
ANSWERS_TO = ("parent_body", "elected_body", "public", "regulator", "funder")
THROUGH = ("reports", "scrutiny", "minutes", "annual_meeting", "audit")
PUBLIC_THROUGH = ("minutes", "annual_meeting")

OK, GAP, UNKNOWN = "ok", "gap", "unknown"

#: The principle each check reads, as Bovaird names it.
PRINCIPLES = {
    "public_route": "accountability and citizen engagement",
    "minutes": "transparency",
    "owners": "accountability",
    "members_own": "fair procedure",
    "spending": "accountability for public money",
}


@dataclass(frozen=True)
class Right:
    """One decision area; ``holder`` is ``""`` when nobody is named, ``organisation``
    the id of the parent body or the partner whose sign-off is needed."""

    area: str
    holder: str
    organisation: str | None = None
    organisation_name: str = ""
    delegate: str = ""


@dataclass(frozen=True)
class Line:
    answers_to: str
    through: str
    body: str = ""
    covers_spending: bool = False


@dataclass(frozen=True)
class Check:
    key: str
    status: str
    principle: str
    sentence: str
    reason: str


@dataclass
class Governance:
    rights: list[Right] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)

    @property
    def gaps(self) -> list[Check]:
        return [c for c in self.checks if c.status == GAP]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self) | {"gaps": [c.key for c in self.gaps]}


def _check(key: str, status: str, sentence: str, reason: str) -> Check:
    return Check(key, status, PRINCIPLES[key], sentence, reason)


def _public_route(lines: Sequence[Line]) -> Check:
    if not lines:
        return _check(
            "public_route",
            UNKNOWN,
            gettext("No accountability line is recorded yet."),
            gettext("Record to whom the partnership answers before this can be judged."),
        )
    routes = [ln for ln in lines if ln.answers_to == "public" or ln.through in PUBLIC_THROUGH]
    if routes:
        return _check(
            "public_route",
            OK,
            gettext("The public can hold the partnership to account (one route).")
            if len(routes) == 1
            else gettext("The public can hold the partnership to account (%(n)s routes).")
            % {"n": len(routes)},
            gettext("A resident can follow or question it without sitting on a partner's board."),
        )
    return _check(
        "public_route",
        GAP,
        gettext("No route lets the public hold the partnership to account."),
        gettext(
            "It answers only to bodies inside government; nothing is published or open to "
            "residents."
        ),
    )


def _minutes(lines: Sequence[Line]) -> Check:
    if not lines:
        return _check(
            "minutes",
            UNKNOWN,
            gettext("Whether minutes are published is not recorded."),
            gettext("No lines yet."),
        )
    if any(ln.through == "minutes" for ln in lines):
        return _check(
            "minutes",
            OK,
            gettext("The board's minutes are published."),
            gettext("Decisions can be read by all."),
        )
    return _check(
        "minutes",
        GAP,
        gettext("The board's minutes are not published."),
        gettext("Without them nobody outside the room can see what was decided or why."),
    )


def _owners(rights: Sequence[Right]) -> Check:
    if not rights:
        return _check(
            "owners",
            UNKNOWN,
            gettext("No decision area is recorded yet."),
            gettext("Record what the board decides before this can be judged."),
        )
    blank = [r.area for r in rights if not r.holder]
    if not blank:
        return _check(
            "owners",
            OK,
            ngettext(
                "Every one of the %(n)s decision area has a named owner.",
                "Every one of the %(n)s decision areas has a named owner.",
                len(rights),
            )
            % {"n": len(rights)},
            gettext("Someone can be asked why each decision was taken."),
        )
    return _check(
        "owners",
        GAP,
        gettext("No one owns the decision on: %(areas)s.") % {"areas": "; ".join(blank)},
        gettext("A decision nobody owns is one nobody can be held to account for."),
    )


def _members_own(rights: Sequence[Right], members: set[str]) -> Check:
    named = [r for r in rights if r.holder in ("parent", "sign_off") and r.organisation]
    if not named:
        return _check(
            "members_own",
            UNKNOWN if not rights else OK,
            gettext("No decision sits with a named organisation.")
            if rights
            else gettext("No decision area is recorded yet."),
            gettext("The board, or its delegates, hold every recorded decision."),
        )
    outside = [r for r in named if r.organisation not in members]
    if not outside:
        return _check(
            "members_own",
            OK,
            gettext("Every organisation that keeps or signs off a decision is a member."),
            gettext("Each can be held to account by the others at the table."),
        )
    text = "; ".join(f"{r.area} ({r.organisation_name})" for r in outside)
    return _check(
        "members_own",
        GAP,
        gettext("Decisions held by a body that is not a member: %(decisions)s.")
        % {"decisions": text},
        gettext("The partners cannot hold that body to account through the partnership."),
    )


def _spending(lines: Sequence[Line], spends: bool | None) -> Check:
    if spends is None:
        return _check(
            "spending",
            UNKNOWN,
            gettext("Whether the partnership spends money is not recorded."),
            gettext("Record its funding streams in the context section."),
        )
    if not spends:
        return _check(
            "spending",
            OK,
            gettext("The partnership spends no money of its own."),
            gettext("Nothing to answer for."),
        )
    if any(ln.answers_to == "elected_body" and ln.covers_spending for ln in lines):
        return _check(
            "spending",
            OK,
            gettext("An elected body holds the partnership to account for the money it spends."),
            gettext("Public money stays answerable to elected members."),
        )
    return _check(
        "spending",
        GAP,
        gettext("It spends money but answers to no elected body for it."),
        gettext(
            "Public money spent jointly escapes the councillors who would otherwise scrutinise it."
        ),
    )


def compute(
    rights: Sequence[Right], lines: Sequence[Line], members: set[str], spends: bool | None
) -> Governance:
    """The checks of one partnership's registers; ``members`` are the ids of its
    current member organisations, ``spends`` whether it has funding (None: unknown)."""
    checks = [
        _public_route(lines),
        _minutes(lines),
        _owners(rights),
        _members_own(rights, members),
        _spending(lines, spends),
    ]
    return Governance(list(rights), list(lines), checks)


def explain(result: Governance) -> str:
    """One or two sentences: how many checks pass, and the gaps in plain words."""
    if not result.rights and not result.lines:
        return gettext(
            "Nothing is recorded yet about who decides what or to whom the partnership answers."
        )
    gaps = result.gaps
    passed = sum(c.status == OK for c in result.checks)
    if not gaps:
        return gettext("%(passed)s of %(checks)s governance checks pass; no gap is flagged.") % {
            "passed": passed,
            "checks": len(result.checks),
        }
    return ngettext(
        "One gap is flagged: %(gaps)s", "%(n)s gaps are flagged: %(gaps)s", len(gaps)
    ) % {"n": len(gaps), "gaps": " ".join(c.sentence for c in gaps)}
