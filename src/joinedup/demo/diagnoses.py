"""Demo step: the sharing register of Kestermouth's three partnerships.

The Community Safety Partnership shares little (one lapsed information-sharing
agreement: "contracting, not partnering"); the Local Strategic Partnership shares
information and premises; the Health and Social Care Board runs a pooled budget.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from joinedup.demo import DemoContext
from joinedup.diagnoses.models import ShareKind, SharingEntry

ORDER = 50
LABEL = "sharing register"
D = dt.date

# partnership key, kind, description, organisation keys, amount, unit, start, end
ENTRIES = [
    ("csp", ShareKind.INFORMATION, "Anti-social behaviour case-sharing protocol",
     ("police", "council"), None, "", D(2019, 4, 1), D(2023, 3, 31)),
    ("lsp", ShareKind.INFORMATION, "Kestermouth data-sharing charter",
     ("council", "county", "police", "icb", "cvs", "advice", "homes", "jobcentre"),
     None, "", D(2021, 1, 1), None),
    ("lsp", ShareKind.PREMISES, "Northfield community hub, shared front desk",
     ("council", "cvs", "advice", "northfield", "youth", "jobcentre"),
     Decimal("38000"), "GBP a year in kind", D(2022, 9, 1), None),
    ("lsp", ShareKind.STAFF_TIME, "Neighbourhood renewal officer seconded from the college",
     ("college", "council"), Decimal("120"), "staff days a year", D(2024, 1, 8), None),
    ("hsc", ShareKind.POOLED_BUDGET, "Pooled budget for care at home and carers' breaks",
     ("icb", "county", "council", "trust"), Decimal("4200000"), "GBP a year", D(2023, 4, 1), None),
    ("hsc", ShareKind.STAFF_TIME, "Joint discharge team",
     ("trust", "county", "agewell", "surgeries"), Decimal("1800"), "staff days a year",
     D(2023, 10, 2), None),
    ("hsc", ShareKind.RISK, "Shared overspend risk on the pooled budget",
     ("icb", "county"), None, "", D(2023, 4, 1), None),
    ("hsc", ShareKind.INFORMATION, "Shared care record agreement",
     ("icb", "trust", "surgeries", "county", "carehomes"), None, "", D(2023, 1, 16), None),
]  # fmt: skip


def run(ctx: DemoContext) -> None:
    organisations = ctx.state["organisations"]
    partnerships = ctx.state["partnerships"]
    for key, kind, text, orgs, amount, unit, start, end in ENTRIES:
        entry = SharingEntry.objects.create(
            partnership=partnerships[key],
            kind=kind,
            description=text,
            amount=amount,
            unit=unit,
            start=start,
            end=end,
        )
        entry.organisations.set([organisations[o] for o in orgs])
    ctx.notes.append(f"{len(ENTRIES)} sharing register entries")
