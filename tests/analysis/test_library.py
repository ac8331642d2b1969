"""The built-in instrument library: it loads, and it covers the frameworks it claims to."""

from __future__ import annotations

from collections import Counter

import pytest

from joinedup.analysis.instruments import Instrument, ItemType
from joinedup.analysis.library import BUILTIN_IDS, builtin, builtin_instruments

HEALTH_THEMES = [
    "purpose",
    "arrangements",
    "ownership_trust",
    "leadership_learning",
    "accountability",
    "incentives_resources",
]
FRAMEWORKS = {
    "nuffield": [
        "need_for_partnership",
        "clarity_of_purpose",
        "commitment_ownership",
        "trust",
        "arrangements",
        "monitor_learn",
    ],
    "audit": ["deciding", "getting_started", "operating", "reviewing", "expectations"],
    "evans_killoran": [
        "shared_vision",
        "leadership_management",
        "relations_ownership",
        "accountability",
        "readiness",
        "responsiveness",
    ],
    "surestart": [
        "agreed_aims",
        "new_ways",
        "strategic_commitment",
        "clear_roles",
        "information_sharing",
        "co_location",
        "training",
    ],
}
HARDY = ["structural", "procedural", "financial", "professional", "status_legitimacy"]
RHODES = [
    "information",
    "quality_hard_to_specify",
    "hard_to_price",
    "professional_discretion",
    "local_flexibility",
    "multi_agency",
    "monitoring_costs",
    "bargaining",
]
INHOUSE = [
    "few_providers",
    "collusion",
    "frequent_adjustment",
    "complex_contracts",
    "specific_assets",
    "affordable_rnd",
]
BOVAIRD = [
    "accountability",
    "citizen_engagement",
    "transparency",
    "leadership",
    "equalities",
    "ethical_honest",
    "equity",
    "cooperation",
    "competitiveness",
    "sustainability",
]
PULLS = ["accountability", "pragmatism", "flexibility", "sustainability"]


def tag_count(instrument: Instrument, tag: str) -> int:
    return sum(tag in item.tags for item in instrument.items())


def test_all_six_load_in_order() -> None:
    assert [i.id for i in builtin_instruments()] == list(BUILTIN_IDS)
    assert builtin("barriers").title["en"] == "Barriers to joint working"
    with pytest.raises(KeyError):
        builtin("no-such-instrument")


def test_every_item_is_tagged_and_labelled_in_english() -> None:
    for instrument in builtin_instruments():
        assert instrument.title.get("cy"), instrument.id
        for dim in instrument.dimensions:
            assert dim.label.get("en"), (instrument.id, dim.name)
            assert dim.label.get("cy"), (instrument.id, dim.name)
            for item in dim.items:
                assert item.tags, item.name
                assert all(":" in tag for tag in item.tags), item.name
                assert item.label.get("en"), item.name


def test_item_names_are_unique_across_the_library() -> None:
    names = Counter(item.name for i in builtin_instruments() for item in i.items())
    assert [name for name, n in names.items() if n > 1] == []


def test_health_check_themes_and_frameworks() -> None:
    hc = builtin("health-check")
    assert [d.name for d in hc.dimensions] == HEALTH_THEMES
    for dim in hc.dimensions:
        assert f"theme:{dim.name}" in dim.tags
        assert all(f"theme:{dim.name}" in item.tags for item in dim.items)
        assert 4 <= len([i for i in dim.items if i.scale == "agree5"]) <= 6
    for framework, names in FRAMEWORKS.items():
        for name in names:
            assert tag_count(hc, f"{framework}:{name}") >= 1, f"{framework}:{name}"


def test_health_check_special_items() -> None:
    hc = builtin("health-check")
    kind = hc.item("hc_purpose_kind")
    assert kind.type == ItemType.SINGLE
    assert [c.value for c in hc.choices[kind.choices or ""]] == [
        "outcome",
        "process",
        "experimental",
    ]
    depth = hc.scale_of(hc.item("hc_overall_depth"))
    assert depth is not None
    assert [c.label["en"].split(":")[0] for c in depth.choices] == [
        "Isolation",
        "Encounter",
        "Communication",
        "Collaboration",
        "Integration",
    ]
    pratt = hc.scale_of(hc.item("hc_pratt"))
    assert pratt is not None
    assert (pratt.low, pratt.high) == (1, 4)


def test_barriers_cover_hardys_five() -> None:
    barriers = builtin("barriers")
    assert [d.name for d in barriers.dimensions] == HARDY
    for name in HARDY:
        assert tag_count(barriers, f"hardy:{name}") >= 3


def test_dynamics_cover_both_axes_every_pull_and_every_profile() -> None:
    dynamics = builtin("dynamics")
    for axis in ("vertical", "horizontal"):
        for sign in "+-":
            assert tag_count(dynamics, f"newman:{axis}:{sign}") >= 3
    for pull in PULLS:
        assert tag_count(dynamics, f"pull:{pull}") >= 3
        for aspect in ("power", "trust", "leadership"):
            assert tag_count(dynamics, f"profile:{aspect}:{pull}") >= 1


def test_governance_and_modes_cover_every_principle_and_condition() -> None:
    governance = builtin("governance")
    for principle in BOVAIRD:
        assert tag_count(governance, f"bovaird:{principle}") >= 1
    assert sum(any(t.startswith("qol:") for t in i.tags) for i in governance.items()) >= 6
    modes = builtin("governance-modes")
    for condition in RHODES:
        assert tag_count(modes, f"rhodes:{condition}") == 1
    for condition in INHOUSE:
        assert tag_count(modes, f"inhouse:{condition}") == 1


def test_network_relation_items() -> None:
    network = builtin("network")
    assert network.kind == "network"
    assert all(item.type == ItemType.RELATION for item in network.items())
    names = [item.name for item in network.items()]
    assert names[:2] == ["net_depth", "net_frequency"]
    for item in network.items():
        gated = item.name.startswith(("net_trust_", "net_value_", "net_share_"))
        assert item.only_if_works_with == gated, item.name
    share = network.scale_of(network.item("net_share_risk"))
    assert share is not None
    assert [c.value for c in share.choices] == [0, 1]
