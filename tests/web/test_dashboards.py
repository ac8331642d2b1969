"""The landing page, the coordinator's dashboard and the organisation page."""

from __future__ import annotations

from tests.conftest import PARTNERSHIP_A, PARTNERSHIP_B, PARTNERSHIP_C


def test_signed_out_landing_page_explains_and_offers_sign_in(client, demo) -> None:
    page = client.get("/").content.decode()
    assert "Sign in" in page
    assert "never shown" in page
    assert PARTNERSHIP_A not in page


def test_member_sees_own_partnership_card_with_report_link(personas, demo) -> None:
    page = personas.client("member_a").get("/").content.decode()
    assert PARTNERSHIP_A in page
    assert PARTNERSHIP_B not in page
    assert f"/reports/partnership/{demo[PARTNERSHIP_A].pk}/" in page


def test_evaluator_reaches_all_three_demo_partnerships_from_the_landing_page(
    personas, demo
) -> None:
    client = personas.client("evaluator")
    page = client.get("/").content.decode()
    for name in (PARTNERSHIP_A, PARTNERSHIP_B, PARTNERSHIP_C):
        assert name in page
        report = client.get(f"/reports/partnership/{demo[name].pk}/")
        assert report.status_code == 200


def test_coordinator_dashboard_lists_only_managed_partnerships(personas, demo) -> None:
    page = personas.client("coordinator_a").get("/dashboard/").content.decode()
    assert PARTNERSHIP_A in page
    assert "you coordinate this" in page
    assert PARTNERSHIP_B not in page


def test_dashboard_for_someone_who_coordinates_nothing(personas) -> None:
    page = personas.client("member_a").get("/dashboard/").content.decode()
    assert "You do not coordinate any partnership" in page


def test_organisation_page_lists_every_partnership_it_belongs_to(personas, demo) -> None:
    from joinedup.registry.models import Organisation

    council = Organisation.objects.get(name="Kestermouth Borough Council")
    expected = set(council.memberships.values_list("partnership__name", flat=True))
    assert len(expected) > 1
    page = personas.client("evaluator").get(f"/organisations/{council.pk}/").content.decode()
    for name in expected:
        assert name in page
    member_view = personas.client("member_a").get(f"/organisations/{council.pk}/")
    assert PARTNERSHIP_B not in member_view.content.decode()
