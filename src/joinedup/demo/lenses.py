"""Demo step: the Health and Social Care Board's governance readings (spring 2026).

A good-governance round (Bovaird's principles, read group by group: the community
and voluntary members rate citizen engagement and equalities lower than the
statutory members do) and a governance-modes round (members agree that most of
Rhodes's network conditions hold and few of the in-house ones, so the advisor
reads "partnership / network" and says why). Its market register records two
contracts between partners, one adversarial and one obligational, and one
decision on who provides in which price decided, so the quasi-network mix reads
them. Every draw comes from ``ctx.rng("lenses")``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal

from joinedup.demo import DemoContext
from joinedup.demo import surveys as demo_surveys
from joinedup.demo._survey_profiles import PROFILES
from joinedup.diagnoses.models import ContractStyle, PartnerContract, PriceDecision
from joinedup.registry.models import Sector
from joinedup.surveys.library import ensure_builtin_instruments
from joinedup.surveys.models import Round, RoundStatus
from joinedup.surveys.rounds import default_anonymous

ORDER = 55
LABEL = "governance readings and market register"
KEY = "hsc"
YEAR, PERIOD, OPENS, CLOSES = demo_surveys.PERIODS[-1]
#: Mean agreement per dimension of the two questionnaires, before respondent noise.
THEMES = {
    "principles": 3.5,
    "quality_of_life": 3.2,
    "network_conditions": 4.1,
    "inhouse_conditions": 2.3,
}
SHIFTS: dict[tuple[str, str], float] = {
    ("principles", Sector.COMMUNITY.value): -0.9,
    ("principles", Sector.VOLUNTARY.value): -0.6,
}
CONTRACTS = (
    (
        "icb",
        "carehomes",
        ContractStyle.ADVERSARIAL,
        "Short-stay care beds after hospital discharge, tendered on price",
        Decimal("420000"),
        dt.date(2025, 4, 1),
        dt.date(2027, 3, 31),
    ),
    (
        "council",
        "agewell",
        ContractStyle.OBLIGATIONAL,
        "Befriending and home-from-hospital support, reviewed together each year",
        Decimal("85000"),
        dt.date(2024, 10, 1),
        None,
    ),
)
DECISION = (
    "Who runs the short-stay care beds: the lowest-priced tender was chosen",
    True,
    dt.date(2025, 2, 12),
)


def run(ctx: DemoContext) -> None:
    partnership = ctx.state["partnerships"].get(KEY)
    versions = {iv.key: iv for iv in ensure_builtin_instruments()}
    if partnership is None or not {"governance", "governance-modes"} <= set(versions):
        ctx.notes.append("no governance readings (partnership or instruments missing)")
        return
    rng = ctx.rng("lenses")
    profile = replace(PROFILES[KEY, YEAR], themes=dict(THEMES), sector_shift=dict(SHIFTS))
    invitees = demo_surveys._invitees(ctx, partnership, OPENS.date(), rng)
    for key in ("governance", "governance-modes"):
        iv = versions[key]
        round_ = Round.objects.create(
            partnership=partnership,
            instrument=iv,
            period=PERIOD,
            opens=OPENS,
            closes=CLOSES,
            status=RoundStatus.CLOSED,
            anonymous=default_anonymous(iv),
        )
        chosen = demo_surveys._invite(round_, invitees, demo_surveys.RESPONSE_RATE[KEY], rng)
        demo_surveys._respond(round_, iv, chosen, profile, {}, YEAR, rng)
    organisations = ctx.state["organisations"]
    for buyer, seller, style, purpose, value, start, end in CONTRACTS:
        PartnerContract.objects.create(
            partnership=partnership,
            purchaser=organisations[buyer],
            provider=organisations[seller],
            style=style,
            purpose=purpose,
            value=value,
            start=start,
            end=end,
        )
    text, by_price, when = DECISION
    PriceDecision.objects.create(
        partnership=partnership, decision=text, price_decided=by_price, decided_on=when
    )
    ctx.notes.append(
        f"governance and governance-modes rounds, {len(CONTRACTS)} contracts and "
        "1 decision on who provides for the Health and Social Care Board"
    )
