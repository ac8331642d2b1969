"""Step 1 of the demo: Kestermouth's organisations, partnerships, members and people."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from joinedup.demo import DemoContext
from joinedup.registry.models import (
    Basis,
    Membership,
    Organisation,
    Partnership,
    Person,
    PurposeKind,
    Role,
    Sector,
    Stage,
    Tier,
)

ORDER = 10
LABEL = "organisations and partnerships"

# key, name, sector, tier, parent key
ORGANISATIONS: list[tuple[str, str, str, str, str | None]] = [
    ("council", "Kestermouth Borough Council", Sector.PUBLIC, Tier.LOCAL, "county"),
    ("county", "Westshire County Council", Sector.PUBLIC, Tier.REGIONAL, None),
    ("police", "Westshire Police, Kestermouth District", Sector.PUBLIC, Tier.LOCAL, None),
    ("fire", "Westshire Fire and Rescue Service", Sector.PUBLIC, Tier.REGIONAL, None),
    ("icb", "Kestermouth and Vale Integrated Care Board", Sector.PUBLIC, Tier.REGIONAL, None),
    ("trust", "Kestermouth Community Health Trust", Sector.PUBLIC, Tier.LOCAL, None),
    ("probation", "Westshire Probation Service", Sector.PUBLIC, Tier.REGIONAL, None),
    ("jobcentre", "Kestermouth Jobcentre", Sector.PUBLIC, Tier.LOCAL, None),
    ("college", "Kestermouth College", Sector.PUBLIC, Tier.LOCAL, None),
    ("surgeries", "Harbour Surgeries Group", Sector.PUBLIC, Tier.NEIGHBOURHOOD, "icb"),
    ("chamber", "Kestermouth Chamber of Commerce", Sector.PRIVATE, Tier.LOCAL, None),
    ("retail", "Harbourside Retail Group", Sector.PRIVATE, Tier.LOCAL, None),
    ("buses", "Vale Coast Buses Ltd", Sector.PRIVATE, Tier.REGIONAL, None),
    ("carehomes", "Greenway Care Homes Ltd", Sector.PRIVATE, Tier.LOCAL, None),
    ("homes", "Seabright Homes", Sector.PRIVATE, Tier.REGIONAL, None),
    ("cvs", "Kestermouth Council for Voluntary Service", Sector.VOLUNTARY, Tier.LOCAL, None),
    ("agewell", "Age Well Kestermouth", Sector.VOLUNTARY, Tier.LOCAL, None),
    ("advice", "Kestermouth Advice Centre", Sector.VOLUNTARY, Tier.LOCAL, None),
    ("mind", "Westshire Mental Health Alliance", Sector.VOLUNTARY, Tier.REGIONAL, None),
    ("youth", "Harbour Youth Trust", Sector.VOLUNTARY, Tier.LOCAL, None),
    ("foodbank", "Kestermouth Food Bank", Sector.VOLUNTARY, Tier.NEIGHBOURHOOD, None),
    (
        "northfield",
        "Northfield Estate Residents' Association",
        Sector.COMMUNITY,
        Tier.NEIGHBOURHOOD,
        None,
    ),
    ("stannes", "St Anne's Tenants' Forum", Sector.COMMUNITY, Tier.NEIGHBOURHOOD, None),
    ("faith", "Kestermouth Faith Forum", Sector.COMMUNITY, Tier.LOCAL, None),
    ("eastgate", "Eastgate Neighbourhood Watch", Sector.COMMUNITY, Tier.NEIGHBOURHOOD, None),
    ("carers", "Kestermouth Carers' Circle", Sector.COMMUNITY, Tier.LOCAL, None),
]


@dataclass(frozen=True)
class PartnershipPlan:
    key: str
    name: str
    purpose: str
    purpose_kind: str
    basis: str
    lead: str
    area: str
    start: dt.date
    stage: str
    # (organisation key, role, joined, left)
    members: tuple[tuple[str, str, dt.date, dt.date | None], ...]


D = dt.date

PARTNERSHIPS: list[PartnershipPlan] = [
    PartnershipPlan(
        key="lsp",
        name="Kestermouth Local Strategic Partnership",
        purpose=(
            "Agree one plan for the town's future across public services, business and the "
            "community, and steer neighbourhood renewal in Northfield and Eastgate."
        ),
        purpose_kind=PurposeKind.PROCESS,
        basis=Basis.VOLUNTARY,
        lead="council",
        area="Kestermouth borough",
        start=D(2016, 4, 1),
        stage=Stage.DELIVERING,
        members=(
            ("council", Role.LEAD, D(2016, 4, 1), None),
            ("county", Role.MEMBER, D(2016, 4, 1), None),
            ("police", Role.MEMBER, D(2016, 4, 1), None),
            ("icb", Role.MEMBER, D(2016, 4, 1), None),
            ("college", Role.MEMBER, D(2017, 9, 1), None),
            ("jobcentre", Role.ASSOCIATE, D(2016, 4, 1), D(2019, 3, 31)),
            ("jobcentre", Role.MEMBER, D(2021, 6, 1), None),
            ("chamber", Role.MEMBER, D(2016, 4, 1), None),
            ("retail", Role.ASSOCIATE, D(2018, 1, 15), None),
            ("homes", Role.MEMBER, D(2016, 4, 1), None),
            ("buses", Role.OBSERVER, D(2019, 5, 1), D(2023, 4, 30)),
            ("cvs", Role.MEMBER, D(2016, 4, 1), None),
            ("advice", Role.MEMBER, D(2017, 1, 10), None),
            ("youth", Role.MEMBER, D(2018, 9, 1), None),
            ("northfield", Role.MEMBER, D(2016, 4, 1), None),
            ("eastgate", Role.MEMBER, D(2019, 2, 1), None),
            ("faith", Role.MEMBER, D(2016, 4, 1), None),
        ),
    ),
    PartnershipPlan(
        key="csp",
        name="Kestermouth Community Safety Partnership",
        purpose=(
            "Cut crime, anti-social behaviour and reoffending in the borough, as the "
            "responsible authorities must do together by law."
        ),
        purpose_kind=PurposeKind.OUTCOME,
        basis=Basis.STATUTORY,
        lead="police",
        area="Kestermouth borough",
        start=D(2014, 4, 1),
        stage=Stage.FORMALISED,
        members=(
            ("police", Role.LEAD, D(2014, 4, 1), None),
            ("council", Role.MEMBER, D(2014, 4, 1), None),
            ("fire", Role.MEMBER, D(2014, 4, 1), None),
            ("probation", Role.MEMBER, D(2014, 4, 1), None),
            ("icb", Role.MEMBER, D(2014, 4, 1), None),
            ("homes", Role.MEMBER, D(2015, 10, 1), None),
            ("retail", Role.MEMBER, D(2017, 3, 1), None),
            ("youth", Role.MEMBER, D(2016, 5, 1), None),
            ("foodbank", Role.ASSOCIATE, D(2022, 1, 10), None),
            ("northfield", Role.MEMBER, D(2015, 6, 1), None),
            ("eastgate", Role.MEMBER, D(2014, 4, 1), None),
        ),
    ),
    PartnershipPlan(
        key="hsc",
        name="Kestermouth Health and Social Care Board",
        purpose=(
            "Join up health and social care for older people and carers, and build the "
            "community's own capacity to keep people well at home."
        ),
        purpose_kind=PurposeKind.OUTCOME,
        basis=Basis.STATUTORY,
        lead="icb",
        area="Kestermouth and the Vale",
        start=D(2022, 7, 1),
        stage=Stage.FORMING,
        members=(
            ("icb", Role.LEAD, D(2022, 7, 1), None),
            ("county", Role.MEMBER, D(2022, 7, 1), None),
            ("council", Role.MEMBER, D(2022, 7, 1), None),
            ("trust", Role.MEMBER, D(2022, 7, 1), None),
            ("surgeries", Role.MEMBER, D(2022, 7, 1), None),
            ("carehomes", Role.MEMBER, D(2022, 9, 1), None),
            ("agewell", Role.MEMBER, D(2022, 7, 1), None),
            ("mind", Role.MEMBER, D(2023, 1, 9), None),
            ("cvs", Role.ASSOCIATE, D(2022, 7, 1), D(2024, 3, 31)),
            ("cvs", Role.MEMBER, D(2024, 4, 1), None),
            ("carers", Role.MEMBER, D(2022, 11, 1), None),
            ("stannes", Role.OBSERVER, D(2023, 6, 1), None),
        ),
    ),
]

FIRST_NAMES = [
    "Aisha",
    "Bethan",
    "Callum",
    "Dylan",
    "Eleri",
    "Farah",
    "Gareth",
    "Hana",
    "Imran",
    "Jess",
    "Kofi",
    "Lowri",
    "Mair",
    "Nadia",
    "Owen",
    "Priya",
    "Rhys",
    "Sian",
    "Tomasz",
    "Uma",
    "Vikram",
    "Wendy",
    "Yusuf",
    "Zoe",
    "Ada",
    "Ben",
    "Cerys",
    "Dev",
    "Ffion",
    "Gwen",
]
LAST_NAMES = [
    "Ahmed",
    "Bevan",
    "Clarke",
    "Davies",
    "Evans",
    "Fraser",
    "Griffiths",
    "Hughes",
    "Iqbal",
    "Jones",
    "Khan",
    "Lewis",
    "Morgan",
    "Nowak",
    "Owusu",
    "Patel",
    "Roberts",
    "Singh",
    "Thomas",
    "Williams",
]


def run(ctx: DemoContext) -> None:
    rng = ctx.rng("town")
    orgs: dict[str, Organisation] = {}
    for key, name, sector, tier, _parent in ORGANISATIONS:
        orgs[key] = Organisation.objects.create(name=name, sector=sector, tier=tier)
    for key, _name, _sector, _tier, parent in ORGANISATIONS:
        if parent:
            orgs[key].parent = orgs[parent]
            orgs[key].save(update_fields=["parent"])

    partnerships: dict[str, Partnership] = {}
    for plan in PARTNERSHIPS:
        partnership = Partnership.objects.create(
            name=plan.name,
            purpose=plan.purpose,
            purpose_kind=plan.purpose_kind,
            basis=plan.basis,
            area=plan.area,
            start_date=plan.start,
            stage=plan.stage,
        )
        for org_key, role, joined, left in plan.members:
            Membership.objects.create(
                partnership=partnership,
                organisation=orgs[org_key],
                role=role,
                joined=joined,
                left=left,
            )
        partnership.lead = orgs[plan.lead]
        partnership.full_clean()
        partnership.save()
        partnerships[plan.key] = partnership

    people: dict[str, list[Person]] = {}
    used: set[str] = set()
    for key, _name, sector, _tier, _parent in ORGANISATIONS:
        count = 3 if sector == Sector.PUBLIC else 2
        people[key] = []
        for _ in range(count):
            while True:
                display = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
                if display not in used:
                    used.add(display)
                    break
            slug = display.lower().replace(" ", ".")
            constituency = ""
            if sector == Sector.COMMUNITY:
                constituency = f"Residents and members of {orgs[key].name}"
            people[key].append(
                Person.objects.create(
                    display_name=display,
                    email=f"{slug}@example.org",
                    organisation=orgs[key],
                    constituency=constituency,
                )
            )

    ctx.state["organisations"] = orgs
    ctx.state["partnerships"] = partnerships
    ctx.state["people"] = people
    ctx.notes.append(
        f"{len(partnerships)} partnerships, {len(orgs)} organisations, "
        f"{Membership.objects.count()} memberships, {Person.objects.count()} people"
    )
