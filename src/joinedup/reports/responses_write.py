"""Building and writing the tables of a response-level export: one batch of rounds
at a time into the data file of its instrument version, then the codebook.

A :class:`Batch` reads its respondents (streamed) and orders them by round and
pseudonym, so the order of rows says nothing about who answered first; the wide
table puts each answer in its respondent's row and item's column, the long table
keeps one row per answer. "Don't know" is the code -9 in numeric columns (and
"-9" in a choice column); an empty cell is an item not answered.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.csv as pacsv
from django.utils import timezone

from joinedup.analysis import anonymise, codebook
from joinedup.analysis.codebook import DONT_KNOW, QUASI, ItemColumn
from joinedup.analysis.instruments import Instrument, ItemType
from joinedup.reports import responses_files as files
from joinedup.reports.responses_plan import Plan, Scope
from joinedup.surveys import extract

ID_COLUMNS = ("respondent", "round", "partnership", *QUASI)
ARROW = {"integer": pa.int64(), "number": pa.float64(), "string": pa.string()}
MISSING = ["", str(DONT_KNOW)]


class Batch:
    """The respondents of a batch of rounds, in release order, with their row
    values (pseudonym, round, partnership and coarse quasi-identifiers)."""

    def __init__(self, plan: Plan, ids: list[int], names: anonymise.Pseudonymiser) -> None:
        rows = []
        for pk, round_id, person, org, group in extract.export_profiles(ids):
            coarse = plan.recodings[round_id].apply(plan.profile(round_id, org, group))
            linked = person is not None and person not in plan.unlinked
            name = names(f"p{person}" if linked else f"r{pk}")
            partnership = plan.rounds[round_id].partnership.name
            rows.append((round_id, name, pk, partnership, [v or None for v in coarse]))
        rows.sort(key=lambda r: (r[0], r[1]))
        self.ids = ids
        self.rows = rows
        self.index = {row[2]: i for i, row in enumerate(rows)}

    def id_arrays(self, repeat: list[int] | None = None) -> dict[str, list[Any]]:
        rows = self.rows if repeat is None else [self.rows[i] for i in repeat]
        out: dict[str, list[Any]] = {
            "respondent": [r[1] for r in rows],
            "round": [r[0] for r in rows],
            "partnership": [r[3] for r in rows],
        }
        for i, column in enumerate(QUASI):
            out[column] = [r[4][i] for r in rows]
        return out


def _number(kind: str, value: float | None, dont_know: bool) -> Any:
    if dont_know:
        return DONT_KNOW
    if value is None:
        return None
    return int(value) if kind == "integer" else float(value)


def wide_table(batch: Batch, columns: list[ItemColumn], schema: pa.Schema) -> pa.Table:
    """One row per respondent, one column per item."""
    where = {c.item.name: (j, c.kind) for j, c in enumerate(columns)}
    cells: list[list[Any]] = [[None] * len(batch.rows) for _ in columns]
    for response, item, value, dont_know, text in extract.export_answer_rows(batch.ids):
        spot = where.get(item)
        if spot is None:
            continue
        j, kind = spot
        row = batch.index[response]
        if kind == "string":
            cells[j][row] = str(DONT_KNOW) if dont_know else (text or None)
        else:
            cells[j][row] = _number(kind, value, dont_know)
    arrays = [pa.array(v) for v in batch.id_arrays().values()]
    arrays += [pa.array(c, type=ARROW[col.kind]) for c, col in zip(cells, columns, strict=True)]
    return pa.Table.from_arrays(arrays, schema=schema)


def long_table(batch: Batch, columns: list[ItemColumn], schema: pa.Schema) -> pa.Table:
    """One row per answer, ordered by respondent and the instrument's item order."""
    order = {c.item.name: j for j, c in enumerate(columns)}
    found = []
    for response, item, value, dont_know, words in extract.export_answer_rows(batch.ids):
        j = order.get(item)
        if j is not None:
            found.append((batch.index[response], j, value, dont_know, words))
    found.sort(key=lambda f: (f[0], f[1]))
    data = batch.id_arrays([f[0] for f in found])
    data["item"] = [columns[f[1]].item.name for f in found]
    data["dimension"] = [columns[f[1]].dimension for f in found]
    values, choices, texts = [], [], []
    for _row, j, value, dont_know, words in found:
        kind = columns[j].item.type
        numeric = columns[j].kind != "string"
        values.append(_number("number", value, dont_know) if numeric else None)
        is_choice = kind in (ItemType.SINGLE, ItemType.MULTIPLE)
        choices.append((str(DONT_KNOW) if dont_know else words or None) if is_choice else None)
        texts.append((words or None) if kind == ItemType.TEXT else None)
    data["value"], data["choice"] = values, choices
    if "text" in schema.names:
        data["text"] = texts
    arrays = [pa.array(data[n], type=schema.field(i).type) for i, n in enumerate(data)]
    return pa.Table.from_arrays(arrays, schema=schema)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9_.-]+", "-", text.lower()).strip("-") or "instrument"


