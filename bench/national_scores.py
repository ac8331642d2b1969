"""Benchmark: every partnership's scores from the database, joinedup vs plain pandas.

    python bench/national_scores.py [--partnerships 10000] [--respondents 30] [--items 60]

1. Builds an embedded SQLite database in ``bench/out/`` with joinedup's own schema
   (``migrate``), one instrument (items in dimensions of ten, 1–5 scale, every
   tenth item reverse-scored) and, per partnership, one closed round whose
   respondents (four stakeholder groups) answered every item, about 4% "don't
   know". Answers are written with ``sqlite3.executemany``, not the ORM.
2. Times, each side in its own process (so peak memory is its own), from the
   database to the final tables — items, dimensions (with group gaps) and groups:
   - joinedup: ``reports.national_extract`` (connectorx → Arrow) + ``analysis.national``
     (DuckDB);
   - reference: ``pandas.read_sql`` on a sqlite3 connection + pandas ``groupby``.
3. Checks both give the same numbers and prints both times, the ratio and peaks.

CPU time counts the processes each side starts (joinedup reads SQLite in a
spawned child, see ``reports/bulk_read.py``): ``RUSAGE_SELF`` + ``RUSAGE_CHILDREN``.
Peak memory is the side's own peak plus its largest child's peak, an upper bound
on what all its processes held at once. joinedup's extraction and aggregation
are also printed apart, the aggregation beside a bandwidth floor: one numpy pass
over every buffer of the same Arrow columns.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parent / "out"
K = 5
GROUPS = ("board", "staff", "voluntary", "residents")


def _setup_django(db: Path) -> None:
    os.environ["JOINEDUP_DATABASE_URL"] = f"sqlite:///{db}"
    os.environ.setdefault("JOINEDUP_HOME", str(OUT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "joinedup.settings")
    import django

    django.setup()


def _instrument(items: int) -> dict[str, object]:
    scale = {"choices": [{"value": v, "label": str(v)} for v in range(1, 6)], "dont_know": "DK"}
    dims = []
    for d in range(0, items, 10):
        names = [f"q{i:02d}" for i in range(d, min(d + 10, items))]
        dims.append(
            {
                "name": f"dim{d // 10}",
                "label": f"Dimension {d // 10}",
                "items": [
                    {"name": n, "label": n, "scale": "agree", "reverse": int(n[1:]) % 10 == 9}
                    for n in names
                ],
            }
        )
    return {"id": "bench", "title": "Benchmark", "scales": {"agree": scale}, "dimensions": dims}


def generate(db: Path, partnerships: int, respondents: int, items: int, seed: int = 7) -> int:
    """Create the database; return the instrument version's id."""
    if db.exists():
        db.unlink()
    _setup_django(db)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from joinedup.analysis.instruments import parse_instrument
    from joinedup.registry.models import Organisation, Partnership
    from joinedup.surveys.library import store_instrument

    version = store_instrument(parse_instrument(_instrument(items)), "file")
    org = Organisation.objects.create(name="Bench council", sector="public")
    Partnership.objects.bulk_create(
        [
            Partnership(name=f"P{p}", basis="voluntary", start_date="2020-01-01")
            for p in range(partnerships)
        ],
        batch_size=2000,
    )
    first = Partnership.objects.order_by("pk").first()
    assert first is not None
    from django.db import connections

    connections.close_all()
    _write_answers(db, version.pk, org.pk, first.pk, partnerships, respondents, items, seed)
    return int(version.pk)


