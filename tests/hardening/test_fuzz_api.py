"""Schemathesis against the JSON API: no server error, every answer as documented.

The OpenAPI document is read from the running application (``/api/openapi.json``)
and every operation in it is called in process, through the WSGI application (no
server, no network), with the demo town loaded, as three callers: an administrator
with an API token, the coordinator of partnership A with an API token, and an
anonymous caller. For each operation Hypothesis draws requests the document allows
(positive) and requests it forbids (negative, e.g. a word where an id goes).

Checks: never a 5xx; only documented status codes and content types; bodies that
match their documented schema; and, for signed-in callers, that an operation which
answered also refuses the same request without credentials.

Bounded for CI: ``EXAMPLES`` draws per operation and mode, no shrinking, no
stateful phase; about half a minute per caller on the project's machine.

Django closes its database connection at the end of every request it serves
through the WSGI handler (``close_old_connections``); inside a test's transaction
that would drop the test database, so the ``wsgi_app`` fixture switches the
handlers off for the test, as Django's own test client does.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    ignored_auth,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.conftest import PARTNERSHIP_A

EXAMPLES = 25
CALLERS = ("admin", "coordinator_a", "anonymous")
DOCUMENT = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]


@pytest.fixture
def wsgi_app(db: Any) -> Iterator[Any]:
    """joinedup's WSGI application, serving inside the test's transaction."""
    from joinedup.wsgi import application

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield application
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _bearer(personas: Any, caller: str) -> dict[str, str]:
    from joinedup.web.models import ApiToken

    if caller == "anonymous":
        return {}
    _row, token = ApiToken.issue(getattr(personas, caller), "fuzzing")
    return {"Authorization": f"Bearer {token}"}


def _fuzz(operation: Any, headers: dict[str, str], found: dict[str, str]) -> None:
    """Draw requests for one operation; record each distinct failure in ``found``."""
    checks = DOCUMENT + ([ignored_auth] if headers else [])
    cases = st.one_of(
        st.tuples(st.just(checks), operation.as_strategy(GenerationMode.POSITIVE)),
        st.tuples(st.just(DOCUMENT), operation.as_strategy(GenerationMode.NEGATIVE)),
    )

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(drawn=cases)
    def run(drawn: tuple[list[Any], Any]) -> None:
        checks_for_case, case = drawn
        response = case.call(headers=headers)
        try:
            case.validate_response(response, checks=checks_for_case, headers=headers)
        except BaseExceptionGroup as group:
            titles = sorted({type(f).__name__ for f in group.exceptions})
            found.setdefault(f"{operation.label}: {', '.join(titles)}", str(group)[:1500])

    run()


@pytest.mark.slow
@pytest.mark.parametrize("caller", CALLERS)
def test_api_answers_as_documented(caller: str, personas: Any, wsgi_app: Any) -> None:
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", wsgi_app)
    headers = _bearer(personas, caller)
    found: dict[str, str] = {}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 15, "the document lost operations"
    for operation in operations:
        _fuzz(operation, headers, found)
    assert not found, "\n\n".join(f"{key}\n{text}" for key, text in found.items())


# --- what the fuzzing found, pinned ------------------------------------------------


def _auth(personas: Any, caller: str) -> dict[str, str]:
    """The bearer header of ``caller``'s new token, as Django's test client takes it."""
    return {"HTTP_" + k.upper(): v for k, v in _bearer(personas, caller).items()}


def test_huge_query_id_is_refused_not_a_server_error(personas: Any, client: Any) -> None:
    """Was 500 (OverflowError: Python int too large to convert to SQLite INTEGER)."""
    auth = _auth(personas, "admin")
    for value in (2**63, 2**64, 0, -1):
        response = client.get(f"/api/registry/memberships?partnership={value}", **auth)
        assert response.status_code == 422, value
    assert client.get("/api/registry/memberships?partnership=1", **auth).status_code == 200


def test_advisor_refuses_huge_numbers_and_unknown_conditions(personas: Any, client: Any) -> None:
    """Was 500 (OverflowError: int too large to convert to float) for a 400-digit answer."""
    auth = _auth(personas, "coordinator_a")
    url = "/api/diagnoses/advise/"
    huge = '{"answers": {"collusion": 1%s}}' % ("0" * 400)
    assert client.post(url, huge, content_type="application/json", **auth).status_code == 422
    unknown = json.dumps({"answers": {"cheap": "yes"}})
    assert client.post(url, unknown, content_type="application/json", **auth).status_code == 422
    garbage = client.post(url, "\x00", content_type="application/json", **auth)
    assert garbage.status_code == 400
    fine = json.dumps({"answers": {"collusion": 4, "few_providers": "yes", "information": None}})
    done = client.post(url, fine, content_type="application/json", **auth)
    assert done.status_code == 200, done.content
    assert done.json()["inhouse_count"] == 2


def test_every_router_takes_an_api_token(personas: Any, demo: dict, client: Any) -> None:
    """context, participation and diagnoses took only a browser session (401 for a token)."""
    auth = _auth(personas, "coordinator_a")
    pk = demo[PARTNERSHIP_A].pk
    for url in (
        f"/api/context/partnerships/{pk}/",
        f"/api/participation/partnerships/{pk}/summary",
        "/api/participation/clashes",
        f"/api/diagnoses/partnerships/{pk}/",
    ):
        assert client.get(url, **auth).status_code == 200, url


def test_refusals_are_json_and_documented(personas: Any, demo: dict, client: Any) -> None:
    """The participation summary refused with Django's HTML 403 page, not JSON. (A
    partnership the caller may not see is now 404, as if it did not exist; the
    clashes, which take no id, are still 403 for an account that sees none.)"""
    outsider = _auth(personas, "outsider")
    pk = demo[PARTNERSHIP_A].pk
    for url, status in (
        (f"/api/participation/partnerships/{pk}/summary", 404),
        ("/api/participation/clashes", 403),
    ):
        response = client.get(url, **outsider)
        assert response.status_code == status
        assert response["Content-Type"] == "application/json; charset=utf-8"
        assert "detail" in response.json()
    document = client.get("/api/openapi.json").json()
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            codes = set(operation["responses"])
            wanted = {"200"} if path == "/api/health" else {"200", "401", "403", "404", "422"}
            assert wanted <= codes, f"{method} {path} documents only {sorted(codes)}"
