"""The context section, the coordinator pages and the API, with the demo and personas."""

from __future__ import annotations

import datetime as dt

import pytest

from joinedup.context.models import FundingStream, PerformanceMeasure
from tests.conftest import PARTNERSHIP_A, PARTNERSHIP_B, PARTNERSHIP_C

DEMO_DAY = dt.date(2026, 11, 23)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setattr("joinedup.context.sections.today", lambda: DEMO_DAY)


@pytest.fixture
def grant_c(personas, demo):
    from joinedup.registry.models import Access, AccessRole

    Access.objects.create(
        user=personas.member_a, role=AccessRole.MEMBER, partnership=demo[PARTNERSHIP_C]
    )
    return personas


def test_hsc_board_page_shows_expiring_bid_money(personas, demo):
    board = demo[PARTNERSHIP_C]
    page = personas.client("evaluator").get(f"/partnerships/{board.pk}/section/context/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "What the partnership is for and how it is funded" in html
    assert 'role="alert"' in html
    assert "ends within twelve months" in html
    assert "Ageing Well Innovation Fund (bid)" in html
    assert "<svg" in html  # the timeline chart, drawn on the server
    # 1.2m of 1.68m live money ends in March 2027
    assert "71% of the partnership" in html


def test_lsp_page_has_no_expiry_warning(personas, demo):
    page = personas.client("member_a").get(
        f"/partnerships/{demo[PARTNERSHIP_A].pk}/section/context/"
    )
    html = page.content.decode()
    assert "Neighbourhood Renewal Programme" in html
    assert 'role="alert"' not in html
    assert "Edit purposes, funding" not in html  # a member cannot edit


def test_csp_is_statutory_and_mostly_core_business(personas, demo):
    html = personas.client("evaluator").get(
        f"/partnerships/{demo[PARTNERSHIP_B].pk}/section/context/"
    )
    text = html.content.decode()
    assert "Crime and Disorder Act 1998" in text
    assert "mostly core-business" in text


def test_organisation_page_shows_funding_across_partnerships(personas, demo):
    from joinedup.registry.models import Organisation

    council = Organisation.objects.get(name="Kestermouth Borough Council")
    html = personas.client("evaluator").get(f"/organisations/{council.pk}/").content.decode()
    assert "Funding across its partnerships" in html
    assert "Safer Streets grant" in html
    assert "Ageing Well Innovation Fund (bid)" in html


def test_outsider_gets_404_everywhere(personas, demo):
    pk = demo[PARTNERSHIP_A].pk
    client = personas.client("outsider")
    assert client.get(f"/context/partnerships/{pk}/").status_code == 404
    assert client.get(f"/api/context/partnerships/{pk}/").status_code == 404


def test_coordinator_of_another_partnership_cannot_edit(personas, demo):
    client = personas.client("coordinator_a")
    board = demo[PARTNERSHIP_C]
    bid = FundingStream.objects.get(name="Ageing Well Innovation Fund (bid)")
    assert client.get(f"/context/partnerships/{board.pk}/").status_code == 404
    assert client.get(f"/context/partnerships/{board.pk}/funding/add/").status_code == 404
    response = client.post(f"/context/funding/{bid.pk}/", {"name": "Renamed"})
    assert response.status_code == 404
    assert client.post(f"/context/funding/{bid.pk}/delete/").status_code == 404
    bid.refresh_from_db()
    assert bid.name == "Ageing Well Innovation Fund (bid)"


def test_member_cannot_edit_own_partnership(personas, demo):
    pk = demo[PARTNERSHIP_A].pk
    assert personas.client("member_a").get(f"/context/partnerships/{pk}/").status_code == 403


def test_coordinator_adds_and_edits_funding_and_measures(personas, demo):
    client = personas.client("coordinator_a")
    lsp = demo[PARTNERSHIP_A]
    response = client.post(
        f"/context/partnerships/{lsp.pk}/funding/add/",
        {
            "name": "Town centre bid",
            "source": "competitive_bid",
            "amount": "90000",
            "earmarked": "on",
            "start": "2026-04-01",
            "end": "2027-06-30",
            "conditions": "Match funding from the chamber",
        },
    )
    assert response.status_code == 302
    added = FundingStream.objects.get(name="Town centre bid")
    assert added.profile.partnership == lsp
    assert added.earmarked
    bad = client.post(
        f"/context/funding/{added.pk}/",
        {
            "name": "Town centre bid",
            "source": "competitive_bid",
            "amount": "90000",
            "start": "2026-04-01",
            "end": "2025-01-01",
        },
    )
    assert bad.status_code == 200
    assert "before the start date" in bad.content.decode()
    duplicate = client.post(
        f"/context/partnerships/{lsp.pk}/measure/add/",
        {"name": "Household waste recycled", "kind": "core_business"},
    )
    assert "already has one with that name" in duplicate.content.decode()
    client.post(
        f"/context/partnerships/{lsp.pk}/measure/add/",
        {"name": "Rough sleepers", "kind": "cross_cutting"},
    )
    assert PerformanceMeasure.objects.filter(name="Rough sleepers").exists()
    response = client.post(
        f"/context/partnerships/{lsp.pk}/",
        {"objectives": ["innovation", "silos"], "steering": ["finance"], "duty": ""},
    )
    assert response.status_code == 302
    lsp.context_profile.refresh_from_db()
    assert lsp.context_profile.objectives == ["innovation", "silos"]
    client.post(f"/context/funding/{added.pk}/delete/")
    assert not FundingStream.objects.filter(name="Town centre bid").exists()


def test_edit_page_renders_for_coordinator(personas, demo):
    page = personas.client("coordinator_a").get(f"/context/partnerships/{demo[PARTNERSHIP_A].pk}/")
    assert page.status_code == 200
    assert "Kestermouth Together pooled fund" in page.content.decode()


def test_api_returns_context_for_viewer(personas, demo):
    board = demo[PARTNERSHIP_C]
    data = (
        personas.client("evaluator")
        .get(f"/api/context/partnerships/{board.pk}/?as_of=2026-11-23")
        .json()
    )
    assert data["statutory_duty"] is True
    assert data["figures"]["bid_share"] == pytest.approx(1_200_000 / 1_680_000)
    bid = next(f for f in data["funding"] if f["source"] == "competitive_bid")
    assert bid["ends_within_12_months"] is True
    assert (
        personas.client("member_a").get(f"/api/context/partnerships/{board.pk}/").status_code == 404
    )


def test_signals_service_reads_the_demo(demo):
    from joinedup.context.services import context_signals

    signals = context_signals(demo[PARTNERSHIP_B], DEMO_DAY, targets_since=dt.date(2026, 1, 1))
    assert signals.hierarchy.statutory_duty
    assert signals.hierarchy.mandated_membership
    assert signals.hierarchy.central_targets == 3
    assert signals.new_targets == ("Serious violence needs assessment and strategy",)
    assert signals.measures.mostly_core_business
    board = context_signals(demo[PARTNERSHIP_C], DEMO_DAY)
    assert board.expiring_streams == ("Ageing Well Innovation Fund (bid)",)
    assert board.market.bid_share == pytest.approx(1_200_000 / 1_680_000)


def test_export_rows_are_tidy(demo):
    from joinedup.context.services import EXPORT_COLUMNS, export_rows

    rows = export_rows(demo[PARTNERSHIP_C])
    assert all(tuple(r) == EXPORT_COLUMNS for r in rows)
    funding = [r for r in rows if r["table"] == "funding"]
    assert {r["name"] for r in funding} >= {"Ageing Well Innovation Fund (bid)"}
    bid = next(r for r in funding if r["source_or_kind"] == "competitive_bid")
    assert (bid["start"], bid["end"], bid["earmarked"]) == ("2024-04-01", "2027-03-31", "yes")
    assert any(r["table"] == "measure" and r["source_or_kind"] == "core_business" for r in rows)


def test_admin_shows_profile_with_inlines(admin_client, demo):
    from joinedup.context.models import PartnershipProfile

    profile = PartnershipProfile.objects.get(partnership=demo[PARTNERSHIP_C])
    page = admin_client.get(f"/admin/context/partnershipprofile/{profile.pk}/change/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Ageing Well Innovation Fund (bid)" in html
    assert "Delayed transfers of care" in html
