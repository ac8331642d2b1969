"""Who sees which partnership: the personas against the foundation's pages."""

from __future__ import annotations

import pytest

from tests.conftest import PARTNERSHIP_A, PARTNERSHIP_B


@pytest.mark.parametrize(
    ("persona", "sees_a", "sees_b"),
    [
        ("admin", True, True),
        ("coordinator_a", True, False),
        ("member_a", True, False),
        ("evaluator", True, True),
        ("outsider", False, False),
    ],
)
def test_partnership_pages_by_role(personas, demo, persona, sees_a, sees_b) -> None:
    client = personas.client(persona)
    a = client.get(f"/partnerships/{demo[PARTNERSHIP_A].pk}/")
    b = client.get(f"/partnerships/{demo[PARTNERSHIP_B].pk}/")
    assert a.status_code == (200 if sees_a else 404)
    assert b.status_code == (200 if sees_b else 404)
    home = client.get("/").content.decode()
    assert (PARTNERSHIP_A in home) is sees_a
    assert (PARTNERSHIP_B in home) is sees_b


def test_coordinator_manages_only_their_partnership(personas, demo) -> None:
    from joinedup.registry.permissions import can_manage

    assert can_manage(personas.coordinator_a, demo[PARTNERSHIP_A])
    assert not can_manage(personas.coordinator_a, demo[PARTNERSHIP_B])
    assert not can_manage(personas.member_a, demo[PARTNERSHIP_A])
    assert not can_manage(personas.evaluator, demo[PARTNERSHIP_A])
    assert can_manage(personas.admin, demo[PARTNERSHIP_B])


@pytest.mark.parametrize(
    ("persona", "reads", "writes"),
    [
        ("admin", 200, 200),
        ("coordinator_a", 200, 200),
        ("member_a", 200, 403),
        ("evaluator", 200, 403),
        ("outsider", 404, 404),
    ],
)
def test_action_pages_by_role(personas, demo, persona, reads, writes) -> None:
    """Members read a partnership's actions; its coordinators write them."""
    from joinedup.actions.models import Action
    from joinedup.surveys.extract import partnership_rounds

    a = demo[PARTNERSHIP_A]
    round_ = [r for r in partnership_rounds(a) if r.instrument.key == "health-check"][-1]
    action = Action.objects.create(
        partnership=a,
        title="Meet in the community",
        owner=a.lead,
        finding_round=round_,
        target_kind="dimension",
        target_dimension="purpose",
    )
    client = personas.client(persona)
    assert client.get(f"/actions/partnerships/{a.pk}/").status_code == reads
    assert client.get(f"/actions/{action.pk}/").status_code == reads
    assert client.get(f"/actions/partnerships/{a.pk}/new/").status_code == writes
    assert client.get(f"/actions/{action.pk}/edit/").status_code == writes
    assert client.get(f"/api/actions/partnerships/{a.pk}/").status_code == reads
