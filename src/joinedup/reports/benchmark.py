"""The evaluator's benchmark: each dimension's distribution across partnerships,
where each partnership sits, its change since the previous round
(:mod:`joinedup.reports.benchmark_change`), and tidy downloads — all through the
national path (:func:`joinedup.reports.national_extract.extract` and
:func:`joinedup.analysis.national.national_scores`), so the same suppression rule
applies: a partnership whose figure rests on fewer than k respondents is listed
with the reason and left out of the distribution.

The percentile of a partnership on a dimension is its mid-rank percentile among
the partnerships shown: ``100 × (below + ½ × tied) / shown``, where ``below`` counts
the other partnerships with a lower mean and ``tied`` those with an equal mean,
itself included (Hazen's plotting position; Hyndman & Fan 1996, definition 5).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from joinedup.analysis.cells import safe_cell
from joinedup.analysis.pooled import percentile_rank
from joinedup.registry.models import Partnership
from joinedup.reports.benchmark_change import Scored, change_table, score_rounds
from joinedup.reports.national_extract import same_scoring
from joinedup.surveys.extract import InstrumentVersion, closed_round_versions, round_versions
from joinedup.web import section_cache


@dataclass
class Entry:
    partnership: Partnership
    n: int | None
    mean: float | None
    ci_low: float | None
    ci_high: float | None
    suppressed: str | None
    percentile: float | None = None
    change: dict[str, Any] | None = None  # a row of benchmark_change.change_rows


def quartiles(values: list[float]) -> tuple[float, float, float] | None:
    """First quartile, median and third quartile (linear interpolation)."""
    if not values:
        return None
    lo, mid, hi = pc.quantile(pa.array(sorted(values)), q=[0.25, 0.5, 0.75]).to_pylist()
    return float(lo), float(mid), float(hi)


@dataclass
class DimensionBenchmark:
    name: str
    label: str
    entries: list[Entry] = field(default_factory=list)

    @property
    def shown(self) -> list[Entry]:
        return [e for e in self.entries if e.mean is not None]

    @property
    def changes(self) -> list[tuple[Entry, float]]:
        """(entry, change) for the partnerships whose change is shown."""
        return [
            (e, e.change["change"])
            for e in self.entries
            if e.change is not None and e.change["change"] is not None
        ]

    def quartiles(self) -> tuple[float, float, float] | None:
        return quartiles([e.mean for e in self.shown if e.mean is not None])

    def change_summary(self) -> dict[str, Any] | None:
        """The distribution of changes: quartiles, and how many intervals lie
        wholly above or below zero."""
        shown = self.changes
        if not shown:
            return None
        rows = [e.change for e, _ in shown if e.change is not None]
        return {
            "count": len(shown),
            "quartiles": quartiles([c for _, c in shown]),
            "up": sum(1 for r in rows if r["excludes_zero"] and r["change"] > 0),
            "down": sum(1 for r in rows if r["excludes_zero"] and r["change"] < 0),
        }


def instruments() -> list[InstrumentVersion]:
    """Questionnaire versions that some closed round has used, newest first per key
    (the benchmark reads closed rounds only). A version scoring the same questions as
    a newer one listed is read with it, not listed apart: each listed version carries
    ``same_scoring``, the ids of the versions its benchmark reads."""
    listed: list[InstrumentVersion] = []
    for version in closed_round_versions("questionnaire"):
        if any(version.pk in getattr(v, "same_scoring", ()) for v in listed):
            continue
        version.same_scoring = same_scoring(version)  # type: ignore[attr-defined]
        listed.append(version)
    return listed


def versions_read(version: InstrumentVersion) -> list[int]:
    """The version numbers a listed version's benchmark reads, oldest first."""
    ids = getattr(version, "same_scoring", [version.pk])
    found = InstrumentVersion.objects.filter(pk__in=ids).values_list("version", flat=True)
    return sorted(found)


def _value(row: dict[str, Any], key: str) -> Any:
    value = row.get(key)
    return None if value is None or value != value else value  # NaN → None


