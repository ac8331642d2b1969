"""National scale: every partnership's scores at once, with DuckDB over Arrow.

Input is one long table of answers (an Arrow table or a Parquet file) with the
columns ``partnership``, ``respondent``, ``grp`` (stakeholder group), ``item`` and
``value`` (null when skipped or "don't know"), plus the item map of the
instrument (item → dimension, scale ends, reverse scoring). The scoring rules are
those of :mod:`joinedup.analysis.scoring`: reverse-scored items count as
``low + high − v``; a respondent's dimension score is the mean of the items they
answered when they answered at least half; a dimension's published mean, and
each group's, is derived from the item means (the mean of the shown item means,
:mod:`joinedup.analysis.dimension_means`), while its n and SD are those of
respondents' scores; CIs are Student-t, centred on the published mean; group
divergence is the largest gap between shown group means, with the same primary
and secondary suppression as :func:`joinedup.analysis.suppression.guard_groups`
(the same rule, written as window functions, applied to each item's groups and
to each dimension's; a test checks that both agree), and a group's dimension
mean is also withheld when any of its item means is.
ICC(1) and ICC(2) per dimension come from the partnerships' dimension means and
variances (one-way ANOVA, :func:`joinedup.analysis.stats.icc_oneway`'s formulas),
over partnerships with at least k respondents.

Suppression happens here too: in every output table, rows resting on fewer than
k respondents have null figures and a ``suppressed`` reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from scipy import stats as sps

from joinedup.analysis.instruments import Instrument, ItemType
from joinedup.analysis.suppression import DEFAULT_K, HIDDEN_BY_SUBTRACTION, check_k, reason_for


@dataclass(frozen=True)
class NationalScores:
    """Arrow tables: per (partnership, item), per (partnership, dimension), per
    (partnership, dimension, group), and ICC per dimension."""

    items: pa.Table
    dimensions: pa.Table
    groups: pa.Table
    icc: pa.Table

    def to_dict(self) -> dict[str, object]:
        return {name: getattr(self, name).to_pylist() for name in ("dimensions", "icc")}


def item_map(instrument: Instrument) -> pa.Table:
    """The scored items of an instrument as the item-map table national scoring needs."""
    rows = []
    for dim in instrument.dimensions:
        for item in dim.items:
            scale = instrument.scale_of(item)
            if item.type == ItemType.SCALE and scale is not None:
                rows.append((item.name, dim.name, scale.low, scale.high, item.reverse))
    names = ["item", "dimension", "low", "high", "reverse"]
    return pa.Table.from_pylist([dict(zip(names, r, strict=True)) for r in rows])


# Items and dimensions are coded as small integers so that the 18-million-row
# scans group and join on integers, not strings; names are joined back at the end.
_CODES = """
CREATE TEMP TABLE codes AS
SELECT item, dimension, low, high, reverse,
       CAST(row_number() OVER (ORDER BY item) AS INTEGER) AS item_no,
       CAST(dense_rank() OVER (ORDER BY dimension) AS INTEGER) AS dim_no,
       count(*) OVER (PARTITION BY dimension) AS j
FROM item_map
"""
_SCORED = """
CREATE TEMP TABLE scored AS
SELECT a.respondent, c.item_no, c.dim_no,
       CASE WHEN c.reverse THEN c.low + c.high - a.value ELSE a.value END AS v
FROM answers_only a JOIN codes c ON a.item = c.item
"""
_RESPONDENTS = """
CREATE TEMP TABLE resp AS
SELECT r.partnership, s.respondent, r.grp, c.dim_no, c.dimension, s.score
FROM (
  SELECT respondent, dim_no,
         CASE WHEN count(v) >= ceil(any_value(j) / 2.0) AND count(v) > 0 THEN avg(v) END AS score
  FROM scored JOIN (SELECT DISTINCT dim_no, dimension, j FROM codes) USING (dim_no)
  GROUP BY respondent, dim_no
) s
JOIN respondents r ON s.respondent = r.respondent
JOIN (SELECT DISTINCT dim_no, dimension FROM codes) c ON s.dim_no = c.dim_no
"""
# Each (partnership, group) pair as one integer: grouping 18 million answers by two
# integers is about ten times faster than by partnership, item and the group's name.
_PAIRS = """
CREATE TEMP TABLE pairs AS
SELECT respondent, partnership, grp,
       CAST(dense_rank() OVER (ORDER BY partnership, grp) AS INTEGER) AS pair
FROM respondents
"""
# Per (partnership, item, group): the figures behind an item's group means.
_ITEM_GROUP_SOURCE = """
SELECT any_value(r.partnership) AS partnership, s.item_no, any_value(s.dim_no) AS dim_no,
       any_value(r.grp) AS grp, count(s.v) AS n, avg(s.v) AS mean
FROM scored s JOIN pairs r ON s.respondent = r.respondent
GROUP BY r.pair, s.item_no"""
_ITEM_STATS = """
CREATE TEMP TABLE item_stats AS
SELECT r.partnership, s.item_no, any_value(s.dim_no) AS dim_no,
       count(s.v) AS n, avg(s.v) AS mean, stddev_samp(s.v ORDER BY s.respondent) AS sd
