"""Kept page sections (joinedup.web.section_cache): every viewer gets exactly what
the section computes for them afresh, whoever asked before, and a kept section
changes as soon as the data, the clock, the rights or the settings under it do.

Each check compares the kept result with the section's uncached function, rendered
through its template, as an attacker would compare two downloads."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import connection, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from joinedup.registry.models import Access, AccessRole
from joinedup.registry.viewer import Viewer
from joinedup.surveys.models import Response, Round, RoundStatus
from joinedup.surveys.rounds import close_round
from joinedup.web import section_cache, sections
from tests.conftest import PARTNERSHIP_A

ORDER = ("coordinator_a", "member_a", "evaluator", "admin", "outsider", "member_a")


def shown(result) -> tuple:
    if result is None:
        return (None,)
    html = render_to_string(result.template, dict(result.context))
    return (result.key, result.title, result.summary, result.questions, html)


def assert_fresh(viewer: Viewer, partnership) -> list:
    """Each kept section equals the section computed afresh for ``viewer``."""
    kept = []
    for function in sections.partnership_sections():
        got = function(viewer, partnership, None)
        assert shown(got) == shown(function.uncached(viewer, partnership, None)), (
            function.__module__
        )
        kept.append(shown(got))
    return kept


def kept_hits(viewer: Viewer, partnership) -> int:
    """How many of the partnership's sections ``viewer`` would read from the cache."""
    return sum(
        section_cache.KEPT.get(
            section_cache.key(f"{f.__module__}.{f.__name__}", viewer, partnership, None)
        )
        is not section_cache._MISSING
        for f in sections.partnership_sections()
    )


@pytest.fixture
def a(personas, demo):
    section_cache.forget_all()
    return demo[PARTNERSHIP_A]


def test_each_persona_gets_their_own_view_whoever_asked_first(personas, a) -> None:
    views = {}
    for name in ORDER:
        viewer = Viewer.of(getattr(personas, name))
        views[name] = assert_fresh(viewer, a)
        assert kept_hits(viewer, a) == len(sections.partnership_sections())
    # The coordinator and the member do not share an entry: their rights differ,
    # and what the page offers them differs.
    coordinator, member = Viewer.of(personas.coordinator_a), Viewer.of(personas.member_a)
    assert coordinator.rights() != member.rights()
    assert views["coordinator_a"] != views["member_a"]
    assert all(v == (None,) for v in views["outsider"])


def test_people_with_the_same_rights_share_entries(personas, a, django_user_model) -> None:
    other = django_user_model.objects.create_user("member_two", "m2@example.org", "x-pass-123")
    Access.objects.create(user=other, role=AccessRole.MEMBER, partnership=a)
    assert_fresh(Viewer.of(personas.member_a), a)
    assert Viewer.of(other).rights() == Viewer.of(personas.member_a).rights()
    assert kept_hits(Viewer.of(other), a) == len(sections.partnership_sections())


def test_a_new_or_withdrawn_submission_changes_the_kept_page(personas, a) -> None:
    member = Viewer.of(personas.member_a)
    before = assert_fresh(member, a)
    latest = Round.objects.filter(partnership=a).order_by("-closes", "-pk").first()
    submitted = Response.objects.filter(round=latest, submitted__isnull=False)
    # A bulk update: no model signal is sent, the statement itself is seen.
    submitted.filter(pk__in=list(submitted.values_list("pk", flat=True)[:3])).update(submitted=None)
    after = assert_fresh(member, a)
    assert after != before
    submitted_again = Response.objects.filter(round=latest, submitted__isnull=True)
    submitted_again.update(submitted=timezone.now())
    assert assert_fresh(member, a) == before


def test_opening_and_closing_a_round_changes_what_a_member_sees(personas, a) -> None:
    member, coordinator = Viewer.of(personas.member_a), Viewer.of(personas.coordinator_a)
    closed = assert_fresh(member, a)
    latest = Round.objects.filter(partnership=a).order_by("-closes", "-pk").first()
    closes = timezone.now() + dt.timedelta(days=3)
    Round.objects.filter(pk=latest.pk).update(status=RoundStatus.OPEN, closes=closes)
    opened = assert_fresh(member, a)
    assert opened != closed
    assert_fresh(coordinator, a)
    # The round closes on its date, without any write: the clock is in the key.
    with time_machine.travel(closes + dt.timedelta(minutes=1), tick=False):
        assert assert_fresh(member, a) != opened
    # Closed by the coordinator's button (the service), now.
    assert_fresh(member, a)
    close_round(latest.pk)
    assert assert_fresh(member, a) != opened


