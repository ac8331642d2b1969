"""Demo step: two completed survey rounds a year apart (spring 2025, spring 2026) of
the health check, dynamics and network instruments in each demo partnership.

Everyone at a member organisation is invited; the first person of each organisation
sits on the board ("board member"), the others answer as officers, business,
voluntary sector or community representatives by their organisation's sector.
Between 70% and 90% respond. Answers follow :mod:`joinedup.demo._survey_profiles`
so that the partnerships differ; every draw comes from ``ctx.rng("surveys")``.
Each non-statutory organisation gets one more person so that most groups clear
k = 5; the care-home "business" group of the Health and Social Care Board stays
small and is suppressed.
"""

from __future__ import annotations

import base64
import datetime as dt
import random
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import Model

from joinedup.analysis.instruments import Instrument, Item, ItemType
from joinedup.demo import DemoContext
from joinedup.demo._survey_profiles import PROFILES, Profile, dynamics_mean
from joinedup.demo.town import FIRST_NAMES, LAST_NAMES
from joinedup.registry.models import Organisation, Partnership, Person, Sector
from joinedup.surveys.library import ensure_builtin_instruments
from joinedup.surveys.links import hash_token, seal
from joinedup.surveys.models import (
    Answer,
    InstrumentVersion,
    Invitation,
    RelationAnswer,
    Response,
    ResponseSource,
    Round,
    RoundStatus,
)
from joinedup.surveys.rounds import SECTOR_GROUP, default_anonymous

ORDER = 20
LABEL = "survey rounds and responses"

UTC = dt.UTC
PERIODS = (
    (
        2025,
        "spring 2025",
        dt.datetime(2025, 3, 3, 9, tzinfo=UTC),
        dt.datetime(2025, 4, 4, 17, tzinfo=UTC),
    ),
    (
        2026,
        "spring 2026",
        dt.datetime(2026, 3, 2, 9, tzinfo=UTC),
        dt.datetime(2026, 4, 3, 17, tzinfo=UTC),
    ),
)
INSTRUMENTS = ("health-check", "dynamics", "network")
RESPONSE_RATE = {"lsp": 0.76, "csp": 0.86, "hsc": 0.8}
BATCH = 2000
Row = tuple[Any, ...]  # one row for a plain INSERT


@dataclass(frozen=True)
class Invitee:
    person: Person
    organisation: Organisation
    group: str
    bias: float  # how warmly this person tends to answer


def run(ctx: DemoContext) -> None:
    rng = ctx.rng("surveys")
    versions = {iv.key: iv for iv in ensure_builtin_instruments()}
    if not all(key in versions for key in INSTRUMENTS):
        ctx.notes.append("no survey rounds (the built-in instruments are missing)")
        return
    _more_people(ctx, rng)
    rounds = responses = 0
    for key, partnership in ctx.state["partnerships"].items():
        ties = _ties(key, partnership, rng)
        for year, period, opens, closes in PERIODS:
            invitees = _invitees(ctx, partnership, opens.date(), rng)
            for instrument_key in INSTRUMENTS:
                iv = versions[instrument_key]
                round_ = Round.objects.create(
                    partnership=partnership,
                    instrument=iv,
                    period=period,
                    opens=opens,
                    closes=closes,
                    status=RoundStatus.CLOSED,
                    anonymous=default_anonymous(iv),
                )
                chosen = _invite(round_, invitees, RESPONSE_RATE[key], rng)
                made = _respond(round_, iv, chosen, PROFILES[key, year], ties, year, rng)
                rounds, responses = rounds + 1, responses + made
    ctx.notes.append(f"{rounds} survey rounds with {responses} submitted responses")


def _more_people(ctx: DemoContext, rng: random.Random) -> None:
    used = set(Person.objects.values_list("display_name", flat=True))
    extra = []
    for key, org in ctx.state["organisations"].items():
        if org.sector == Sector.PUBLIC:
            continue
        while True:
            name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
            if name not in used:
                used.add(name)
                break
        person = Person(
            display_name=name,
            email=name.lower().replace(" ", ".") + "@example.org",
            organisation=org,
        )
        extra.append((key, person))
    Person.objects.bulk_create([p for _k, p in extra])
    for key, person in extra:
        ctx.state["people"].setdefault(key, []).append(person)


def _invitees(
    ctx: DemoContext, partnership: Partnership, day: dt.date, rng: random.Random
) -> list[Invitee]:
    member_ids = set(partnership.members_on(day).values_list("organisation_id", flat=True))
    invitees = []
    for key, org in ctx.state["organisations"].items():
        if org.pk not in member_ids:
            continue
        for index, person in enumerate(ctx.state["people"].get(key, [])):
            group = "board member" if index == 0 else SECTOR_GROUP[org.sector]
            invitees.append(Invitee(person, org, group, rng.gauss(0, 0.35)))
    return invitees


