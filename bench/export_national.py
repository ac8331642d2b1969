"""Benchmark: the national response-level export, streamed, against a naive
in-memory export.

    python bench/export_national.py [--partnerships 10000] [--respondents 30] [--items 60]
                                    [--format csv] [--naive-max 3000000] [--reuse]

1. Builds (or reuses, with ``--reuse``) the database of ``bench/national_scores.py``:
   joinedup's schema, one instrument of ``items`` items, one closed round per
   partnership, ``respondents`` respondents each in four stakeholder groups, about
   4% "don't know" — 18 million answers by default, written with plain SQL.
2. joinedup side, in its own process: ``reports.responses_export.export_responses``
   over every partnership (``joinedup export responses --national``): a streamed
   pass over the respondents for the coarsening, then batches of rounds pivoted and
   written one at a time.
3. Naive side, in its own process: every answer read at once with ``pandas.read_sql``,
   pivoted in memory with ``pivot_table`` and written with ``to_csv``/``to_parquet``
   (no anonymisation: it only does the data movement, so the comparison is kind to
   it). When the database holds more than ``--naive-max`` answers the naive side
   would not fit in this shared machine's memory budget, so both sides are also run
   on a smaller database (the same shape with fewer partnerships) for the ratio,
   and the output says so.

Each side prints wall time, CPU time and peak memory (``ru_maxrss`` of its process);
the script checks that both sides wrote the same number of rows and answers.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import national_scores  # noqa: E402  (the generator of the national database)

OUT = HERE / "out"


def _usage() -> tuple[float, float]:
    own = resource.getrusage(resource.RUSAGE_SELF)
    return own.ru_utime + own.ru_stime, own.ru_maxrss / 1024


def _joinedup(db: Path, out: Path, fmt: str) -> dict[str, float]:
    national_scores._setup_django(db)
    from joinedup.reports.responses_export import Scope, export_responses

    start = time.perf_counter()
    cpu0, _ = _usage()
    result = export_responses(Scope(national=True), out, fmt=fmt)
    cpu1, peak = _usage()
    return {
        "seconds": time.perf_counter() - start,
        "cpu": cpu1 - cpu0,
        "peak_mb": peak,
        "rows": result.rows,
        "respondents": result.respondents,
        "bytes": sum((out / n).stat().st_size for n in result.files),
    }


def _naive(db: Path, out: Path, fmt: str) -> dict[str, float]:
    """Everything in memory: one read_sql, one pivot, one write."""
    import sqlite3

    import pandas as pd

    start = time.perf_counter()
    cpu0, _ = _usage()
    con = sqlite3.connect(db)
    answers = pd.read_sql(
        'SELECT r.round_id, r.pseudonym, r."group" AS grp, a.item, '
        "CASE WHEN a.dont_know THEN -9 ELSE a.value END AS value "
        "FROM surveys_response r JOIN surveys_answer a ON a.response_id = r.id "
        "WHERE r.submitted IS NOT NULL",
        con,
    )
    con.close()
    wide = answers.pivot_table(
        index=["round_id", "pseudonym", "grp"], columns="item", values="value", aggfunc="first"
    ).reset_index()
    out.mkdir(parents=True, exist_ok=True)
    if fmt == "parquet":
        wide.to_parquet(out / "responses.parquet")
    else:
        wide.to_csv(out / "responses.csv", index=False)
    cpu1, peak = _usage()
    return {
        "seconds": time.perf_counter() - start,
        "cpu": cpu1 - cpu0,
        "peak_mb": peak,
        "rows": len(wide),
        "respondents": len(wide),
        "bytes": sum(p.stat().st_size for p in out.iterdir()),
    }


def _side(side: str, db: Path, out: Path, fmt: str) -> None:
    figures = _joinedup(db, out, fmt) if side == "joinedup" else _naive(db, out, fmt)
    print(json.dumps(figures))


def _run(side: str, db: Path, fmt: str, tag: str) -> dict[str, float]:
    out = OUT / f"export-{side}-{tag}"
    if out.exists():
        for p in out.iterdir():
            p.unlink()
        out.rmdir()
    cmd = [sys.executable, __file__, "--side", side, "--db", str(db), "--format", fmt]
    cmd += ["--out", str(OUT), "--target", str(out)]
    done = subprocess.run(cmd, check=True, capture_output=True, text=True)
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _database(partnerships: int, respondents: int, items: int, reuse: bool) -> Path:
    shape = f"{partnerships}x{respondents}x{items}"
    db = OUT / f"national-{shape}.sqlite3"
    marker = db.with_suffix(".version")  # written by the generator when it is done
    if not (reuse and db.exists() and marker.exists()):
        # In a child: Django is set up once per process, for one database.
        start = time.perf_counter()
        cmd = [sys.executable, __file__, "--side", "generate", "--db", str(db), "--out", str(OUT)]
        cmd += [f"--{n}={v}" for n, v in (("partnerships", partnerships), ("items", items))]
        subprocess.run([*cmd, f"--respondents={respondents}"], check=True)
        print(f"data: {shape} written in {time.perf_counter() - start:.1f} s", flush=True)
    return db


def _line(name: str, side: dict[str, float]) -> str:
    return (
        f"{name:34} {side['seconds']:8.2f} s wall, {side['cpu']:8.2f} s CPU, peak memory "
        f"{side['peak_mb']:6.0f} MB, {int(side['rows']):,} rows, {side['bytes'] / 1e6:,.0f} MB"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--partnerships", type=int, default=10_000)
    parser.add_argument("--respondents", type=int, default=30)
    parser.add_argument("--items", type=int, default=60)
    parser.add_argument("--format", choices=["csv", "parquet"], default="csv")
    parser.add_argument("--naive-max", type=int, default=3_000_000)
    parser.add_argument("--reuse", action="store_true", help="reuse an existing database")
    parser.add_argument("--out", help="folder for the databases and files (default bench/out)")
    parser.add_argument("--side", choices=["joinedup", "naive", "generate"], help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    parser.add_argument("--target", help=argparse.SUPPRESS)
    args = parser.parse_args()
    global OUT
    if args.out:
        OUT = Path(args.out).resolve()
        national_scores.OUT = OUT
    OUT.mkdir(exist_ok=True)
    if args.side == "generate":
        db = Path(args.db)
        version = national_scores.generate(db, args.partnerships, args.respondents, args.items)
        db.with_suffix(".version").write_text(str(version))
        return 0
    if args.side:
        _side(args.side, Path(args.db), Path(args.target), args.format)
        return 0
    answers = args.partnerships * args.respondents * args.items
    db = _database(args.partnerships, args.respondents, args.items, args.reuse)
    print(
        f"national export of {answers:,} answers ({args.format}, wide), load average "
        f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores",
        flush=True,
    )
    ours = _run("joinedup", db, args.format, "full")
    print(_line("joinedup (streamed)", ours), flush=True)
    ok = ours["peak_mb"] <= 1024
    print(f"  bounded memory: peak {ours['peak_mb']:.0f} MB {'<=' if ok else '>'} 1024 MB")
    small_parts = args.partnerships
    if answers > args.naive_max:
        small_parts = max(1, args.naive_max // (args.respondents * args.items))
        small = small_parts * args.respondents * args.items
        print(
            f"naive side: {answers:,} answers exceed --naive-max {args.naive_max:,}; "
            f"both sides compared on {small:,} answers ({small_parts} partnerships)"
        )
        db = _database(small_parts, args.respondents, args.items, args.reuse)
        ours = _run("joinedup", db, args.format, "small")
        print(_line("joinedup (streamed), small", ours), flush=True)
    theirs = _run("naive", db, args.format, "naive")
    print(_line("naive (all in memory)", theirs))
    same = int(ours["rows"]) == int(theirs["rows"])
    print(
        f"ratio: joinedup takes {ours['seconds'] / theirs['seconds']:.2f}x the naive time and "
        f"{ours['peak_mb'] / theirs['peak_mb']:.2f}x its peak memory; same rows: {same}"
    )
    return 0 if same and ok else 1


if __name__ == "__main__":
    sys.exit(main())
