"""Small inline instruments and a round of the demo LSP to answer them in."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from joinedup.analysis.instruments import parse_instrument

AGREE = {
    "choices": [
        {"value": 1, "label": "Strongly disagree"},
        {"value": 2, "label": "Disagree"},
        {"value": 3, "label": "Neither"},
        {"value": 4, "label": "Agree"},
        {"value": 5, "label": "Strongly agree"},
    ],
    "dont_know": {"en": "Don't know", "cy": "Ddim yn gwybod"},
}

CHECK = {
    "id": "mini-check",
    "version": 1,
    "title": {"en": "A short health check", "cy": "Gwiriad iechyd byr"},
    "scales": {"agree": AGREE},
    "choices": {
        "kind": [{"value": "outcome", "label": "Outcome"}, {"value": "process", "label": "Process"}]
    },
    "dimensions": [
        {
            "name": "purpose",
            "label": "Purpose and shared vision",
            "items": [
                {
                    "name": "hc_shared_aims",
                    "label": "Partners share the same aims.",
                    "scale": "agree",
                    "required": True,
                    "tags": ["theme:purpose"],
                },
                {
                    "name": "hc_purpose_kind",
                    "type": "single",
                    "label": "What kind of partnership is this?",
                    "choices": "kind",
                },
            ],
        },
        {
            "name": "accountability",
            "label": "Accountability",
            "items": [
                {
                    "name": "hc_reports_back",
                    "label": "Members report back to their own organisations.",
                    "scale": "agree",
                    "tags": ["theme:accountability"],
                },
                {"name": "hc_comment", "type": "text", "label": "Anything else?"},
            ],
        },
    ],
}

LADDER = {
    "choices": [
        {"value": v, "label": lab}
        for v, lab in enumerate(
            ["isolation", "encounter", "communication", "collaboration", "integration"], start=1
        )
    ]
}

NETWORK = {
    "id": "mini-network",
    "version": 1,
    "kind": "network",
    "title": "Who works with whom",
    "scales": {"ladder": LADDER, "agree": AGREE},
    "dimensions": [
        {
            "name": "relations",
            "label": "Working relationships",
            "items": [
                {
                    "name": "net_depth",
                    "type": "relation",
                    "label": "How closely do you work with them?",
                    "scale": "ladder",
                    "required": True,
                },
                {
                    "name": "net_trust_reliable",
                    "type": "relation",
                    "label": "They do what they say.",
                    "scale": "agree",
                    "only_if_works_with": True,
                },
            ],
        }
    ],
}


@pytest.fixture
def check_version(db):
    from joinedup.surveys.library import store_instrument
    from joinedup.surveys.models import SourceKind

    return store_instrument(parse_instrument(CHECK), SourceKind.YAML)


@pytest.fixture
def network_version(db):
    from joinedup.surveys.library import store_instrument
    from joinedup.surveys.models import SourceKind

    return store_instrument(parse_instrument(NETWORK), SourceKind.YAML)


def make_round(partnership, version, status="open"):
    from joinedup.surveys.rounds import create_round

    now = timezone.now()
    return create_round(
        partnership,
        version,
        "autumn 2026",
        now - dt.timedelta(days=1),
        now + dt.timedelta(days=20),
        status=status,
    )


SMALL_TOWN = [
    # organisation, sector, people
    ("Kestermouth Borough Council", "public", ["Ann Hale", "Ben Ortiz"]),
    ("Westshire Police, Kestermouth District", "public", ["Cara Dunn"]),
    ("Kestermouth College", "public", ["Dev Patel"]),
    ("Kestermouth Council for Voluntary Service", "voluntary", ["Eve Marsh"]),
    ("Northfield Estate Residents' Association", "community", ["Finn Rowe"]),
    ("Kestermouth Chamber of Commerce", "private", ["Gail Shore"]),
]


@pytest.fixture
def lsp(db):
    """A small partnership (without the whole demo, to keep these tests fast): the
    council leads; the chamber of commerce left in 2020."""
    from joinedup.registry.models import Membership, Organisation, Partnership, Person

    partnership = Partnership.objects.create(
        name="Harbour Partnership", basis="voluntary", start_date=dt.date(2016, 4, 1)
    )
    for name, sector, people in SMALL_TOWN:
        org = Organisation.objects.create(name=name, sector=sector)
        left = dt.date(2020, 3, 31) if sector == "private" else None
        Membership.objects.create(
            organisation=org, partnership=partnership, joined=dt.date(2016, 4, 1), left=left
        )
        for person in people:
            Person.objects.create(
                display_name=person,
                email=person.lower().replace(" ", ".") + "@example.org",
                organisation=org,
            )
    partnership.lead = Organisation.objects.get(name=SMALL_TOWN[0][0])
    partnership.save()
    return partnership