class VersionFile:
    """The data file of one instrument version: its fields, its writer, and the
    rows of the item table it contributes."""

    def __init__(
        self,
        out: Path,
        fmt: str,
        long: bool,
        include_text: bool,
        instrument: Instrument,
        released: dict[str, list[str]],
        labels: dict[str, dict[str, str]],
    ) -> None:
        self.fmt, self.long, self.instrument = fmt, long, instrument
        self.columns = codebook.item_columns(instrument, include_text)
        item_names = [
            ("item_" + c.column) if c.column in ID_COLUMNS else c.column for c in self.columns
        ]
        if fmt in ("sav", "dta"):
            names = codebook.stat_names([*ID_COLUMNS, *item_names])
        else:
            names = {n: n for n in (*ID_COLUMNS, *item_names)}
        fields = codebook.id_fields(released, labels, names)
        if long:
            items = [c.item.name for c in self.columns]
            fields = codebook.long_fields(fields, items, include_text)
        else:
            fields += [
                codebook.item_field(instrument, c, names[n])
                for c, n in zip(self.columns, item_names, strict=True)
            ]
        self.fields = fields
        self.schema = pa.schema([(f["name"], ARROW[f["type"]]) for f in fields])
        stem = "answers" if long else "responses"
        self.name = f"{stem}-{_slug(instrument.id)}-v{instrument.version}"
        self.path = out / f"{self.name}{files.SUFFIX[fmt]}"
        self.writer = files.TableWriter(self.path, fmt, self.schema, self._stat_meta())
        self.item_rows = [
            self._item_row(c, n) for c, n in zip(self.columns, item_names, strict=True)
        ]

    def _stat_meta(self) -> dict[str, Any]:
        """Labels for SPSS and Stata: the field titles, scale labels, -9 coded columns."""
        value_labels: dict[str, dict[float, str]] = {}
        coded = []
        for f in self.fields:
            if "joinedup:scale" in f:
                value_labels[f["name"]] = {float(c["value"]): c["label"] for c in f["categories"]}
                value_labels[f["name"]][float(DONT_KNOW)] = f.get(
                    "joinedup:dont_know_label", "don't know"
                )
            if f["type"] != "string" and "joinedup:missing_codes" in f:
                coded.append(f["name"])
        return {
            "file_label": self.instrument.text(self.instrument.title),
            "column_labels": {f["name"]: f.get("title", "")[:250] for f in self.fields},
            "value_labels": value_labels,
            "dont_know_columns": coded,
        }

    def _item_row(self, col: ItemColumn, name: str) -> dict[str, Any]:
        scale = self.instrument.scale_of(col.item)
        return {
            "item": col.item.name,
            "column": name,
            "instrument": self.instrument.id,
            "version": self.instrument.version,
            "dimension": col.dimension,
            "type": col.item.type.value,
            "text": self.instrument.text(col.item.label),
            "scale": col.item.scale or None,
            "minimum": scale.low if scale else None,
            "maximum": scale.high if scale else None,
            "reverse": col.item.reverse,
        }

    def write(self, batch: Batch) -> None:
        if self.long:
            self.writer.write(long_table(batch, self.columns, self.schema))
        else:
            self.writer.write(wide_table(batch, self.columns, self.schema))

    def close(self) -> dict[str, Any]:
        """Finish the file; its resource for the data package."""
        self.writer.close()
        resource: dict[str, Any] = {
            "name": self.name,
            "path": self.path.name,
            "format": self.fmt,
            "mediatype": files.MEDIATYPE[self.fmt],
            "schema": {"fields": self.fields, "missingValues": MISSING},
            "joinedup:instrument": self.instrument.id,
            "joinedup:instrument_version": self.instrument.version,
            "joinedup:form": "long" if self.long else "wide",
            "joinedup:rows": self.writer.rows,
        }
        if self.fmt == "csv":
            resource["encoding"] = "utf-8"
        if self.fmt in ("csv", "parquet"):
            resource["profile"] = "tabular-data-resource"
        return resource


