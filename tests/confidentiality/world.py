"""Generated rounds for the adversary: the plan (drawn by Hypothesis) and its build.

A :class:`Plan` is a partnership's survey season as a test writer would describe it:
organisations with their sectors, respondents with their organisation and
stakeholder group (several groups of 1–4 people beside larger ones), and a seed
from which every answer is drawn (1–5, with some skipped). :func:`build` writes it
into the real database through the project's services (``create_round``,
``ensure_builtin_instruments``, ``close_round``) with the built-in health check, the
built-in dynamics questionnaire and, when asked, the built-in network survey, and
returns the :class:`Truth`: every respondent's true answers, keyed the way the
adversary needs them.

Answers are drawn from a NumPy generator seeded by the plan, so Hypothesis draws a
handful of integers rather than a thousand, and a failing example reproduces from
its printed plan.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
from hypothesis import strategies as st

SECTORS = ("public", "voluntary", "community", "private")
# Distinctive group names, so a figure's label names exactly one group.
GROUPS = (
    "board member",
    "officer",
    "community representative",
    "voluntary sector",
    "business",
    "young people",
    "faith groups",
)
HEALTH, DYNAMICS, NETWORK = "health-check", "dynamics", "network"


@dataclass(frozen=True)
class Plan:
    """One partnership's closed rounds, as drawn."""

    k: int
    sectors: tuple[str, ...]  # sector of organisation i
    people: tuple[tuple[int, str], ...]  # (organisation index, group) per respondent
    seed: int
    missing: float  # chance that an optional answer is skipped
    network: bool = False
    watch_open: bool = False  # also read while the rounds are open (one answer short)

    @property
    def group_sizes(self) -> dict[str, int]:
        sizes: dict[str, int] = {}
        for _org, group in self.people:
            sizes[group] = sizes.get(group, 0) + 1
        return sizes


@st.composite
def plans(draw: st.DrawFn, network: bool | None = None, k: int = 5) -> Plan:
    """Rounds of ``k``–30 respondents; groups mix large ones with several of 1–4."""
    big = draw(st.lists(st.integers(k, 12), min_size=1, max_size=3))
    small = draw(st.lists(st.integers(1, 4), min_size=0, max_size=4))
    sizes = [s for s in big + small if s][: len(GROUPS)]
    while sum(sizes) > 30:
        sizes[sizes.index(max(sizes))] -= 1
    names = draw(st.permutations(GROUPS))
    n_orgs = draw(st.integers(3, 8))
    sectors = tuple(draw(st.sampled_from(SECTORS)) for _ in range(n_orgs))
    groups = [names[i] for i, size in enumerate(sizes) for _ in range(size)]
    orgs = [draw(st.integers(0, n_orgs - 1)) for _ in groups]
    return Plan(
        k=k,
        sectors=sectors,
        people=tuple(zip(orgs, groups, strict=True)),
        seed=draw(st.integers(0, 2**31 - 1)),
        missing=draw(st.sampled_from((0.0, 0.1, 0.25))),
        network=draw(st.booleans()) if network is None else network,
        watch_open=draw(st.booleans()),
    )


@dataclass
class Respondent:
    key: str  # the response's pseudonym
    index: int
    organisation: str  # organisation pk, as published
    org_name: str
    sector: str
    group: str
    answers: dict[tuple[str, str], float] = field(default_factory=dict)  # (round key, item)
    ratings: dict[tuple[str, str], float] = field(default_factory=dict)  # (target, item)


@dataclass
class Truth:
    """What the database holds, as the adversary's oracle."""

    plan: Plan
    partnership_pk: int
    rounds: dict[str, int]  # instrument key -> round pk
    respondents: list[Respondent]
    organisations: dict[str, tuple[str, str]]  # pk -> (name, sector)
    dimensions: dict[str, dict[str, list[str]]]  # instrument key -> dimension -> items
    items: dict[str, list[str]]  # instrument key -> scored items
    relation_items: list[str] = field(default_factory=list)


def _answers(rng: np.random.Generator, items: list[str], missing: float) -> dict[str, float]:
    out = {}
    for position, item in enumerate(items):
        if position and rng.random() < missing:
            continue
        out[item] = float(rng.integers(1, 6))
    return out


def _scored(version) -> tuple[dict[str, list[str]], list[str]]:  # type: ignore[no-untyped-def]
    instrument = version.instrument()
    dims: dict[str, list[str]] = {}
    for dim in instrument.dimensions:
        names = [i.name for i in dim.items if i.type == "scale"]
        if names:
            dims[dim.name] = names
    return dims, [i for names in dims.values() for i in names]


