"""Three installations: two load their own partnerships and export benchmark
packets with the ``joinedup`` command (each in its own process, home folder,
signing key and SQLite database); a third trusts their keys and imports the
packets, and its benchmark across installations must equal a computation done
here, by other means, on the figures in the packets alone. A packet with one
mean edited by hand is refused with the reason.

The third installation is run twice: as a subprocess on SQLite (the command
line as an operator types it) and as this test's own database, which is
PostgreSQL when the suite runs there (``JOINEDUP_DATABASE_URL``).
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from scipy import stats as sps

from joinedup.reports import packets as service
from joinedup.reports.across import across

SRC = str(Path(__file__).resolve().parents[2] / "src")


class Installation:
    def __init__(self, home: Path) -> None:
        home.mkdir()
        self.home = home
        self.env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith("JOINEDUP_") and k != "DJANGO_SETTINGS_MODULE"
        }
        self.env.update(
            JOINEDUP_HOME=str(home),
            JOINEDUP_DATABASE_URL=f"sqlite:///{home}/joinedup.sqlite3",
            PYTHONPATH=SRC,
        )

    def run(self, *args: str, ok: bool = True) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(
            [sys.executable, "-m", "joinedup", *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        if ok:
            assert result.returncode == 0, result.stderr
        return result

    def public_key(self) -> str:
        out = self.run("benchmark", "key").stdout
        return out.split("public key (Ed25519, base64): ")[1].split()[0]


@pytest.fixture(scope="module")
def sources(tmp_path_factory) -> dict[str, tuple[str, Path]]:
    """Two installations with their own demo data (different seeds): name →
    (public key, packet file)."""
    root = tmp_path_factory.mktemp("installations")
    found = {}
    for name, seed in (("north", "11"), ("south", "23")):
        inst = Installation(root / name)
        inst.run("demo", "--no-serve", "--seed", seed)
        packet = root / f"{name}.json"
        inst.run("benchmark", "export-packet", "-o", str(packet))
        found[name] = (inst.public_key(), packet)
    return found


def _expected(packets: list[dict], instrument: str = "health-check") -> dict[str, dict]:
    """Straight from the packets: each partnership's latest round per dimension,
    its percentile by SciPy's ``percentileofscore(kind="mean")`` (the mid-rank
    rule), and its change with a Welch interval written out here."""
    history: dict[str, list[dict]] = {}
    for packet in packets:
        for r in packet["rounds"]:
            if r["instrument"]["key"] == instrument:
                who = f"{packet['installation']['id']}:{r['partnership_key']}"
                history.setdefault(who, []).append(r)
    out: dict[str, dict] = {}
    names = {d["name"] for rounds in history.values() for r in rounds for d in r["dimensions"]}
    for name in names:
        latest = {}
        for who, rounds in history.items():
            having = [r for r in rounds if any(d["name"] == name for d in r["dimensions"])]
            having.sort(key=lambda r: (r["closed"], r["opened"], r["round_key"]))
            if having:
                pick = [next(d for d in r["dimensions"] if d["name"] == name) for r in having[-2:]]
                latest[who] = pick
        means = [p[-1]["mean"] for p in latest.values()]
        out[name] = {}
        for who, pick in latest.items():
            now = pick[-1]
            row = {"n": now["n"], "mean": now["mean"]}
            row["percentile"] = sps.percentileofscore(means, now["mean"], kind="mean")
            if len(pick) == 2:
                before = pick[0]
                va, vb = before["sd"] ** 2 / before["n"], now["sd"] ** 2 / now["n"]
                df = (va + vb) ** 2 / (va**2 / (before["n"] - 1) + vb**2 / (now["n"] - 1))
                half = sps.t.ppf(0.975, df) * math.sqrt(va + vb)
                change = now["mean"] - before["mean"]
                row.update(change=change, low=change - half, high=change + half)
            out[name][who] = row
    return out


def test_the_command_line_installation_imports_and_refuses(sources, tmp_path) -> None:
    evaluator = Installation(tmp_path / "evaluator")
    evaluator.run("init")
    for name, (key, _packet) in sources.items():
        evaluator.run("benchmark", "trust", f"Installation {name}", key)
    files = [str(packet) for _key, packet in sources.values()]
    rounds = sum(len(json.loads(Path(f).read_text())["rounds"]) for f in files)
    first = evaluator.run("benchmark", "import-packets", *files).stdout
    assert f"{rounds} rounds added, 0 replaced, 0 unchanged" in first
    again = evaluator.run("benchmark", "import-packets", *files).stdout
    assert f"0 rounds added, 0 replaced, {rounds} unchanged" in again
    # One mean changed by hand: refused with the reason, and nothing imported.
    packet = json.loads(sources["north"][1].read_text())
    packet["rounds"][0]["dimensions"][0]["mean"] = round(
        packet["rounds"][0]["dimensions"][0]["mean"] + 0.3, 6
    )
    edited = tmp_path / "edited.json"
    edited.write_text(json.dumps(packet, indent=2))
    refused = evaluator.run("benchmark", "import-packets", str(edited), files[1], ok=False)
    assert refused.returncode == 1
    assert "edited.json: [packet.bad-signature]" in refused.stderr
    assert "signature" in refused.stderr
    assert "nothing was imported" in refused.stderr
    # An installation nobody registered is refused too.
    stranger = Installation(tmp_path / "stranger")
    stranger.run("init")
    refused = stranger.run("benchmark", "import-packets", files[0], ok=False)
    assert "[packet.unknown-key]" in refused.stderr


@pytest.mark.django_db
def test_the_pooled_benchmark_matches_a_computation_on_the_packets(sources) -> None:
    packets = [json.loads(p.read_text()) for _k, p in sources.values()]
    for name, (key, _p) in sources.items():
        service.trust(f"Installation {name}", key)
    report = service.import_packets([(p.name, p.read_bytes()) for _k, p in sources.values()])
    assert report.ok
    assert report.added == sum(len(p["rounds"]) for p in packets)
    pooled = across(set())  # no partnership of this installation: imported ones only
    assert pooled.choice is not None
    assert pooled.choice.key == "health-check"
    assert pooled.installations == 2
    expected = _expected(packets)
    assert {d.name for d in pooled.dimensions} == set(expected)
    for dim in pooled.dimensions:
        want = expected[dim.name]
        assert {p.partnership for p in dim.placements} == set(want)
        assert len(want) == 6  # three partnerships on each installation
        for placed in dim.placements:
            row = want[placed.partnership]
            assert (placed.n, placed.mean) == (row["n"], row["mean"])
            assert placed.percentile == pytest.approx(row["percentile"])
            if "change" in row:
                assert placed.change == pytest.approx(row["change"])
                assert placed.change_low == pytest.approx(row["low"])
                assert placed.change_high == pytest.approx(row["high"])
            else:
                assert placed.change is None
        means = [row["mean"] for row in want.values()]
        assert dim.quartiles() == pytest.approx(tuple(np.percentile(means, [25, 50, 75])))
