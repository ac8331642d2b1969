"""What the landing page tells a signed-in user they can do, one note per role held.

Each sentence restates a rule decided elsewhere, so keep them in step:
:mod:`joinedup.registry.permissions` (who sees and who manages which partnership)
and :mod:`joinedup.surveys.visibility` (what an open round shows to whom). A user
may hold several roles (coordinator of one partnership, member of another); the
administrator's note covers everything, so it is their only one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from joinedup.registry.models import Access, AccessRole, Partnership
from joinedup.surveys.visibility import PREVIEW_DECIMALS, preview_threshold


@dataclass(frozen=True)
class RoleNote:
    role: str  # "administrator", "coordinator", "member" or "evaluator"
    heading: str
    text: str
    partnerships: list[Partnership] = field(default_factory=list)


def _administrator() -> RoleNote:
    return RoleNote(
        "administrator",
        _("Administrator"),
        _(
            "You see and run every partnership: its survey rounds, participation "
            "records and context, and the organisations, people and accounts in the "
            "administration. While a round is open you see who has answered by group "
            "and sector, the list of those who have not, and the provisional results "
            "at any count; you alone may download the pairwise ratings."
        ),
    )


def _coordinator(partnerships: list[Partnership]) -> RoleNote:
    places = ngettext("one decimal place", "%(n)d decimal places", PREVIEW_DECIMALS) % {
        "n": PREVIEW_DECIMALS
    }
    text = _(
        "You create the survey rounds, invite people, open and close rounds and remind "
        "those who have not answered; you keep the participation records and context. "
        "While a round is open you see its response rate and who has not answered, and "
        "once %(preview)d people have answered a provisional preview rounded to "
        "%(places)s; the breakdown by group and sector comes when the round closes."
    ) % {"preview": preview_threshold(), "places": places}
    return RoleNote("coordinator", _("Coordinator"), text, partnerships)


def _member(partnerships: list[Partnership]) -> RoleNote:
    text = _(
        "You read the results, reports and network of each survey round once it has "
        "closed; while a round is open you see only how many have answered. You change "
        "nothing: its coordinators run the rounds."
    )
    return RoleNote("member", _("Member"), text, partnerships)


def _evaluator() -> RoleNote:
    return RoleNote(
        "evaluator",
        _("Evaluator"),
        _(
            "You read the published results of every partnership and compare them on the "
            "benchmark page. While a round is open you see only how many have answered, "
            "as members do, and you run no partnership's rounds or records."
        ),
    )


def notes(user: Any) -> list[RoleNote]:
    """The notes for ``user``'s roles: administrator alone, or any of coordinator
    (with the partnerships), member (the partnerships they do not also coordinate)
    and evaluator."""
    if not getattr(user, "is_authenticated", False):
        return []
    if user.is_superuser:
        return [_administrator()]
    rows = (
        Access.objects.filter(user=user).select_related("partnership").order_by("partnership__name")
    )
    coordinated = [a.partnership for a in rows if a.role == AccessRole.COORDINATOR]
    taken = {p.pk for p in coordinated if p is not None}
    member_of = [
        a.partnership
        for a in rows
        if a.role == AccessRole.MEMBER
        and a.partnership is not None
        and a.partnership.pk not in taken
    ]
    out = []
    if coordinated:
        out.append(_coordinator([p for p in coordinated if p is not None]))
    if member_of:
        out.append(_member(member_of))
    if any(a.role == AccessRole.EVALUATOR for a in rows):
        out.append(_evaluator())
    return out


def small_groups_sentence() -> str:
    """The rule every role shares, with the installation's k."""
    return _(
        "Whatever your role, no figure resting on fewer than %(k)d respondents is shown, "
        "administrators included."
    ) % {"k": int(settings.MIN_RESPONDENTS)}
