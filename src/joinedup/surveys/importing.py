"""Import responses from a wide file (paper returns, ODK/KoboToolbox exports).

The file is CSV (UTF-8) or XLSX (first sheet): a header row, then one row per
respondent. Columns:

- ``respondent``: the respondent's key in the other tool (required, unique in the
  file). Re-importing a key already imported into the round SKIPS that row, so the
  same file (or a later export that adds rows) can be imported again safely;
- ``organisation``: the organisation's name or id; it must be a member of the
  partnership when the round opens;
- ``group``: the stakeholder group, one of the round's groups;
- one column per item name. ODK-style paths (``group/item``) are read by their last
  part. ODK metadata columns (``start``, ``end``, ``today``, ``deviceid``,
  ``instanceID`` and any column starting with ``_``) are ignored.

Cells: empty = skipped; scale items take a value of the scale or "don't know"
(``dk``, ``don't know``, ``dont_know`` or the scale's own label); single choice
takes a choice value; multiple choice takes choice values separated by spaces;
integer and decimal items take numbers; text anything. Relation (network) items
cannot be given in a wide file. Imported responses count as submitted.

The import is one transaction: any problem and nothing is written; every problem
is listed with its row (the header is row 1) and column. A process killed in the
middle leaves nothing behind either, and the same command can simply be run again.

Idempotence: the SHA-256 of the file's bytes is recorded per round
(:class:`~joinedup.surveys.models.ResponseFile`). Importing the same file into the
same round again changes nothing and says when it was imported. A different file
that repeats respondent keys already in the round is accepted: those rows are
skipped, counted and named by row number, and only new respondents are added (an
ODK export taken later contains every earlier submission again).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import IntegrityError, transaction
from django.utils import timezone

from joinedup.analysis.instruments import Instrument, InstrumentError, Item, ItemType, Problem
from joinedup.analysis.responses_file import DONT_KNOW_WORDS, read_table
from joinedup.registry.models import Organisation
from joinedup.surveys.models import (
    Answer,
    Response,
    ResponseFile,
    ResponseSource,
    Round,
    RoundStatus,
)

IDENTITY = ("respondent", "organisation", "group")
IGNORED = frozenset({"start", "end", "today", "deviceid", "instanceid", "version", "uuid"})
BATCH = 500  # responses written per step; progress is reported after each step

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class ImportResult:
    created: int
    skipped: int  # respondents already imported into this round
    skipped_rows: tuple[int, ...] = field(default=())  # their row numbers in the file
    previous: ResponseFile | None = None  # set when this very file was imported before


def file_digest(path: Path) -> str:
    """The SHA-256 of a file's bytes, in hexadecimal."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def parse_cell(instrument: Instrument, item: Item, text: str) -> tuple[Answer | None, str]:
    """An unsaved Answer for one cell, or an explanation of what is wrong with it."""
    if not text:
        return None, ""
    if item.type == ItemType.SCALE:
        scale = instrument.scale_of(item)
        assert scale is not None
        allowed = [float(c.value) for c in scale.choices]
        dk_words = DONT_KNOW_WORDS | {v.lower() for v in (scale.dont_know or {}).values()}
        if scale.dont_know and text.lower() in dk_words:
            return Answer(item=item.name, dont_know=True, text=text), ""
        value = _number(text)
        if value is None or value not in allowed:
            shown = ", ".join(f"{v:g}" for v in allowed) + (" or dk" if scale.dont_know else "")
            return None, f"{text!r} is not on the scale ({shown})"
        return Answer(item=item.name, value=value), ""
    if item.type in (ItemType.SINGLE, ItemType.MULTIPLE):
        values = {str(c.value) for c in instrument.choices[item.choices or ""]}
        given = text.split() if item.type == ItemType.MULTIPLE else [text]
        wrong = [g for g in given if g not in values]
        if wrong:
            return None, f"{' '.join(wrong)!r} is not a choice ({', '.join(sorted(values))})"
        return Answer(item=item.name, text=" ".join(given)), ""
    if item.type in (ItemType.INTEGER, ItemType.DECIMAL):
        value = _number(text)
        if value is None or (item.type == ItemType.INTEGER and not value.is_integer()):
            return (
                None,
                f"{text!r} is not a {'whole ' if item.type == ItemType.INTEGER else ''}number",
            )
        return Answer(item=item.name, value=value), ""
    return Answer(item=item.name, text=text), ""


