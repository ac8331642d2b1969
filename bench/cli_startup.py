"""Benchmark: how long the ``joinedup`` command takes to answer ``--help``.

Runs, in one run and in fresh processes of this same interpreter, ``python -c pass``
(the floor: an interpreter that starts and stops) and ``joinedup --help`` and
``joinedup analyse network --help`` (each building the whole parser), N times each,
taking turns so that a change of load falls on all three alike. Prints the median
wall time of each and its ratio to the floor, and exits 1 when a ratio exceeds the
target (10×: a help text should feel instant).

``--entry module`` (the default) runs ``python -m joinedup``; ``--entry script``
runs the installed ``joinedup`` console script beside this interpreter. The source
that runs is whatever this interpreter imports as ``joinedup`` (PYTHONPATH first).

Run: ``flock /tmp/joinedup-bench.lock python bench/cli_startup.py [--runs 30]``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

COMMANDS = (("--help",), ("analyse", "network", "--help"))


def entry_point(kind: str) -> list[str]:
    """The argv prefix that starts ``joinedup`` with this interpreter."""
    if kind == "module":
        return [sys.executable, "-m", "joinedup"]
    beside = Path(sys.executable).with_name("joinedup")
    found = str(beside) if beside.exists() else shutil.which("joinedup")
    if found is None:
        raise SystemExit("no `joinedup` script beside this interpreter or on PATH")
    return [found]


def once(argv: list[str]) -> float:
    """Wall seconds of one fresh process; it must succeed."""
    start = time.perf_counter()
    done = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed:\n{done.stderr.decode(errors='replace')}")
    return elapsed


def measure(cases: dict[str, list[str]], runs: int) -> dict[str, list[float]]:
    """Time every case ``runs`` times, one of each in turn, after one untimed warm-up."""
    for argv in cases.values():
        once(argv)
    times: dict[str, list[float]] = {label: [] for label in cases}
    for _ in range(runs):
        for label, argv in cases.items():
            times[label].append(once(argv))
    return times


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f} ({os.cpu_count()} cores)"


def report(times: dict[str, list[float]], floor_label: str, limit: float) -> bool:
    """Print medians and ratios; True when every ratio is within ``limit``."""
    floor = statistics.median(times[floor_label])
    width = max(len(label) for label in times)
    ok = True
    for label, values in times.items():
        median = statistics.median(values)
        ratio = median / floor
        spread = f"min {min(values) * 1000:6.1f}  max {max(values) * 1000:6.1f}"
        verdict = ""
        if label != floor_label:
            passed = ratio <= limit
            ok = ok and passed
            verdict = "ok" if passed else f"OVER the {limit:g}× target"
        print(
            f"{label:<{width}}  median {median * 1000:6.1f} ms  ({spread})  "
            f"{ratio:5.1f}× python -c pass  {verdict}"
        )
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=20, help="timed runs of each (default 20)")
    parser.add_argument("--entry", choices=("module", "script"), default="module")
    parser.add_argument("--limit", type=float, default=10.0, help="largest ratio (default 10)")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    start = entry_point(args.entry)
    floor_label = "python -c pass"
    cases = {floor_label: [sys.executable, "-c", "pass"]}
    for command in COMMANDS:
        cases["joinedup " + " ".join(command)] = [*start, *command]
    print(f"python {sys.version.split()[0]} at {sys.executable}")
    print(f"joinedup started as: {' '.join(start)}; {args.runs} runs each, taking turns")
    print(f"load average before: {load_average()}")
    times = measure(cases, args.runs)
    print(f"load average after:  {load_average()}")
    return 0 if report(times, floor_label, args.limit) else 1


if __name__ == "__main__":
    sys.exit(main())