def _day(when: dt.datetime) -> dt.datetime:
    return when.astimezone(dt.UTC).replace(hour=0, minute=0, second=0, microsecond=0)


def _token(rng: random.Random) -> str:
    """A survey-link token drawn from the demo's seed (a real one is random)."""
    return base64.urlsafe_b64encode(rng.getrandbits(256).to_bytes(32, "big")).decode()[:43]


def _invite(
    round_: Round, invitees: list[Invitee], rate: float, rng: random.Random
) -> list[tuple[Invitation, Invitee]]:
    """Invite everyone; return the invitations of those who answer."""
    tokens = [_token(rng) for _i in invitees]
    invitations = [
        Invitation(
            round=round_,
            person=i.person,
            organisation=i.organisation,
            group=i.group,
            token_hash=hash_token(token),
            token_sealed=seal(token),  # the coordinator can copy the demo's links
            sent_at=round_.opens,
        )
        for i, token in zip(invitees, tokens, strict=True)
    ]
    answering = set(rng.sample(range(len(invitees)), round(rate * len(invitees))))
    for index in answering:
        invitations[index].submitted = True
    Invitation.objects.bulk_create(invitations)
    pairs = zip(invitations, invitees, strict=True)
    return [pair for index, pair in enumerate(pairs) if index in answering]


def _respond(
    round_: Round,
    iv: InstrumentVersion,
    chosen: list[tuple[Invitation, Invitee]],
    profile: Profile,
    ties: dict[tuple[int, int], float],
    year: int,
    rng: random.Random,
) -> int:
    instrument = iv.instrument()
    responses = []
    for inv, _invitee in chosen:
        started = round_.opens + dt.timedelta(seconds=rng.randint(7200, 2_160_000))
        submitted = started + dt.timedelta(seconds=rng.randint(360, 2400))
        if round_.anonymous:  # as joinedup keeps an anonymous round's responses
            started, submitted = _day(started), _day(submitted)
        responses.append(
            Response(
                round=round_,
                invitation=None if round_.anonymous else inv,
                organisation_id=inv.organisation_id,
                group=inv.group,
                pseudonym=f"r-{rng.getrandbits(64):016x}",
                source=ResponseSource.WEB,
                started=started,
                submitted=submitted,
            )
        )
    Response.objects.bulk_create(responses)
    answers: list[Row] = []
    relations: list[Row] = []
    members = [inv.organisation_id for inv, _i in chosen]
    roster = sorted(
        set(
            round_.partnership.members_on(round_.opens.date()).values_list(
                "organisation_id", flat=True
            )
        )
    )
    for response, (_inv, invitee) in zip(responses, chosen, strict=True):
        if instrument.kind == "network":
            relations += _network(response, invitee, instrument, roster, ties, year, rng)
        else:
            answers += _questionnaire(response, invitee, instrument, profile, rng)
    _insert(Answer, ("response_id", "item", "value", "text", "dont_know"), answers)
    _insert(RelationAnswer, ("response_id", "target_id", "item", "value"), relations)
    return len(members)


def _insert(model: type[Model], columns: tuple[str, ...], rows: list[Row]) -> None:
    """Plain multi-row INSERT: tens of thousands of demo answers in well under a
    second, where building model instances would take several."""
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    marks = ", ".join(["%s"] * len(columns))
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            cursor.executemany(
                f"INSERT INTO {table} ({names}) VALUES ({marks})",  # noqa: S608 (names are ours)
                rows[start : start + BATCH],
            )


def _scaled(
    instrument: Instrument, item: Item, mean: float, spread: float, rng: random.Random
) -> tuple[float | None, bool]:
    scale = instrument.scale_of(item)
    assert scale is not None
    if scale.dont_know and rng.random() < 0.03:
        return None, True
    value = min(scale.high, max(scale.low, round(mean + rng.gauss(0, spread))))
    if item.reverse:
        value = scale.low + scale.high - value
    return float(value), False


