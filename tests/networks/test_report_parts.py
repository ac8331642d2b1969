"""The networks section's parts of the partnership report: the depth-of-partnership
chart, interlocking partnerships, and downloads that keep withheld scores missing."""

from __future__ import annotations

import csv
import io
import math

import networkx as nx
import pytest

from joinedup.analysis.network.scores import Ladder
from joinedup.networks import interlocking
from joinedup.networks.charts import ladder_svg
from joinedup.networks.services import partnership_network
from joinedup.registry.models import Membership, Partnership
from tests.conftest import PARTNERSHIP_A

pytestmark = pytest.mark.django_db

COUNTS = {1: 4, 2: 7, 3: 9, 4: 3, 5: 1}


def _split_k(result) -> int:
    """A k between the fewest and the most raters any organisation has for trust."""
    raters = sorted({s.raters for s in result.report.trust.values()})
    assert len(raters) >= 2, "the demo should have organisations rated by different numbers"
    return raters[len(raters) // 2]


def _download(personas, partnership, kind: str) -> str:
    url = f"/networks/{partnership.pk}/download/{kind}/"
    response = personas.client("member_a").get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_graphml_keeps_trust_where_enough_partners_rated(personas, demo, settings):
    partnership = demo[PARTNERSHIP_A]
    settings.MIN_RESPONDENTS = _split_k(partnership_network(partnership))
    result = partnership_network(partnership)
    shown = {i for i, s in result.report.trust.items() if s.value is not None}
    withheld = set(result.report.trust) - shown
    assert shown
    assert withheld
    graph = nx.read_graphml(io.StringIO(_download(personas, partnership, "graphml")))
    nodes = {d["id"]: d for _, d in graph.nodes(data=True)}
    assert {i for i, d in nodes.items() if "trust" in d} == shown
    for node_id in shown:
        expected = result.report.trust[node_id].value
        assert nodes[node_id]["trust"] == pytest.approx(expected, abs=0.001)
    assert all("betweenness" in d for d in nodes.values())


def test_gexf_and_csv_mark_withheld_trust_as_missing(personas, demo, settings):
    partnership = demo[PARTNERSHIP_A]
    settings.MIN_RESPONDENTS = _split_k(partnership_network(partnership))
    result = partnership_network(partnership)
    withheld = {i for i, s in result.report.trust.items() if s.value is None}
    graph = nx.read_gexf(io.StringIO(_download(personas, partnership, "gexf")))
    for node_id in graph.nodes:
        trust = graph.nodes[node_id]["trust"]
        assert math.isnan(trust) == (node_id in withheld)
    rows = list(csv.DictReader(io.StringIO(_download(personas, partnership, "nodes"))))
    assert {r["id"] for r in rows if r["trust"] == ""} == withheld
    assert all(float(r["trust"]) > 0 for r in rows if r["id"] not in withheld)


def test_ladder_chart_draws_both_rounds_and_skips_a_withheld_one():
    now = Ladder(COUNTS, sum(COUNTS.values()), 12)
    before = Ladder({1: 6, 2: 8, 3: 6, 4: 2, 5: 0}, 22, 11)
    svg = ladder_svg(("spring 2026", now), ("spring 2025", before))
    assert svg.startswith("<svg")
    for text in ("spring 2026", "spring 2025", "1 isolation", "5 integration", "Pairs of members"):
        assert text in svg
    assert 'font-family="DejaVu Sans"' in svg
    hidden = Ladder(dict.fromkeys(COUNTS, 0), 0, 3, "fewer than 5 respondents (3)")
    alone = ladder_svg(("spring 2026", now), ("spring 2025", hidden))
    assert "spring 2026" in alone
    assert "spring 2025" not in alone
    assert ladder_svg(("spring 2026", hidden)) == ""


def test_page_shows_the_ladder_chart_with_the_round_before(personas, demo):
    partnership = demo[PARTNERSHIP_A]
    result = partnership_network(partnership)
    assert result is not None
    assert result.previous is not None
    html = (
        personas.client("member_a")
        .get(f"/partnerships/{partnership.pk}/section/networks/")
        .content.decode()
    )
    chart = html.split('<figure class="network-ladder">')[1].split("</figure>")[0]
    assert "<svg" in chart
    assert str(result.round.period) in chart
    assert str(result.previous.period) in chart


def test_ladder_chart_is_withheld_below_k(personas, demo, settings):
    settings.MIN_RESPONDENTS = 500
    partnership = demo[PARTNERSHIP_A]
    html = (
        personas.client("member_a")
        .get(f"/partnerships/{partnership.pk}/section/networks/")
        .content.decode()
    )
    assert "Ladder of partnership between pairs" in html
    assert "network-ladder" not in html


def _shared_counts(partnership: Partnership) -> dict[str, int]:
    """Other partnerships and their current members in common, counted directly."""
    mine = set(
        Membership.objects.filter(partnership=partnership, left__isnull=True).values_list(
            "organisation_id", flat=True
        )
    )
    counts: dict[str, set[int]] = {}
    rows = Membership.objects.filter(left__isnull=True, organisation_id__in=mine)
    for org, name in rows.exclude(partnership=partnership).values_list(
        "organisation_id", "partnership__name"
    ):
        counts.setdefault(name, set()).add(org)
    return {name: len(orgs) for name, orgs in counts.items()}


def test_interlocks_name_the_partnerships_sharing_members(demo):
    partnership = demo[PARTNERSHIP_A]
    found = interlocking.partnership_interlocks(partnership, Partnership.objects.all())
    expected = _shared_counts(partnership)
    assert expected, "the demo's partnerships should share members"
    assert {n.name: len(n.shared) for n in found.neighbours} == expected
    shares = [len(n.shared) for n in found.neighbours]
    assert shares == sorted(shares, reverse=True)
    assert found.overloaded == []
    line = interlocking.summary_line(found)
    assert line is not None
    assert found.neighbours[0].name in line


def test_overloaded_members_are_listed_and_prompt_the_board(demo):
    partnership = demo[PARTNERSHIP_A]
    found = interlocking.partnership_interlocks(partnership, Partnership.objects.all(), 1)
    assert found.overloaded
    assert all(o.partnerships > 1 for o in found.overloaded)
    (prompt,) = interlocking.overload_prompt(found)
    assert found.overloaded[0].name in str(prompt)
    assert "more than 1 partnerships" in interlocking.summary_line(found)


def test_interlocks_on_the_page_follow_what_the_reader_may_see(personas, demo):
    partnership = demo[PARTNERSHIP_A]
    url = f"/partnerships/{partnership.pk}/section/networks/"
    evaluator = personas.client("evaluator").get(url).content.decode()
    section = evaluator.split("Interlocking partnerships")[1]
    for name in _shared_counts(partnership):
        assert name in section
    member = personas.client("member_a").get(url).content.decode()
    assert list(Partnership.objects.filter(access__user__username="member_a")) == [partnership]
    assert "No current member organisation sits in another partnership you can see." in member
