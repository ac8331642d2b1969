"""The registry's write API: every write operation against every persona (the set-up
pages' rules), 422s that name the field, upserts that are idempotent, the bulk
imports, the audit log, and CSRF for browser sessions."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.db import transaction
from django.test import Client

from joinedup.audit.models import AuditEvent
from joinedup.registry.models import Membership, Organisation, Partnership, Person
from joinedup.web.models import ApiToken

API = "/api/registry"
PERSONAS = (
    "admin",
    "coordinator_a",
    "coordinator_b",
    "member_a",
    "evaluator",
    "outsider",
    "anonymous",
    "token",  # coordinator A's API token, no session
)


def _caller(town: Any, persona: str) -> tuple[Client, dict[str, str]]:
    if persona == "anonymous":
        return Client(), {}
    if persona == "token":
        _row, secret = ApiToken.issue(town.users["coordinator_a"], "directory sync")
        return Client(), {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    return town.client(persona), {}


def _send(town: Any, persona: str, method: str, url: str, body: Any) -> Any:
    client, headers = _caller(town, persona)
    call = getattr(client, method)
    return call(f"{API}{url}", json.dumps(body), content_type="application/json", **headers)


def _operations(town: Any) -> dict[str, tuple[str, str, dict[str, Any]]]:
    ada = Person.objects.get(display_name="Ada Oyelaran")
    council_in_a = Membership.objects.get(partnership=town.a, organisation=town.council)
    return {
        "add organisation": ("post", "/organisations", {"name": "Dock Trust", "sector": "private"}),
        "add organisation to A": (
            "post",
            "/organisations",
            {"name": "Dock Trust", "sector": "private", "partnership_id": town.a.pk},
        ),
        "change organisation": ("patch", f"/organisations/{town.council.pk}", {"tier": "regional"}),
        "add person": (
            "post",
            "/people",
            {"name": "Rui Costa", "email": "rui@council.test", "organisation_id": town.council.pk},
        ),
        "change person": ("patch", f"/people/{ada.pk}", {"constituency": "tenants"}),
        "add partnership": (
            "post",
            "/partnerships",
            {"name": "Quayside Board", "basis": "voluntary", "start_date": "2026-01-01"},
        ),
        "change partnership": ("patch", f"/partnerships/{town.a.pk}", {"area": "Brackwater"}),
        "upsert membership": (
            "put",
            "/memberships",
            {"partnership_id": town.a.pk, "organisation_id": town.trust.pk, "role": "associate"},
        ),
        "change membership": ("patch", f"/memberships/{council_in_a.pk}", {"role": "lead"}),
        "bulk memberships": (
            "post",
            "/import/memberships",
            {
                "rows": [
                    {"partnership": town.a.name, "organisation": town.council.name, "role": "lead"}
                ]
            },
        ),
    }


OK, MADE = 200, 201
# persona: admin, coordinator_a, coordinator_b, member_a, evaluator, outsider, anonymous, token
EXPECTED = {
    "add organisation": (MADE, 403, 403, 403, 403, 403, 401, 403),
    "add organisation to A": (MADE, MADE, 422, 403, 403, 422, 401, MADE),
    "change organisation": (OK, OK, 404, 403, 403, 404, 401, OK),
    "add person": (MADE, MADE, 422, 403, 403, 422, 401, MADE),
    "change person": (OK, OK, 404, 403, 403, 404, 401, OK),
    "add partnership": (MADE, 403, 403, 403, 403, 403, 401, 403),
    "change partnership": (OK, OK, 404, 403, 403, 404, 401, OK),
    "upsert membership": (OK, OK, 422, 403, 403, 422, 401, OK),
    "change membership": (OK, OK, 404, 403, 403, 404, 401, OK),
    "bulk memberships": (OK, OK, 422, 403, 403, 403, 401, OK),
}


def _counts() -> tuple[int, ...]:
    models = (Organisation, Person, Partnership, Membership)
    return tuple(m.objects.count() for m in models)


def _fingerprint() -> list[Any]:
    rows = [list(m.objects.order_by("pk").values()) for m in (Organisation, Person, Partnership)]
    return [*rows, list(Membership.objects.order_by("pk").values())]


class _Undo(Exception):
    pass


@pytest.mark.parametrize("operation", sorted(EXPECTED))
def test_permission_matrix(town, operation: str) -> None:
    """Each persona tries the operation on the same starting registry (each try is
    rolled back afterwards): the status expected, nothing changed by a refusal, and
    an audit event for every write that was allowed."""
    wrong = []
    for persona, expected in zip(PERSONAS, EXPECTED[operation], strict=True):
        try:
            with transaction.atomic():
                method, url, body = _operations(town)[operation]
                before, audited = _fingerprint(), AuditEvent.objects.count()
                response = _send(town, persona, method, url, body)
                if response.status_code != expected:
                    wrong.append(f"{persona}: {response.status_code}, not {expected}")
                elif expected >= 400 and (
                    _fingerprint() != before or "detail" not in response.json()
                ):
                    wrong.append(f"{persona}: refused, but changed the registry")
                elif expected < 400 and AuditEvent.objects.count() <= audited:
                    wrong.append(f"{persona}: wrote, but left no audit event")
                raise _Undo
        except _Undo:
            pass
    assert not wrong, "\n".join(wrong)


def test_validation_errors_name_the_field(town) -> None:
    response = _send(town, "admin", "post", "/organisations", {"name": "X", "sector": "church"})
    assert response.status_code == 422
    (error,) = response.json()["detail"]
    assert error["loc"][-1] == "sector"
    taken = {"name": town.council.name.upper(), "sector": "public"}
    response = _send(town, "admin", "post", "/organisations", taken)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "name"
    # A lead that is not a member: the model's rule, on the body's field name.
    response = _send(town, "admin", "patch", f"/partnerships/{town.a.pk}", {"lead_id": None})
    assert response.status_code == 200
    response = _send(
        town, "admin", "patch", f"/partnerships/{town.a.pk}", {"lead_id": town.garage.pk}
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "lead_id"
    # An overlapping membership.
    body = {"partnership_id": town.a.pk, "organisation_id": town.council.pk, "joined": "2026-01-01"}
    response = _send(town, "admin", "post", "/memberships", body)
    assert response.status_code == 422
    assert "already a member" in response.json()["detail"][0]["msg"]


def test_put_is_an_idempotent_upsert_by_external_id(town) -> None:
    body = {"external_id": "ORG-77", "name": "Harbour Credit Union", "sector": "voluntary"}
    first = _send(town, "admin", "put", "/organisations", body)
    assert (first.status_code, first.json()["outcome"]) == (201, "created")
    events = AuditEvent.objects.count()
    second = _send(town, "admin", "put", "/organisations", body)
    assert (second.status_code, second.json()["outcome"]) == (200, "unchanged")
    assert second.json()["id"] == first.json()["id"]
    assert AuditEvent.objects.count() == events
    renamed = _send(town, "admin", "put", "/organisations", body | {"name": "Harbour CU"})
    assert renamed.json()["outcome"] == "updated"
    assert Organisation.objects.get(external_id="ORG-77").name == "Harbour CU"
    # A coordinator may update their own organisation by key, not another partnership's.
    Organisation.objects.filter(pk=town.garage.pk).update(external_id="ORG-GARAGE")
    garage = {"external_id": "ORG-GARAGE", "name": "Fenby Motors Ltd", "sector": "private"}
    assert _send(town, "coordinator_a", "put", "/organisations", garage).status_code == 403
    assert _send(town, "coordinator_b", "put", "/organisations", garage).status_code == 200


def test_membership_put_updates_the_open_membership(town) -> None:
    body = {"partnership_id": town.a.pk, "organisation_id": town.trust.pk, "role": "observer"}
    assert _send(town, "coordinator_a", "put", "/memberships", body).json()["outcome"] == "updated"
    again = _send(town, "coordinator_a", "put", "/memberships", body)
    assert again.json()["outcome"] == "unchanged"
    leaving = body | {"left": "2026-02-28"}
    assert _send(town, "coordinator_a", "put", "/memberships", leaving).status_code == 200
    assert Membership.objects.get(partnership=town.a, organisation=town.trust).left is not None
    repeated = _send(town, "coordinator_a", "put", "/memberships", leaving)
    assert (repeated.status_code, repeated.json()["outcome"]) == (200, "unchanged")
    audited = AuditEvent.objects.filter(action="membership.change", partnership=town.a)
    assert audited.count() == 2
    assert audited.first().role == "coordinator"


def test_bulk_json_dry_run_sync_and_located_errors(town) -> None:
    rows = [{"partnership": town.a.name, "organisation": town.council.name, "role": "lead"}]
    payload = {"rows": rows, "sync": True, "end_date": "2026-03-31", "dry_run": True}
    dry = _send(town, "coordinator_a", "post", "/import/memberships", payload)
    assert dry.status_code == 200, dry.content
    assert dry.json() | {"absent": []} == {
        "kind": "memberships",
        "dry_run": True,
        "sync": True,
        "created": 0,
        "updated": 1,
        "unchanged": 0,
        "ended": 1,
        "absent": [],
    }
    assert Membership.objects.get(partnership=town.a, organisation=town.trust).left is None
    done = _send(town, "coordinator_a", "post", "/import/memberships", payload | {"dry_run": False})
    assert done.json()["ended"] == 1
    assert str(Membership.objects.get(partnership=town.a, organisation=town.trust).left) == (
        "2026-03-31"
    )
    bad = {"rows": [*rows, {"partnership": town.a.name, "organisation": "Nobody Ltd"}]}
    refused = _send(town, "coordinator_a", "post", "/import/memberships", bad)
    assert refused.status_code == 422
    (problem,) = refused.json()["detail"]
    assert problem["loc"] == ["body", "payload", "rows", 1, "organisation"]
    assert problem["type"] == "registry.unknown-name"


def test_bulk_csv_upload_names_file_row_and_column(town, tmp_path) -> None:
    client = town.client("admin")
    path = tmp_path / "directory.csv"
    path.write_text("external_id,name,sector\nORG-1,Brackwater Council,public\nORG-2,Nook,pub\n")
    before = _fingerprint()
    with path.open("rb") as handle:
        response = client.post(f"{API}/import/organisations/csv", {"file": handle})
    assert response.status_code == 422
    (problem,) = response.json()["detail"]
    assert problem["loc"] == ["file", 3, "sector"]
    assert problem["msg"].startswith("directory.csv: row 3, column 'sector': 'pub' is not one of")
    assert _fingerprint() == before
    path.write_text("external_id,name,sector\nORG-1,Brackwater Council,public\n")
    for outcome in ("updated", "unchanged"):
        with path.open("rb") as handle:
            done = client.post(f"{API}/import/organisations/csv?sync=true", {"file": handle})
        assert done.status_code == 200, done.content
        assert done.json()[outcome] == 1


def test_session_writes_need_the_csrf_token(town) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(town.users["admin"])
    body = json.dumps({"name": "Dock Trust", "sector": "private"})
    refused = client.post(f"{API}/organisations", body, content_type="application/json")
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]
    assert not Organisation.objects.filter(name="Dock Trust").exists()
    client.get("/setup/")  # any page that renders a form sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    allowed = client.post(
        f"{API}/organisations", body, content_type="application/json", HTTP_X_CSRFTOKEN=token
    )
    assert allowed.status_code == 201, allowed.content
    # A script's token needs no CSRF token: it is not a cookie a browser sends by itself.
    _row, secret = ApiToken.issue(town.users["admin"], "script")
    script = Client(enforce_csrf_checks=True)
    made = script.post(
        f"{API}/organisations",
        json.dumps({"name": "Quay Trust", "sector": "private"}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )
    assert made.status_code == 201


def test_the_openapi_document_lists_the_writes(client, db) -> None:
    paths = client.get("/api/openapi.json").json()["paths"]
    for path, methods in (
        ("/api/registry/organisations", {"get", "post", "put"}),
        ("/api/registry/organisations/{pk}", {"patch"}),
        ("/api/registry/people", {"post", "put"}),
        ("/api/registry/partnerships", {"get", "post", "put"}),
        ("/api/registry/memberships/{pk}", {"patch"}),
        ("/api/registry/import/memberships", {"post"}),
        ("/api/registry/import/people/csv", {"post"}),
    ):
        assert methods <= set(paths[path]), path
    assert "422" in paths["/api/registry/people"]["post"]["responses"]
