"""Import responses from a wide file (paper returns, ODK/KoboToolbox exports).

The file is CSV (UTF-8) or XLSX (first sheet): a header row, then one row per
respondent. Columns:

- ``respondent``: the respondent's key in the other tool (required, unique in the
  file; in a KoboToolbox or ODK Central export without it, the submission's
  ``_uuid`` or ``KEY``). Re-importing a key already imported into the round SKIPS that row, so the
  same file (or a later export that adds rows) can be imported again safely;
- ``organisation``: the organisation's name or id; it must be a member of the
  partnership when the round opens;
- ``group``: the stakeholder group, one of the round's groups;
- one column per item. Which export the file is (joinedup's own, KoboToolbox CSV
  or XLSX, ODK Central CSV) and where each item is in it is read by
  :mod:`joinedup.analysis.exports`: group paths (``group/item``, ``group-item``),
  labels as headings and select-multiple questions split into 0/1 columns are
  read; the tools' metadata columns are ignored and listed; any other column is
  refused, naming the closest question, unless named in ``ignore``.

Cells: empty = skipped; scale items take a value of the scale, its label, or
"don't know" (``dk``, ``don't know``, ``dont_know``, the scale's own label or its
missing-value code such as ``-99``); single choice
takes a choice value; multiple choice takes choice values separated by spaces;
integer and decimal items take numbers; text anything. Relation (network) items
cannot be given in a wide file. Imported responses count as submitted.

The whole file is checked first, outside any transaction, reading one row at a
time (:mod:`joinedup.surveys.import_check`): any problem and nothing is written;
every problem is listed with its row (the header is row 1) and column (the first
1,000 of them, and how many more). Then it is written in steps
(:mod:`joinedup.surveys.import_write`): a short transaction records the file as
"writing", each step of about a thousand respondents is its own short transaction,
and a last one marks the file "complete" and writes the audit record. Until then
every reader of survey data leaves the file's responses out
(:func:`~joinedup.surveys.models.visible_responses`), so users see the whole file
or none of it, and respondents saving pages on SQLite wait for one step at most,
not for the whole file (``bench/import_responses.py`` measures both).

A process killed in the middle leaves a "writing" file that nobody sees. Running
the same import again removes what it had written, in steps, and writes the file
again; another file cannot be imported into that round until then (the command
says so), and ``joinedup housekeeping`` removes unfinished imports older than
:data:`STALE_AFTER`. One import into a round runs at a time
(:mod:`joinedup.surveys.import_lock`): a second one waits for the first, so the
same file imported twice at once is written once.

Idempotence: the SHA-256 of the file's bytes is recorded per round
(:class:`~joinedup.surveys.models.ResponseFile`). Importing the same file into the
same round again changes nothing and says when it was imported. A different file
that repeats respondent keys already in the round is accepted: those rows are
skipped, counted and named by row number, and only new respondents are added (an
ODK export taken later contains every earlier submission again).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import IntegrityError, transaction
from django.utils import timezone

from joinedup.analysis.exports import Layout
from joinedup.analysis.instruments import InstrumentError, Problem
from joinedup.analysis.responses_file import iter_table
from joinedup.surveys.import_check import Checked, check_file
from joinedup.surveys.import_lock import round_import_lock
from joinedup.surveys.import_write import remove_file, write_checked
from joinedup.surveys.lifecycle import RoundState, closes_on, round_state
from joinedup.surveys.models import FileState, ResponseFile, Round

STALE_AFTER = dt.timedelta(hours=1)  # housekeeping removes unfinished imports this old

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class ImportResult:
    created: int
    skipped: int  # respondents already imported into this round
    skipped_rows: tuple[int, ...] = field(default=())  # their row numbers in the file
    previous: ResponseFile | None = None  # set when this very file was imported before
    answers: int = 0  # answers written
    check_seconds: float = 0.0  # reading and checking the file, outside any transaction
    write_seconds: float = 0.0  # the write, all its steps
    removed: int = 0  # responses of an interrupted import of this file, removed first
    layout: Layout | None = None  # what export the file was read as


def file_digest(path: Path) -> str:
    """The SHA-256 of a file's bytes, in hexadecimal."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _refuse_closed(round_: Round, source: Path) -> None:
    if round_state(round_) == RoundState.CLOSED:
        raise InstrumentError(
            [
                Problem(
                    "responses.round-closed",
                    f"the round {round_.period!r} of {round_.partnership} closed on "
                    f"{closes_on(round_):%d %B %Y}: responses can no longer be added",
                    file=str(source),
                    hint="import into an open round, or ask an administrator to reopen it",
                )
            ]
        )


