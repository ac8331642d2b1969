"""Data of the demo's participation step (see :mod:`joinedup.demo.participation`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

D = dt.date


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


# category → group → residents per area (Northfield, Eastgate, Harbour, Old Town)
POPULATION: dict[str, dict[str, tuple[int, int, int, int]]] = {
    "age_band": {
        "16-24": (1450, 980, 1320, 760),
        "25-44": (2900, 2300, 2650, 1900),
        "45-64": (2200, 2450, 2100, 2300),
        "65+": (1250, 2070, 1530, 2240),
    },
    "sex": {
        "female": (3960, 3990, 3830, 3700),
        "male": (3840, 3810, 3770, 3500),
    },
    "ethnicity": {
        "White British": (5850, 6630, 5620, 6050),
        "White other": (620, 470, 760, 430),
        "Asian": (690, 380, 610, 390),
        "Black": (380, 170, 330, 160),
        "Mixed or other": (260, 150, 280, 170),
    },
    "disability": {
        "disabled": (1560, 1400, 1290, 1370),
        "not disabled": (6240, 6400, 6310, 5830),
    },
}
AREAS = ("Northfield", "Eastgate", "Harbour", "Old Town")
MANDATE = "Carry residents' views to the board; tell them each quarter what it decided."

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
        due=D(2025, 8, 31),
        inputs=[
            ("Walkways are too dark after 6pm", "lsp-lighting", "adopted"),
            ("Young people have nowhere to go on Friday nights", "lsp-youth", "adopted"),
            ("Replace the garage blocks with homes", "", ""),
        ],
        feedback=[
            (
                "The walkways feel unsafe after dark.",
                "New lighting is funded for this winter.",
                D(2025, 8, 1),
            ),
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
        due=D(2025, 9, 30),
        inputs=[
            ("Groups gather by the shops in the evening", "csp-patrols", "adopted"),
        ],
        feedback=[
            (
                "The shops parade is the worry.",
                "Evening patrols start in September.",
                D(2025, 9, 12),
            ),
        ],
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
        due=D(2025, 11, 1),
        inputs=[
            ("Bring the market back to the square", "lsp-market", "changed"),
            ("Free parking on Saturdays", "lsp-market", "considered_not_adopted"),
        ],
        feedback=[
            (
                "Move the market and make parking free.",
                "The market moves in spring; parking charges stay to fund buses.",
                D(2025, 11, 20),
            ),
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
        due=D(2025, 7, 31),
        inputs=[
            ("Keep the youth club open on Fridays", "lsp-youth", "adopted"),
            ("Young people on the board's working group", "lsp-youth", "adopted"),
        ],
        feedback=[
            ("Open the youth club on Fridays.", "The club now opens on Fridays.", D(2025, 7, 25)),
        ],
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
        due=D(2026, 4, 30),
        inputs=[
            ("Fund the community garden", "lsp-grants", "adopted"),
            ("Fund the homework club", "lsp-grants", "adopted"),
        ],
        feedback=[
            ("Residents voted for seven projects.", "All seven are funded.", D(2026, 3, 20)),
        ],
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
        due=D(2025, 12, 31),
        inputs=[
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
        due=None,
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
        due=D(2025, 10, 31),
        inputs=[
            ("A refuge for women with older sons", "csp-refuge", "changed"),
        ],
        feedback=[
            (
                "Some families cannot use the refuge.",
                "A second service is commissioned.",
                D(2025, 12, 5),
            ),
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
        due=D(2025, 7, 31),
        inputs=[
            ("One team, not three, visiting each person", "hsc-home", "adopted"),
            ("Named worker for every family", "hsc-home", "adopted"),
        ],
        feedback=[
            ("You wanted one team.", "A single team is piloted in the Vale.", D(2025, 7, 15)),
        ],
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
        due=D(2026, 1, 31),
        inputs=[
            ("Breaks that can be booked at short notice", "hsc-carers", "adopted"),
        ],
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
        due=D(2025, 7, 31),
        inputs=[
            ("Morning phone queues are too long", "", "considered_not_adopted"),
        ],
        feedback=[
            ("Phone queues are long.", "Online booking is being added first.", D(2025, 7, 2)),
        ],
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
        due=None,
        joint=[
            "hsc",
        ],
    ),
]

# title, start, end, members asked, you said, we did
PANEL_WAVES = [
    (
        "Residents' panel, wave 1: borough priorities",
        D(2025, 4, 14),
        D(2025, 4, 30),
        32,
        "Housing repairs and safe streets matter most.",
        "Both head the board's plan for the year.",
    ),
    (
        "Residents' panel, wave 2: bus services",
        D(2025, 9, 8),
        D(2025, 9, 26),
        30,
        "Evening buses to Northfield stop too early.",
        "The operator could not fund later buses; the board will ask again next year.",
    ),
    (
        "Residents' panel, wave 3: budget priorities",
        D(2026, 1, 12),
        D(2026, 1, 30),
        34,
        "Protect youth work and the advice centre.",
        "Both keep their funding in the 2026/27 budget.",
    ),
]

# partnership, name, kind, defined by, unit, target, direction, [(year, value)]
INDICATORS = [
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
