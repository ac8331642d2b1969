"""Who may use the set-up pages. An administrator everything; partnership A's
coordinator A's pages; A's member and the evaluator see A and so get 403; B's
coordinator and the outsider cannot see A's objects and get 404, the answer for an
id that does not exist. A refused POST changes nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from joinedup.audit.models import AuditEvent
from joinedup.registry.models import Access, Membership, Organisation, Partnership, Person

PERSONAS = ("admin", "coordinator_a", "member_a", "evaluator", "coordinator_b", "outsider")
# Pages of partnership A's objects: who gets what.
A_PAGE = {
    "admin": 200,
    "coordinator_a": 200,
    "member_a": 403,
    "evaluator": 403,
    "coordinator_b": 404,
    "outsider": 404,
}
ADMIN_ONLY = {p: 200 if p == "admin" else 403 for p in PERSONAS}


def _a_pages(town) -> list[str]:
    a = town.a.pk
    ada = Person.objects.get(display_name="Ada Oyelaran")
    membership = Membership.objects.get(organisation=town.council, partnership=town.a)
    return [
        reverse("setup:partnership_edit", args=[a]),
        reverse("setup:membership_new", args=[a]),
        reverse("setup:partnership_organisation_new", args=[a]),
        reverse("setup:partnership_import_organisations", args=[a]),
        reverse("setup:partnership_import_contacts", args=[a]),
        reverse("setup:organisation_edit", args=[town.council.pk]),
        reverse("setup:person_edit", args=[ada.pk]),
        reverse("setup:membership_edit", args=[membership.pk]),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_pages_of_partnership_a(town, persona) -> None:
    client = town.client(persona)
    for url in _a_pages(town):
        assert client.get(url).status_code == A_PAGE[persona], (persona, url)


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_administrators_pages(town, persona) -> None:
    client = town.client(persona)
    for name in (
        "setup:start",
        "setup:partnership_new",
        "setup:organisation_new",
        "setup:import_organisations",
        "setup:import_contacts",
    ):
        assert client.get(reverse(name)).status_code == ADMIN_ONLY[persona], (persona, name)


@pytest.mark.django_db
def test_signed_out_is_sent_to_sign_in(client, town) -> None:
    response = client.get(reverse("setup:organisation_edit", args=[town.council.pk]))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def _state() -> tuple:
    return (
        list(Organisation.objects.values_list("name", "sector", "tier").order_by("pk")),
        list(Partnership.objects.values_list("name", "area").order_by("pk")),
        list(
            Membership.objects.values_list("organisation", "role", "joined", "left").order_by("pk")
        ),
        list(Person.objects.values_list("display_name", "email").order_by("pk")),
        list(Access.objects.values_list("user", "role", "partnership").order_by("pk")),
    )


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["member_a", "evaluator", "coordinator_b", "outsider"])
def test_refused_changes_change_nothing(town, persona) -> None:
    client = town.client(persona)
    before, events = _state(), AuditEvent.objects.count()
    a = town.a.pk
    ada = Person.objects.get(display_name="Ada Oyelaran")
    membership = Membership.objects.get(organisation=town.council, partnership=town.a)
    posts = {
        reverse("setup:organisation_edit", args=[town.council.pk]): {
            "name": "Taken Over",
            "sector": "private",
            "tier": "local",
        },
        reverse("setup:person_edit", args=[ada.pk]): {
            "display_name": "X",
            "email": "x@x.test",
            "organisation": town.council.pk,
        },
        reverse("setup:membership_edit", args=[membership.pk]): {
            "role": "member",
            "joined": "2025-04-01",
            "left": "2025-05-01",
        },
        reverse("setup:membership_new", args=[a]): {
            "organisation": town.garage.pk,
            "role": "member",
            "joined": "2025-05-01",
        },
        reverse("setup:partnership_edit", args=[a]): {
            "name": "Renamed",
            "basis": "voluntary",
            "purpose_kind": "outcome",
            "stage": "forming",
            "start_date": "2025-04-01",
        },
        reverse("setup:partnership_new"): {
            "name": "Sneaky",
            "basis": "voluntary",
            "purpose_kind": "outcome",
            "stage": "forming",
            "start_date": "2025-04-01",
            "members": [town.council.pk],
        },
        reverse("setup:invite"): {
            "email": "new@example.org",
            "role": "coordinator",
            "partnership": a,
        },
    }
    invite = reverse("setup:invite")
    for url, data in posts.items():
        # B's coordinator may invite people to B: the page answers, refusing A.
        allowed = (200, 403) if url == invite and persona == "coordinator_b" else (403, 404)
        assert client.post(url, data).status_code in allowed, (persona, url)
    assert _state() == before
    assert AuditEvent.objects.count() == events


@pytest.mark.django_db
def test_a_coordinator_cannot_grant_another_partnership_or_the_evaluators_role(town) -> None:
    client = town.client("coordinator_a")
    before = _state()
    for data in (
        {"email": "new@example.org", "role": "coordinator", "partnership": town.b.pk},
        {"email": "new@example.org", "role": "evaluator"},
    ):
        response = client.post(reverse("setup:invite"), data)
        assert response.status_code == 200  # the form again, with the reason
        assert "Select a valid choice" in response.content.decode()
    assert _state() == before


@pytest.mark.django_db
def test_a_coordinator_cannot_add_people_to_another_partnerships_organisation(town) -> None:
    client = town.client("coordinator_a")
    before = _state()
    data = {"display_name": "Mole", "email": "mole@x.test", "organisation": town.garage.pk}
    response = client.post(reverse("setup:person_new"), data)
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert _state() == before


@pytest.mark.django_db
def test_a_coordinator_changes_their_partnership_and_it_is_audited(town) -> None:
    client = town.client("coordinator_a")
    membership = Membership.objects.get(organisation=town.trust, partnership=town.a)
    url = reverse("setup:membership_edit", args=[membership.pk])
    data = {"role": "associate", "joined": "2025-04-01", "left": "2026-03-31"}
    response = client.post(url, data)
    assert response.status_code == 302
    membership.refresh_from_db()
    assert (membership.role, str(membership.left)) == ("associate", "2026-03-31")
    event = AuditEvent.objects.get(action="membership.change")
    assert (event.who, event.partnership_id) == ("coordinator_a", town.a.pk)
    # Leaving before joining is refused with the model's own reason, and not stored.
    bad = {"role": "associate", "joined": "2025-04-01", "left": "2024-01-01"}
    response = client.post(url, bad)
    assert "cannot leave before it joined" in response.content.decode()
    membership.refresh_from_db()
    assert str(membership.left) == "2026-03-31"


@pytest.mark.django_db
def test_a_coordinator_adds_an_organisation_which_joins_their_partnership(town) -> None:
    client = town.client("coordinator_a")
    url = reverse("setup:partnership_organisation_new", args=[town.a.pk])
    data = {
        "name": "Brackwater Tenants",
        "sector": "community",
        "tier": "neighbourhood",
        "join-role": "member",
        "join-joined": "2025-06-01",
    }
    assert client.post(url, data).status_code == 302
    org = Organisation.objects.get(name="Brackwater Tenants")
    assert town.a.memberships.filter(organisation=org, joined="2025-06-01").exists()
    assert AuditEvent.objects.filter(action="organisation.create", partnership=town.a).exists()
    # A name already taken is refused on the page, with the reason.
    response = client.post(url, {**data, "name": "brackwater tenants"})
    assert response.status_code == 200
    assert Organisation.objects.filter(name__iexact="brackwater tenants").count() == 1


@pytest.mark.django_db
def test_pages_carry_csrf_and_the_site_layout(town) -> None:
    client = town.client("admin")
    page = client.get(reverse("setup:partnership_edit", args=[town.a.pk])).content.decode()
    assert 'name="csrfmiddlewaretoken"' in page
    assert 'class="brand"' in page