def check_responses(round_: Round, source: Path, ignore: Iterable[str] = ()) -> Checked:
    """The file read and checked against the round, or :class:`InstrumentError`
    naming every problem; nothing is written. ``ignore`` names columns to leave
    out that are not questions of the form."""
    rows = iter_table(source)
    checked, problems = check_file(round_, round_.instrument.instrument(), source, rows, ignore)
    for _rest in rows:  # a NUL character anywhere is reported alone, as the reader says
        pass
    if problems:
        raise InstrumentError(problems)
    return checked


def import_responses(
    round_: Round,
    path: str | Path,
    progress: Progress | None = None,
    ignore: Iterable[str] = (),
) -> ImportResult:
    """Import a wide responses file into ``round_`` (see the module notes).

    ``progress(done, total)`` is called after each step of the write is committed;
    ``ignore`` names columns to leave out that are not questions of the form."""
    source = Path(path)
    _refuse_closed(round_, source)
    began = time.perf_counter()
    digest = file_digest(source)
    with round_import_lock(round_.pk):
        previous = ResponseFile.objects.filter(round=round_, sha256=digest).first()
        if previous is not None and previous.state == FileState.COMPLETE:
            return ImportResult(created=0, skipped=0, previous=previous)
        _refuse_unfinished(round_, digest, source)
        removed = remove_file(previous) if previous is not None else 0
        checked = check_responses(round_, source, ignore)
        checked_at = time.perf_counter()
        try:
            file = _begin(round_, digest, source, checked)
        except IntegrityError:
            return _lost_race(round_, digest, source)
        try:
            write_checked(round_, checked, file, progress)
        except IntegrityError:
            remove_file(file)
            return _lost_race(round_, digest, source)
        _finish(file, round_, source)
    return ImportResult(
        created=len(checked),
        skipped=len(checked.skipped),
        skipped_rows=tuple(checked.skipped),
        answers=sum(1 for c in checked.columns for code in c.codes if code),
        check_seconds=checked_at - began,
        write_seconds=time.perf_counter() - checked_at,
        removed=removed,
        layout=checked.layout,
    )


def _refuse_unfinished(round_: Round, digest: str, source: Path) -> None:
    """Refuse while another file's import into the round is unfinished: it holds
    respondents this file might repeat, and only running it again completes it."""
    other = (
        ResponseFile.objects.filter(round=round_, state=FileState.WRITING)
        .exclude(sha256=digest)
        .first()
    )
    if other is None:
        return
    when = timezone.localtime(other.imported).strftime("%d %B %Y %H:%M")
    raise InstrumentError(
        [
            Problem(
                "responses.unfinished-import",
                f"the import of {other.name} into round {round_.pk}, begun {when}, was "
                "interrupted before it finished; none of its responses can be seen, "
                "and nothing of this file was imported",
                file=str(source),
                hint=f"run the import of {other.name} again to complete it, or remove it "
                "with `joinedup housekeeping` (it removes unfinished imports older than "
                "an hour), then import this file",
            )
        ]
    )


def _begin(round_: Round, digest: str, source: Path, checked: Checked) -> ResponseFile:
    """Record the file as being written (a short transaction of its own)."""
    with transaction.atomic():
        return ResponseFile.objects.create(
            round=round_,
            sha256=digest,
            name=source.name[:300],
            created=len(checked),
            skipped=len(checked.skipped),
            state=FileState.WRITING,
        )


def _finish(file: ResponseFile, round_: Round, source: Path) -> None:
    """Make the file's responses visible, all at once, and record the import."""
    with transaction.atomic():
        file.state = FileState.COMPLETE
        file.imported = timezone.now()
        file.save(update_fields=["state", "imported"])
        _audit(round_, source, file.created, file.skipped)


def remove_stale_imports(older_than: dt.timedelta = STALE_AFTER) -> list[ResponseFile]:
    """Remove every unfinished import begun more than ``older_than`` ago whose
    round no import is running into now; the files removed (``created`` then says
    how many responses they were to add)."""
    cutoff = timezone.now() - older_than
    removed = []
    stale = ResponseFile.objects.filter(state=FileState.WRITING, imported__lt=cutoff)
    for file in stale.select_related("round__partnership").order_by("pk"):
        with round_import_lock(file.round_id, wait=False) as free:
            if free and ResponseFile.objects.filter(pk=file.pk, state=FileState.WRITING).exists():
                gone = remove_file(file)
                _record_removal(file, gone)
                removed.append(file)
    return removed


def _record_removal(file: ResponseFile, responses: int) -> None:
    from joinedup.audit.log import record

    begun = timezone.localtime(file.imported).strftime("%Y-%m-%d %H:%M")
    record(
        "responses.import-removed",
        obj=file.round,
        partnership=file.round.partnership,
        summary=f"{file.name}: unfinished import begun {begun} removed "
        f"({responses} responses it had written, never visible)",
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
