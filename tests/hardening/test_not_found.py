"""An account cannot learn which ids exist (issue 17).

Refusing a partnership the viewer may not see with 403, and a missing one with 404,
let any account try ids one after the other and list every partnership, round and
organisation there is. Here an attacker with an account (the outsider, and a member
or coordinator of another partnership) asks every page and API operation that takes
an object id for objects of partnerships they may not see, and for an id that never
existed: the two answers must be the same (status, headers, body with the id itself
masked). URLs are found as tests/web/test_permission_matrix.py finds them, from the
URL resolver and the OpenAPI document, so a new page is covered as soon as it exists.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import models
from django.test import Client
from django.urls import get_resolver

from joinedup.registry import permissions
from joinedup.registry.models import Organisation
from joinedup.surveys.models import InstrumentVersion
from joinedup.web.models import ApiToken
from tests.conftest import PARTNERSHIP_A, PARTNERSHIP_B
from tests.web.test_permission_matrix import (
    _PARAM,
    KEYS,
    PARAMETERS,
    SIGNED_IN,
    _model_for,
    _objects,
    _walk,
    access_class,
    fill,
)

NEVER = 2_000_000_001  # an id no demo row has; an int on every database
HOLE = "__ID__"
ATTACKERS = ("outsider", "member_a", "coordinator_a")
# Headers that may differ between two refusals: the body's length follows the id's.
VARYING = {"Content-Length"}


@dataclass(frozen=True)
class Probe:
    """One route with its id left open: ``template`` has HOLE where the id goes."""

    method: str
    template: str
    name: str
    model: type[models.Model] | None


def _id_param(route: str, variant: dict[str, Any]) -> str | None:
    """The parameter of ``route`` that takes an object id, if any."""
    for match in _PARAM.finditer(route):
        converter, name = match.group(1) or "int", match.group(2) or match.group(3)
        if isinstance(variant.get(name), str):
            continue
        if converter == "int" or name.endswith(("pk", "id")):
            return name
    return None


def _probes(route: str, name: str, app_label: str, methods: list[str]) -> list[Probe]:
    if name in KEYS or access_class(name) != SIGNED_IN:
        return []
    out = []
    for variant in PARAMETERS.get(name, [{}]):
        param = _id_param(route, variant)
        if param is None:
            continue
        given = variant.get(param)
        if isinstance(given, type):
            model: type[models.Model] | None = given
        else:
            match = re.search(r"[<{](?:\w+:)?" + param + r"[>}]", route)
            assert match is not None
            before = [s for s in route[: match.start()].split("/") if s]
            model = _model_for(before[-1] if before else "", app_label)
        filled = fill(route, app_label, {}, variant | {param: HOLE})
        for template, _p in filled:
            out += [Probe(method, template, name, model) for method in methods]
    return out


def page_probes() -> list[Probe]:
    out = []
    for route, name in _walk(get_resolver().url_patterns):
        if name.startswith("admin:"):
            continue  # Django's administration: staff only, checked elsewhere
        app_label = name.split(":")[0] if ":" in name else "web"
        out += _probes("/" + route, name, app_label, ["get", "post"])
    return out


def api_probes(client: Client) -> list[Probe]:
    document = client.get("/api/openapi.json").json()
    out = []
    for path, operations in document["paths"].items():
        app_label = path.split("/")[2] if path.count("/") > 2 else "web"
        for method, operation in operations.items():
            if operation.get("security") in (None, []):
                continue
            out += _probes(path, operation["operationId"], app_label, [method])
    return out


def _hidden(user: Any, model: type[models.Model] | None, demo: dict) -> list[Any]:
    """Ids of existing objects of ``model`` that ``user`` may not see at all."""
    if model is InstrumentVersion:
        return []  # the stored instruments are shared by every partnership
    if model is Organisation:
        seen = Organisation.objects.filter(
            memberships__partnership__in=permissions.visible_partnerships(user)
        )
        rows = Organisation.objects.exclude(pk__in=seen.values("pk"))
        return [] if permissions.is_evaluator(user) else list(rows.values_list("pk", flat=True)[:2])
    if model is ApiToken:
        return [pk for pk, _p in _objects(ApiToken, demo)]  # someone else's token
    return [
        pk
        for pk, partnership in _objects(model, demo)
        if partnership is not None and not permissions.can_view(user, partnership)
    ]


def _answer(client: Client, method: str, url: str, pk: Any, api: bool) -> tuple[Any, ...]:
    if api:
        response = getattr(client, method)(url, {}, content_type="application/json")
    else:
        response = getattr(client, method)(url, {})
    body = response.content.decode("utf-8", errors="replace")
    for text in (url, str(pk)):
        body = re.sub(r"(?<!\w)" + re.escape(text) + r"(?!\w)", "<id>", body)
    headers = {k: v for k, v in response.headers.items() if k not in VARYING}
    return response.status_code, headers, body


def _compare(persona: str, personas: Any, demo: dict, probes: list[Probe], api: bool) -> None:
    user = getattr(personas, persona)
    client = Client(raise_request_exception=False)
    client.force_login(user)
    if api:
        probes = api_probes(client)
    tried, problems = 0, []
    for probe in probes:
        missing_url = probe.template.replace(HOLE, str(NEVER))
        missing = _answer(client, probe.method, missing_url, NEVER, api)
        for pk in _hidden(user, probe.model, demo):
            url = probe.template.replace(HOLE, str(pk))
            hidden = _answer(client, probe.method, url, pk, api)
            tried += 1
            if hidden != missing:
                problems.append(
                    f"{probe.method.upper()} {url} ({probe.name}): {hidden[0]} {hidden[2][:120]!r}"
                    f" but {missing[0]} {missing[2][:120]!r} for an id that never existed"
                )
            elif missing[0] == 200:
                problems.append(f"{probe.method.upper()} {url} ({probe.name}): answered 200")
    assert tried > 10, f"only {tried} hidden objects tried"
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("persona", ATTACKERS)
def test_pages_answer_a_hidden_object_as_a_missing_one(
    persona: str, personas, demo, settings
) -> None:
    # The crawl asks for more PDFs than the per-user limit allows in a minute; the
    # limit counts hidden and missing ids alike (its own tests are in
    # tests/web/test_request_limits.py), so it is lifted here to compare the 404s.
    settings.REQUEST_RATES = {**settings.REQUEST_RATES, "pdf-user": (10_000, 60)}
    _compare(persona, personas, demo, page_probes(), api=False)


@pytest.mark.parametrize("persona", ATTACKERS)
def test_api_answers_a_hidden_object_as_a_missing_one(persona: str, personas, demo) -> None:
    _compare(persona, personas, demo, [], api=True)


def test_the_api_not_found_body_is_ninjas_own(personas, demo) -> None:
    """A hidden partnership gets exactly django-ninja's answer for a missing id."""
    b = demo[PARTNERSHIP_B]
    client = personas.client("member_a")
    for url in (f"/api/registry/partnerships/{b.pk}", f"/api/registry/partnerships/{NEVER}"):
        response = client.get(url)
        assert response.status_code == 404
        assert response.json() == {"detail": "Not Found"}
        assert response["Content-Type"] == "application/json; charset=utf-8"


def test_who_may_see_but_not_act_still_gets_403(personas, demo) -> None:
    """The member sees partnership A, so refusing a coordinator's action there says
    nothing new: that stays 403, and the same page for partnership B is 404."""
    a, b = demo[PARTNERSHIP_A], demo[PARTNERSHIP_B]
    member = personas.client("member_a")
    assert member.get(f"/partnerships/{a.pk}/").status_code == 200
    for url in (
        "/surveys/partnership/{}/new/",
        "/context/partnerships/{}/",
        "/participation/partnerships/{}/activities/new/",
        "/diagnoses/partnerships/{}/sharing/add/",
        "/networks/{}/confidential-pairs/",
    ):
        assert member.get(url.format(a.pk)).status_code == 403, url
        assert member.get(url.format(b.pk)).status_code == 404, url
    assert personas.client("outsider").get("/api/registry/partnerships").json() == []
