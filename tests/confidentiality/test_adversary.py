"""The automated adversary: generated rounds, every persona, everything they read.

For each round drawn by Hypothesis (:mod:`tests.confidentiality.world`) the test
builds the partnership and its rounds in the real database, closes them and reads,
as a member, an evaluator, the coordinator and an anonymous visitor, everything that
persona may open (:mod:`tests.confidentiality.crawl`). When the plan says
``watch_open`` the persona also reads while the rounds are open with the last
respondent still to answer, then again after they answer, so the difference
between two readings is part of what is known. The numbers read are mapped to the
respondents behind them by recomputing every family's means from the true answers
(:mod:`tests.confidentiality.figures`), and the linear system of published
``n × mean`` totals is solved for every family (:mod:`tests.confidentiality.solver`),
by the published figures alone and by every respondent who subtracts their own
answers. The test fails on any recovery: a set of 1 … k − 1 people (k − 2 others
for a respondent-attacker) whose combined answers follow, checked numerically.

Cost. Three tiers, one Hypothesis run each, derandomised (CI reproducible) and
without shrinking: ``QUICK`` (200) rounds, each read by one persona drawn with the
round (about 50 rounds per persona) through the JSON API and the network CSVs;
``FULL`` rounds read by all four personas, adding the partnership page and every
page and download linked from it (CSV, Parquet, GraphML, GEXF); ``PDF`` rounds add
the report's PDF text (pdftotext). The partnership page costs seconds to render,
which is why the bulk reads the API only.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests.confidentiality.crawl import read
from tests.confidentiality.figures import equations, families
from tests.confidentiality.solver import Equation, Recovery, solve
from tests.confidentiality.world import Plan, Truth, build, close, plans, submit_last
from tests.conftest import CRAWLED_ON_SQLITE_ONLY

QUICK, FULL, PDF = 200, 12, 2
PERSONAS = ("member", "evaluator", "coordinator", "anonymous")
BASE = settings(
    deadline=None,
    database=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _clients(truth: Truth) -> dict[str, Client]:
    from joinedup.registry.models import Access, AccessRole

    roles = {"member": AccessRole.MEMBER, "coordinator": AccessRole.COORDINATOR}
    out = {"anonymous": Client()}
    for name in ("member", "evaluator", "coordinator"):
        user = get_user_model().objects.create(username=f"{name}-{truth.plan.seed}")
        if name == "evaluator":
            Access.objects.create(user=user, role=AccessRole.EVALUATOR)
        else:
            Access.objects.create(user=user, role=roles[name], partnership_id=truth.partnership_pk)
        client = Client()
        client.force_login(user)
        out[name] = client
    return out


def _instrument_words() -> tuple[dict[str, str], dict[str, list[str]]]:
    from joinedup.analysis.library import builtin

    labels: dict[str, str] = {}
    tags: dict[str, list[str]] = {}
    for key in ("health-check", "dynamics", "network"):
        instrument = builtin(key)
        for dim in instrument.dimensions:
            labels[dim.name] = str(dim.label.get("en", ""))
            for item in dim.items:
                labels[item.name] = str(item.label.get("en", ""))
                tags[item.name] = list(item.tags)
    return labels, tags


def attack(truth: Truth, readings: list[tuple[frozenset[int], list[Any]]]) -> list[Recovery]:
    """Solve every family over all readings of one persona."""
    labels, tags = _instrument_words()
    by_family: dict[str, list[Equation]] = {}
    fams = {}
    for present, shown in readings:
        for family in families(truth, present, labels, tags):
            by_family.setdefault(family.name, []).extend(equations(family, shown))
            fams.setdefault(family.name, family)
    everyone = frozenset(p.index for p in truth.respondents)
    final = {f.name: f for f in families(truth, everyone, labels, tags)}
    found = []
    for name, eqs in by_family.items():
        family = final[name]
        for recovery in solve(name, eqs, family.values, family.owner, truth.plan.k):
            if abs(recovery.recovered - recovery.true) <= 0.05 * max(1, len(recovery.elements)):
                found.append(recovery)
    return found


def season(
    plan: Plan, full: bool = False, pdf: bool = False, personas: tuple[str, ...] = PERSONAS
) -> dict[str, list[Recovery]]:
    """Build the plan, read it as each persona (open and closed), attack each reading."""
    truth = build(plan)
    clients = {name: c for name, c in _clients(truth).items() if name in personas}
    everyone = frozenset(p.index for p in truth.respondents)
    readings: dict[str, list[tuple[frozenset[int], list[Any]]]] = {p: [] for p in clients}
    if plan.watch_open:
        short = everyone - {len(truth.respondents) - 1}
        for name, client in clients.items():
            readings[name].append((short, read(client, truth)))
        submit_last(truth)
        for name, client in clients.items():
            readings[name].append((everyone, read(client, truth)))
    close(truth)
    for name, client in clients.items():
        readings[name].append((everyone, read(client, truth, full=full, pdf=pdf)))
    return {name: attack(truth, found) for name, found in readings.items()}


def _run(plan: Plan, **kwargs: Any) -> None:
    with transaction.atomic():
        found = season(plan, **kwargs)
        transaction.set_rollback(True)
    leaks = {name: recoveries for name, recoveries in found.items() if recoveries}
    assert not leaks, (
        "\n".join(
            f"{name}: {len(recs)} recoveries; " + "; ".join(str(r) for r in recs[:4])
            for name, recs in leaks.items()
        )
        + f"\nplan: {plan}"
    )


@settings(BASE, max_examples=QUICK)
@given(plan=plans(), persona=st.sampled_from(PERSONAS))
def test_no_recovery_quick(db: Any, plan: Plan, persona: str) -> None:
    """The bulk: API answers and network CSVs, one persona per round (each about 50)."""
    _run(plan, personas=(persona,))


@CRAWLED_ON_SQLITE_ONLY
@pytest.mark.slow
@settings(BASE, max_examples=FULL)
@given(plan=plans(network=True))
def test_no_recovery_full_crawl(db: Any, plan: Plan) -> None:
    _run(plan, full=True)


@CRAWLED_ON_SQLITE_ONLY
@pytest.mark.slow
@settings(BASE, max_examples=PDF)
@given(plan=plans(network=True))
def test_no_recovery_with_pdf(db: Any, plan: Plan) -> None:
    _run(plan, full=True, pdf=True)
