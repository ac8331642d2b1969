"""Memberships: history kept, no overlapping periods, the lead is a member."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from joinedup.registry import services
from joinedup.registry.models import Membership, Organisation, Partnership, Role

D = dt.date


@pytest.fixture
def town(db):
    council = Organisation.objects.create(name="Council", sector="public")
    charity = Organisation.objects.create(name="Charity", sector="voluntary")
    residents = Organisation.objects.create(name="Residents", sector="community")
    board = Partnership.objects.create(name="Board", basis="voluntary", start_date=D(2020, 1, 1))
    return board, council, charity, residents


def test_membership_cannot_be_duplicated_for_the_same_period(town) -> None:
    board, council, _, _ = town
    services.join(board, council, D(2020, 1, 1))
    with pytest.raises(ValidationError, match="already a member"):
        services.join(board, council, D(2021, 5, 1))
    assert Membership.objects.count() == 1


def test_overlapping_closed_periods_are_refused(town) -> None:
    board, _, charity, _ = town
    Membership.objects.create(
        partnership=board, organisation=charity, joined=D(2020, 1, 1), left=D(2020, 12, 31)
    )
    with pytest.raises(ValidationError):
        Membership.objects.create(
            partnership=board, organisation=charity, joined=D(2020, 6, 1), left=D(2021, 6, 1)
        )
    # Touching periods are fine: one ends on the 31st, the next starts on the 1st.
    Membership.objects.create(partnership=board, organisation=charity, joined=D(2021, 1, 1))
    assert Membership.objects.filter(organisation=charity).count() == 2


def test_database_backs_up_one_open_membership(town) -> None:
    board, council, _, _ = town
    services.join(board, council, D(2020, 1, 1))
    # Bypass the model's check: the database's own constraint still refuses it.
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.bulk_create(
            [Membership(partnership=board, organisation=council, joined=D(2022, 1, 1))]
        )


def test_leave_before_joining_is_refused(town) -> None:
    board, council, _, _ = town
    with pytest.raises(ValidationError, match="leave before it joined"):
        Membership.objects.create(
            partnership=board, organisation=council, joined=D(2021, 1, 1), left=D(2020, 1, 1)
        )


def test_history_is_kept_when_leaving_and_rejoining(town) -> None:
    board, _, charity, _ = town
    services.join(board, charity, D(2020, 1, 1))
    services.leave(board, charity, D(2021, 3, 31))
    services.join(board, charity, D(2022, 4, 1), role=Role.ASSOCIATE)
    periods = list(
        Membership.objects.filter(organisation=charity)
        .order_by("joined")
        .values_list("joined", "left", "role")
    )
    assert periods == [
        (D(2020, 1, 1), D(2021, 3, 31), "member"),
        (D(2022, 4, 1), None, "associate"),
    ]
    assert [m.organisation for m in board.members_on(D(2021, 6, 1))] == []
    assert [m.organisation for m in board.members_on(D(2020, 6, 1))] == [charity]


def test_change_of_role_keeps_the_old_role_in_history(town) -> None:
    board, council, _, _ = town
    services.join(board, council, D(2020, 1, 1))
    services.change_role(board, council, Role.LEAD, D(2023, 1, 1))
    rows = list(Membership.objects.order_by("joined").values_list("role", "joined", "left"))
    assert rows == [("member", D(2020, 1, 1), D(2022, 12, 31)), ("lead", D(2023, 1, 1), None)]


def test_partnership_lead_must_be_a_member(town) -> None:
    board, council, _charity, _ = town
    with pytest.raises(ValidationError, match="must be a member"):
        services.set_lead(board, council)
    services.join(board, council, D(2020, 1, 1), role=Role.LEAD)
    services.set_lead(board, council)
    board.refresh_from_db()
    assert board.lead == council
    with pytest.raises(ValidationError, match="choose another lead"):
        services.leave(board, council, D(2024, 1, 1))


def test_partnership_end_before_start_is_refused(db) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Partnership.objects.create(
            name="Odd", basis="voluntary", start_date=D(2020, 1, 1), end_date=D(2019, 1, 1)
        )


def test_an_organisation_cannot_be_its_own_ancestor(db) -> None:
    a = Organisation.objects.create(name="A", sector="public")
    b = Organisation.objects.create(name="B", sector="public", parent=a)
    a.parent = b
    with pytest.raises(ValidationError, match="own ancestor"):
        a.full_clean()


def test_admin_refuses_a_lead_that_is_not_among_the_members(admin_client, town) -> None:
    _, council, charity, _ = town
    response = admin_client.post(
        "/admin/registry/partnership/add/",
        {
            "name": "New board",
            "purpose": "",
            "purpose_kind": "outcome",
            "basis": "voluntary",
            "lead": council.pk,
            "area": "",
            "start_date": "2024-01-01",
            "stage": "forming",
            "memberships-TOTAL_FORMS": "1",
            "memberships-INITIAL_FORMS": "0",
            "memberships-MIN_NUM_FORMS": "0",
            "memberships-MAX_NUM_FORMS": "1000",
            "memberships-0-organisation": charity.pk,
            "memberships-0-role": "member",
            "memberships-0-joined": "2024-01-01",
            "memberships-0-left": "",
        },
    )
    assert response.status_code == 200
    assert "must be one of the members" in response.content.decode()
    assert not Partnership.objects.filter(name="New board").exists()
    response = admin_client.post(
        "/admin/registry/partnership/add/",
        {
            "name": "New board",
            "purpose": "",
            "purpose_kind": "outcome",
            "basis": "voluntary",
            "lead": council.pk,
            "area": "",
            "start_date": "2024-01-01",
            "stage": "forming",
            "memberships-TOTAL_FORMS": "1",
            "memberships-INITIAL_FORMS": "0",
            "memberships-MIN_NUM_FORMS": "0",
            "memberships-MAX_NUM_FORMS": "1000",
            "memberships-0-organisation": council.pk,
            "memberships-0-role": "lead",
            "memberships-0-joined": "2024-01-01",
            "memberships-0-left": "",
        },
    )
    assert response.status_code == 302
    assert Partnership.objects.get(name="New board").lead == council
