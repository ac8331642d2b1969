"""Demo step: the sharing register of Kestermouth's three partnerships.

The Community Safety Partnership shares little (one lapsed information-sharing
agreement: "contracting, not partnering"); the Local Strategic Partnership shares
information and premises; the Health and Social Care Board runs a pooled budget.
The entries are in ``data/sharing.yaml``.
"""

from __future__ import annotations

from joinedup.demo import DemoContext
from joinedup.demo import _tables as tables
from joinedup.diagnoses.models import SharingEntry

ORDER = 50
LABEL = "sharing register"
ENTRIES = tables.sharing()


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
