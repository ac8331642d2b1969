"""Shared fixtures: the demo town and the people who use joinedup.

Personas (fixed, so access rules read the same in every test):
- ``admin``: an administrator;
- ``coordinator_a``: coordinates partnership A (the demo's Local Strategic Partnership);
- ``member_a``: a member of partnership A, who sees its results;
- ``evaluator``: reads across partnerships;
- ``outsider``: has an account and no business with any partnership.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

PARTNERSHIP_A = "Kestermouth Local Strategic Partnership"
PARTNERSHIP_B = "Kestermouth Community Safety Partnership"
PARTNERSHIP_C = "Kestermouth Health and Social Care Board"
PASSWORD = "persona-pass-123"


#: Whole-site crawls whose subject does not depend on the database engine (who may
#: read what, the small-group rule) run on the embedded SQLite pass only; the
#: PostgreSQL pass runs every other test. The page crawl in the browser does the same.
CRAWLED_ON_SQLITE_ONLY = pytest.mark.skipif(
    os.environ.get("JOINEDUP_DATABASE_URL", "").startswith("postgres"),
    reason="a crawl of every page or answer: engine-independent, run on SQLite only",
)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--without-kernel",
        action="store_true",
        help="compute betweenness with python-igraph (the fallback), not the compiled kernel",
    )


def pytest_configure(config: pytest.Config) -> None:
    if config.getoption("--without-kernel"):
        from joinedup.analysis.network.betweenness import use_kernel

        use_kernel(False)


@pytest.fixture(autouse=True)
def _default_language() -> Any:
    """Each test starts in the default language. Django's LocaleMiddleware activates a
    request's language in the thread and leaves it there, so a page read in Welsh by one
    test would otherwise write the next test's e-mails in Welsh."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fast_passwords(settings: Any) -> None:
    """Accounts made in tests are hashed with MD5, not 1,000,000 rounds of PBKDF2
    (0.23 s a password here: the personas alone cost over a second a test). Django's
    own advice for test suites; what is stored in production is untouched."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session", autouse=True)
def _release_stray_connections(django_db_setup: Any, django_db_blocker: Any) -> Any:
    """At the end of the run on PostgreSQL, end the test database's other sessions
    before it is dropped. Playwright's sync API runs a test's block in its own
    greenlet, and Django gives that greenlet its own connection, which nothing
    closes; PostgreSQL then refuses to drop a database "being accessed by other
    users". Runs after every test, before pytest-django's teardown (it depends on
    ``django_db_setup``, so it is finalised first)."""
    yield
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


def _on_postgresql() -> bool:
    return os.environ.get("JOINEDUP_DATABASE_URL", "").startswith("postgres")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Two passes share CI's 45 minutes. In the PostgreSQL pass, browser tests (how a
    page behaves in Chromium does not depend on the engine; what the pages store and
    show is tested on both engines through Django's test client) and ``one_pass``
    tests (which build their own SQLite database or use none) are skipped, except
    browser tests marked ``both_engines``: the whole cycle, from the coordinator's
    first round to the report, runs in Chromium on both."""
    skips = []
    if config.getoption("--without-kernel"):
        kernel_off = pytest.mark.skip(
            reason="the compiled betweenness kernel is off (--without-kernel)"
        )
        skips.append((lambda item: item.get_closest_marker("kernel"), kernel_off))
    if _on_postgresql():
        browser = pytest.mark.skip(reason="browser test: run in the SQLite pass only")
        skips.append(
            (
                lambda item: (
                    item.get_closest_marker("browser")
                    and not item.get_closest_marker("both_engines")
                ),
                browser,
            )
        )
        once = pytest.mark.skip(reason="does not use the configured database: SQLite pass only")
        skips.append((lambda item: item.get_closest_marker("one_pass"), once))
    for item in items:
        for applies, mark in skips:
            if applies(item):
                item.add_marker(mark)
                break


@pytest.fixture
def demo(db):
    """The demo town, loaded into the test database: {name: Partnership}
    (see tests/demo_snapshot.py: generated once a run, then put back)."""
    from joinedup.registry.models import Partnership
    from tests.demo_snapshot import demo_town

    demo_town()
    return {p.name: p for p in Partnership.objects.all()}


@dataclass
class Personas:
    admin: Any
    coordinator_a: Any
    member_a: Any
    evaluator: Any
    outsider: Any

    def client(self, name: str) -> Client:
        client = Client()
        client.force_login(getattr(self, name))
        return client


@pytest.fixture
def personas(demo) -> Personas:
    from joinedup.registry.models import Access, AccessRole

    users = get_user_model().objects
    admin = users.create_superuser("admin", "admin@example.org", PASSWORD)
    coordinator = users.create_user("coordinator_a", "coord@example.org", PASSWORD)
    member = users.create_user("member_a", "member@example.org", PASSWORD)
    evaluator = users.create_user("evaluator", "eval@example.org", PASSWORD)
    outsider = users.create_user("outsider", "out@example.org", PASSWORD)
    a = demo[PARTNERSHIP_A]
    Access.objects.create(user=coordinator, role=AccessRole.COORDINATOR, partnership=a)
    Access.objects.create(user=member, role=AccessRole.MEMBER, partnership=a)
    Access.objects.create(user=evaluator, role=AccessRole.EVALUATOR)
    return Personas(admin, coordinator, member, evaluator, outsider)


@pytest.fixture
def admin_user(db):
    return get_user_model().objects.create_superuser("root", "root@example.org", PASSWORD)


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client
