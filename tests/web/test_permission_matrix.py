"""Every page and every API operation, for every persona: no server error anywhere,
and nobody sees a partnership they may not see.

URLs are discovered from the project's URL resolver and the OpenAPI document, never
listed by hand, so pages added by any app are covered as soon as they exist. Path
parameters are filled with real demo objects: the literal segment before a parameter
names the model (``rounds/<int:pk>/`` → a Round), and each URL is tried with an object
of partnership A and one of partnership B. The expected access rules are the table
``RULES`` below; a URL no rule names is still checked for server errors and for
names of partnerships the persona may not see.

A page that deliberately mentions other partnerships' public engagement activities
(issue 7's clashes) marks that part with ``class="area-wide"``; only that part may
name partnerships the reader cannot otherwise see.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern

from joinedup.context.models import CentralTarget, FundingStream, PerformanceMeasure
from joinedup.registry import permissions
from joinedup.registry.models import Organisation, Partnership, Person
from joinedup.surveys.models import Answer, InstrumentVersion, Round
from joinedup.theory.models import ChangeStep
from joinedup.web.models import ApiToken
from tests.conftest import CRAWLED_ON_SQLITE_ONLY, PARTNERSHIP_A, PARTNERSHIP_B, PARTNERSHIP_C

PERSONAS = ("anonymous", "outsider", "member_a", "coordinator_a", "evaluator", "admin")

# Access classes.
PUBLIC = "public"  # anyone; no data of any partnership unless the page exists to show it
TOKEN = "token"  # respondents' and the public's pages reached by a key: 404 for a wrong key
SIGNED_IN = "signed-in"  # anonymous → login; others by the partnership of the object
STAFF = "staff"  # Django's administration: administrators only
AREA = "area"  # signed-in; shows every partnership's engagement activities by design
ADAPT = "adapt"  # the instrument workshop: administrators and coordinators only
INSTRUMENTS = "instruments"  # instrument pages: administrators, coordinators and evaluators

# (pattern on "namespace:name", class), first match wins; everything else is SIGNED_IN.
RULES: list[tuple[str, str]] = [
    (r"^web:home$", PUBLIC),
    (r"^(login|logout|password_\w+)$", PUBLIC),
    (r"^surveys:(respond|open)$", TOKEN),
    (r"^participation:public$", TOKEN),
    (r"^admin:(login|logout)$", PUBLIC),
    # A public key, published so that other installations can trust this one's packets.
    (r"^reports:benchmark_installation_key$", PUBLIC),
    # An empty answer to browsers' request for an icon (no data of anyone).
    (r"^web:favicon$", PUBLIC),
    # Issue 7's fatigue calendar lists every activity in the area, whoever runs it.
    (r"^participation:calendar$", AREA),
    (r"participation_api_clashes$", AREA),
    # The audit log (issue 9): administrators only; tests/hardening/test_audit.py checks
    # that staff who are not administrators get 403 there too.
    (r"^admin:audit_auditevent_", STAFF),
    (r"^admin:", STAFF),
    (r"^surveys:instrument_workshop", ADAPT),
    (r"^surveys:instrument", INSTRUMENTS),
]
# Names of pages that change a partnership: members who may read it may not open them.
MANAGE = re.compile(r"(edit|add|change|delete|new|invite|status|reminders|manage|import)")
DENIED = {403, 404, 405}
AREA_WIDE = re.compile(r"<(\w+)[^>]*class=\"[^\"]*\barea-wide\b[^\"]*\"[^>]*>.*?</\1>", re.DOTALL)
ANONYMOUS_OK = {302, 401, 403, 404, 405}

# Path parameters the segment before them does not explain, by URL name (or API
# operationId): a list of variants, each mapping parameter → a model (tried with an
# object of partnerships A, B and C, or the objects listed in ``_objects``) or a word.
PARAMETERS: dict[str, list[dict[str, Any]]] = {
    "web:partnership_section": [
        {"pk": Partnership, "key": key}
        for key in (
            "context",
            "surveys",
            "scores",
            "words",
            "diagnoses",
            "networks",
            "participation",
            "theory",
            "actions",
            "governs",
            "leftout",
        )
    ],
    "actions:workshop_edit": [{"pk": Partnership, "round_pk": Round}],
    "context:add": [{"pk": Partnership, "kind": "funding"}],
    "context:change": [
        {"kind": "funding", "item_pk": FundingStream},
        {"kind": "measure", "item_pk": PerformanceMeasure},
        {"kind": "target", "item_pk": CentralTarget},
    ],
    "networks:download": [{"pk": Partnership, "kind": "edges"}],
    "networks:pairs": [{"pk": Partnership}],
    "reports:benchmark_download": [{"pk": InstrumentVersion, "fmt": "csv"}],
    "reports:benchmark_changes": [{"pk": InstrumentVersion, "fmt": "csv"}],
    "reports:benchmark_networks": [{"fmt": "graphml"}],
    "reports:round_preview": [{"pk": Round}],
    "reports:responses_national": [{"fmt": "csv"}],
    "reports:responses_partnership": [{"pk": Partnership, "fmt": "csv"}],
    "surveys:comment_visibility": [{"pk": Round, "answer": Answer}],
    "surveys:round_words_csv": [
        {"pk": Round, "what": "comments"},
        {"pk": Round, "what": "choices"},
    ],
    "web:token_revoke": [{"pk": ApiToken}],
    "theory:remove": [{"pk": Partnership, "what": "step", "item": ChangeStep}],
    "joinedup_theory_api_remove_step": [{"pk": Partnership, "key": "fund-breaks"}],
    "setup:person_edit": [{"pk": Person}],
    "joinedup_registry_api_write_patch_person": [{"pk": Person}],
    "joinedup_surveys_api_instrument": [{"pk": InstrumentVersion}],
    "surveys:instrument": [{"key": "health-check"}],
    "web:instrument_psychometrics": [{"key": "health-check"}],
    "surveys:instrument_xlsform": [{"pk": InstrumentVersion}],
    "joinedup_reports_api_round_lens": [{"pk": Round}],
    "joinedup_reports_api_round_principles": [{"pk": Round}],
}
PARAMETERS["context:delete"] = PARAMETERS["context:change"]
# Parameters that are keys, not ids (a wrong key must give 404), or name things no
# partnership owns (a method's documentation page).
KEYS = {
    "surveys:respond",
    "surveys:open",
    "participation:public",
    "password_reset_confirm",
    "diagnoses:method",
}


@dataclass(frozen=True)
class Target:
    url: str
    name: str
    kind: str
    partnership: Partnership | None  # the partnership the filled-in object belongs to


def access_class(name: str) -> str:
    for pattern, kind in RULES:
        if re.search(pattern, name):
            return kind
    return SIGNED_IN


# --- discovering URLs -------------------------------------------------------------


def _walk(patterns: list[Any], prefix: str = "", namespace: str = "") -> list[tuple[str, str]]:
    found = []
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "api":
                continue  # the API is walked through its OpenAPI document
            ns = ":".join(p for p in (namespace, entry.namespace or "") if p)
            route = str(entry.pattern) if isinstance(entry.pattern, RoutePattern) else None
            if route is None:
                continue
            found += _walk(entry.url_patterns, prefix + route, ns)
        elif isinstance(entry, URLPattern) and isinstance(entry.pattern, RoutePattern):
            name = f"{namespace}:{entry.name}" if namespace else str(entry.name)
            found.append((prefix + str(entry.pattern), name))
    return found


def _model_for(segment: str, app_label: str) -> type[models.Model] | None:
    word = segment.lower().replace("-", "").replace("_", "")
    stems = {word, word.removesuffix("s"), re.sub(r"ies$", "y", word)}
    labels = [app_label, "registry"]
    for label in labels:
        try:
            config = apps.get_app_config(label)
        except LookupError:
            continue
        for model in config.get_models():
            if model._meta.model_name in stems:
                return model
    return None


def _partnership_path(model: type[models.Model]) -> str | None:
    if model is Partnership:
        return "pk"
    names = {f.name: f for f in model._meta.concrete_fields}
    if "partnership" in names:
        return "partnership_id"
    for f in model._meta.concrete_fields:
        target = f.related_model
        fields = {g.name for g in target._meta.concrete_fields} if isinstance(target, type) else ()
        if f.is_relation and "partnership" in fields:
            return f"{f.name}__partnership_id"
    return None


def _objects(model: type[models.Model] | None, demo: dict) -> list[tuple[Any, Any]]:
    """(pk, partnership or None) pairs to try for a parameter naming ``model``."""
    if model is Answer:  # a written comment of each partnership's rounds (read by name:
        # the probes of tests/hardening/test_not_found.py fill routes without ``demo``)
        found = []
        for name in (PARTNERSHIP_A, PARTNERSHIP_B, PARTNERSHIP_C):
            p = Partnership.objects.get(name=name)
            rows = Answer.objects.filter(response__round__partnership=p, item="hc_comment")
            first = rows.order_by("pk").first()
            if first is not None:
                found.append((first.pk, p))
        return found
    if not demo:  # the probes of tests/hardening/test_not_found.py: read by name
        demo = {p.name: p for p in Partnership.objects.all()}
    a, b, c = demo[PARTNERSHIP_A], demo[PARTNERSHIP_B], demo[PARTNERSHIP_C]
    if model is InstrumentVersion:  # the benchmark filters its rows by who may see them
        return [(v.pk, None) for v in InstrumentVersion.objects.order_by("pk")[:2]]
    if model is ApiToken:  # someone else's token
        owner = get_user_model().objects.get_or_create(username="token-owner")[0]
        return [(ApiToken.issue(owner, "not yours")[0].pk, None)]
    if model is Organisation:
        only_b = Organisation.objects.filter(memberships__partnership=b).exclude(
            memberships__partnership=a
        )
        in_a = Organisation.objects.filter(memberships__partnership=a)
        return [(o.pk, None) for o in (only_b.first(), in_a.first()) if o is not None]
    if model is Person:  # a person of an organisation only in B, and one of A's
        only_b = Person.objects.filter(organisation__memberships__partnership=b).exclude(
            organisation__memberships__partnership=a
        )
        in_a = Person.objects.filter(organisation__memberships__partnership=a)
        return [(o.pk, None) for o in (only_b.first(), in_a.first()) if o is not None]
    path = _partnership_path(model) if model is not None else None
    if model is None or path is None:
        return [(a.pk, None), (b.pk, None), (c.pk, None)]
    out = []
    for p in (a, b, c):
        row = model._default_manager.filter(**{path: p.pk}).order_by("pk").first()
        if row is not None:
            out.append((row.pk, p))
    return out or [(987654, None)]


_PARAM = re.compile(r"<(?:(\w+):)?(\w+)>|\{(\w+)\}")


def fill(
    route: str, app_label: str, demo: dict, variant: dict[str, Any] | None = None
) -> list[tuple[str, Partnership | None]]:
    """Concrete URLs for ``route`` with their partnership; one per object tried."""
    match = _PARAM.search(route)
    if match is None:
        return [(route, None)]
    converter = match.group(1) or "int"
    name = match.group(2) or match.group(3)
    before = [s for s in route[: match.start()].split("/") if s]
    given = (variant or {}).get(name)
    if isinstance(given, str):
        values: list[tuple[Any, Any]] = [(given, None)]
    elif given is not None:
        values = _objects(given, demo)
    elif converter in ("str", "slug", "path") and not name.endswith(("pk", "id")):
        values = [("no-such-key-0000", None)]
    else:
        values = _objects(_model_for(before[-1] if before else "", app_label), demo)
    out = []
    for value, partnership in values:
        rest = route[: match.start()] + str(value) + route[match.end() :]
        for url, inner in fill(rest, app_label, demo, variant):
            out.append((url, partnership or inner))
    return out


def unexplained(route: str, name: str, app_label: str) -> list[str]:
    """Parameters of ``route`` this module does not know how to fill with real objects."""
    if name in KEYS:
        return []
    known = set().union(*PARAMETERS.get(name, [{}]))
    out = []
    for match in _PARAM.finditer(route):
        param = match.group(2) or match.group(3)
        before = [s for s in route[: match.start()].split("/") if s]
        model = _model_for(before[-1] if before else "", app_label)
        if param not in known and model is None:
            out.append(param)
    return out


def page_targets(demo: dict) -> list[Target]:
    targets = []
    for route, name in _walk(get_resolver().url_patterns):
        if "<" in route and name.startswith("admin:"):
            continue  # the admin's object pages belong to Django; its lists are walked
        app_label = name.split(":")[0] if ":" in name else "web"
        for variant in PARAMETERS.get(name, [{}]):
            for url, partnership in fill(route, app_label, demo, variant):
                targets.append(Target("/" + url, name, access_class(name), partnership))
    return targets


def api_targets(client: Client, demo: dict) -> list[tuple[str, Target]]:
    schema = client.get("/api/openapi.json").json()
    targets = []
    for path, operations in schema["paths"].items():
        app_label = path.split("/")[2] if path.count("/") > 2 else "web"
        for method, operation in operations.items():
            public = operation.get("security") in (None, [])
            name = operation["operationId"]
            kind = PUBLIC if public else access_class(name)
            for variant in PARAMETERS.get(name, [{}]):
                for url, partnership in fill(path, app_label, demo, variant):
                    targets.append((method, Target(url, name, kind, partnership)))
    return targets


# --- judging responses -------------------------------------------------------------


def expected_problem(
    persona: str, user: Any, target: Target, status: int, body: str, location: str = ""
) -> str:
    """What is wrong with this response, or "" if nothing."""
    if status >= 500:
        return f"server error {status}"
    if status == 200 and target.kind not in (PUBLIC, TOKEN, AREA):
        leaked = [name for name in hidden_names(user) if name in AREA_WIDE.sub("", body)]
        if leaked:
            return f"shows {leaked}"
    if target.kind == TOKEN and persona == "anonymous" and status != 404:
        return f"a wrong key gave {status}, not 404"
    if user is None:
        if (
            target.kind in (SIGNED_IN, STAFF, AREA, ADAPT, INSTRUMENTS)
            and status not in ANONYMOUS_OK
        ):
            return f"anonymous got {status}"
        if status == 302 and target.kind != PUBLIC and not _to_login(location):
            return f"anonymous sent to {location}, not to a login page"
        return ""
    if target.kind == STAFF and not user.is_staff and status == 200:
        return "a non-administrator opened the administration"
    coordinates = user.is_superuser or permissions.managed_partnerships(user).exists()
    if target.kind == ADAPT and not coordinates and status not in DENIED:
        return f"got {status} in the instrument workshop, which only coordinators may use"
    reads = coordinates or permissions.is_evaluator(user)
    if target.kind == INSTRUMENTS and not reads and status not in DENIED:
        return f"got {status} on an instrument page, which members may not read"
    p = target.partnership
    if p is not None and target.kind == SIGNED_IN:
        if not _can_view(user, p) and status not in DENIED:
            return f"got {status} for {p.name}, which this persona may not see"
        manage_page = MANAGE.search(target.name.split(":")[-1])
        if manage_page and not permissions.can_manage(user, p) and status not in DENIED:
            return f"got {status} on a management page of {p.name}"
    return ""


def _to_login(location: str) -> bool:
    return location.startswith((settings.LOGIN_URL, "/admin/login/"))


def hidden_names(user: Any) -> list[str]:
    """Names ``user`` may not see: partnerships, and organisations that are members
    only of such partnerships (a name that is part of a visible one is left out)."""
    cache = _HIDDEN.setdefault(getattr(user, "pk", None), [])
    if cache:
        return cache
    visible = [p for p in Partnership.objects.all() if user is not None and _can_view(user, p)]
    hidden = [p.name for p in Partnership.objects.exclude(pk__in=[p.pk for p in visible])]
    members = Organisation.objects.filter(memberships__partnership__name__in=hidden)
    seen = Organisation.objects.filter(memberships__partnership__in=visible)
    shown = [p.name for p in visible] + list(seen.values_list("name", flat=True))
    only = set(members.exclude(pk__in=seen).values_list("name", flat=True))
    cache += hidden + sorted(n for n in only if not any(n in s for s in shown))
    return cache


_HIDDEN: dict[Any, list[str]] = {}


def _can_view(user: Any, partnership: Partnership) -> bool:
    return permissions.can_view(user, partnership)


@pytest.fixture(autouse=True)
def _fresh_names() -> None:
    _HIDDEN.clear()  # user ids are reused from one test database to the next


def _client(personas: Any, persona: str) -> tuple[Client, Any]:
    if persona == "anonymous":
        return Client(raise_request_exception=False), None
    user = getattr(personas, persona)
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client, user


@CRAWLED_ON_SQLITE_ONLY
@pytest.mark.parametrize("persona", PERSONAS)
def test_every_page(persona: str, personas, demo) -> None:
    client, user = _client(personas, persona)
    targets = page_targets(demo)
    assert any(t.name == "web:partnership" for t in targets)
    problems = []
    for target in targets:
        response = client.get(target.url)
        raw = b"".join(response.streaming_content) if response.streaming else response.content
        body = raw.decode("utf-8", errors="ignore")
        where = response.get("Location", "")
        problem = expected_problem(persona, user, target, response.status_code, body, where)
        if problem:
            problems.append(f"{target.url} ({target.name}): {problem}")
    assert not problems, "\n".join(problems)


@CRAWLED_ON_SQLITE_ONLY
@pytest.mark.parametrize("persona", PERSONAS)
def test_every_api_operation(persona: str, personas, demo) -> None:
    client, user = _client(personas, persona)
    targets = api_targets(client, demo)
    assert any("/api/registry/partnerships" in t.url for _m, t in targets)
    problems = []
    for method, target in targets:
        if method != "get" and user is not None:
            continue  # only reads are tried signed in; writes are checked for the anonymous
        response = getattr(client, method)(target.url, content_type="application/json")
        body = response.content.decode("utf-8", errors="ignore")
        problem = expected_problem(persona, user, target, response.status_code, body)
        if not problem and user is None and target.kind in (SIGNED_IN, AREA):
            problem = "" if response.status_code in {401, 403, 404, 405} else "not refused"
        if problem:
            problems.append(f"{method.upper()} {target.url} ({target.name}): {problem}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("url", ["/api/health", "/api/docs", "/api/openapi.json"])
def test_api_public_pages(url: str, client, db) -> None:
    assert client.get(url).status_code == 200


def test_every_parameter_is_filled_with_real_objects(client: Client, db: Any) -> None:
    """A new URL whose ids this module cannot fill with real objects of partnerships
    A, B and C fails here: add it to ``PARAMETERS`` (or ``KEYS``)."""
    routes = [
        (route, name, name.split(":")[0] if ":" in name else "web")
        for route, name in _walk(get_resolver().url_patterns)
        if not name.startswith("admin:")
    ]
    schema = client.get("/api/openapi.json").json()
    for path, operations in schema["paths"].items():
        app_label = path.split("/")[2] if path.count("/") > 2 else "web"
        routes += [(path, op["operationId"], app_label) for op in operations.values()]
    missing = [
        f"{name} {route}: {params}"
        for route, name, label in routes
        if (params := unexplained(route, name, label))
    ]
    assert not missing, "\n".join(missing)


# Bookkeeping a reader's requests may write: tokens are their own, the audit log, the
# session, and the counts behind the request limits (a PDF report counts one).
WRITES_ALLOWED = {
    "web.apitoken",
    "audit.auditevent",
    "sessions.session",
    "surveys.tokenthrottle",
    "web.requestcount",
}


def _table_counts() -> dict[str, int]:
    return {
        m._meta.label_lower: m._default_manager.count()
        for m in apps.get_models()
        if m._meta.label_lower not in WRITES_ALLOWED
    }


def test_the_evaluator_changes_nothing(personas: Any, demo: dict) -> None:
    """The evaluator reads everything and may change nothing: every page and API
    operation is posted to (empty form, no CSRF check) and no table changes."""
    client, _user = _client(personas, "evaluator")
    pages = [t for t in page_targets(demo) if t.kind not in (PUBLIC, TOKEN, STAFF)]
    operations = api_targets(client, demo)
    before = _table_counts()
    problems = []
    for target in pages:
        response = client.post(target.url, {})
        if response.status_code >= 500:
            problems.append(f"POST {target.url}: server error {response.status_code}")
    for method, target in operations:
        if method in ("post", "put", "patch", "delete"):
            response = getattr(client, method)(target.url, {}, content_type="application/json")
            if response.status_code >= 500:
                problems.append(f"{method.upper()} {target.url}: {response.status_code}")
    after = _table_counts()
    changed = {k: (before[k], after[k]) for k in before if before[k] != after[k]}
    assert not problems, "\n".join(problems)
    assert not changed, f"the evaluator changed {changed}"


def test_context_forms_list_only_organisations_the_reader_may_know(personas, demo) -> None:
    """The funding and measure forms listed every organisation of every partnership."""
    a = demo[PARTNERSHIP_A]
    elsewhere = Organisation.objects.filter(memberships__isnull=False).exclude(
        memberships__partnership=a
    )
    hidden = elsewhere.order_by("name").first()
    ours = Organisation.objects.filter(memberships__partnership=a).order_by("name").first()
    assert hidden is not None
    assert ours is not None
    url = f"/context/partnerships/{a.pk}/funding/add/"
    page = personas.client("coordinator_a").get(url).content.decode()
    assert ours.name in page
    assert hidden.name not in page
    assert hidden.name in personas.client("admin").get(url).content.decode()
    form = {"name": "Pot", "provider": hidden.pk, "source": "pooled_budget", "amount": "10"}
    form |= {"start": "2024-04-01"}
    coordinator = personas.client("coordinator_a")
    refused = coordinator.post(url, form)
    assert refused.status_code == 200  # the form again, with its error
    assert not FundingStream.objects.filter(name="Pot").exists()
    assert coordinator.post(url, form | {"provider": ours.pk}).status_code == 302
    assert FundingStream.objects.get(name="Pot").provider == ours