def benchmark(
    version: InstrumentVersion, partnerships: list[Partnership], scored: Scored | None = None
) -> list[DimensionBenchmark]:
    """Each dimension of ``version`` across ``partnerships`` (their latest round),
    with each partnership's change since its previous round."""
    # Every partnership's scores, already suppressed at k and the same for every
    # viewer, kept until the data change (joinedup.web.section_cache).
    scored = scored or section_cache.remember(
        "reports.benchmark.scores", (version.pk,), lambda: score_rounds(version)
    )
    by_id = {p.pk: p for p in partnerships}
    instrument = version.instrument()
    dims = {
        d.name: DimensionBenchmark(d.name, instrument.text(d.label)) for d in instrument.dimensions
    }
    changes = {(c["partnership"], c["dimension"]): c for c in change_table(scored)}
    for row in scored.latest.to_pylist():
        partnership = by_id.get(row["partnership"])
        if partnership is None or row["dimension"] not in dims:
            continue
        dims[row["dimension"]].entries.append(
            Entry(
                partnership,
                _value(row, "n"),
                _value(row, "mean"),
                _value(row, "ci_low"),
                _value(row, "ci_high"),
                row.get("suppressed"),
                change=changes.get((row["partnership"], row["dimension"])),
            )
        )
    for dim in dims.values():
        values = [e.mean for e in dim.shown if e.mean is not None]
        for e in dim.shown:
            e.percentile = percentile_rank(values, e.mean) if e.mean is not None else None
        dim.entries.sort(key=lambda e: (e.mean is None, -(e.mean or 0), e.partnership.name))
    return [d for d in dims.values() if d.entries]


_I, _F, _S = pa.int64(), pa.float64(), pa.string()


def _schema(spec: str) -> pa.Schema:
    """``"name:i name:f name:s name:b …"`` as an Arrow schema (int, float, text, bool)."""
    types = {"i": _I, "f": _F, "s": _S, "b": pa.bool_()}
    return pa.schema([(name, types[t]) for name, t in (w.split(":") for w in spec.split())])


_WHO = "partnership:i partnership_name:s instrument:s"
SCHEMAS = {
    "scores": _schema(
        f"{_WHO} round:i round_period:s position:s dimension:s n:i mean:f sd:f "
        "ci_low:f ci_high:f largest_gap:f suppressed:s"
    ),
    "changes": _schema(
        f"{_WHO} dimension:s latest_round:i latest_round_period:s previous_round:i "
        "previous_round_period:s latest_n:i latest_mean:f previous_n:i previous_mean:f "
        "change:f ci_low:f ci_high:f df:f p:f excludes_zero:b suppressed:s"
    ),
}


def tidy_rows(
    version: InstrumentVersion, partnerships: list[Partnership], table: str = "scores"
) -> list[dict[str, Any]]:
    """The rows of a download: ``scores`` (one per partnership × dimension ×
    round) or ``changes`` (one per partnership × dimension); see the docs for the
    columns."""
    scored = score_rounds(version)
    rows = scored.rows() if table == "scores" else change_table(scored)
    names = {p.pk: p.name for p in partnerships}
    periods = scored.periods
    asked = round_versions(periods)  # versions read together: each round's own
    out = []
    for row in rows:
        if row["partnership"] not in names:
            continue
        row = {k: _value(row, k) for k in row}
        row["partnership_name"] = names[row["partnership"]]
        this_round = row.get("round", row.get("latest_round"))
        number = asked.get(this_round, version.version) if this_round else version.version
        row["instrument"] = f"{version.key} v{number}"
        for key in ("round", "latest_round", "previous_round"):
            if key in row:
                row[f"{key}_period"] = periods.get(row[key]) if row[key] is not None else None
        out.append(row)
    return out


def download(
    version: InstrumentVersion, partnerships: list[Partnership], fmt: str, table: str = "scores"
) -> bytes:
    """A download (:func:`tidy_rows`) as CSV or Parquet. In the CSV, text that a
    spreadsheet would run as a formula gets a quote in front (:func:`safe_cell`)."""
    rows = tidy_rows(version, partnerships, table)
    if fmt != "parquet":
        rows = [{k: safe_cell(v) if isinstance(v, str) else v for k, v in r.items()} for r in rows]
    tidy = pa.Table.from_pylist(rows, schema=SCHEMAS[table])
    sink = io.BytesIO()
    if fmt == "parquet":
        pq.write_table(tidy, sink)
    else:
        pa_csv.write_csv(tidy, sink)
    return sink.getvalue()
