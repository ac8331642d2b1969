"""Demo step: a year of participation in Kestermouth (April 2025 – March 2026).

Built to show every measure: activities well linked to decisions and some not;
one Community Safety Partnership consultation that deserves the tokenism flag
(declared consult, inputs never taken to a decision, no feedback, due date
long past); the LSP and the CSP both consulting Northfield estate tenants in
June 2025 (a clash on the calendar); a residents' panel asked three times in
the year; a population reference for the four areas and one survey whose
participants are plainly unrepresentative; indicators; community seats.
The tables are in ``data/participation.yaml``.
"""

from __future__ import annotations

import datetime as dt

from joinedup.demo import DemoContext
from joinedup.demo import _tables as tables
from joinedup.demo._tables import Plan
from joinedup.participation import models as m
from joinedup.registry.models import Partnership

ORDER = 40
LABEL = "participation activities, decisions and indicators"

AREAS = tables.areas()
MANDATE = tables.mandate()
POPULATION = tables.population()
DECISIONS = tables.decisions()
PLANS = tables.plans()
PANEL_WAVES = tables.panel_waves()
INDICATORS = tables.indicators()
SEATS = tables.seats()


def run(ctx: DemoContext) -> None:
    partnerships = ctx.state["partnerships"]
    decisions = {
        key: m.Decision.objects.create(
            partnership=partnerships[owner],
            taken_on=day,
            title=title,
            body=body,
            delegated=delegated,
        )
        for key, owner, day, title, body, delegated in DECISIONS
    }
    activities = {plan.key: _activity(plan, partnerships, decisions) for plan in PLANS}
    _population()
    asks = _panel(ctx, partnerships["lsp"], decisions)
    _seats(ctx, partnerships)
    _indicators(partnerships)
    m.PublicFeedbackPage.objects.create(
        partnership=partnerships["lsp"], slug="kestermouth-lsp", enabled=True
    )
    m.PublicFeedbackPage.objects.create(
        partnership=partnerships["csp"], slug="kestermouth-csp", enabled=False
    )
    ctx.state["activities"] = activities
    ctx.notes.append(
        f"{m.Activity.objects.count()} participation activities, {len(decisions)} decisions, "
        f"{asks} panel invitations, {m.Indicator.objects.count()} indicators"
    )


def _activity(
    plan: Plan, partnerships: dict[str, Partnership], decisions: dict[str, m.Decision]
) -> m.Activity:
    activity = m.Activity.objects.create(
        partnership=partnerships[plan.owner],
        title=plan.title,
        role=plan.role,
        methods=plan.methods,
        declared_depth=plan.depth,
        area=plan.area,
        target_groups=plan.groups,
        topic=plan.topic,
        start=plan.start,
        end=plan.end,
        participants=plan.participants,
        feedback_due=plan.due,
    )
    activity.joint_with.set([partnerships[k] for k in plan.joint])
    for summary, decision, kind in plan.inputs:
        item = m.Input.objects.create(activity=activity, summary=summary)
        if decision:
            m.InputDecisionLink.objects.create(input=item, decision=decisions[decision], kind=kind)
    for said, did, published in plan.feedback:
        m.Feedback.objects.create(
            activity=activity, you_said=said, we_did=did, published_on=published
        )
    for category, groups in plan.profile.items():
        for group, count in groups.items():
            m.ParticipantProfile.objects.create(
                activity=activity, category=category, group=group, count=count
            )
    return activity


def _population() -> None:
    m.PopulationCount.objects.bulk_create(
        m.PopulationCount(area=area, category=category, group=group, count=counts[i])
        for category, groups in POPULATION.items()
        for group, counts in groups.items()
        for i, area in enumerate(AREAS)
    )


def _panel(ctx: DemoContext, lsp: Partnership, decisions: dict[str, m.Decision]) -> int:
    rng = ctx.rng("participation")
    panel = m.CitizensPanel.objects.create(partnership=lsp, name="Kestermouth Residents' Panel")
    members = [f"KRP-{n:03d}" for n in range(1, 61)]
    asks = 0
    for number, (title, start, end, size, said, did) in enumerate(PANEL_WAVES, start=1):
        activity = m.Activity.objects.create(
            partnership=lsp,
            title=title,
            role="purpose",
            methods=["citizens_panel", "online"],
            declared_depth="consult",
            area="Kestermouth borough",
            target_groups=["panel members"],
            topic=title.split(": ")[1],
            start=start,
            end=end,
            participants=size,
            feedback_due=end + dt.timedelta(days=60),
        )
        item = m.Input.objects.create(activity=activity, summary=f"Wave {number} priorities")
        m.InputDecisionLink.objects.create(
            input=item,
            decision=decisions["lsp-budget"],
            kind="considered_not_adopted" if number == 2 else "adopted",
        )
        m.Feedback.objects.create(
            activity=activity,
            you_said=said,
            we_did=did,
            published_on=end + dt.timedelta(days=30),
        )
        chosen = rng.sample(members, size)
        m.PanelAsk.objects.bulk_create(
            m.PanelAsk(panel=panel, activity=activity, member_ref=panel.pseudonym(member))
            for member in chosen
        )
        asks += size
    return asks


def _seats(ctx: DemoContext, partnerships: dict[str, Partnership]) -> None:
    people = ctx.state["people"]
    for key, org, constituency, how, start, end, reports in SEATS:
        seat = m.BoardSeat.objects.create(
            partnership=partnerships[key],
            person=people[org][0],
            constituency=constituency,
            appointed=how,
            mandate=MANDATE,
            term_start=start,
            term_end=end,
        )
        for day in reports:
            m.ReportBack.objects.create(
                seat=seat, reported_on=day, how="Residents' meeting and newsletter"
            )


def _indicators(partnerships: dict[str, Partnership]) -> None:
    for key, name, kind, definer, unit, target, direction, points in INDICATORS:
        indicator = m.Indicator.objects.create(
            partnership=partnerships[key],
            name=name,
            kind=kind,
            defined_by=definer,
            unit=unit,
            target=target,
            direction=direction,
        )
        m.IndicatorObservation.objects.bulk_create(
            m.IndicatorObservation(
                indicator=indicator, observed_on=dt.date(year, 3, 31), value=value
            )
            for year, value in points
        )