FROM scored s JOIN respondents r ON s.respondent = r.respondent
GROUP BY r.partnership, s.item_no"""
_ITEMS = """
SELECT t.partnership, c.item, t.n, t.mean, t.sd
FROM item_stats t JOIN codes c ON t.item_no = c.item_no
ORDER BY t.partnership, c.item"""
# Means of means are taken in item order (``list_avg`` over an ordered list), not by
# ``avg``, whose parallel partial sums add in a different order from run to run: the
# same data must give the same figures to the last digit, or a reader comparing two
# downloads would see a change where nothing changed. Standard deviations are taken
# over values in respondent order for the same reason (``stddev_samp`` updates a
# running mean, so its last digit depends on the order rows arrive in, and
# PostgreSQL hands rows over in no fixed order).
# A dimension's mean is the mean of its shown item means (n >= k), see
# :mod:`joinedup.analysis.dimension_means`; n and SD are those of respondents' scores.
_DIMS = """
WITH d AS (
  SELECT partnership, dim_no, any_value(dimension) AS dimension,
         count(score) AS n, stddev_samp(score ORDER BY respondent) AS sd
  FROM resp GROUP BY partnership, dim_no
), m AS (
  SELECT partnership, dim_no,
         list_avg(list(mean ORDER BY item_no) FILTER (WHERE n >= $k)) AS mean
  FROM item_stats GROUP BY partnership, dim_no
), gap AS (
  SELECT partnership, dimension,
         max(mean) FILTER (WHERE suppressed IS NULL AND n > 0)
           - min(mean) FILTER (WHERE suppressed IS NULL AND n > 0) AS largest_gap,
         count(*) FILTER (WHERE suppressed IS NULL AND n > 0) AS shown
  FROM grp_final GROUP BY partnership, dimension
)
SELECT d.partnership, d.dimension, d.n, m.mean, d.sd,
       CASE WHEN gap.shown >= 2 THEN gap.largest_gap END AS largest_gap
FROM d JOIN m ON d.partnership = m.partnership AND d.dim_no = m.dim_no
JOIN gap ON d.partnership = gap.partnership AND d.dimension = gap.dimension
ORDER BY d.partnership, d.dimension"""
_DIM_GROUP_SOURCE = """
SELECT partnership, dim_no, any_value(dimension) AS dimension, grp,
       count(score) AS n, avg(score) AS mean
FROM resp GROUP BY partnership, dim_no, grp"""


def _guarded(name: str, source: str, key: str) -> str:
    """SQL creating table ``name``: the rows of ``source`` (``partnership``, ``key``,
    ``grp``, ``n``, ...) with a ``suppressed`` reason by the group rule of
    :func:`joinedup.analysis.suppression.guard_groups`, vectorised: groups with
    0 < n < k are hidden (primary); the other groups with answers, taken smallest
    first (ties by name), are hidden while the hidden respondents number between
    1 and k − 1. In one pass: a shown group is hidden by subtraction when the
    small groups hold some respondents and those plus every smaller shown group's
    (``ahead``) are still under k. ``source`` and ``key`` are constants of this
    module, never user input."""
    return f"""
