"""The registry's JSON API, API tokens and the API's own documentation pages."""

from __future__ import annotations

import re

from django.test import Client

from joinedup.web.models import ApiToken, digest
from tests.conftest import PARTNERSHIP_A, PARTNERSHIP_B


def _bearer(token: str) -> Client:
    return Client(headers={"Authorization": f"Bearer {token}"})


def test_member_lists_only_their_partnership(personas) -> None:
    names = [
        p["name"] for p in personas.client("member_a").get("/api/registry/partnerships").json()
    ]
    assert names == [PARTNERSHIP_A]


def test_evaluator_lists_all_and_outsider_none(personas, demo) -> None:
    evaluator = personas.client("evaluator").get("/api/registry/partnerships").json()
    assert {p["name"] for p in evaluator} == set(demo)
    assert personas.client("outsider").get("/api/registry/partnerships").json() == []


def test_anonymous_gets_401(client, demo) -> None:
    assert client.get("/api/registry/partnerships").status_code == 401


def test_partnership_detail_carries_membership_history(personas, demo) -> None:
    a = demo[PARTNERSHIP_A]
    body = personas.client("member_a").get(f"/api/registry/partnerships/{a.pk}").json()
    assert body["can_manage"] is False
    left = [m for m in body["memberships"] if m["left"]]
    assert left, "the demo LSP has members who have left"
    assert len(body["memberships"]) == a.memberships.count()


def test_other_partnership_is_forbidden(personas, demo) -> None:
    b = demo[PARTNERSHIP_B]
    member = personas.client("member_a")
    assert member.get(f"/api/registry/partnerships/{b.pk}").status_code == 404
    rows = member.get(f"/api/registry/memberships?partnership={b.pk}").json()
    assert rows == []


def test_token_made_on_the_page_is_shown_once_and_works(personas) -> None:
    page = personas.client("member_a").post("/account/tokens/", {"name": "nightly export"})
    shown = re.search(r"jdu_[A-Za-z0-9_\-]+", page.content.decode())
    assert shown
    token = shown.group(0)
    row = ApiToken.objects.get(name="nightly export")
    assert row.token_hash == digest(token)
    assert token not in row.token_hash
    again = personas.client("member_a").get("/account/tokens/").content.decode()
    assert token not in again
    names = [p["name"] for p in _bearer(token).get("/api/registry/partnerships").json()]
    assert names == [PARTNERSHIP_A]
    row.refresh_from_db()
    assert row.last_used is not None


def test_revoked_or_guessed_token_is_refused(personas) -> None:
    row, token = ApiToken.issue(personas.member_a, "script")
    assert _bearer(token + "x").get("/api/registry/partnerships").status_code == 401
    response = personas.client("member_a").post(f"/account/tokens/{row.pk}/revoke/")
    assert response.status_code == 302
    assert _bearer(token).get("/api/registry/partnerships").status_code == 401


def test_nobody_revokes_another_users_token(personas) -> None:
    row, _token = ApiToken.issue(personas.member_a, "script")
    response = personas.client("outsider").post(f"/account/tokens/{row.pk}/revoke/")
    assert response.status_code == 404
    assert ApiToken.objects.filter(pk=row.pk).exists()


def test_api_docs_are_served_locally(client, db) -> None:
    page = client.get("/api/docs").content.decode()
    assert "cdn." not in page
    assert "unpkg" not in page
    for url in re.findall(r'(?:src|href)="([^"]+)"', page):
        assert url.startswith("/"), url
    schema = client.get("/api/openapi.json").json()
    assert "/api/registry/partnerships" in schema["paths"]
