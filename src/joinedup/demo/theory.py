"""Demo step: the Health and Social Care Board's theory of change.

Two outcomes (carers supported to keep caring; older people living well at home),
the two board decisions and the action meant to lead to them, their outputs, and the
evidence that would show each step: the carers' indicator, the decision log, the
action plan and the health check's "organisational arrangements" dimension. One
outcome is left without a measure, so the evaluator's checks have something real to say.
"""

from __future__ import annotations

from joinedup.actions.models import Action
from joinedup.demo import DemoContext
from joinedup.participation.models import Decision, Indicator
from joinedup.theory import writes

ORDER = 70
LABEL = "a theory of change for the Health and Social Care Board"

# key, kind, title
STEPS = [
    ("fund-breaks", "activity", "Fund carers' breaks through the carers' centre"),
    ("single-team", "activity", "Pilot a single care-at-home team in the Vale"),
    ("refer-carers", "activity", "Surgeries refer every carer they see for a support plan"),
    ("breaks-booked", "output", "Breaks carers can book at short notice"),
    ("one-team", "output", "One team, not three, visiting each person at home"),
    ("carers-supported", "outcome", "Carers feel supported and keep caring"),
    ("living-at-home", "outcome", "Older people live well at home for longer"),
]
# source, target, mechanism, context, assumption
LINKS = [
    (
        "fund-breaks",
        "breaks-booked",
        "Money through a trusted local charity buys breaks that fit carers' lives.",
        "The carers' centre already knows most carers in the county.",
        "The centre can find enough replacement care at short notice.",
    ),
    (
        "breaks-booked",
        "carers-supported",
        "A break that can be booked when it is needed eases strain before it becomes a crisis.",
        "Carers who look after someone with dementia gain most.",
        "",
    ),
    (
        "refer-carers",
        "carers-supported",
        "A plan made with the carer names the help they can call on.",
        "Most carers are first seen at their GP surgery.",
        "",
    ),
    (
        "single-team",
        "one-team",
        "Pooling the council's and the trust's home-care staff into one rota.",
        "The Vale, where both services already share a base.",
        "Staff terms can be aligned without a long consultation.",
    ),
    (
        "one-team",
        "living-at-home",
        "",
        "",
        "Fewer, better co-ordinated visits keep people well enough to stay at home.",
    ),
]


def run(ctx: DemoContext) -> None:
    hsc = ctx.state["partnerships"]["hsc"]
    steps = {key: writes.add_step(hsc, key, kind, title) for key, kind, title in STEPS}
    for source, target, mechanism, context, assumption in LINKS:
        writes.add_link(
            steps[source],
            steps[target],
            mechanism=mechanism,
            context=context,
            assumption=assumption,
        )
    decisions = {d.title: d for d in Decision.objects.filter(partnership=hsc)}
    writes.add_evidence(
        steps["fund-breaks"],
        "decision",
        decision=decisions["Fund carers' breaks through the carers' centre"],
    )
    writes.add_evidence(
        steps["single-team"],
        "decision",
        decision=decisions["Pilot a single care-at-home team in the Vale"],
    )
    writes.add_evidence(
        steps["refer-carers"],
        "action",
        action=Action.objects.get(partnership=hsc, title="Reach more carers with a support plan"),
    )
    writes.add_evidence(
        steps["carers-supported"],
        "indicator",
        indicator=Indicator.objects.get(partnership=hsc, name="Carers with a support plan"),
    )
    writes.add_evidence(
        steps["one-team"],
        "dimension",
        instrument="health-check",
        dimension="arrangements",
        note="Partners' view of how well their joint arrangements work.",
    )
    ctx.notes.append(f"a theory of change for {hsc.name}: {len(STEPS)} steps, 2 outcomes")