@dataclass
class _Reader:
    round: Round
    source: str
    problems: list[Problem]

    def problem(self, code: str, message: str, row: int | None, column: str = "") -> None:
        self.problems.append(Problem(code, message, file=self.source, row=row, column=column))

    def columns(self, header: list[str], instrument: Instrument) -> dict[int, Item | str]:
        """Column index → item, or identity column name; unknown columns are problems."""
        names = {i.name: i for i in instrument.items()}
        found: dict[int, Item | str] = {}
        for index, raw in enumerate(header):
            name = raw.rsplit("/", 1)[-1]
            if not name or name.startswith("_") or name.lower() in IGNORED:
                continue
            if name in IDENTITY:
                found[index] = name
            elif name in names and names[name].type == ItemType.RELATION:
                self.problem(
                    "responses.relation-column",
                    f"{name} is asked about each partner and cannot be imported from a wide file",
                    1,
                    raw,
                )
            elif name in names:
                found[index] = names[name]
            else:
                self.problem(
                    "responses.unknown-column", f"{raw!r} is not an item of {instrument.id}", 1, raw
                )
        for needed in IDENTITY:
            if needed not in found.values():
                self.problem(
                    "responses.missing-column",
                    f"the file needs a column named {needed!r}",
                    1,
                    needed,
                )
        return found

    def organisations(self) -> dict[str, Organisation]:
        day = timezone.localtime(self.round.opens).date()
        ids = self.round.partnership.members_on(day).values_list("organisation_id", flat=True)
        lookup: dict[str, Organisation] = {}
        for org in Organisation.objects.filter(pk__in=ids):
            lookup[str(org.pk)] = org
            lookup[org.name.casefold()] = org
        return lookup


def import_responses(
    round_: Round, path: str | Path, progress: Progress | None = None
) -> ImportResult:
    """Import a wide responses file into ``round_`` (see the module notes).

    ``progress(done, total)`` is called inside the transaction after each batch of
    responses is written."""
    source = Path(path)
    if round_.status == RoundStatus.CLOSED:
        raise InstrumentError(
            [
                Problem(
                    "responses.round-closed",
                    f"the round {round_.period!r} of {round_.partnership} is "
                    f"{round_.get_status_display().lower()}: responses can no longer be added",
                    file=str(source),
                    hint="import into an open round, or ask an administrator to reopen it",
                )
            ]
        )
    table = read_table(source)
    if not table or not any(table[0]):
        raise InstrumentError(
            [Problem("responses.empty", "the file has no header row", file=str(source))]
        )
    digest = file_digest(source)
    previous = ResponseFile.objects.filter(round=round_, sha256=digest).first()
    if previous is not None:
        return ImportResult(created=0, skipped=0, previous=previous)
    instrument = round_.instrument.instrument()
    reader = _Reader(round_, str(source), [])
    columns = reader.columns(table[0], instrument)
    if reader.problems:
        raise InstrumentError(reader.problems)
    responses, answers, skipped = _parse_rows(reader, table, columns, instrument)
    if reader.problems:
        raise InstrumentError(reader.problems)
    result = ImportResult(created=len(responses), skipped=len(skipped), skipped_rows=skipped)
    try:
        with transaction.atomic():
            # First, so that a second import of the same file waits here for this one.
            ResponseFile.objects.create(
                round=round_,
                sha256=digest,
                name=source.name[:300],
                created=result.created,
                skipped=result.skipped,
            )
            _write(round_, responses, answers, progress)
            _audit(round_, source, result)
    except IntegrityError:
        return _lost_race(round_, digest, source)
    return result


