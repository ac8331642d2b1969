"""Benchmark packets on the Django side: export this installation's, trust other
installations, import theirs (format and checks: :mod:`joinedup.analysis.packets`).

Export. Every closed questionnaire round goes in, dimension by dimension, with
the figures the partnership report computes (:func:`joinedup.reports.scores.round_scores`,
k = ``settings.MIN_RESPONDENTS``); a dimension on fewer than k respondents is left
out, and a round with no dimension left is left out. The first time a round is
sent its figures are frozen (:class:`~joinedup.reports.models.FrozenRound`), and
every later packet sends the frozen figures: two packets never differ by a
response that arrived in between, so subtracting one from the other tells
nothing. Only the profile (type and region) follows the coordinator's current
choice, so withdrawing consent takes it out of the next packet.

Import. All files are read first; if any is refused, nothing is written and the
report names each refused file with the reason. Otherwise, in one transaction,
each round is added, replaced (a newer packet of the same installation,
partnership key and round key with different contents), left as it is (the same
contents again) or skipped (an older packet than the one stored). A replacement
whose n moves by between 1 and k − 1 on any dimension is refused as well, in case
a source installation lost its frozen figures: the difference would describe
fewer than k respondents.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from joinedup.analysis import packets as fmt
from joinedup.analysis.problems import Problem, ProblemError
from joinedup.analysis.scoring import answer_table, dimension_matrix, respondent_scores
from joinedup.analysis.suppression import Suppressed
from joinedup.audit.log import record
from joinedup.reports.models import FrozenRound, ImportedRound, TrustedInstallation
from joinedup.reports.scores import instrument_of, round_scores
from joinedup.surveys.extract import Round, closed_scored_rounds, round_answers


def own_public_key() -> str:
    return fmt.public_key(settings.SIGNING_KEY)


def own_installation() -> dict[str, str]:
    """This installation's id and public key, as its key page publishes them."""
    public = own_public_key()
    return {"id": fmt.installation_id(public), "public_key": public, "algorithm": "Ed25519"}


def _month(moment: dt.datetime, zone: Any) -> str:
    return moment.astimezone(zone).strftime("%Y-%m")


def _figures(round_: Round, k: int) -> dict[str, Any] | None:
    """A round's packet entry, computed now (without profile and freeze time)."""
    instrument = instrument_of(round_)
    result = round_scores(round_)
    if instrument is None or result is None:
        return None
    table = answer_table(instrument, round_answers(round_.pk))
    dims = []
    for d in result.dimensions:
        if isinstance(d.n, Suppressed) or not isinstance(d.mean, float):
            continue
        scale = instrument.scale_of(instrument.item(d.items[0]))
        assert scale is not None
        ci = d.ci if isinstance(d.ci, tuple) else None
        sd = d.sd if isinstance(d.sd, float) else float("nan")
        scores = respondent_scores(dimension_matrix(table, d.items))
        entry = fmt.dimension_figures(
            d.dimension, d.label, d.n, d.mean, sd, ci, (scale.low, scale.high), scores, k
        )
        if entry is not None:
            dims.append(entry)
    if not dims:
        return None
    version, zone = round_.instrument, round_.partnership.zone()
    return {
        "partnership_key": fmt.pseudonym(
            settings.SIGNING_KEY, "partnership", round_.partnership_id
        ),
        "round_key": fmt.pseudonym(settings.SIGNING_KEY, "round", round_.pk),
        "opened": _month(round_.opens, zone),
        "closed": _month(round_.closes - dt.timedelta(seconds=1), zone),
        "instrument": {
            "key": version.key,
            "version": version.version,
            "digest": version.digest,
            "title": version.title,
        },
        "dimensions": dims,
    }


def _profile(round_: Round) -> dict[str, str] | None:
    p = round_.partnership
    if not p.benchmark_profile:
        return None
    return {"type": p.purpose_kind, "basis": p.basis, "region": p.area}


def local_rounds(freeze: bool = False) -> list[tuple[Round, dict[str, Any]]]:
    """Every closed round's packet entry: its frozen figures where it was sent
    before, else computed now (and frozen when ``freeze``)."""
    k = settings.MIN_RESPONDENTS
    frozen = {f.round_id: f for f in FrozenRound.objects.all()}
    out = []
    now = timezone.now()
    for round_ in closed_scored_rounds():
        stored = frozen.get(round_.pk)
        if stored is not None:
            entry, when = stored.figures, stored.frozen
        else:
            computed = _figures(round_, k)
            if computed is None:
                continue
            entry, when = computed, now
            if freeze:
                FrozenRound.objects.create(round=round_, figures=entry, frozen=when)
        when_text = when.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        out.append((round_, {**entry, "profile": _profile(round_), "frozen": when_text}))
    return out


