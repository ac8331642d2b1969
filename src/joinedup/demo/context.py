"""Demo step: what Kestermouth's three partnerships are for, how they are funded,
mandated and steered, and which measures judge them.

All dates are fixed. The Health and Social Care Board lives mostly on a competitive
bid that ends on 31 March 2027, so a page opened in the twelve months before then
(the demo is shown from late 2026) flags the money as expiring.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from joinedup.context.models import (
    CentralTarget,
    FundingStream,
    MeasureKind,
    Objective,
    PartnershipProfile,
    PerformanceMeasure,
    Source,
    Steering,
)
from joinedup.demo import DemoContext

ORDER = 30
LABEL = "partnership context: purposes, funding, mandate, measures"

D = dt.date
CROSS, CORE = MeasureKind.CROSS_CUTTING, MeasureKind.CORE_BUSINESS

PROFILES = {
    "lsp": {
        "objectives": [
            Objective.INTEGRATED_POLICY,
            Objective.SILOS,
            Objective.TRANSACTION_COSTS,
            Objective.MANY_TIERS,
        ],
        "steering": [Steering.PERSUASION, Steering.COMMUNICATION, Steering.FINANCE],
    },
    "csp": {
        "objectives": [Objective.SERVICE_DELIVERY, Objective.SILOS],
        "statutory_duty": True,
        "duty": "Crime and Disorder Act 1998: the responsible authorities' joint crime "
        "and disorder strategy",
        "mandated_membership": True,
        "inspection_regime": "Home Office performance review; HM Inspectorate of "
        "Constabulary and Fire & Rescue Services",
        "steering": [Steering.MONITORING, Steering.STRUCTURAL_REFORM, Steering.FINANCE],
    },
    "hsc": {
        "objectives": [Objective.SERVICE_DELIVERY, Objective.INNOVATION, Objective.MORE_MONEY],
        "statutory_duty": True,
        "duty": "Health and Care Act 2022: joint working of the NHS and social care",
        "mandated_membership": False,
        "inspection_regime": "Care Quality Commission assessment of the care system",
        "steering": [Steering.FINANCE, Steering.MONITORING],
    },
}

# partnership, name, provider key, source, amount, earmarked, start, end, conditions
FUNDING = [
    (
        "lsp",
        "Kestermouth Together pooled fund",
        "council",
        Source.POOLED_BUDGET,
        "420000",
        False,
        D(2021, 4, 1),
        None,
        "Agreed each year by the partners' finance officers.",
    ),
    (
        "lsp",
        "Neighbourhood Renewal Programme",
        None,
        Source.CENTRAL_PROGRAMME,
        "650000",
        True,
        D(2023, 4, 1),
        D(2028, 3, 31),
        "Spent in Northfield and Eastgate only; yearly return.",
    ),
    (
        "lsp",
        "Northfield community chest",
        "homes",
        Source.CHARITABLE,
        "45000",
        True,
        D(2025, 1, 1),
        D(2027, 12, 31),
        "Small grants to residents' groups.",
    ),
    (
        "csp",
        "Safer Streets grant",
        None,
        Source.CENTRAL_PROGRAMME,
        "300000",
        True,
        D(2025, 4, 1),
        D(2028, 3, 31),
        "Quarterly crime figures to the Home Office.",
    ),
    (
        "csp",
        "Partners' community safety budget",
        "police",
        Source.POOLED_BUDGET,
        "180000",
        False,
        D(2019, 4, 1),
        None,
        "",
    ),
    (
        "hsc",
        "Ageing Well Innovation Fund (bid)",
        None,
        Source.COMPETITIVE_BID,
        "1200000",
        True,
        D(2024, 4, 1),
        D(2027, 3, 31),
        "Won against other areas; quarterly outcome returns; unspent money goes back.",
    ),
    (
        "hsc",
        "Better Care pooled fund, Kestermouth share",
        "icb",
        Source.POOLED_BUDGET,
        "480000",
        False,
        D(2023, 4, 1),
        None,
        "Section 75 agreement between the ICB and county.",
    ),
    (
        "hsc",
        "Carers' respite grant",
        "agewell",
        Source.CHARITABLE,
        "30000",
        True,
        D(2025, 10, 1),
        D(2026, 9, 30),
        "Respite breaks for unpaid carers.",
    ),
]

TARGETS = [
    ("csp", "Cut neighbourhood crime by a fifth", "Home Office", D(2023, 4, 1)),
    ("csp", "Cut proven reoffending by young adults", "Ministry of Justice", D(2024, 4, 1)),
    ("csp", "Serious violence needs assessment and strategy", "Home Office", D(2026, 6, 1)),
    ("hsc", "Fewer emergency admissions of people over 65", "NHS England", D(2024, 4, 1)),
]

# partnership, measure, owner key (None: the partnership), kind
MEASURES = [
    ("lsp", "Gap in employment rate between Northfield and the borough", None, CROSS),
    ("lsp", "Residents who feel they can influence local decisions", None, CROSS),
    ("lsp", "Young people not in education, employment or training", None, CROSS),
    ("lsp", "Household waste recycled", "council", CORE),
    ("lsp", "Claimants helped into work", "jobcentre", CORE),
    ("csp", "Recorded crime per 1,000 residents", "police", CORE),
    ("csp", "Proven reoffending rate", "probation", CORE),
    ("csp", "Deliberate fires", "fire", CORE),
    ("csp", "Anti-social behaviour cases closed within 28 days", "council", CORE),
    ("csp", "Repeat victims of anti-social behaviour", None, CROSS),
    ("hsc", "Older people still at home 91 days after leaving hospital", None, CROSS),
    ("hsc", "Carers who say they feel supported", None, CROSS),
    ("hsc", "Four-hour waits in the emergency department", "trust", CORE),
    ("hsc", "Delayed transfers of care", "county", CORE),
]


def run(ctx: DemoContext) -> None:
    partnerships = ctx.state["partnerships"]
    orgs = ctx.state["organisations"]
    profiles: dict[str, PartnershipProfile] = {}
    for key, values in PROFILES.items():
        profile = PartnershipProfile(partnership=partnerships[key], **values)
        profile.full_clean()
        profile.save()
        profiles[key] = profile
    for key, name, provider, source, amount, earmarked, start, end, conditions in FUNDING:
        FundingStream.objects.create(
            profile=profiles[key],
            name=name,
            provider=orgs[provider] if provider else None,
            source=source,
            amount=Decimal(amount),
            earmarked=earmarked,
            start=start,
            end=end,
            conditions=conditions,
        )
    for key, name, set_by, attached_on in TARGETS:
        CentralTarget.objects.create(
            profile=profiles[key], name=name, set_by=set_by, attached_on=attached_on
        )
    for key, name, owner, kind in MEASURES:
        PerformanceMeasure.objects.create(
            profile=profiles[key], name=name, owner=orgs[owner] if owner else None, kind=kind
        )
    ctx.notes.append(
        f"context for {len(profiles)} partnerships ({len(FUNDING)} funding streams, "
        f"{len(MEASURES)} measures)"
    )