def _csv(
    out: Path, name: str, fields: list[dict[str, Any]], rows: list[dict[str, Any]]
) -> dict[str, Any]:
    schema = pa.schema(
        [
            (
                f["name"],
                {"boolean": pa.bool_(), "date": pa.date32()}.get(
                    f["type"], ARROW.get(f["type"], pa.string())
                ),
            )
            for f in fields
        ]
    )
    table = pa.Table.from_pylist(rows, schema=schema)
    pacsv.write_csv(table, out / f"{name}.csv")
    return {
        "name": name,
        "path": f"{name}.csv",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "profile": "tabular-data-resource",
        "schema": {"fields": fields, "missingValues": [""]},
    }


def _day(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date()


def write_package(
    out: Path,
    scope: Scope,
    options: dict[str, Any],
    plan: Plan,
    resources: list[dict[str, Any]],
    instruments: list[dict[str, Any]],
    item_rows: list[dict[str, Any]],
) -> list[str]:
    """The item and round tables and ``datapackage.json``; the names of every file."""
    rounds = [
        {
            "round": r.pk,
            "partnership": r.partnership.name,
            "period": r.period,
            "opens": _day(r.opens),
            "closes": _day(r.closes),
            "instrument": r.instrument.key,
            "version": r.instrument.version,
            "respondents": plan.size([r.pk]),
        }
        for r in sorted(plan.rounds.values(), key=lambda r: r.pk)
    ]
    resources = [
        *resources,
        _csv(out, "items", codebook.items_resource_fields(), item_rows),
        _csv(out, "rounds", codebook.rounds_resource_fields(), rounds),
    ]
    text = options["include_text"]
    package = {
        "name": f"joinedup-responses-{scope.label()}",
        "title": f"joinedup response-level export ({scope.label()})",
        "created": timezone.now().replace(microsecond=0).isoformat(),
        "resources": resources,
        "joinedup:k": options["k"],
        "joinedup:form": "long" if options["long"] else "wide",
        "joinedup:instruments": instruments,
        "joinedup:coarsening": anonymise.coarsening_report(plan.recodings),
        "joinedup:pseudonyms": (
            "drawn for this export only; one person keeps one pseudonym across the "
            "export's rounds where their response still knows their invitation and "
            "linking does not single them out"
        ),
        "joinedup:free_text": (
            "included, NOT reviewed: read it before any use" if text else "left out"
        ),
        "joinedup:missing_codes": {
            str(DONT_KNOW): "don't know (SPSS: user-missing; Stata: .a)",
            "": "not answered, or not asked",
        },
    }
    (out / "datapackage.json").write_text(json.dumps(package, indent=2, default=str))
    return [r["path"] for r in resources] + ["datapackage.json"]