def test_losing_a_role_or_raising_k_is_a_new_key(personas, a, settings) -> None:
    member = Viewer.of(personas.member_a)
    assert_fresh(member, a)
    Access.objects.filter(user=personas.member_a, partnership=a).delete()
    assert all(v == (None,) for v in assert_fresh(member, a))
    Access.objects.create(user=personas.member_a, role=AccessRole.MEMBER, partnership=a)
    at_five = assert_fresh(member, a)
    settings.MIN_RESPONDENTS = 40  # more than any group: figures are withheld
    assert assert_fresh(member, a) != at_five


def test_writes_to_quiet_tables_keep_the_version(personas, a, client) -> None:
    version = section_cache.data_version()
    client.force_login(personas.member_a)  # a session and a sign-in time
    assert section_cache.data_version() == version
    with connection.cursor() as cursor:  # raw SQL to a table the pages read
        cursor.execute("UPDATE registry_partnership SET name = name WHERE id = %s", [a.pk])
    assert section_cache.data_version() != version


@pytest.mark.parametrize(
    ("sql", "changes"),
    [
        ('INSERT INTO "surveys_answer" ("response_id") VALUES (1)', True),
        ('UPDATE "surveys_round" SET "status" = %s', True),
        ('DELETE FROM "registry_access" WHERE 1', True),
        ("INSERT OR REPLACE INTO registry_membership VALUES (1)", True),
        ('ALTER TABLE "x" ADD COLUMN "y" int', True),
        ('UPDATE "django_session" SET "expire_date" = %s', False),
        ('INSERT INTO "audit_auditevent" ("kind") VALUES (%s)', False),
        ('SELECT * FROM "surveys_round" FOR UPDATE', False),
        ("SAVEPOINT s1", False),
    ],
)
def test_which_statements_change_the_data(sql: str, changes: bool) -> None:
    assert section_cache.changes_pages(sql) is changes


@pytest.mark.django_db(transaction=True)
def test_other_processes_see_a_new_version_when_the_write_commits() -> None:
    from joinedup.registry.models import Organisation

    committed = section_cache.data_version()
    with transaction.atomic():
        Organisation.objects.create(name="Harbour Trust", sector="voluntary")
        inside = section_cache.data_version()
        # This thread moves on at once; the shared token waits for the commit.
        assert inside != committed
        shared = section_cache.caches[section_cache.settings.SECTION_CACHE_VERSION_ALIAS]
        assert shared.get(section_cache.VERSION_KEY) == committed
    after = section_cache.data_version()
    assert after not in (committed, inside)
    assert "." not in after


def test_the_page_reads_kept_sections_and_stays_the_same(personas, a) -> None:
    client = personas.client("member_a")
    url = f"/partnerships/{a.pk}/"
    first = client.get(url)
    assert kept_hits(Viewer.of(personas.member_a), a) == len(sections.partnership_sections())
    second = client.get(url)
    assert second.status_code == first.status_code == 200
    strip = {"csrfmiddlewaretoken", "nonce"}
    assert _without(first.content.decode(), strip) == _without(second.content.decode(), strip)


def _without(page: str, names: set[str]) -> str:
    import re

    for name in names:
        page = re.sub(rf'{name}="[^"]*"', "", page)
        page = re.sub(rf'name="{name}" value="[^"]*"', "", page)
    return page


def test_the_report_s_response_table_is_kept_per_rights_and_data(personas, a) -> None:
    from joinedup.reports import methods

    def fresh(viewer):
        return methods.response_table(methods.response_by_round(a, None, viewer))

    viewers = [Viewer.of(getattr(personas, name)) for name in ORDER[:4]] + [None]
    for viewer in viewers:
        assert methods.appendix(a, None, [], viewer).responses == fresh(viewer)
    latest = Round.objects.filter(partnership=a).order_by("-closes", "-pk").first()
    Response.objects.filter(round=latest, submitted__isnull=False).filter(
        pk__in=list(Response.objects.filter(round=latest).values_list("pk", flat=True)[:20])
    ).update(submitted=None)
    for viewer in viewers:
        assert methods.appendix(a, None, [], viewer).responses == fresh(viewer)
