"""Benchmark: the partnership report page and its PDF for a demo partnership.

Loads the demo town into a fresh SQLite database in a temporary folder, signs in an
evaluator and times the report of the Local Strategic Partnership through Django's
test client: the HTML page (target under 0.5 s) and the PDF made by WeasyPrint
(target under 3 s). The first request of each warms caches and is not counted;
the median of the repeats is printed with the target, the ratio and peak memory,
and beside it the median CPU time of this process (on a machine shared with other
work the wall-clock time grows with the load; the CPU time much less), the PDF's
size and page count (``pdfinfo``, when poppler-utils is installed).

Run: ``python bench/report_speed.py`` (``--repeat`` changes the number of runs).
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

TARGETS = {"page": 0.5, "pdf": 3.0}


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def setup_demo(folder: str) -> None:
    os.environ["JOINEDUP_HOME"] = folder
    os.environ["JOINEDUP_DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "joinedup.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from joinedup.demo import load_demo

    call_command("migrate", verbosity=0)
    load_demo(seed=2024)


def timed(fn: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Median wall-clock and CPU seconds of ``repeat`` calls after one warm-up."""
    fn()
    wall, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return statistics.median(wall), statistics.median(cpu)


def page_count(document: bytes, folder: str) -> str:
    if not shutil.which("pdfinfo"):
        return "?"
    path = Path(folder) / "report.pdf"
    path.write_bytes(document)
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    found = re.search(r"^Pages:\s+(\d+)", out, re.MULTILINE)
    return found.group(1) if found else "?"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    print(f"Python {platform.python_version()}, {platform.machine()}, {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        setup_demo(folder)
        print(f"demo loaded in {time.perf_counter() - start:.1f} s")
        from django.contrib.auth import get_user_model
        from django.test import Client

        from joinedup.registry.models import Access, AccessRole, Partnership

        user = get_user_model().objects.create_user("bench", "b@example.org", "bench-pass-123")
        Access.objects.create(user=user, role=AccessRole.EVALUATOR)
        client = Client()
        client.force_login(user)
        lsp = Partnership.objects.get(name__contains="Local Strategic")

        def get(url: str) -> Callable[[], object]:
            def fetch() -> object:
                response = client.get(url)
                assert response.status_code == 200, response.status_code
                return response

            return fetch

        page = timed(get(f"/reports/partnership/{lsp.pk}/"), args.repeat)
        pdf = timed(get(f"/reports/partnership/{lsp.pk}/pdf/"), max(1, args.repeat // 2))
        document = client.get(f"/reports/partnership/{lsp.pk}/pdf/").content
        pages = page_count(document, folder)
    print(f"report of {lsp.name}   load average {os.getloadavg()[0]:.2f}")
    for label, (seconds, cpu) in (("page", page), ("pdf", pdf)):
        target = TARGETS[label]
        verdict = "within" if seconds <= target else "OVER"
        print(
            f"  {label:4}: {seconds:6.2f} s (median)   target {target:.1f} s   "
            f"{seconds / target:.2f} of target, {verdict}   CPU {cpu:.2f} s"
        )
    print(
        f"  PDF size {len(document) / 1024:,.0f} KiB, {pages} pages   "
        f"peak RSS {peak_mib():,.0f} MiB"
    )


if __name__ == "__main__":
    main()
