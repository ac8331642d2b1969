"""The evaluator, in Debian's Chromium, uploads a benchmark packet from another
installation, sees what was imported, then sees that installation's partnerships
placed beside this one's; an edited packet is refused with the reason.
Screenshots at 390 px and 1366 px go to test-artifacts/."""

from __future__ import annotations

import json
import os

import numpy as np
import pytest
from scipy import stats as sps

from joinedup.analysis import packets as fmt
from joinedup.reports import packets as service
from joinedup.reports.models import TrustedInstallation
from joinedup.surveys.models import InstrumentVersion
from tests.browser import ARGS, ARTIFACTS, CHROMIUM
from tests.conftest import PARTNERSHIP_A, PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ELSEWHERE = bytes(range(7, 39))


def _dimension(rng, name: str, label: str, centre: float) -> dict:
    n = int(rng.integers(8, 30))
    scores = np.clip(rng.normal(centre, 0.7, n), 1, 5)
    mean, sd = float(scores.mean()), float(scores.std(ddof=1))
    half = float(sps.t.ppf(0.975, n - 1) * sd / np.sqrt(n))
    entry = fmt.dimension_figures(
        name, label, n, mean, sd, (mean - half, mean + half), (1, 5), scores, 5
    )
    assert entry is not None
    return entry


def _packet_elsewhere() -> dict:
    """Four partnerships of another installation, two rounds each, on this
    installation's health check (so the instrument digests agree)."""
    version = InstrumentVersion.objects.filter(key="health-check", rounds__isnull=False).first()
    dims = [(d.name, version.instrument().text(d.label)) for d in version.instrument().dimensions]
    rng = np.random.default_rng(5)
    rounds = []
    for p in range(4):
        for year, closed in ((2025, "2025-05"), (2026, "2026-05")):
            rounds.append(
                {
                    "partnership_key": fmt.pseudonym(ELSEWHERE, "partnership", p),
                    "round_key": fmt.pseudonym(ELSEWHERE, "round", f"{p}-{year}"),
                    "opened": f"{year}-04",
                    "closed": closed,
                    "instrument": {
                        "key": version.key,
                        "version": version.version,
                        "digest": version.digest,
                        "title": version.title,
                    },
                    "profile": {"type": "outcome", "basis": "statutory", "region": "North Riding"}
                    if p == 0
                    else None,
                    "frozen": f"{year}-06-01T00:00:00Z",
                    "dimensions": [
                        _dimension(rng, name, label, 2.6 + 0.4 * p + 0.2 * (year - 2025))
                        for name, label in dims
                    ],
                }
            )
    body = {"created": "2026-06-01T00:00:00.000000Z", "k": 5, "rounds": rounds}
    return fmt.sign(body, ELSEWHERE)


def test_evaluator_uploads_a_packet_and_sees_the_benchmark(
    live_server, personas, demo, tmp_path
) -> None:
    from playwright.sync_api import sync_playwright

    TrustedInstallation.objects.create(name="Northshire", public_key=fmt.public_key(ELSEWHERE))
    packet = _packet_elsewhere()
    good = tmp_path / "northshire.json"
    good.write_bytes(service.packet_bytes(packet))
    edited = json.loads(good.read_text())
    edited["rounds"][0]["dimensions"][0]["mean"] = 4.8
    bad = tmp_path / "northshire-edited.json"
    bad.write_text(json.dumps(edited, indent=2))
    ARTIFACTS.mkdir(exist_ok=True)
    base = live_server.url
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            context = browser.new_context(viewport={"width": 1366, "height": 900})
            context.set_default_timeout(120_000)
            page = context.new_page()
            page.goto(f"{base}/accounts/login/")
            page.get_by_label("Username").fill("evaluator")
            page.get_by_label("Password").fill(PASSWORD)
            page.get_by_role("button", name="Sign in").click()
            page.wait_for_url(f"{base}/")
            page.goto(f"{base}/reports/benchmark/")
            page.get_by_role(
                "link", name="Across installations, with imported benchmark packets"
            ).click()
            page.get_by_role("link", name="Upload packets").click()
            page.get_by_label("Benchmark packets (.json)").set_input_files(str(bad))
            page.get_by_role("button", name="Check and import").click()
            alert = page.get_by_role("alert")
            alert.wait_for()
            assert "packet.bad-signature" in alert.inner_text()
            assert "northshire-edited.json" in alert.inner_text()
            page.set_viewport_size({"width": 390, "height": 844})
            page.screenshot(path=str(ARTIFACTS / "packets-refused-390.png"), full_page=True)
            page.set_viewport_size({"width": 1366, "height": 900})
            page.get_by_label("Benchmark packets (.json)").set_input_files(str(good))
            page.get_by_role("button", name="Check and import").click()
            status = page.get_by_role("status")
            status.wait_for()
            assert "8 rounds added" in status.inner_text()
            page.screenshot(path=str(ARTIFACTS / "packets-imported-1366.png"), full_page=True)
            page.get_by_role("link", name="See the benchmark").click()
            page.get_by_role("heading", name="Benchmark across installations").wait_for()
            text = page.content()
            assert PARTNERSHIP_A in text
            assert text.count("Northshire · ") >= 4
            assert "North Riding" in text
            assert "this installation" in text
            page.screenshot(path=str(ARTIFACTS / "packets-across-1366.png"), full_page=True)
            page.set_viewport_size({"width": 390, "height": 844})
            page.screenshot(path=str(ARTIFACTS / "packets-across-390.png"), full_page=True)
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 390 + 1, f"the page scrolls sideways at 390 px ({width} px wide)"
        finally:
            browser.close()
