"""Benchmark packets, the pure part: signing, reading, refusals with the field,
the rule of k, band protection, the pooled placement, and the documented schema."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import numpy as np
import pytest

from joinedup.analysis import packets as fmt
from joinedup.analysis.pooled import PooledRound, pooled_benchmark
from joinedup.analysis.problems import CODES, ProblemError
from joinedup.analysis.stats import welch_from_summary

KEY = bytes(range(32))
OTHER = bytes(range(1, 33))
DOC = Path(__file__).resolve().parents[2] / "docs" / "benchmark-packets.md"


def _dimension(name: str = "trust", n: int = 12, mean: float = 3.4) -> dict:
    scores = np.array([1.5] * 4 + [3.0] * 4 + [4.5] * (n - 8), dtype=float)
    entry = fmt.dimension_figures(
        name, name.title(), n, mean, 0.8, (mean - 0.4, mean + 0.4), (1, 5), scores, 5
    )
    assert entry is not None
    return entry


def _round(partnership: str = "a" * 32, round_key: str = "b" * 32, **dims: float) -> dict:
    return {
        "partnership_key": partnership,
        "round_key": round_key,
        "opened": "2026-03",
        "closed": "2026-04",
        "instrument": {"key": "health-check", "version": 1, "digest": "c" * 64, "title": "HC"},
        "profile": None,
        "frozen": "2026-05-01T00:00:00Z",
        "dimensions": [_dimension("trust", 12, dims.get("trust", 3.4))],
    }


def _packet(*rounds: dict, key: bytes = KEY) -> dict:
    body = {"created": "2026-05-01T00:00:00.000000Z", "k": 5, "rounds": list(rounds) or [_round()]}
    return fmt.sign(body, key)


def _trusting(*keys: bytes):
    publics = {fmt.public_key(k) for k in keys}
    return lambda public: public in publics


def _read(packet: dict, trusted=None, k: int = 5) -> fmt.Packet:
    data = json.dumps(packet, indent=2).encode()
    return fmt.read_packet(data, trusted or _trusting(KEY), k)


def _refusal(packet: dict | bytes, trusted=None, k: int = 5) -> tuple[str, str, str]:
    data = packet if isinstance(packet, bytes) else json.dumps(packet).encode()
    with pytest.raises(ProblemError) as caught:
        fmt.read_packet(data, trusted or _trusting(KEY), k)
    first = caught.value.problems[0]
    assert first.code in CODES
    return first.code, first.column, first.message


def test_a_signed_packet_reads_back_whatever_the_file_layout() -> None:
    packet = _packet()
    read = _read(packet)
    assert read.installation.id == fmt.installation_id(fmt.public_key(KEY))
    assert read.rounds[0].dimensions[0].n == 12
    # The same packet written compactly, or with keys in another order, still verifies.
    reordered = dict(reversed(list(packet.items())))
    fmt.read_packet(json.dumps(reordered).encode(), _trusting(KEY), 5)


def test_canonical_form_is_sorted_compact_utf8_without_the_signature() -> None:
    body = {"b": 1, "a": {"é": [1, 2]}, "signature": "x"}
    assert fmt.canonical(body) == '{"a":{"é":[1,2]},"b":1}'.encode()


def test_a_mean_edited_by_hand_is_refused_as_a_bad_signature() -> None:
    packet = _packet()
    text = json.dumps(packet, indent=2)
    edited = text.replace('"mean": 3.4', '"mean": 3.5', 1)
    assert edited != text
    code, column, message = _refusal(edited.encode())
    assert (code, column) == ("packet.bad-signature", "signature")
    assert "changed after it was signed" in message


def test_refusals_name_the_reason_and_the_field() -> None:
    packet = _packet()
    wrong_version = {**packet, "format_version": 2}
    assert _refusal(wrong_version)[:2] == ("packet.format-version", "format_version")
    assert _refusal(packet, trusted=_trusting(OTHER))[:2] == (
        "packet.unknown-key",
        "installation.public_key",
    )
    broken = copy.deepcopy(packet)
    broken["rounds"][0]["dimensions"][0]["n"] = "many"
    assert _refusal(broken)[:2] == ("packet.malformed", "rounds[0].dimensions[0].n")
    missing = copy.deepcopy(packet)
    del missing["rounds"][0]["round_key"]
    assert _refusal(missing)[:2] == ("packet.malformed", "rounds[0].round_key")
    extra = copy.deepcopy(packet)
    extra["rounds"][0]["respondents"] = ["anna", "ben"]
    assert _refusal(extra)[:2] == ("packet.malformed", "rounds[0].respondents")
    month = copy.deepcopy(packet)
    month["rounds"][0]["closed"] = "April 2026"
    assert _refusal(month)[:2] == ("packet.malformed", "rounds[0].closed")
    when = copy.deepcopy(packet)
    when["created"] = "yesterday"
    assert _refusal(when)[:2] == ("packet.malformed", "created")
    assert _refusal(b"\xff\xfe")[0] == "packet.unreadable"
    assert _refusal({"format": "something else"})[:2] == ("packet.malformed", "format")
    lying = copy.deepcopy(packet)
    lying["installation"]["id"] = "0" * 32
    assert _refusal(lying)[:2] == ("packet.malformed", "installation.id")


def test_a_signed_packet_under_k_is_refused_with_the_field() -> None:
    """An installation that signs small figures (a bug, or a smaller k) is still refused."""
    small = _round()
    small["dimensions"][0]["n"] = 4
    small["dimensions"][0]["bands"] = [
        {"band": "low", "count": None},
        {"band": "middle", "count": None},
        {"band": "high", "count": None},
    ]
    code, column, message = _refusal(_packet(small))
    assert (code, column) == ("packet.k-violated", "rounds[0].dimensions[0].n")
    assert "below k = 5" in message
    band = _round()
    band["dimensions"][0]["bands"][0]["count"] = 2
    assert _refusal(_packet(band))[:2] == (
        "packet.k-violated",
        "rounds[0].dimensions[0].bands[0].count",
    )
    # Two bands shown, n − shown = 3: the withheld band would be recoverable.
    recover = _round()
    recover["dimensions"][0]["bands"] = [
        {"band": "low", "count": None},
        {"band": "middle", "count": 5},
        {"band": "high", "count": 4 + 0},
    ]
    recover["dimensions"][0]["n"] = 12
    found = _refusal(_packet(recover))
    assert found[0] == "packet.k-violated"
    # A stricter importer refuses what the source's k let through.
    assert _refusal(_packet(), k=13)[:2] == ("packet.k-violated", "rounds[0].dimensions[0].n")


@pytest.mark.parametrize(
    ("counts", "shown"),
    [
        ({"low": 2, "middle": 10, "high": 9}, {"low": None, "middle": 10, "high": None}),
        ({"low": 0, "middle": 6, "high": 6}, {"low": 0, "middle": 6, "high": 6}),
        ({"low": 5, "middle": 5, "high": 5}, {"low": 5, "middle": 5, "high": 5}),
        ({"low": 1, "middle": 1, "high": 10}, {"low": None, "middle": None, "high": None}),
    ],
)
def test_bands_follow_the_group_rule(counts, shown) -> None:
    got = {b["band"]: b["count"] for b in fmt.protected_bands(counts, 5)}
    assert got == shown
    n = sum(counts.values())
    withheld = n - sum(c for c in got.values() if c is not None)
    assert withheld == 0 or withheld >= 5


def test_band_edges_are_thirds_of_the_scale() -> None:
    scores = np.array([1.0, 2.32, 2.34, 3.66, 3.67, 5.0, np.nan])
    assert fmt.band_counts(scores, 1, 5) == {"low": 2, "middle": 2, "high": 2}


def test_no_dimension_under_k_is_made() -> None:
    scores = np.array([3.0, 4.0, 2.0, 5.0])
    assert fmt.dimension_figures("t", "T", 4, 3.5, 1.0, (2, 5), (1, 5), scores, 5) is None


def test_pseudonyms_are_stable_keyed_and_not_the_id() -> None:
    a = fmt.pseudonym(KEY, "partnership", 7)
    assert a == fmt.pseudonym(KEY, "partnership", 7)
    assert a != fmt.pseudonym(OTHER, "partnership", 7)
    assert a != fmt.pseudonym(KEY, "round", 7)
    assert re.fullmatch(r"[0-9a-f]{32}", a)


def test_the_documented_schema_is_the_codes() -> None:
    text = DOC.read_text(encoding="utf-8")
    block = text.split("### JSON Schema", 1)[1].split("```json", 1)[1].split("```", 1)[0]
    assert json.loads(block) == fmt.schema()
    for code in (c for c in CODES if c.startswith("packet.")):
        assert f"`{code}`" in text or code in (DOC.parent / "problems.md").read_text()


def _pooled(partnership: str, closed: str, n: int, mean: float, sd: float = 0.9) -> PooledRound:
    dims = [{"name": "trust", "n": n, "mean": mean, "sd": sd, "ci_low": None, "ci_high": None}]
    return PooledRound(partnership, f"{partnership}-{closed}", closed, closed, dims)


def test_pooled_placement_uses_each_latest_round_and_hazen_percentiles() -> None:
    rounds = [
        _pooled("x", "2025-04", 10, 2.0),
        _pooled("x", "2026-04", 12, 3.0),
        _pooled("y", "2026-03", 8, 3.0),
        _pooled("z", "2026-01", 20, 4.0),
    ]
    (dim,) = pooled_benchmark(rounds, ["trust"])
    placed = {p.partnership: p for p in dim.placements}
    assert placed["x"].mean == 3.0
    assert placed["x"].previous_closed == "2025-04"
    assert placed["x"].percentile == pytest.approx(100 * (0 + 0.5 * 2) / 3)
    assert placed["z"].percentile == pytest.approx(100 * (2 + 0.5) / 3)
    expected = welch_from_summary((10, 2.0, 0.81), (12, 3.0, 0.81))
    assert placed["x"].change == pytest.approx(expected.difference)
    assert placed["x"].change_low == pytest.approx(expected.ci[0])
    assert placed["y"].change is None
    assert dim.quartiles() == pytest.approx(tuple(np.quantile([3.0, 3.0, 4.0], [0.25, 0.5, 0.75])))
