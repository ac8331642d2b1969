"""The demo's survey rounds: realistic response rates, and partnerships that
differ the way the demo story says they do."""

from __future__ import annotations

from collections import Counter, defaultdict
from statistics import mean

from joinedup.analysis.frameworks.dynamics import compute
from joinedup.surveys.extract import partnership_rounds, round_answers, round_relations
from joinedup.surveys.rounds import response_rates
from tests.conftest import PARTNERSHIP_A, PARTNERSHIP_B, PARTNERSHIP_C


def _rounds(partnership, key):
    return [r for r in partnership_rounds(partnership) if r.instrument.key == key]


def _theme(round_, prefix):
    return mean(r.value for r in round_answers(round_.pk) if r.item.startswith(prefix) and r.value)


def _two_closed_rounds_of_each_instrument_with_realistic_rates(demo):
    for partnership in demo.values():
        rounds = list(partnership_rounds(partnership))
        # The board's autumn 2026 health check is the actions step's next round.
        board = partnership.name == PARTNERSHIP_C
        # The board also has a governance and a governance-modes round (the lenses step).
        assert Counter(r.instrument.key for r in rounds) == {
            "health-check": 3 if board else 2,
            "dynamics": 2,
            "network": 2,
        } | ({"governance": 1, "governance-modes": 1} if board else {})
        periods = {"spring 2025", "spring 2026"} | ({"autumn 2026"} if board else set())
        assert {r.period for r in rounds} == periods
        for r in rounds:
            assert r.status == "closed"
            assert 65 <= response_rates(r)["overall"][0].percent <= 92


def _some_group_is_too_small_to_report(demo):
    small = [
        rate.responded
        for p in demo.values()
        for r in partnership_rounds(p)
        for rate in response_rates(r)["group"]
    ]
    assert min(small) < 5
    assert sum(n >= 5 for n in small) > len(small) / 2


def _csp_is_strong_on_accountability_and_the_board_drifts(demo):
    csp_hc = _rounds(demo[PARTNERSHIP_B], "health-check")[0]
    lsp_hc = _rounds(demo[PARTNERSHIP_A], "health-check")[0]
    assert _theme(csp_hc, "hc_acc_") > _theme(lsp_hc, "hc_acc_") + 0.5
    iv = _rounds(demo[PARTNERSHIP_C], "dynamics")[0].instrument.instrument()
    tags = {item.name: list(item.tags) for item in iv.items()}
    readings = [
        compute(round_answers(r.pk), tags, 5, n_boot=50).overall
        for r in _rounds(demo[PARTNERSHIP_C], "dynamics")
    ]
    assert [r.quadrant for r in readings] == ["sustainability", "pragmatism"]
    csp = compute(round_answers(_rounds(demo[PARTNERSHIP_B], "dynamics")[0].pk), tags, 5, n_boot=50)
    assert csp.overall.quadrant == "accountability"


def _lsp_splits_on_purpose_by_sector(demo):
    rows = round_answers(_rounds(demo[PARTNERSHIP_A], "health-check")[1].pk)
    by_sector = defaultdict(list)
    for r in rows:
        if r.item.startswith("hc_purpose_") and r.value:
            by_sector[r.sector].append(r.value)
    assert mean(by_sector["public"]) - mean(by_sector["community"]) > 1.2


def _network_lead_is_the_hub(demo):
    lsp = demo[PARTNERSHIP_A]
    rows = round_relations(_rounds(lsp, "network")[0].pk)
    depth = defaultdict(list)
    for r in rows:
        if r.item == "net_depth":
            depth[r.target].append(r.value)
    ranked = sorted(depth, key=lambda t: mean(depth[t]), reverse=True)
    assert ranked[0] == str(lsp.lead_id)
    pairs = {(r.source, r.target): r.value for r in rows if r.item == "net_depth"}
    assert any(pairs.get((b, a)) not in (None, v) for (a, b), v in pairs.items())


def test_demo_rounds_tell_the_story(demo):
    """One demo load (it takes seconds), every check of the story."""
    _two_closed_rounds_of_each_instrument_with_realistic_rates(demo)
    _some_group_is_too_small_to_report(demo)
    _csp_is_strong_on_accountability_and_the_board_drifts(demo)
    _lsp_splits_on_purpose_by_sector(demo)
    _network_lead_is_the_hub(demo)
