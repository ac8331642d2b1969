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

The whole file is checked first, outside any transaction, reading one row at a
time (:mod:`joinedup.surveys.import_check`): any problem and nothing is written;
every problem is listed with its row (the header is row 1) and column (the first
1,000 of them, and how many more). Then one transaction writes it with bulk
inserts (:mod:`joinedup.surveys.import_write`). A process killed in the middle
leaves nothing behind either, and the same command can simply be run again. On
SQLite that transaction holds the database's write lock, so a respondent saving a
page meanwhile waits for it: keeping the check out of it keeps the wait short
(``bench/import_responses.py`` measures both).

Idempotence: the SHA-256 of the file's bytes is recorded per round
(:class:`~joinedup.surveys.models.ResponseFile`). Importing the same file into the
same round again changes nothing and says when it was imported. A different file
that repeats respondent keys already in the round is accepted: those rows are
skipped, counted and named by row number, and only new respondents are added (an
ODK export taken later contains every earlier submission again).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import IntegrityError, transaction

from joinedup.analysis.instruments import InstrumentError, Problem
from joinedup.analysis.responses_file import iter_table
from joinedup.surveys.import_check import Checked, check_file
from joinedup.surveys.import_write import write_checked
from joinedup.surveys.models import ResponseFile, Round, RoundStatus

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class ImportResult:
    created: int
    skipped: int  # respondents already imported into this round
    skipped_rows: tuple[int, ...] = field(default=())  # their row numbers in the file
    previous: ResponseFile | None = None  # set when this very file was imported before
    answers: int = 0  # answers written
    check_seconds: float = 0.0  # reading and checking the file, outside any transaction
    write_seconds: float = 0.0  # the write transaction


def file_digest(path: Path) -> str:
    """The SHA-256 of a file's bytes, in hexadecimal."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _refuse_closed(round_: Round, source: Path) -> None:
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


def check_responses(round_: Round, source: Path) -> Checked:
    """The file read and checked against the round, or :class:`InstrumentError`
    naming every problem; nothing is written."""
    rows = iter_table(source)
    checked, problems = check_file(round_, round_.instrument.instrument(), source, rows)
    for _rest in rows:  # a NUL character anywhere is reported alone, as the reader says
        pass
    if problems:
        raise InstrumentError(problems)
    return checked


def import_responses(
    round_: Round, path: str | Path, progress: Progress | None = None
) -> ImportResult:
    """Import a wide responses file into ``round_`` (see the module notes).

    ``progress(done, total)`` is called inside the transaction after each batch of
    responses is written."""
    source = Path(path)
    _refuse_closed(round_, source)
    began = time.perf_counter()
    digest = file_digest(source)
    previous = ResponseFile.objects.filter(round=round_, sha256=digest).first()
    if previous is not None:
        return ImportResult(created=0, skipped=0, previous=previous)
    checked = check_responses(round_, source)
    checked_at = time.perf_counter()
    answers = sum(1 for c in checked.columns for code in c.codes if code)
    try:
        with transaction.atomic():
            # First, so that a second import of the same file waits here for this one.
            ResponseFile.objects.create(
                round=round_,
                sha256=digest,
                name=source.name[:300],
                created=len(checked),
                skipped=len(checked.skipped),
            )
            write_checked(round_, checked, progress)
            _audit(round_, source, len(checked), len(checked.skipped))
    except IntegrityError:
        return _lost_race(round_, digest, source)
    return ImportResult(
        created=len(checked),
        skipped=len(checked.skipped),
        skipped_rows=tuple(checked.skipped),
        answers=answers,
        check_seconds=checked_at - began,
        write_seconds=time.perf_counter() - checked_at,
    )


def _audit(round_: Round, source: Path, created: int, skipped: int) -> None:
    from joinedup.audit.log import record

    record(
        "responses.import",
        obj=round_,
        partnership=round_.partnership,
        summary=f"{source.name}: {created} added, {skipped} already imported",
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