def export_packet() -> dict[str, Any]:
    """This installation's benchmark packet, signed; freezes the rounds it sends."""
    with transaction.atomic():
        rounds = [entry for _round, entry in local_rounds(freeze=True)]
        record("benchmark.export", summary=f"benchmark packet of {len(rounds)} rounds")
    body = {
        "created": timezone.now().astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "k": settings.MIN_RESPONDENTS,
        "rounds": rounds,
    }
    return fmt.sign(body, settings.SIGNING_KEY)


def packet_bytes(packet: dict[str, Any]) -> bytes:
    """A packet as the file written: indented JSON (the signature covers the
    canonical form, so the layout of the file does not matter)."""
    return (json.dumps(packet, indent=2, ensure_ascii=False, sort_keys=True) + "\n").encode()


# -- trusting another installation -------------------------------------------


def trust(name: str, public_key: str, note: str = "") -> TrustedInstallation:
    """Register (or rename) an installation whose packets this one accepts."""
    key = public_key.strip()
    try:
        raw = base64.b64decode(key, validate=True)
    except (binascii.Error, ValueError):
        raw = b""
    if len(raw) != 32:
        raise ValueError("not an Ed25519 public key: expected 32 bytes in base64")
    if key == own_public_key():
        raise ValueError("this is this installation's own key; its rounds are already here")
    if not name.strip():
        raise ValueError("give the installation a name")
    with transaction.atomic():
        found, _ = TrustedInstallation.objects.update_or_create(
            public_key=key, defaults={"name": name.strip(), "note": note}
        )
        record("benchmark.trust", obj=found, summary=f"{found.name} ({found.installation_id})")
    return found


# -- importing ------------------------------------------------------------------


@dataclass
class ImportReport:
    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    older: int = 0
    refused: list[tuple[str, ProblemError]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.refused


def _instant(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)  # the schema allows only …Z forms, read as UTC


def _dims_changed_by_few(old: list[dict[str, Any]], new: list[dict[str, Any]], k: int) -> str:
    before = {d["name"]: d["n"] for d in old}
    for d in new:
        moved = abs(d["n"] - before.get(d["name"], d["n"]))
        if 0 < moved < k:
            return str(d["name"])
    return ""


def _apply(
    packet: fmt.Packet, source: TrustedInstallation, report: ImportReport, k: int
) -> ProblemError | None:
    for i, rnd in enumerate(packet.rounds):
        data = rnd.model_dump(mode="json")
        values = {
            "instrument_key": rnd.instrument.key,
            "instrument_version": rnd.instrument.version,
            "instrument_digest": rnd.instrument.digest,
            "instrument_title": rnd.instrument.title,
            "opened": rnd.opened,
            "closed": rnd.closed,
            "profile": data["profile"],
            "dimensions": data["dimensions"],
            "frozen": rnd.frozen,
            "packet_created": packet.created,
        }
        stored = ImportedRound.objects.filter(
            installation=source, partnership_key=rnd.partnership_key, round_key=rnd.round_key
        ).first()
        if stored is None:
            ImportedRound.objects.create(
                installation=source,
                partnership_key=rnd.partnership_key,
                round_key=rnd.round_key,
                **values,
            )
            report.added += 1
            continue
        same = all(
            getattr(stored, key) == value
            for key, value in values.items()
            if key != "packet_created"
        )
        if same:
            report.unchanged += 1
        elif _instant(stored.packet_created) > _instant(packet.created):
            report.older += 1
        else:
            moved = _dims_changed_by_few(stored.dimensions, values["dimensions"], k)
            if moved:
                return ProblemError(
                    [
                        Problem(
                            "packet.subtraction",
                            f"round {rnd.round_key[:8]} was imported before with n differing "
                            f"by fewer than k = {k} on {moved}: the difference would "
                            "describe fewer than k respondents",
                            column=f"rounds[{i}].dimensions",
                        )
                    ]
                )
            for key, value in values.items():
                setattr(stored, key, value)
            stored.save()
            report.replaced += 1
    return None


def import_packets(files: Iterable[tuple[str, bytes]]) -> ImportReport:
    """Check and import packet files (name, contents) in one transaction; if any
    file is refused nothing changes (see the module docstring)."""
    k = settings.MIN_RESPONDENTS
    report = ImportReport()
    trusted = {t.public_key: t for t in TrustedInstallation.objects.all()}
    read: list[tuple[str, fmt.Packet]] = []
    for name, data in files:
        try:
            read.append((name, fmt.read_packet(data, lambda key: key in trusted, k)))
        except ProblemError as exc:
            exc.file = name
            report.refused.append((name, exc))
    if report.refused:
        return report
    read.sort(key=lambda pair: _instant(pair[1].created))
    with transaction.atomic():
        for name, packet in read:
            problem = _apply(packet, trusted[packet.installation.public_key], report, k)
            if problem is not None:
                problem.file = name
                report.refused.append((name, problem))
                transaction.set_rollback(True)
                return ImportReport(refused=report.refused)
        record(
            "benchmark.import",
            summary=f"{len(read)} packets: {report.added} rounds added, {report.replaced} "
            f"replaced, {report.unchanged} unchanged, {report.older} older",
        )
    return report