def _write(
    round_: Round,
    responses: list[Response],
    answers: dict[str, list[Answer]],
    progress: Progress | None,
) -> None:
    total = len(responses)
    for start in range(0, total, BATCH):
        batch = responses[start : start + BATCH]
        Response.objects.bulk_create(batch)
        saved = dict(
            Response.objects.filter(
                round=round_, respondent_key__in=[r.respondent_key for r in batch]
            ).values_list("respondent_key", "pk")
        )
        rows = []
        for response in batch:
            for answer in answers[response.respondent_key]:
                answer.response_id = saved[response.respondent_key]
                rows.append(answer)
        Answer.objects.bulk_create(rows, batch_size=2000)
        if progress is not None:
            progress(min(start + BATCH, total), total)


def _audit(round_: Round, source: Path, result: ImportResult) -> None:
    from joinedup.audit.log import record

    record(
        "responses.import",
        obj=round_,
        partnership=round_.partnership,
        summary=f"{source.name}: {result.created} added, {result.skipped} already imported",
    )


def _lost_race(round_: Round, digest: str, source: Path) -> ImportResult:
    """Another import into the round committed first (same file or same respondents)."""
    previous = ResponseFile.objects.filter(round=round_, sha256=digest).first()
    if previous is not None:
        return ImportResult(created=0, skipped=0, previous=previous)
    raise InstrumentError(
        [
            Problem(
                "responses.concurrent",
                "another import into this round added some of these respondents while "
                "this one ran; nothing was imported, run the import again",
                file=str(source),
            )
        ]
    )


def _parse_rows(
    reader: _Reader, table: list[list[str]], columns: dict[int, Item | str], instrument: Instrument
) -> tuple[list[Response], dict[str, list[Answer]], tuple[int, ...]]:
    header = table[0]
    orgs = reader.organisations()
    done = set(
        reader.round.responses.exclude(respondent_key="").values_list("respondent_key", flat=True)
    )
    seen: dict[str, int] = {}
    responses: list[Response] = []
    answers: dict[str, list[Answer]] = {}
    skipped: list[int] = []
    now = timezone.now()
    for number, row in enumerate(table[1:], start=2):
        if not any(row):
            continue
        cells = row + [""] * (len(header) - len(row))
        ident = {name: cells[i] for i, name in columns.items() if isinstance(name, str)}
        key = ident["respondent"]
        org = orgs.get(ident["organisation"].casefold()) or orgs.get(ident["organisation"])
        _check_identity(reader, number, ident, org, seen)
        seen.setdefault(key, number)
        if key in done:
            skipped.append(number)
            continue
        row_answers = []
        for index, item in columns.items():
            if isinstance(item, Item):
                answer, problem = parse_cell(instrument, item, cells[index])
                if problem:
                    reader.problem("responses.bad-value", problem, number, header[index])
                elif answer is not None:
                    row_answers.append(answer)
        if org is not None and key:
            responses.append(
                Response(
                    round=reader.round,
                    organisation=org,
                    group=ident["group"],
                    respondent_key=key,
                    source=ResponseSource.IMPORT,
                    started=now,
                    submitted=now,
                )
            )
            answers[key] = row_answers
    return responses, answers, tuple(skipped)


def _check_identity(
    reader: _Reader,
    number: int,
    ident: dict[str, str],
    org: Organisation | None,
    seen: dict[str, int],
) -> None:
    key = ident["respondent"]
    if not key:
        reader.problem(
            "responses.no-respondent", "the respondent key is empty", number, "respondent"
        )
    elif key in seen:
        reader.problem(
            "responses.duplicate-respondent",
            f"respondent {key!r} also appears on row {seen[key]}",
            number,
            "respondent",
        )
    if org is None:
        reader.problem(
            "responses.unknown-organisation",
            f"{ident['organisation']!r} is not a member organisation of {reader.round.partnership}",
            number,
            "organisation",
        )
    if ident["group"] not in reader.round.groups:
        reader.problem(
            "responses.unknown-group",
            f"{ident['group']!r} is not a group of this round ({', '.join(reader.round.groups)})",
            number,
            "group",
        )
