"""Issue 16, reproduction 2: the dynamics plane gives no group's point by subtraction.

6 officers, 6 board members, 1 business and 1 voluntary respondent answer a
dynamics round. Before the fix the API returned officers and board at full
precision beside the overall point and ``"n": 1`` for each withheld group, so
``overall × 14 − 6 × officers − 6 × board`` gave the two small groups' combined
point, and the business respondent then knew the voluntary respondent's.
"""

from __future__ import annotations

import pytest

from joinedup.analysis.disclosure import disclosures
from joinedup.analysis.frameworks import dynamics
from tests.conftest import PARTNERSHIP_A
from tests.diagnoses.test_dynamics import TAGS, round_of
from tests.scoring.small_groups import (
    HIDDEN_PAIR,
    REPRO_GROUPS,
    closed_round,
    published_sets,
    repro_answers,
)

K = 5
POSITION = {
    "officers": {"dy_steer_own_agenda": 4, "dy_steer_directed": 2, "dy_focus_outward": 2},
    "board": {"dy_steer_own_agenda": 2, "dy_steer_directed": 4, "dy_focus_outward": 4},
    "business": {"dy_steer_own_agenda": 1, "dy_steer_directed": 5, "dy_focus_outward": 5},
    "voluntary": {"dy_steer_own_agenda": 5, "dy_steer_directed": 1, "dy_focus_outward": 1},
}
for _values in POSITION.values():
    _values["dy_focus_inward"] = 6 - _values["dy_focus_outward"]


@pytest.fixture
def dynamics_round(personas):
    from joinedup.surveys.library import ensure_builtin_instruments
    from joinedup.surveys.models import InstrumentVersion

    ensure_builtin_instruments()
    version = InstrumentVersion.objects.filter(key="dynamics").order_by("-version").first()
    return closed_round(_partnership(), version, "issue 16 dynamics", repro_answers(POSITION))


def _partnership():
    from joinedup.registry.models import Partnership

    return Partnership.objects.get(name=PARTNERSHIP_A)


def test_api_gives_no_group_point_by_subtraction(personas, dynamics_round):
    _, members = dynamics_round
    response = personas.client("member_a").get(f"/api/diagnoses/partnerships/{_partnership().pk}/")
    assert response.status_code == 200
    [ours] = [r for r in response.json()["dynamics"] if r["round_label"] == "issue 16 dynamics"]
    assert ours["overall"]["n"] == sum(size for _, size in REPRO_GROUPS)
    groups = {g["label"]: g for g in ours["groups"]}
    shown = [name for name, g in groups.items() if not g["suppressed"]]
    for name, group in groups.items():
        if group["suppressed"]:
            # Nothing of a hidden group leaves: no point, no size.
            assert group["n"] is None, name
            assert group["x"] is None
            assert group["y"] is None
            assert group["pulls"] == {}
        else:
            assert group["n"] == len(members[name])
    assert set(HIDDEN_PAIR) <= {name for name, g in groups.items() if g["suppressed"]}
    # Every published point with its n is the sum over a known set of respondents;
    # no set of fewer than k respondents follows from them.
    assert disclosures(published_sets(members, shown), K) == []


def test_page_names_no_size_of_a_hidden_group(personas, dynamics_round):
    page = personas.client("member_a").get(f"/partnerships/{_partnership().pk}/section/diagnoses/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "hidden to protect a smaller group" in html
    assert "withheld: 1 respondents" not in html


def test_two_small_groups_hide_a_third():
    rows = round_of(4, 2, n=6, group="officers") + round_of(2, 4, n=6, group="board")
    rows += round_of(1, 5, n=1, group="business") + round_of(5, 1, n=1, group="voluntary")
    result = dynamics.compute(rows, TAGS, k=K, seed=3)
    groups = {g.label: g for g in result.groups}
    assert result.overall.n == 14
    assert [g for g in groups if groups[g].suppressed] == ["board", "business", "voluntary"]
    assert all(groups[g].n is None for g in ("board", "business", "voluntary"))
    assert groups["officers"].n == 6
    assert groups["officers"].x is not None
    assert "fewer than 5" in (groups["business"].suppressed or "")
    assert "hidden to protect a smaller group" in (groups["board"].suppressed or "")


def test_small_groups_that_reach_k_together_leave_the_rest_shown():
    rows = round_of(4, 2, n=6, group="officers") + round_of(2, 4, n=3, group="board")
    rows += round_of(1, 5, n=2, group="business")
    groups = {g.label: g for g in dynamics.compute(rows, TAGS, k=K).groups}
    assert groups["officers"].x is not None
    assert groups["board"].n is None
    assert groups["business"].n is None


def test_a_withheld_round_withholds_every_group():
    rows = round_of(4, 2, n=3, group="officers") + round_of(2, 4, n=1, group="board")
    result = dynamics.compute(rows, TAGS, k=K)
    assert result.overall.suppressed
    assert all(g.suppressed and g.n is None for g in result.groups)
