"""Benchmark: the cross-partnership clash calendar, sorted sweep against all pairs.

Part 1 — a seeded calendar of 3,000 activities of 200 partnerships in 40
areas over five years, each with one to three of 12 target groups and one of
15 topics, is searched for clashes (30-day window) with joinedup's
:func:`joinedup.analysis.participation_reach.clashes` (by area, sorted by
start, looking ahead only within the window) and with a plain all-pairs loop
over the same :func:`clash` rule. Prints both times, the ratio, peak memory
and whether the two found the same pairs.
Part 2 — joinedup alone on a national calendar: 100,000 activities of 10,000
partnerships in 2,000 areas.

Run: ``python bench/participation_clashes.py`` (about a minute; ``--n`` and
``--big`` change the sizes).
"""

from __future__ import annotations

import argparse
import datetime as dt
import platform
import random
import resource
import time

from joinedup.analysis.participation import ActivityRecord
from joinedup.analysis.participation_reach import Clash, clash, clashes

GROUPS = [f"group {i}" for i in range(12)]
TOPICS = [f"topic {i}" for i in range(15)]


def calendar(n: int, seed: int, partnerships: int = 200, areas: int = 40) -> list[ActivityRecord]:
    rng = random.Random(seed)
    first = dt.date(2022, 1, 1)
    records = []
    for i in range(n):
        start = first + dt.timedelta(days=rng.randrange(5 * 365))
        records.append(
            ActivityRecord(
                id=f"a{i}",
                partnerships=frozenset({f"p{rng.randrange(partnerships)}"}),
                title=f"activity {i}",
                declared_depth="consult",
                start=start,
                end=start + dt.timedelta(days=rng.randrange(30)),
                area=f"area {rng.randrange(areas)}",
                topic=rng.choice(TOPICS),
                target_groups=frozenset(rng.sample(GROUPS, rng.randint(1, 3))),
            )
        )
    return records


def all_pairs(records: list[ActivityRecord], window: int) -> list[Clash]:
    found = []
    for i, a in enumerate(records):
        for b in records[i + 1 :]:
            hit = clash(a, b, window)
            if hit is not None:
                found.append(hit)
    return sorted(found, key=lambda c: (c.first, c.second))


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=3_000, help="part 1 size (default 3,000)")
    parser.add_argument("--big", type=int, default=100_000, help="part 2 size (default 100,000)")
    parser.add_argument("--window", type=int, default=30)
    args = parser.parse_args()
    print(f"Python {platform.python_version()}, {platform.machine()}")
    records = calendar(args.n, seed=7)
    print(f"part 1: {args.n:,} activities, 200 partnerships, 40 areas, window {args.window} days")
    start = time.perf_counter()
    ours = clashes(records, args.window)
    t_ours = time.perf_counter() - start
    print(f"  joinedup (sorted sweep): {t_ours:8.2f} s   peak RSS {peak_mib():,.0f} MiB")
    start = time.perf_counter()
    theirs = all_pairs(records, args.window)
    t_theirs = time.perf_counter() - start
    print(f"  all pairs:               {t_theirs:8.2f} s   peak RSS {peak_mib():,.0f} MiB")
    print(f"  ratio all pairs / joinedup: {t_theirs / t_ours:.1f}x")
    same = [(c.first, c.second) for c in ours] == [(c.first, c.second) for c in theirs]
    print(f"  clashes found: {len(ours):,} ({'same pairs' if same else 'DIFFERENT PAIRS'})")
    big = calendar(args.big, seed=8, partnerships=10_000, areas=2_000)
    start = time.perf_counter()
    found = clashes(big, args.window)
    t_big = time.perf_counter() - start
    print(
        f"part 2: {args.big:,} activities, 2,000 areas: joinedup {t_big:.2f} s, "
        f"{len(found):,} clashes, "
        f"peak RSS {peak_mib():,.0f} MiB"
    )


if __name__ == "__main__":
    main()
