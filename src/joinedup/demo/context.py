"""Demo step: what Kestermouth's three partnerships are for, how they are funded,
mandated and steered, and which measures judge them.

The tables are in ``data/context.yaml``; all dates are fixed. The Health and Social
Care Board lives mostly on a competitive bid that ends on 31 March 2027, so a page
opened in the twelve months before then (the demo is shown from late 2026) flags the
money as expiring.
"""

from __future__ import annotations

from decimal import Decimal

from joinedup.context.models import (
    CentralTarget,
    FundingStream,
    PartnershipProfile,
    PerformanceMeasure,
)
from joinedup.demo import DemoContext
from joinedup.demo import _tables as tables

ORDER = 30
LABEL = "partnership context: purposes, funding, mandate, measures"

PROFILES = tables.context_profiles()
FUNDING = tables.funding()
TARGETS = tables.targets()
MEASURES = tables.measures()


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
