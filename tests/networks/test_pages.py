"""The networks sections, downloads and API on the demo town, for each persona."""

from __future__ import annotations

import pytest

from joinedup.networks.services import partnership_network
from tests.conftest import PARTNERSHIP_A, PARTNERSHIP_B

pytestmark = pytest.mark.django_db


def page(personas, name, partnership):
    return personas.client(name).get(f"/partnerships/{partnership.pk}/section/networks/")


def test_demo_partnership_has_a_network_with_two_rounds(demo):
    result = partnership_network(demo[PARTNERSHIP_A])
    assert result is not None
    report = result.report
    assert report.summary.nodes >= 5
    assert report.summary.edges > 0
    assert report.panel is not None
    assert report.ladder_change is not None
    assert result.previous is not None
    assert result.previous.opens < result.round.opens
    assert report.discrepancies.confidential is True


def test_member_sees_picture_brokers_periphery_and_ladder(personas, demo):
    html = page(personas, "member_a", demo[PARTNERSHIP_A]).content.decode()
    assert "Partnership network" in html
    assert "<svg" in html
    assert "Brokers" in html
    assert "The periphery and response by sector" in html
    assert "Response rate" in html
    assert "Ladder of partnership between pairs" in html
    assert "How much the missing answers matter" in html
    assert "fill from the other side" in html
    # Who rated whom stays with administrators.
    assert "Where the two sides of a pair disagree" not in html
    assert "CONFIDENTIAL" not in html


def test_admin_sees_pair_discrepancies_and_confidential_file(personas, demo):
    partnership = demo[PARTNERSHIP_A]
    html = page(personas, "admin", partnership).content.decode()
    assert "Where the two sides of a pair disagree" in html
    response = personas.client("admin").get(f"/networks/{partnership.pk}/confidential-pairs/")
    assert response.status_code == 200
    assert "CONFIDENTIAL" in response["Content-Disposition"]
    assert response.content.decode().startswith("# CONFIDENTIAL")


def test_confidential_file_is_refused_to_everyone_else(personas, demo):
    partnership = demo[PARTNERSHIP_A]
    for name in ("coordinator_a", "member_a", "evaluator", "outsider"):
        response = personas.client(name).get(f"/networks/{partnership.pk}/confidential-pairs/")
        # The outsider may not know the partnership exists; the others see it.
        assert response.status_code == (404 if name == "outsider" else 403), name


def test_downloads_for_viewers_only(personas, demo):
    partnership, other = demo[PARTNERSHIP_A], demo[PARTNERSHIP_B]
    member, outsider = personas.client("member_a"), personas.client("outsider")
    for kind in ("graphml", "gexf", "nodes", "edges"):
        url = f"/networks/{partnership.pk}/download/{kind}/"
        ok = member.get(url)
        assert ok.status_code == 200
        assert "attachment" in ok["Content-Disposition"]
        assert "CONFIDENTIAL" not in ok.content.decode()
        assert outsider.get(url).status_code == 404
        assert member.get(f"/networks/{other.pk}/download/{kind}/").status_code == 404
    assert member.get(f"/networks/{partnership.pk}/download/nonsense/").status_code == 404


def test_downloads_need_a_login(client, demo):
    response = client.get(f"/networks/{demo[PARTNERSHIP_A].pk}/download/gexf/")
    assert response.status_code == 302


def test_api_checks_permissions(personas, demo):
    partnership = demo[PARTNERSHIP_A]
    url = f"/api/networks/partnerships/{partnership.pk}/"
    response = personas.client("member_a").get(url)
    assert response.status_code == 200
    body = response.json()
    assert body["graph"]["nodes"] >= 5
    assert {"brokers", "sectors", "ladder", "hierarchy"} <= set(body)
    values = [b["betweenness"] for b in body["brokers"]]
    assert values == sorted(values, reverse=True)
    assert personas.client("outsider").get(url).status_code == 404
    assert personas.client("evaluator").get(url).status_code == 200


def test_organisation_page_shows_interlocking_partnerships(personas, demo):
    lead = demo[PARTNERSHIP_A].lead
    html = personas.client("evaluator").get(f"/organisations/{lead.pk}/").content.decode()
    assert "Interlocking partnerships" in html
    assert "Organisations it shares most partnerships with" in html


def test_trust_table_withholds_below_k(personas, demo, settings):
    settings.MIN_RESPONDENTS = 50  # more raters than the demo has
    html = page(personas, "member_a", demo[PARTNERSHIP_A]).content.decode()
    assert "Trust and value each organisation receives" in html
    assert "withheld" in html
    assert "fewer than 50 raters" in html