CREATE TEMP TABLE {name} AS
WITH f AS (
  SELECT *, n > 0 AND n < $k AS small FROM ({source})
), w AS (
  SELECT *, sum(CASE WHEN small THEN n ELSE 0 END) OVER p AS behind,
         coalesce(sum(n) OVER (PARTITION BY partnership, {key}
                               ORDER BY small OR n = 0, n, grp
                               ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS ahead
  FROM f WINDOW p AS (PARTITION BY partnership, {key})
)
SELECT * EXCLUDE (small, behind, ahead),
       CASE WHEN small THEN $primary
            WHEN n > 0 AND behind > 0 AND behind + ahead < $k THEN $secondary END
         AS suppressed
FROM w
"""  # noqa: S608


# A group's dimension mean is the mean of its item means, withheld when the group
# rule on dimension sizes withholds it or any of its item means is withheld.
_GROUP_FINAL = """
CREATE TEMP TABLE grp_final AS
WITH items AS (
  SELECT partnership, dim_no, grp, bool_or(suppressed IS NOT NULL) AS item_hidden,
         list_avg(list(mean ORDER BY item_no) FILTER (WHERE n > 0)) AS mean
  FROM item_grp GROUP BY partnership, dim_no, grp
)
SELECT g.partnership, g.dimension, g.grp, g.n,
       coalesce(g.suppressed, CASE WHEN i.item_hidden THEN $secondary END) AS suppressed,
       CASE WHEN g.n > 0 THEN i.mean END AS mean
FROM dim_grp g JOIN items i
  ON g.partnership = i.partnership AND g.dim_no = i.dim_no AND g.grp = i.grp
"""


def _with_ci(table: pa.Table, k: int) -> pa.Table:
    """Add Student-t CI columns and apply suppression (n < k → null figures)."""
    n = table.column("n").to_numpy(zero_copy_only=False).astype(float)
    mean = table.column("mean").to_numpy(zero_copy_only=False).astype(float)
    sd = table.column("sd").to_numpy(zero_copy_only=False).astype(float)
    # Few distinct group sizes: one t quantile per size, not per row.
    sizes, where = np.unique(n, return_inverse=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        quantile = sps.t.ppf(0.975, sizes - 1)[where]
        half = quantile * sd / np.sqrt(n)
    # A dimension none of whose items has k answers has no derived mean and is
    # withheld whole, however many respondents have a score.
    hide = (n < k) | np.isnan(mean)

    def masked(x: np.ndarray) -> pa.Array:
        return pa.array(np.where(hide, np.nan, x), from_pandas=True)

    keys = [c for c in table.column_names if c not in ("n", "mean", "sd", "largest_gap")]
    columns = {c: table.column(c) for c in keys}
    columns.update(
        n=pa.array(np.where(hide, -1, n).astype(np.int64), mask=hide),
        mean=masked(mean),
        sd=masked(sd),
        ci_low=masked(mean - half),
        ci_high=masked(mean + half),
        suppressed=pc.if_else(pa.array(hide), reason_for(k), pa.scalar(None, pa.string())),
    )
    if "largest_gap" in table.column_names:
        columns["largest_gap"] = masked(table.column("largest_gap").to_numpy(zero_copy_only=False))
    return pa.table(columns)


def _icc(dims: pa.Table, k: int) -> pa.Table:
    rows = []
    for dimension in pc.unique(dims.column("dimension")).to_pylist():
        part = dims.filter(pc.equal(dims.column("dimension"), dimension))
        n = part.column("n").to_numpy(zero_copy_only=False).astype(float)
        means = part.column("mean").to_numpy(zero_copy_only=False).astype(float)
        ok = ~np.isnan(n) & (n >= k) & ~np.isnan(means)
        sizes, means = n[ok], means[ok]
        sds = part.column("sd").to_numpy(zero_copy_only=False).astype(float)[ok]
        groups, total = sizes.size, sizes.sum()
        icc1 = icc2 = None
        if groups >= 2 and total > groups:
            grand = np.sum(sizes * means) / total
            msb = np.sum(sizes * (means - grand) ** 2) / (groups - 1)
            msw = np.sum((sizes - 1) * sds**2) / (total - groups)
            k0 = (total - np.sum(sizes**2) / total) / (groups - 1)
            denominator = msb + (k0 - 1) * msw
            icc1 = float((msb - msw) / denominator) if denominator else None
            icc2 = float((msb - msw) / msb) if msb else None
        rows.append(
            {"dimension": dimension, "partnerships": int(groups), "icc1": icc1, "icc2": icc2}
        )
    return pa.Table.from_pylist(rows)


_WHO = """
CREATE TEMP TABLE respondents AS
SELECT respondent, any_value(partnership) AS partnership, any_value(grp) AS grp
FROM answers_only GROUP BY respondent
"""


def national_scores(
    answers: pa.Table | str | Path,
    items: pa.Table,
    k: int = DEFAULT_K,
    respondents: pa.Table | None = None,
) -> NationalScores:
    """Every partnership's item and dimension scores, group gaps and the ICCs.

    ``answers`` is the long table described in the module docstring, as Arrow or
    a Parquet path. With ``respondents`` (columns ``respondent``, ``partnership``,
    ``grp``), ``answers`` needs only ``respondent``, ``item`` and ``value``; the
    two are joined inside DuckDB, which saves materialising the long table, and
    answers of respondents not listed are left out.
    """
    check_k(k)
    con = duckdb.connect()
    if isinstance(answers, str | Path):
        con.execute(
            "CREATE TEMP VIEW answers_only AS SELECT * FROM read_parquet(?)", [str(answers)]
        )
    else:
        con.register("answers_only", answers)
    if respondents is not None:
        con.register("respondents", respondents)
    else:
        con.execute(_WHO)
    con.register("item_map", items)
    con.execute(_CODES)
    con.execute(_SCORED)
    con.execute(_RESPONDENTS)
    con.execute(_ITEM_STATS)
    item_rows = con.sql(_ITEMS).to_arrow_table()
    params = {"k": k, "primary": reason_for(k), "secondary": HIDDEN_BY_SUBTRACTION}
    con.execute(_PAIRS)
    con.execute(_guarded("item_grp", _ITEM_GROUP_SOURCE, "item_no"), params)
    con.execute(_guarded("dim_grp", _DIM_GROUP_SOURCE, "dim_no"), params)
    con.execute(_GROUP_FINAL, {"secondary": HIDDEN_BY_SUBTRACTION})
    dim_rows = con.sql(_DIMS, params={"k": k}).to_arrow_table()
    groups = con.sql(
        """SELECT partnership, dimension, grp, suppressed,
                  CASE WHEN suppressed IS NULL THEN n END AS n,
                  CASE WHEN suppressed IS NULL THEN mean END AS mean
           FROM grp_final ORDER BY partnership, dimension, grp"""
    ).to_arrow_table()
    con.close()
    return NationalScores(_with_ci(item_rows, k), _with_ci(dim_rows, k), groups, _icc(dim_rows, k))