def _write_answers(
    db: Path, version: int, org: int, first: int, parts: int, resp: int, items: int, seed: int
) -> None:
    rng = np.random.default_rng(seed)
    con = sqlite3.connect(db)
    con.execute("PRAGMA journal_mode=OFF")
    con.execute("PRAGMA synchronous=OFF")
    con.executemany(
        "INSERT INTO surveys_round (id, partnership_id, instrument_id, period, opens, closes, "
        "status, groups, created, anonymous, invitation_text, reminder_text, introduction, "
        "privacy_notice) VALUES (?, ?, ?, 'bench', '2025-03-01 00:00:00', "
        "'2025-04-01 00:00:00', 'closed', '[]', '2025-02-01 00:00:00', 0, '', '', '', '')",
        [(p + 1, first + p, version) for p in range(parts)],
    )
    names = [f"q{i:02d}" for i in range(items)]
    for p in range(parts):
        level = rng.normal(3.2, 0.6, size=items // 10 + 1)
        groups = rng.integers(0, len(GROUPS), size=resp)
        base = p * resp
        con.executemany(
            'INSERT INTO surveys_response (id, round_id, organisation_id, "group", pseudonym, '
            "respondent_key, source, started, submitted, page) VALUES "
            "(?, ?, ?, ?, ?, '', 'web', '2025-03-02 00:00:00', '2025-03-02 00:10:00', 0)",
            [(base + r + 1, p + 1, org, GROUPS[groups[r]], f"b{base + r}") for r in range(resp)],
        )
        shift = rng.normal(0, 0.5, size=(resp, 1)) + np.repeat(level, 10)[:items]
        values = np.clip(np.rint(shift + rng.normal(0, 0.8, size=(resp, items))), 1, 5)
        dk = rng.random((resp, items)) < 0.04
        ids = (base * items + np.arange(resp * items) + 1).tolist()
        rows = zip(
            ids,
            np.repeat(np.arange(base + 1, base + resp + 1), items).tolist(),
            names * resp,
            np.where(dk, np.nan, values).ravel().tolist(),
            dk.ravel().tolist(),
            strict=True,
        )
        con.executemany(
            "INSERT INTO surveys_answer (id, response_id, item, value, text, dont_know) "
            "VALUES (?, ?, ?, ?, '', ?)",
            [(i, r, n, None if v != v else v, int(d)) for i, r, n, v, d in rows],
        )
    con.commit()
    con.close()


ROUNDS_SQL = "SELECT id, partnership_id, opens FROM surveys_round WHERE instrument_id = {v}"
RESPONSES_SQL = (
    'SELECT id, round_id, "group" AS grp FROM surveys_response WHERE submitted IS NOT NULL '
    "AND round_id IN (SELECT id FROM surveys_round WHERE instrument_id = {v})"
)
ANSWERS_SQL = (
    "SELECT a.response_id, a.item, CASE WHEN a.dont_know THEN NULL ELSE a.value END AS value "
    "FROM surveys_round ro JOIN surveys_response r ON r.round_id = ro.id "
    "JOIN surveys_answer a ON a.response_id = r.id "
    "WHERE ro.instrument_id = {v} AND r.submitted IS NOT NULL"
)


def pandas_reference(db: Path, version: int, k: int):  # type: ignore[no-untyped-def]
    """The same outputs with plain pandas: read_sql, merge, groupby."""
    import pandas as pd
    from scipy import stats as sps

    con = sqlite3.connect(db)
    rounds = pd.read_sql(ROUNDS_SQL.format(v=version), con)
    responses = pd.read_sql(RESPONSES_SQL.format(v=version), con)
    answers = pd.read_sql(ANSWERS_SQL.format(v=version), con)
    definition = json.loads(
        con.execute(
            "SELECT definition FROM surveys_instrumentversion WHERE id = ?", (version,)
        ).fetchone()[0]
    )
    con.close()
    imap = pd.DataFrame(
        [
            {"item": i["name"], "dimension": d["name"], "reverse": i["reverse"]}
            for d in definition["dimensions"]
            for i in d["items"]
        ]
    )
    latest = rounds.sort_values(["partnership_id", "opens", "id"]).groupby("partnership_id").tail(1)
    df = answers.merge(responses, left_on="response_id", right_on="id")
    df = df.merge(latest, left_on="round_id", right_on="id", suffixes=("", "_round"))
    df = df.merge(imap, on="item")
    df["value"] = df["value"].astype(float).where(~df["reverse"], 6 - df["value"])
    df = df.rename(columns={"partnership_id": "partnership", "response_id": "respondent"})

    def summary(frame, keys, col):  # type: ignore[no-untyped-def]
        out = frame.groupby(keys, sort=True)[col].agg(["count", "mean", "std"]).reset_index()
        out = out.rename(columns={"count": "n", "std": "sd"})
        half = sps.t.ppf(0.975, out["n"] - 1) * out["sd"] / np.sqrt(out["n"])
        out["ci_low"], out["ci_high"] = out["mean"] - half, out["mean"] + half
        hide = out["n"] < k
        out.loc[hide, ["mean", "sd", "ci_low", "ci_high"]] = np.nan
        return out

    items = summary(df, ["partnership", "item"], "value")
    per = df.groupby(["partnership", "respondent", "dimension"], sort=False).agg(
        grp=("grp", "first"), answered=("value", "count"), score=("value", "mean")
    )
    size = imap.groupby("dimension").size()
    need = np.ceil(size.reindex(per.index.get_level_values("dimension")).to_numpy() / 2)
    per["score"] = per["score"].where(per["answered"].to_numpy() >= need)
    per = per.reset_index()
    # A dimension: n and SD of respondents' scores; its mean is the mean of its item
    # means that have k answers; withheld whole when n < k or no item mean is shown.
    dims = per.groupby(["partnership", "dimension"])["score"].agg(["count", "std"]).reset_index()
    dims = dims.rename(columns={"count": "n", "std": "sd"})
    shown_items = items[items["n"] >= k].merge(imap[["item", "dimension"]], on="item")
    derived = shown_items.groupby(["partnership", "dimension"])["mean"].mean()
    dims = dims.merge(derived.reset_index(), on=["partnership", "dimension"], how="left")
    half = sps.t.ppf(0.975, dims["n"] - 1) * dims["sd"] / np.sqrt(dims["n"])
    dims["ci_low"], dims["ci_high"] = dims["mean"] - half, dims["mean"] + half
    hide = (dims["n"] < k) | dims["mean"].isna()

    def guard(frame, keys):  # type: ignore[no-untyped-def]
        """The group rule: groups of 1 to k-1 hidden, then the smallest shown groups
        (ties by name) while the hidden respondents number 1 to k-1."""
        small = (frame["n"] > 0) & (frame["n"] < k)
        behind = small.mul(frame["n"]).groupby([frame[c] for c in keys]).transform("sum")
        shown = frame[~small & (frame["n"] > 0)].sort_values([*keys, "n", "grp"])
        ahead = shown.groupby(keys)["n"].cumsum() - shown["n"]
        late = (behind.loc[ahead.index] > 0) & (behind.loc[ahead.index] + ahead < k)
        hidden = small.copy()
        hidden.loc[late[late].index] = True
        return hidden

    item_groups = df.groupby(["partnership", "item", "grp"])["value"].agg(["count", "mean"])
    item_groups = item_groups.reset_index().rename(columns={"count": "n"})
    item_groups["hidden"] = guard(item_groups, ["partnership", "item"])
    item_groups = item_groups.merge(imap[["item", "dimension"]], on="item")
    keys = ["partnership", "dimension", "grp"]
    by_items = item_groups.groupby(keys).agg(
        item_hidden=("hidden", "any"),
        mean=("mean", lambda m: m.dropna().mean()),
    )
    groups = per.groupby(keys)["score"].agg(["count"]).reset_index()
    groups = groups.rename(columns={"count": "n"})
    groups["hidden"] = guard(groups, ["partnership", "dimension"])
    groups = groups.merge(by_items.reset_index(), on=keys)
    groups["hidden"] = groups["hidden"] | groups["item_hidden"]
    shown = groups[~groups["hidden"] & (groups["n"] > 0)]
    spread = shown.groupby(["partnership", "dimension"])["mean"].agg(["max", "min", "count"])
    gap = (spread["max"] - spread["min"]).where(spread["count"] >= 2)
    dims = dims.merge(
        gap.rename("largest_gap").reset_index(), on=["partnership", "dimension"], how="left"
    )
    cols = ["mean", "sd", "ci_low", "ci_high", "largest_gap"]
    dims.loc[hide, cols] = np.nan
    dims["n"] = dims["n"].where(~hide)
    return items, dims


def _usage() -> tuple[float, float, float]:
    """CPU seconds of this process, CPU seconds of its finished children (the
    extraction's spawned reader), and this process's peak memory in MB."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, kids.ru_utime + kids.ru_stime, own.ru_maxrss / 1024


def _children_peak_mb() -> float:
    """Peak memory of the largest finished child process (the extraction's reader)."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def bandwidth_floor(table) -> float:  # type: ignore[no-untyped-def]
    """Seconds for one numpy pass over every buffer of the table's columns: the
    time just to read the data once, against which the aggregation is set."""
    start = time.perf_counter()
    total = 0
    for column in table.columns:
        for chunk in column.chunks:
            for buffer in chunk.buffers():
                if buffer is not None and buffer.size >= 8:
                    words = np.frombuffer(buffer, dtype=np.uint64, count=buffer.size // 8)
                    total += int(words.sum(dtype=np.uint64))
    seconds = time.perf_counter() - start
    assert total >= 0
    return seconds


def _joinedup(db: Path, version: int) -> tuple[dict[str, float], object, object]:
    """Extraction and aggregation timed apart; CPU counts the reader child."""
    _setup_django(db)
    from joinedup.analysis.national import item_map, national_scores
    from joinedup.reports.national_extract import extract
    from joinedup.surveys.models import InstrumentVersion

    v = InstrumentVersion.objects.get(pk=version)
    items = item_map(v.instrument())
    own, kids, _ = _usage()
    start = time.perf_counter()
    answers, respondents = extract(v)
    middle = time.perf_counter()
    own_mid, kids_mid, _ = _usage()
    result = national_scores(answers, items, K, respondents)
    end = time.perf_counter()
    own_end, kids_end, peak = _usage()
    figures = {
        "seconds": end - start,
        "cpu": own_end - own + kids_end - kids,
        "extract_s": middle - start,
        "extract_cpu": own_mid - own + kids_mid - kids,
        "aggregate_s": end - middle,
        "aggregate_cpu": own_end - own_mid,
        "floor_s": bandwidth_floor(answers.select(["respondent", "item", "value"])),
        "answers_mb": answers.nbytes / 1e6,
        "peak_mb": peak,
        "child_peak_mb": _children_peak_mb(),
    }
    return figures, result.items.to_pandas(), result.dimensions.to_pandas()


def _side(side: str, db: Path, version: int) -> None:
    """Run one side in this (child) process; print its figures as JSON."""
    if side == "joinedup":
        figures, items, dims = _joinedup(db, version)
    else:
        own, kids, _ = _usage()
        start = time.perf_counter()
        items, dims = pandas_reference(db, version, K)
        seconds = time.perf_counter() - start
        own_end, kids_end, peak = _usage()
        figures = {
            "seconds": seconds,
            "cpu": own_end - own + kids_end - kids,
            "peak_mb": peak,
            "child_peak_mb": _children_peak_mb(),
        }
    items.to_parquet(OUT / f"{side}-items.parquet")
    dims.to_parquet(OUT / f"{side}-dims.parquet")
    figures["rows"] = len(items) + len(dims)
    print(json.dumps(figures))


def _run(side: str, db: Path, version: int) -> dict[str, float]:
    cmd = [sys.executable, __file__, "--side", side, "--db", str(db), "--version", str(version)]
    cmd += ["--out", str(OUT)]
    done = subprocess.run(cmd, check=True, capture_output=True, text=True)
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _compare() -> float:
    """Largest absolute difference between the two sides' figures (must be ~0)."""
    import pandas as pd

    worst = 0.0
    for table, keys in (("items", ["partnership", "item"]), ("dims", ["partnership", "dimension"])):
        a = pd.read_parquet(OUT / f"joinedup-{table}.parquet").sort_values(keys)
        b = pd.read_parquet(OUT / f"pandas-{table}.parquet").sort_values(keys)
        assert len(a) == len(b), f"{table}: {len(a)} rows against {len(b)}"
        assert (a[keys].to_numpy() == b[keys].to_numpy()).all(), f"{table}: keys differ"
        cols = ["mean", "sd", "ci_low", "ci_high"] + (["largest_gap"] if table == "dims" else [])
        for col in cols:
            x, y = a[col].to_numpy(float), b[col].to_numpy(float)
            assert (np.isnan(x) == np.isnan(y)).all(), f"{table}.{col}: suppression differs"
            ok = ~np.isnan(x)
            worst = max(worst, float(np.max(np.abs(x[ok] - y[ok]), initial=0.0)))
        na = a["n"].fillna(-1).to_numpy()
        nb = b["n"].where(b["n"] >= K).fillna(-1).to_numpy()
        assert (na == nb).all(), f"{table}: counts differ"
    return worst


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--partnerships", type=int, default=10_000)
    parser.add_argument("--respondents", type=int, default=30)
    parser.add_argument("--items", type=int, default=60)
    parser.add_argument("--reuse", action="store_true", help="reuse an existing database")
    parser.add_argument("--side", choices=["joinedup", "pandas"], help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    parser.add_argument("--version", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--out", help="folder for the database and results (default bench/out)")
    args = parser.parse_args()
    global OUT
    if args.out:
        OUT = Path(args.out).resolve()
    OUT.mkdir(exist_ok=True)
    if args.side:
        _side(args.side, Path(args.db), args.version)
        return 0
    shape = f"{args.partnerships}x{args.respondents}x{args.items}"
    db = OUT / f"national-{shape}.sqlite3"
    start = time.perf_counter()
    marker = db.with_suffix(".version")
    if args.reuse and db.exists() and marker.exists():
        version = int(marker.read_text())
    else:
        version = generate(db, args.partnerships, args.respondents, args.items)
        marker.write_text(str(version))
    answers = args.partnerships * args.respondents * args.items
    print(f"data: {shape} = {answers:,} answers in {db} ({time.perf_counter() - start:.1f} s)")
    ours, theirs = _run("joinedup", db, version), _run("pandas", db, version)
    worst = _compare()
    for name, side in (("joinedup (connectorx + DuckDB)", ours), ("pandas reference", theirs)):
        print(
            f"{name:32} {side['seconds']:8.2f} s wall, {side['cpu']:8.2f} s CPU (children "
            f"included), peak memory {side['peak_mb']:6.0f} MB + child "
            f"{side['child_peak_mb']:5.0f} MB = {side['peak_mb'] + side['child_peak_mb']:6.0f} MB"
        )
    print(
        f"  extraction (SQLite -> Arrow, in a child): {ours['extract_s']:6.2f} s wall, "
        f"{ours['extract_cpu']:6.2f} s CPU; {ours['answers_mb']:,.0f} MB of answers"
    )
    print(
        f"  aggregation (DuckDB over Arrow):          {ours['aggregate_s']:6.2f} s wall, "
        f"{ours['aggregate_cpu']:6.2f} s CPU; bandwidth floor (one numpy pass over "
        f"the same columns) {ours['floor_s']:.2f} s, "
        f"{ours['aggregate_s'] / max(ours['floor_s'], 1e-9):.0f}x the floor"
    )
    print(
        f"ratio: joinedup is {theirs['seconds'] / ours['seconds']:.1f}x faster "
        f"({theirs['cpu'] / ours['cpu']:.1f}x less CPU time); load average now "
        f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )
    print(f"same numbers: largest difference {worst:.2e} over {int(ours['rows']):,} rows")
    return 0 if worst <= 1e-9 else 1


if __name__ == "__main__":
    sys.exit(main())
