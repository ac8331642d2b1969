"""Bulk imports through the JSON API: ``POST /api/registry/import/<kind>`` (rows as
JSON) and ``POST /api/registry/import/<kind>/csv`` (a CSV or XLSX file, form field
``file``), for ``organisations``, ``people``, ``partnerships`` and ``memberships``.

Both run :mod:`joinedup.registry.sync` with the caller's rights: the same columns
and keys as the command ``joinedup registry sync`` and the set-up page, one
transaction, ``dry_run`` to count without writing, ``sync`` to end the memberships
(or report the other rows) the input leaves out. A wrong row is a 422 listing every
problem, each located (``["body", "rows", <index>, <column>]`` for JSON, ``["file",
<row>, <column>]`` for a file, whose header is row 1), and nothing is written.
Members and evaluators, who manage nothing, get 403.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja import Field, File, Router, Schema
from ninja.errors import HttpError
from ninja.errors import ValidationError as InvalidBody
from ninja.files import UploadedFile

from joinedup.analysis.problems import ProblemError
from joinedup.registry import sync as registry_sync
from joinedup.registry.viewer import Viewer
from joinedup.web.api_schema import answers

MAX_ROWS = 20_000


class BulkIn(Schema):
    rows: list[dict[str, str | None]] = Field(
        ..., max_length=MAX_ROWS, description="One object per row: column → cell, as in the CSV."
    )
    dry_run: bool = Field(False, description="Count what would change; write nothing.")
    sync: bool = Field(
        False,
        description=(
            "Memberships: end the open memberships of the partnerships named that the rows "
            "leave out. Other kinds: list the stored rows with an external id left out."
        ),
    )
    end_date: dt.date | None = Field(None, description="The ended memberships' left date.")


class BulkOut(Schema):
    kind: str
    dry_run: bool
    sync: bool
    created: int
    updated: int
    unchanged: int
    ended: int
    absent: list[str]


def _out(result: registry_sync.Result) -> BulkOut:
    return BulkOut(
        kind=result.kind,
        dry_run=result.dry_run,
        sync=result.sync,
        created=result.created,
        updated=result.updated,
        unchanged=result.unchanged,
        ended=result.ended,
        absent=result.absent,
    )


def _viewer(request: HttpRequest) -> Viewer:
    viewer = Viewer.of(request.user)
    if not registry_sync.Writer.of(viewer).may_write:
        raise HttpError(403, "Your role may not change the registry.")
    return viewer


def _refused(exc: ProblemError, place: Any) -> InvalidBody:
    return InvalidBody(
        [
            {
                "type": p.code,
                "loc": place(p),
                "msg": f"{exc.file}: {p}" if exc.file and not p.file else str(p),
            }
            for p in exc.problems
        ]
    )


def _json_import(kind: str) -> Any:
    def run(request: HttpRequest, payload: BulkIn) -> BulkOut:
        viewer = _viewer(request)
        header: list[str] = []
        for row in payload.rows:
            header += [k for k in row if k not in header]
        data = [(n, {k: v or "" for k, v in row.items()}) for n, row in enumerate(payload.rows, 1)]
        try:
            result = registry_sync.run_rows(
                kind,
                header,
                data,
                viewer=viewer,
                label="rows",
                dry_run=payload.dry_run,
                sync=payload.sync,
                end_date=payload.end_date,
            )
        except ProblemError as exc:
            raise _refused(exc, _json_place) from None
        return _out(result)

    run.__name__ = f"import_{kind}"
    return run


def _json_place(p: Any) -> list[Any]:
    # Header problems are row 1 of a file; in JSON they concern the whole list.
    if p.row is None or (p.row == 1 and "column" in p.code):
        return ["body", "payload", "rows", p.column]
    return ["body", "payload", "rows", p.row - 1, p.column]


def _file_import(kind: str) -> Any:
    def run(
        request: HttpRequest,
        file: UploadedFile = File(...),  # type: ignore[type-arg]  # noqa: B008
        dry_run: bool = False,
        sync: bool = False,
        end_date: dt.date | None = None,
    ) -> BulkOut:
        viewer = _viewer(request)
        if file.size is not None and file.size > settings.MAX_UPLOAD_BYTES:
            raise HttpError(413, f"{file.name} is larger than the upload limit.")
        suffix = Path(file.name or "upload.csv").suffix.lower()
        label = Path(file.name or "upload.csv").name
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"upload{suffix if suffix in ('.xlsx', '.xlsm') else '.csv'}"
            with path.open("wb") as out:
                for chunk in file.chunks():
                    out.write(chunk)
            try:
                result = registry_sync.run_file(
                    kind,
                    path,
                    viewer=viewer,
                    label=label,
                    dry_run=dry_run,
                    sync=sync,
                    end_date=end_date,
                )
            except ProblemError as exc:
                raise _refused(exc, lambda p: ["file", p.row, p.column]) from None
        return _out(result)

    run.__name__ = f"import_{kind}_file"
    return run


def register_bulk(router: Router) -> None:
    """Add the eight bulk operations to ``router``."""
    for kind in registry_sync.KINDS:
        router.post(
            f"/import/{kind}",
            response=answers(BulkOut, body=True),
            summary=f"Keep {kind} in step: rows as JSON (one transaction)",
            operation_id=f"joinedup_registry_api_import_{kind}",
        )(_json_import(kind))
        router.post(
            f"/import/{kind}/csv",
            response=answers(BulkOut) | {413: answers(BulkOut)[403]},
            summary=f"Keep {kind} in step: a CSV or XLSX file (one transaction)",
            operation_id=f"joinedup_registry_api_import_{kind}_csv",
        )(_file_import(kind))
