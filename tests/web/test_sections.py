"""Page sections: one ordered list in the settings, typed results, built for a viewer
(a persona on the site, the operator on the command line)."""

from __future__ import annotations

import re

import pytest

from joinedup.registry import permissions
from joinedup.registry.models import Organisation
from joinedup.registry.viewer import Viewer
from joinedup.web import sections
from tests.conftest import PARTNERSHIP_A, PARTNERSHIP_B

PERSONAS = ("admin", "coordinator_a", "member_a", "evaluator", "outsider")


def test_sections_come_in_the_order_the_settings_list_them(settings) -> None:
    loaded = [f"{f.__module__}.{f.__name__}" for f in sections.partnership_sections()]
    assert loaded == settings.PARTNERSHIP_SECTIONS
    loaded = [f"{f.__module__}.{f.__name__}" for f in sections.organisation_sections()]
    assert loaded == settings.ORGANISATION_SECTIONS


def test_a_viewer_answers_as_the_permission_rules_do(personas, demo) -> None:
    for name in PERSONAS:
        user = getattr(personas, name)
        viewer = Viewer.of(user)
        assert set(viewer.visible_partnerships()) == set(permissions.visible_partnerships(user))
        for partnership in demo.values():
            assert viewer.can_view(partnership) == permissions.can_view(user, partnership)
            assert viewer.can_manage(partnership) == permissions.can_manage(user, partnership)


def test_roles_of_the_personas_and_the_operator(personas, demo) -> None:
    a, b = demo[PARTNERSHIP_A], demo[PARTNERSHIP_B]
    coordinator = Viewer.of(personas.coordinator_a).roles(a)
    assert coordinator.coordinator
    assert not coordinator.member
    assert not coordinator.administrator
    assert Viewer.of(personas.member_a).roles(a).member
    assert not Viewer.of(personas.member_a).roles(b).member
    assert Viewer.of(personas.evaluator).roles(b).evaluator
    assert Viewer.of(personas.admin).roles(b).administrator
    operator = Viewer.operator().roles(b)
    assert operator.operator
    assert operator.administrator
    assert Viewer.operator().user is None, "the operator needs no user account"


def test_the_operator_sees_every_section_an_administrator_sees(personas, demo) -> None:
    a = demo[PARTNERSHIP_A]
    as_admin = [s.key for s in sections.for_partnership(Viewer.of(personas.admin), a)]
    as_operator = [s.key for s in sections.for_partnership(Viewer.operator(), a)]
    assert as_operator == as_admin
    assert as_admin[:2] == ["context", "surveys"]


def test_an_outsider_gets_no_section(personas, demo) -> None:
    a = demo[PARTNERSHIP_A]
    assert sections.for_partnership(Viewer.of(personas.outsider), a) == []
    for organisation in Organisation.objects.all()[:5]:
        assert sections.for_organisation(Viewer.of(personas.outsider), organisation) == []


def test_every_section_has_a_title_and_summary_sentences(personas, demo) -> None:
    a = demo[PARTNERSHIP_A]
    found = sections.for_partnership(Viewer.of(personas.member_a), a)
    assert found
    for section in found:
        assert section.title, section.key
        assert len(section.summary) >= 1, f"{section.key} says nothing for an overview"
        for line in section.summary:
            assert line.strip().endswith((".", "?", ")")), line


def test_survey_rounds_summary_gives_the_latest_closed_round(personas, demo, settings) -> None:
    a = demo[PARTNERSHIP_A]
    surveys = next(
        s for s in sections.for_partnership(Viewer.of(personas.member_a), a) if s.key == "surveys"
    )
    line = surveys.summary[0]
    assert line.startswith("The latest closed round, ")
    found = re.search(r"answered by (\d+) of the (\d+) members invited \((\d+)%\)", line)
    assert found, line
    assert int(found.group(1)) >= settings.MIN_RESPONDENTS


@pytest.mark.parametrize("k", [10_000])
def test_survey_rounds_summary_gives_no_count_below_k(personas, demo, settings, k) -> None:
    settings.MIN_RESPONDENTS = k
    a = demo[PARTNERSHIP_A]
    surveys = next(
        s for s in sections.for_partnership(Viewer.of(personas.member_a), a) if s.key == "surveys"
    )
    line = surveys.summary[0]
    assert f"fewer than {k}" in line
    assert not re.search(r"answered by \d+ of", line)