def _versions() -> dict[str, object]:
    from joinedup.surveys.library import ensure_builtin_instruments

    return {v.key: v for v in ensure_builtin_instruments()}


def _partnership(plan: Plan):  # type: ignore[no-untyped-def]
    from joinedup.registry.models import Membership, Organisation, Partnership

    partnership = Partnership.objects.create(
        name=f"Adversary partnership {plan.seed}",
        basis="voluntary",
        start_date=dt.date(2018, 4, 1),
    )
    orgs = []
    for index, sector in enumerate(plan.sectors):
        org = Organisation.objects.create(
            name=f"Organisation {index} of {plan.seed}", sector=sector
        )
        Membership.objects.create(
            organisation=org, partnership=partnership, joined=dt.date(2018, 4, 1)
        )
        orgs.append(org)
    return partnership, orgs


def _round(partnership, version, plan: Plan):  # type: ignore[no-untyped-def]
    from django.utils import timezone

    from joinedup.surveys.rounds import create_round

    now = timezone.now()
    return create_round(
        partnership,
        version,
        "autumn 2026",
        now - dt.timedelta(days=10),
        now + dt.timedelta(days=10),
        groups=list(GROUPS),
        status="open",
    )


def _respond(round_, orgs, plan: Plan):  # type: ignore[no-untyped-def]
    """One submitted response per planned respondent; returns them (keys filled)."""
    from django.utils import timezone

    from joinedup.surveys.models import Response

    made = Response.objects.bulk_create(
        Response(
            round=round_,
            organisation=orgs[org],
            group=group,
            source="web",
            submitted=timezone.now(),
        )
        for org, group in plan.people
    )
    if plan.watch_open:  # the last respondent has not submitted yet
        made[-1].submitted = None
        made[-1].save(update_fields=["submitted"])
    out = []
    for index, (response, (org, group)) in enumerate(zip(made, plan.people, strict=True)):
        out.append(
            Respondent(
                response.pseudonym,
                index,
                str(orgs[org].pk),
                orgs[org].name,
                orgs[org].sector,
                group,
            )
        )
    return made, out


def build(plan: Plan) -> Truth:
    """Write the plan's rounds (health check, dynamics, maybe network) and return the truth.

    Every respondent answers the health check and the dynamics questionnaire; the
    network survey (when planned) is answered by the same people about every other
    member organisation. The rounds are left open: call :func:`submit_last` and
    :func:`close` to move them on.
    """
    from joinedup.surveys.models import Answer, RelationAnswer

    rng = np.random.default_rng(plan.seed)
    versions = _versions()
    partnership, orgs = _partnership(plan)
    keys = [HEALTH, DYNAMICS] + ([NETWORK] if plan.network else [])
    truth = Truth(
        plan, partnership.pk, {}, [], {str(o.pk): (o.name, o.sector) for o in orgs}, {}, {}
    )
    for key in keys:
        version = versions[key]
        round_ = _round(partnership, version, plan)
        truth.rounds[key] = round_.pk
        responses, people = _respond(round_, orgs, plan)
        if not truth.respondents:
            truth.respondents = people
        if key == NETWORK:
            relation = [
                i.name
                for d in version.instrument().dimensions
                for i in d.items
                if i.type == "relation" and i.scale in ("agree5", "depth5", "frequency5")
            ]
            truth.relation_items = relation
            rows = []
            for person, response in zip(truth.respondents, responses, strict=True):
                for org in orgs:
                    if str(org.pk) == person.organisation:
                        continue
                    for item, value in _answers(rng, relation, plan.missing).items():
                        person.ratings[(str(org.pk), item)] = value
                        rows.append(
                            RelationAnswer(response=response, target=org, item=item, value=value)
                        )
            RelationAnswer.objects.bulk_create(rows)
            continue
        dims, items = _scored(version)
        truth.dimensions[key], truth.items[key] = dims, items
        rows = []
        for person, response in zip(truth.respondents, responses, strict=True):
            for item, value in _answers(rng, items, plan.missing).items():
                person.answers[(key, item)] = value
                rows.append(Answer(response=response, item=item, value=value))
        Answer.objects.bulk_create(rows)
    return truth


def submit_last(truth: Truth) -> None:
    """The last respondent submits in every round (a no-op unless ``watch_open``)."""
    from django.utils import timezone

    from joinedup.surveys.models import Response

    Response.objects.filter(round_id__in=truth.rounds.values(), submitted__isnull=True).update(
        submitted=timezone.now()
    )


def close(truth: Truth) -> None:
    from joinedup.surveys.rounds import close_round

    for pk in truth.rounds.values():
        close_round(pk)
