"""Step 1 of the demo: Kestermouth's organisations, partnerships, members and people.

The organisations and partnerships are in ``data/town.yaml``; the people are drawn
from its lists of names with ``ctx.rng("town")``.
"""

from __future__ import annotations

from joinedup.demo import DemoContext
from joinedup.demo import _tables as tables
from joinedup.registry.models import Membership, Organisation, Partnership, Person, Sector

ORDER = 10
LABEL = "organisations and partnerships"

ORGANISATIONS = tables.organisations()
PARTNERSHIPS = tables.partnerships()
FIRST_NAMES = tables.names("first")
LAST_NAMES = tables.names("last")


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