def _questionnaire(
    response: Response,
    invitee: Invitee,
    instrument: Instrument,
    profile: Profile,
    rng: random.Random,
) -> list[Row]:
    sector = invitee.organisation.sector
    rows: list[Row] = []
    for dim in instrument.dimensions:
        theme = profile.themes.get(dim.name, 3.0) + profile.sector_shift.get(
            (dim.name, sector), 0.0
        )
        for item in dim.items:
            if item.type == ItemType.SINGLE:
                kinds, weights = zip(*profile.purpose_kind, strict=True)
                rows.append((response.pk, item.name, None, rng.choices(kinds, weights)[0], False))
                continue
            if item.type != ItemType.SCALE:
                continue
            if item.name == "hc_overall_depth":
                mean = profile.depth
            elif item.name == "hc_pratt":
                mean = profile.pratt
            elif instrument.id == "dynamics":
                mean = dynamics_mean(item.tags, profile.newman) + 0.3 * invitee.bias
            else:
                mean = theme + invitee.bias
            value, dont_know = _scaled(instrument, item, mean, profile.spread, rng)
            rows.append((response.pk, item.name, value, "", dont_know))
    return rows


def _ties(key: str, partnership: Partnership, rng: random.Random) -> dict[tuple[int, int], float]:
    """How closely each pair of member organisations works together (symmetric):
    the lead is the hub, statutory partners are close, community organisations sit
    at the edge (except in the Health and Social Care Board, where the voluntary
    and community members work closely together)."""
    orgs = sorted(
        {m.organisation for m in partnership.memberships.select_related("organisation")},
        key=lambda o: o.pk,
    )
    ties = {}
    for a in orgs:
        for b in orgs:
            if a.pk < b.pk:
                strength = _strength(key, partnership, a, b) + rng.gauss(0, 0.45)
                ties[a.pk, b.pk] = ties[b.pk, a.pk] = strength
    return ties


def _strength(key: str, partnership: Partnership, a: Organisation, b: Organisation) -> float:
    if partnership.lead_id in (a.pk, b.pk):
        return 4.3
    sectors = {a.sector, b.sector}
    if sectors == {Sector.PUBLIC}:
        return 3.4
    if Sector.COMMUNITY in sectors:
        third = sectors - {Sector.COMMUNITY}
        close = key == "hsc" and third <= {Sector.VOLUNTARY, Sector.COMMUNITY}
        return 3.3 if close else 0.6
    if Sector.VOLUNTARY in sectors:
        return 2.7
    return 2.3


def _network(
    response: Response,
    invitee: Invitee,
    instrument: Instrument,
    roster: list[int],
    ties: dict[tuple[int, int], float],
    year: int,
    rng: random.Random,
) -> list[Row]:
    source = invitee.organisation
    rows: list[Row] = []
    drift = 0.3 if year == 2026 else 0.0
    for target in roster:
        if target == source.pk or rng.random() < 0.05:
            continue
        depth = min(5, max(1, round(ties[source.pk, target] + drift * 0.5 + rng.gauss(0, 0.6))))
        rows.append((response.pk, target, "net_depth", float(depth)))
        freq = min(5, max(1, depth + rng.choice((-1, 0, 0, 1))))
        rows.append((response.pk, target, "net_frequency", float(freq)))
        if depth < 2:
            continue
        for item in instrument.items():
            if item.only_if_works_with:
                value = _follow_up(item.name, depth, source.sector, rng)
                rows.append((response.pk, target, item.name, value))
    return rows


SHARE_ODDS = {"money": 0.12, "staff": 0.1, "information": 0.24, "premises": 0.08, "risk": 0.07}


def _follow_up(name: str, depth: int, sector: str, rng: random.Random) -> float:
    if name.startswith("net_share_"):
        odds = SHARE_ODDS.get(name.removeprefix("net_share_"), 0.1) * (depth - 1)
        return 1.0 if rng.random() < odds else 0.0
    shift = -0.6 if sector == Sector.COMMUNITY and name.startswith("net_trust") else 0.0
    return float(min(5, max(1, round(2.3 + 0.45 * depth + shift + rng.gauss(0, 0.7)))))


def add_round(
    ctx: DemoContext,
    key: str,
    instrument_key: str,
    period: tuple[int, str, dt.datetime, dt.datetime],
    profile: Profile,
    rng: random.Random,
) -> Round:
    """One more closed questionnaire round in partnership ``key``, made as
    :func:`run` makes its rounds (everyone at a member organisation invited, the
    partnership's response rate, answers drawn from ``profile``): for a later step
    that needs a further round, such as the actions step's next health check."""
    year, name, opens, closes = period
    partnership = ctx.state["partnerships"][key]
    iv = next(v for v in ensure_builtin_instruments() if v.key == instrument_key)
    invitees = _invitees(ctx, partnership, opens.date(), rng)
    round_ = Round.objects.create(
        partnership=partnership,
        instrument=iv,
        period=name,
        opens=opens,
        closes=closes,
        status=RoundStatus.CLOSED,
        anonymous=default_anonymous(iv),
    )
    chosen = _invite(round_, invitees, RESPONSE_RATE[key], rng)
    _respond(round_, iv, chosen, profile, {}, year, rng)
    return round_
