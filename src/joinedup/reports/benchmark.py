"""The evaluator's benchmark: each dimension's distribution across partnerships,
where each partnership sits, and tidy downloads — all through the national path
(:func:`joinedup.reports.national_extract.national_scores_for`), so the same
suppression rule applies: a partnership whose figure rests on fewer than k
respondents is listed with the reason and left out of the distribution.

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
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq
from django.conf import settings

from joinedup.registry.models import Partnership
from joinedup.reports.national_extract import national_scores_for, version_instrument
from joinedup.surveys.models import InstrumentVersion


@dataclass
class Entry:
    partnership: Partnership
    n: int | None
    mean: float | None
    ci_low: float | None
    ci_high: float | None
    suppressed: str | None
    percentile: float | None = None


@dataclass
class DimensionBenchmark:
    name: str
    label: str
    entries: list[Entry] = field(default_factory=list)

    @property
    def shown(self) -> list[Entry]:
        return [e for e in self.entries if e.mean is not None]

    def quartiles(self) -> tuple[float, float, float] | None:
        values = sorted(e.mean for e in self.shown if e.mean is not None)
        if not values:
            return None
        q = pa.array(values)
        import pyarrow.compute as pc

        lo, mid, hi = pc.quantile(q, q=[0.25, 0.5, 0.75]).to_pylist()
        return float(lo), float(mid), float(hi)


def percentile_rank(values: list[float], x: float) -> float:
    """Mid-rank percentile of ``x`` among ``values`` (see the module docstring)."""
    below = sum(1 for v in values if v < x)
    tied = sum(1 for v in values if v == x)
    return 100.0 * (below + 0.5 * tied) / len(values)


def instruments() -> list[InstrumentVersion]:
    """Questionnaire versions that some round has used, newest first per key."""
    used = InstrumentVersion.objects.filter(rounds__isnull=False, kind="questionnaire")
    return list(used.distinct().order_by("key", "-version"))


def _value(row: dict[str, Any], key: str) -> Any:
    value = row.get(key)
    return None if value is None or value != value else value  # NaN → None


def benchmark_table(version: InstrumentVersion) -> pa.Table:
    """The tidy table: one row per partnership and dimension, suppressed at k."""
    return national_scores_for(version, settings.MIN_RESPONDENTS).dimensions


def benchmark(
    version: InstrumentVersion, partnerships: list[Partnership]
) -> list[DimensionBenchmark]:
    """Each dimension of ``version`` across ``partnerships`` (their latest round)."""
    by_id = {p.pk: p for p in partnerships}
    instrument = version_instrument(version)
    dims = {
        d.name: DimensionBenchmark(d.name, instrument.text(d.label)) for d in instrument.dimensions
    }
    for row in benchmark_table(version).to_pylist():
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
            )
        )
    for dim in dims.values():
        values = [e.mean for e in dim.shown if e.mean is not None]
        for e in dim.shown:
            e.percentile = percentile_rank(values, e.mean) if e.mean is not None else None
        dim.entries.sort(key=lambda e: (e.mean is None, -(e.mean or 0), e.partnership.name))
    return [d for d in dims.values() if d.entries]


def download(version: InstrumentVersion, partnerships: list[Partnership], fmt: str) -> bytes:
    """The tidy table for ``partnerships`` as CSV or Parquet, with partnership names."""
    names = {p.pk: p.name for p in partnerships}
    table = benchmark_table(version)
    rows = [r for r in table.to_pylist() if r["partnership"] in names]
    for r in rows:
        r["partnership_name"] = names[r["partnership"]]
        r["instrument"] = f"{version.key} v{version.version}"
    tidy = pa.Table.from_pylist(rows) if rows else table.slice(0, 0)
    sink = io.BytesIO()
    if fmt == "parquet":
        pq.write_table(tidy, sink)
    else:
        pa_csv.write_csv(tidy, sink)
    return sink.getvalue()
