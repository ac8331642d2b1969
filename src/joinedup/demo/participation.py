"""Demo step: a year of participation in Kestermouth (April 2025 – March 2026).

Built to show every measure: activities well linked to decisions and some not;
one Community Safety Partnership consultation that deserves the tokenism flag
(declared consult, inputs never taken to a decision, no feedback, due date
long past); the LSP and the CSP both consulting Northfield estate tenants in
June 2025 (a clash on the calendar); a residents' panel asked three times in
the year; a population reference for the four areas and one survey whose
participants are plainly unrepresentative; indicators; community seats.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from joinedup.demo import DemoContext
from joinedup.participation import models as m
from joinedup.registry.models import Partnership

ORDER = 40
LABEL = "participation activities, decisions and indicators"
D = dt.date

# category → group → residents per area (Northfield, Eastgate, Harbour, Old Town)
POPULATION: dict[str, dict[str, tuple[int, int, int, int]]] = {
    "age_band": {
        "16-24": (1450, 980, 1320, 760),
        "25-44": (2900, 2300, 2650, 1900),
        "45-64": (2200, 2450, 2100, 2300),
        "65+": (1250, 2070, 1530, 2240),
    },
    "sex": {"female": (3960, 3990, 3830, 3700), "male": (3840, 3810, 3770, 3500)},
    "ethnicity": {
        "White British": (5850, 6630, 5620, 6050),
        "White other": (620, 470, 760, 430),
        "Asian": (690, 380, 610, 390),
        "Black": (380, 170, 330, 160),
        "Mixed or other": (260, 150, 280, 170),
    },
    "disability": {"disabled": (1560, 1400, 1290, 1370), "not disabled": (6240, 6400, 6310, 5830)},
}
AREAS = ("Northfield", "Eastgate", "Harbour", "Old Town")
MANDATE = "Carry residents' views to the board; tell them each quarter what it decided."


@dataclass
class Plan:
    key: str
    owner: str
    title: str
    role: str
    methods: list[str]
    depth: str
    area: str
    groups: list[str]
    topic: str
    start: dt.date
    end: dt.date
    participants: int
    due: dt.date | None = None
    # (theme or proposal, decision key or "", link kind)
    inputs: list[tuple[str, str, str]] = field(default_factory=list)
    # (you said, we did, published on or None)
    feedback: list[tuple[str, str, dt.date | None]] = field(default_factory=list)
    joint: list[str] = field(default_factory=list)
    profile: dict[str, dict[str, int]] = field(default_factory=dict)


# key, partnership, taken on, decision, taken by, delegated
DECISIONS = [
    (
        "lsp-lighting",
        "lsp",
        D(2025, 7, 17),
        "Fund new lighting on the Northfield walkways",
        "Board",
        False,
    ),
    (
        "lsp-youth",
        "lsp",
        D(2025, 7, 17),
        "Keep the Northfield youth club open on Fridays",
        "Board",
        False,
    ),
    (
        "lsp-market",
        "lsp",
        D(2025, 10, 9),
        "Move the Saturday market to the Old Town square",
        "Board",
        False,
    ),
    (
        "lsp-budget",
        "lsp",
        D(2025, 12, 11),
        "Priorities for the 2026/27 neighbourhood budget",
        "Board",
        False,
    ),
    (
        "lsp-grants",
        "lsp",
        D(2026, 3, 5),
        "Award the Northfield small grants",
        "Residents' vote",
        True,
    ),
    (
        "csp-patrols",
        "csp",
        D(2025, 8, 14),
        "Add evening patrols around the Northfield shops",
        "Board",
        False,
    ),
    ("csp-refuge", "csp", D(2025, 11, 20), "Commission a second refuge service", "Board", False),
    (
        "hsc-home",
        "hsc",
        D(2025, 9, 25),
        "Pilot a single care-at-home team in the Vale",
        "Board",
        False,
    ),
    (
        "hsc-carers",
        "hsc",
        D(2026, 1, 22),
        "Fund carers' breaks through the carers' centre",
        "Board",
        False,
    ),
]

NF_PROFILE = {
    "age_band": {"16-24": 20, "25-44": 41, "45-64": 33, "65+": 26},
    "sex": {"female": 63, "male": 57},
    "disability": {"disabled": 22, "not disabled": 98},
}
GP_PROFILE = {
    "age_band": {"25-44": 4, "45-64": 14, "65+": 42},
    "sex": {"female": 44, "male": 16},
    "ethnicity": {"White British": 58, "White other": 2},
}

PLANS = [
    Plan(
        "lsp-nf",
        "lsp",
        "Northfield estate renewal consultation",
        "purpose",
        ["public_meeting", "consultation_paper", "online"],
        "consult",
        "Northfield",
        ["tenants", "young people"],
        "estate renewal",
        D(2025, 6, 2),
        D(2025, 6, 20),
        120,
        D(2025, 8, 31),
        [
            ("Walkways are too dark after 6pm", "lsp-lighting", "adopted"),
            ("Young people have nowhere to go on Friday nights", "lsp-youth", "adopted"),
            ("Replace the garage blocks with homes", "", ""),
        ],
        [
            (
                "The walkways feel unsafe after dark.",
                "New lighting is funded for this winter.",
                D(2025, 8, 1),
            )
        ],
        profile=NF_PROFILE,
    ),
    Plan(
        "csp-nf",
        "csp",
        "Northfield estate safety survey and walkabouts",
        "purpose",
        ["satisfaction_survey", "public_meeting"],
        "consult",
        "Northfield",
        ["tenants", "older people"],
        "anti-social behaviour",
        D(2025, 6, 10),
        D(2025, 6, 28),
        85,
        D(2025, 9, 30),
        [("Groups gather by the shops in the evening", "csp-patrols", "adopted")],
        [("The shops parade is the worry.", "Evening patrols start in September.", D(2025, 9, 12))],
    ),
    Plan(
        "lsp-town",
        "lsp",
        "Old Town centre vision meetings",
        "purpose",
        ["public_meeting", "online"],
        "involve",
        "Old Town",
        ["residents", "traders"],
        "town centre",
        D(2025, 9, 1),
        D(2025, 9, 19),
        210,
        D(2025, 11, 1),
        [
            ("Bring the market back to the square", "lsp-market", "changed"),
            ("Free parking on Saturdays", "lsp-market", "considered_not_adopted"),
        ],
        [
            (
                "Move the market and make parking free.",
                "The market moves in spring; parking charges stay to fund buses.",
                D(2025, 11, 20),
            )
        ],
    ),
    Plan(
        "lsp-youth",
        "lsp",
        "Eastgate youth forum",
        "outcome",
        ["neighbourhood_forum", "focus_group"],
        "collaborate",
        "Eastgate",
        ["young people"],
        "youth provision",
        D(2025, 5, 6),
        D(2025, 5, 27),
        34,
        D(2025, 7, 31),
        [
            ("Keep the youth club open on Fridays", "lsp-youth", "adopted"),
            ("Young people on the board's working group", "lsp-youth", "adopted"),
        ],
        [("You asked for Friday openings.", "The club now opens on Fridays.", D(2025, 7, 25))],
    ),
    Plan(
        "lsp-grants",
        "lsp",
        "Northfield small grants: residents decide",
        "outcome",
        ["public_meeting", "online"],
        "empower",
        "Northfield",
        ["residents' groups"],
        "small grants",
        D(2026, 2, 2),
        D(2026, 2, 27),
        160,
        D(2026, 4, 30),
        [
            ("Fund the community garden", "lsp-grants", "adopted"),
            ("Fund the homework club", "lsp-grants", "adopted"),
        ],
        [("Residents voted for seven projects.", "All seven are funded.", D(2026, 3, 20))],
    ),
    Plan(
        "csp-harbour",
        "csp",
        "Harbour night-time economy focus groups",
        "purpose",
        ["focus_group"],
        "consult",
        "Harbour",
        ["licensees", "young adults"],
        "night-time safety",
        D(2025, 9, 15),
        D(2025, 10, 10),
        28,
        D(2025, 12, 31),
        [
            ("Late buses from the harbour front", "", ""),
            ("Better taxi marshalling on Fridays", "", ""),
        ],
    ),
    Plan(
        "csp-eastgate",
        "csp",
        "Eastgate neighbourhood watch briefing",
        "ingredient",
        ["neighbourhood_forum"],
        "inform",
        "Eastgate",
        ["residents"],
        "burglary prevention",
        D(2025, 11, 4),
        D(2025, 11, 4),
        45,
    ),
    Plan(
        "csp-refuge",
        "csp",
        "Domestic abuse services consultation",
        "purpose",
        ["consultation_paper", "online"],
        "involve",
        "Kestermouth borough",
        ["survivors' groups"],
        "domestic abuse",
        D(2025, 7, 1),
        D(2025, 8, 29),
        64,
        D(2025, 10, 31),
        [("A refuge for women with older sons", "csp-refuge", "changed")],
        [
            (
                "Some families cannot use the refuge.",
                "A second service is commissioned.",
                D(2025, 12, 5),
            )
        ],
    ),
    Plan(
        "hsc-jury",
        "hsc",
        "Citizens' jury on care at home",
        "purpose",
        ["citizens_jury"],
        "collaborate",
        "Kestermouth and the Vale",
        ["older people", "carers"],
        "care at home",
        D(2025, 5, 12),
        D(2025, 5, 16),
        16,
        D(2025, 7, 31),
        [
            ("One team, not three, visiting each person", "hsc-home", "adopted"),
            ("Named worker for every family", "hsc-home", "adopted"),
        ],
        [("You wanted one team.", "A single team is piloted in the Vale.", D(2025, 7, 15))],
    ),
    Plan(
        "hsc-carers",
        "hsc",
        "Carers' focus groups",
        "purpose",
        ["focus_group"],
        "involve",
        "Old Town",
        ["carers"],
        "carers' breaks",
        D(2025, 10, 6),
        D(2025, 10, 24),
        22,
        D(2026, 1, 31),
        [("Breaks that can be booked at short notice", "hsc-carers", "adopted")],
    ),
    Plan(
        "hsc-gp",
        "hsc",
        "Harbour GP access satisfaction survey",
        "purpose",
        ["satisfaction_survey"],
        "consult",
        "Harbour",
        ["patients"],
        "GP access",
        D(2025, 4, 7),
        D(2025, 5, 2),
        60,
        D(2025, 7, 31),
        [("Morning phone queues are too long", "", "considered_not_adopted")],
        [("Phone queues are long.", "Online booking is being added first.", D(2025, 7, 2))],
        profile=GP_PROFILE,
    ),
    Plan(
        "joint-fair",
        "lsp",
        "Winter wellbeing fair",
        "outcome",
        ["public_meeting"],
        "inform",
        "Eastgate",
        ["older people"],
        "winter wellbeing",
        D(2025, 11, 15),
        D(2025, 11, 15),
        140,
        joint=["hsc"],
    ),
]

PANEL_WAVES = [
    ("Residents' panel, wave 1: borough priorities", D(2025, 4, 14), D(2025, 4, 30), 32),
    ("Residents' panel, wave 2: bus services", D(2025, 9, 8), D(2025, 9, 26), 30),
    ("Residents' panel, wave 3: budget priorities", D(2026, 1, 12), D(2026, 1, 30), 34),
]

INDICATORS = [
    # partnership, name, kind, defined by, unit, target, direction, [(year, value)]
    (
        "lsp",
        "Community seats on the board filled",
        "structure",
        "partnership",
        "seats",
        4,
        "up",
        [(2022, 1), (2023, 2), (2024, 2), (2025, 3), (2026, 3)],
    ),
    (
        "lsp",
        "Consultations with feedback within the due date",
        "process",
        "national",
        "%",
        90,
        "up",
        [(2022, 40), (2023, 48), (2024, 55), (2025, 67), (2026, 70)],
    ),
    (
        "lsp",
        "Residents who feel able to influence local decisions",
        "outcome",
        "national",
        "%",
        35,
        "up",
        [(2022, 24), (2023, 23), (2024, 26), (2025, 27), (2026, 29)],
    ),
    (
        "lsp",
        "Fly-tipping reports on Northfield estate",
        "outcome",
        "community",
        "reports a month",
        10,
        "down",
        [(2022, 31), (2023, 27), (2024, 24), (2025, 18), (2026, 15)],
    ),
    (
        "csp",
        "Anti-social behaviour incidents, Northfield",
        "outcome",
        "national",
        "incidents a quarter",
        60,
        "down",
        [(2023, 112), (2024, 104), (2025, 97), (2026, 88)],
    ),
    (
        "hsc",
        "Carers with a support plan",
        "process",
        "partnership",
        "%",
        75,
        "up",
        [(2023, 38), (2024, 46), (2025, 55), (2026, 61)],
    ),
]


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
    for number, (title, start, end, size) in enumerate(PANEL_WAVES, start=1):
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
            you_said=f"Wave {number} results.",
            we_did="Reported to the board.",
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
    seats = [
        (
            "lsp",
            people["northfield"][0],
            "Tenants of Northfield estate",
            "elected",
            D(2024, 4, 1),
            D(2027, 3, 31),
            [
                D(2024, 7, 2),
                D(2024, 10, 8),
                D(2025, 1, 14),
                D(2025, 4, 8),
                D(2025, 7, 1),
                D(2025, 10, 7),
            ],
        ),
        (
            "lsp",
            people["cvs"][0],
            "Voluntary and community sector forum",
            "nominated",
            D(2025, 4, 1),
            D(2026, 3, 31),
            [D(2025, 6, 24), D(2025, 9, 23), D(2025, 12, 9), D(2026, 3, 10)],
        ),
        (
            "csp",
            people["eastgate"][0],
            "Eastgate neighbourhood watch groups",
            "co-opted",
            D(2024, 10, 1),
            D(2026, 9, 30),
            [
                D(2025, 1, 9),
                D(2025, 4, 10),
                D(2025, 7, 10),
                D(2025, 10, 9),
                D(2026, 1, 8),
                D(2026, 4, 9),
                D(2026, 7, 9),
                D(2026, 8, 20),
            ],
        ),
    ]
    for key, person, constituency, how, start, end, reports in seats:
        seat = m.BoardSeat.objects.create(
            partnership=partnerships[key],
            person=person,
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
            m.IndicatorObservation(indicator=indicator, observed_on=D(year, 3, 31), value=value)
            for year, value in points
        )
