"""Benchmark packets: one installation's suppressed figures, signed, for another.

A partnership that runs its own joinedup cannot be compared with partnerships on
another installation by pooling respondents: raw answers never leave the
installation that collected them. What leaves is a *benchmark packet*: per closed
survey round and dimension only the figures the benchmark page already publishes
(n, mean, standard deviation, 95% interval, and how many respondents' dimension
scores fall in three coarse bands), each resting on at least k respondents, plus
the instrument's key, version and digest. Partnerships and rounds are named by
keyed pseudonyms that only the source installation can make (HMAC-SHA256 under a
key derived from its signing key), so a re-sent round is recognised but cannot be
joined back to a partnership's name elsewhere. The partnership's type and region
travel only when its coordinator agreed.

The packet is signed with the installation's Ed25519 key (RFC 8032) over its
canonical JSON: every key sorted, no whitespace, UTF-8, the ``signature`` field
left out (:func:`canonical`). The format is versioned (:data:`FORMAT_VERSION`);
the pydantic models below are the schema, published in ``docs/benchmark-packets.md``.

Bands. A respondent's dimension score ``s`` on a scale from ``low`` to ``high``
(width ``w = high − low``) is *low* when ``s < low + w/3``, *high* when
``s > high − w/3``, and *middle* otherwise. The three counts go through
:func:`joinedup.analysis.suppression.guard_groups` with the dimension's n as the
total, so a band under k is withheld, and further bands are withheld until the
withheld respondents number zero or at least k (no band recoverable by
``n − Σ shown``).

This module is pure: no Django, no database. Reading a packet
(:func:`read_packet`) checks, in order, the JSON, the format and its version, every
field, the key (is it trusted?), the signature and the rule of k, and refuses the
packet with a :class:`~joinedup.analysis.problems.Problem` naming the field.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import math
from collections.abc import Callable, Mapping
from typing import Any, Literal

import numpy as np
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from numpy.typing import NDArray
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from joinedup.analysis.problems import Problem, ProblemError
from joinedup.analysis.suppression import check_k, guard_groups

FORMAT = "joinedup-benchmark-packet"
FORMAT_VERSION = 1
BANDS = ("low", "middle", "high")
HEX32 = r"^[0-9a-f]{32}$"
MONTH = r"^[0-9]{4}-(0[1-9]|1[0-2])$"
INSTANT = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,6})?Z$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class BandCount(_Strict):
    """How many respondents' dimension scores fall in one band; null when withheld."""

    band: Literal["low", "middle", "high"]
    count: int | None = Field(ge=0)


class DimensionFigures(_Strict):
    """One dimension of one round: the published figures, each on n ≥ k respondents."""

    name: str = Field(min_length=1, max_length=100)
    label: str = Field(max_length=300)
    n: int = Field(ge=1, description="respondents with a score on this dimension")
    mean: float = Field(description="the dimension's mean (mean of its shown item means)")
    sd: float = Field(ge=0, description="standard deviation of respondents' scores")
    ci_low: float | None = Field(description="95% Student interval, lower end")
    ci_high: float | None = Field(description="95% Student interval, upper end")
    scale_low: float
    scale_high: float
    bands: list[BandCount] = Field(min_length=3, max_length=3)


class InstrumentRef(_Strict):
    key: str = Field(min_length=1, max_length=100)
    version: int = Field(ge=1)
    digest: str = Field(pattern=r"^[0-9a-f]{64}$", description="SHA-256 of the definition")
    title: str = Field(max_length=300)


class Profile(_Strict):
    """Shared only when the partnership's coordinator agreed."""

    type: str = Field(max_length=16, description="purpose kind: outcome, process, experimental")
    basis: str = Field(max_length=16, description="statutory, voluntary or contractual")
    region: str = Field(max_length=200)


class RoundFigures(_Strict):
    partnership_key: str = Field(pattern=HEX32, description="keyed pseudonym of the partnership")
    round_key: str = Field(pattern=HEX32, description="keyed pseudonym of the round")
    opened: str = Field(pattern=MONTH, description="month the round opened, YYYY-MM")
    closed: str = Field(pattern=MONTH, description="month the round closed, YYYY-MM")
    instrument: InstrumentRef
    profile: Profile | None
    frozen: str = Field(
        pattern=INSTANT, description="when these figures were first sent (ISO 8601, UTC)"
    )
    dimensions: list[DimensionFigures] = Field(min_length=1)


class Installation(_Strict):
    id: str = Field(pattern=HEX32, description="first 32 hex digits of SHA-256(public key)")
    public_key: str = Field(description="raw Ed25519 public key, base64")


class Packet(_Strict):
    """A benchmark packet (format version 1)."""

    format: Literal["joinedup-benchmark-packet"]
    format_version: Literal[1]
    installation: Installation
    created: str = Field(pattern=INSTANT, description="when the packet was made (ISO 8601, UTC)")
    k: int = Field(ge=3, description="the source installation's smallest group")
    rounds: list[RoundFigures]
    signature: str = Field(description="Ed25519 signature of the canonical JSON, base64")


def schema() -> dict[str, Any]:
    """The JSON Schema of a packet, as ``docs/benchmark-packets.md`` prints it."""
    return Packet.model_json_schema()


# -- keys and pseudonyms -------------------------------------------------------


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def public_key(private: bytes) -> str:
    """The raw public key (base64) of a raw 32-byte Ed25519 private key."""
    return _b64(Ed25519PrivateKey.from_private_bytes(private).public_key().public_bytes_raw())


def installation_id(public: str) -> str:
    """An installation's id: the first 32 hex digits of SHA-256 of its raw public key."""
    return hashlib.sha256(base64.b64decode(public)).hexdigest()[:32]


def pseudonym(private: bytes, kind: str, value: int | str) -> str:
    """A keyed pseudonym: HMAC-SHA256 under a key derived from the signing key,
    of ``kind:value``, first 32 hex digits. Stable for the installation, and
    nobody without its private key can compute it from a name or an id."""
    secret = hashlib.sha256(b"joinedup benchmark pseudonyms\x00" + private).digest()
    return hmac.new(secret, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()[:32]


def canonical(body: Mapping[str, Any]) -> bytes:
    """Canonical JSON of a packet without its signature: keys sorted, no
    whitespace, UTF-8 (non-ASCII kept as it is)."""
    unsigned = {k: v for k, v in body.items() if k != "signature"}
    return json.dumps(unsigned, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def sign(body: Mapping[str, Any], private: bytes) -> dict[str, Any]:
    """``body`` with its installation, format fields and signature filled in."""
    public = public_key(private)
    packet = {
        **body,
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "installation": {"id": installation_id(public), "public_key": public},
    }
    signature = Ed25519PrivateKey.from_private_bytes(private).sign(canonical(packet))
    packet["signature"] = _b64(signature)
    return packet


# -- the figures of one dimension ----------------------------------------------


def band_counts(scores: NDArray[np.float64], low: float, high: float) -> dict[str, int]:
    """Respondents' dimension scores counted in the three bands (NaN left out)."""
    x = scores[~np.isnan(scores)]
    third = (high - low) / 3
    lows = int(np.count_nonzero(x < low + third))
    highs = int(np.count_nonzero(x > high - third))
    return {"low": lows, "middle": int(x.size) - lows - highs, "high": highs}


def protected_bands(counts: Mapping[str, int], k: int) -> list[dict[str, Any]]:
    """The band counts with those the group rule withholds set to None."""
    hidden = guard_groups(dict(counts), k)
    return [{"band": b, "count": None if hidden[b] else counts[b]} for b in BANDS]


def _round(value: float | None) -> float | None:
    return None if value is None or math.isnan(value) else round(float(value), 6)


def dimension_figures(
    name: str,
    label: str,
    n: int,
    mean: float,
    sd: float,
    ci: tuple[float, float] | None,
    scale: tuple[float, float],
    scores: NDArray[np.float64],
    k: int,
) -> dict[str, Any] | None:
    """One dimension's entry, or None when it rests on fewer than k respondents."""
    check_k(k)
    if n < k or math.isnan(mean):
        return None
    low, high = scale
    return {
        "name": name,
        "label": label,
        "n": int(n),
        "mean": _round(mean),
        "sd": _round(sd) if not math.isnan(sd) else 0.0,
        "ci_low": _round(ci[0]) if ci else None,
        "ci_high": _round(ci[1]) if ci else None,
        "scale_low": float(low),
        "scale_high": float(high),
        "bands": protected_bands(band_counts(scores, low, high), k),
    }


# -- reading a packet ---------------------------------------------------------


def _refuse(code: str, message: str, column: str = "") -> ProblemError:
    return ProblemError([Problem(code, message, column=column)])


def _field(loc: tuple[int | str, ...]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _k_problems(packet: Packet, k: int) -> list[Problem]:
    """Every figure resting on fewer than ``k`` respondents, and band sets whose
    withheld part holds between 1 and k − 1 respondents."""
    found = []
    for i, rnd in enumerate(packet.rounds):
        for j, dim in enumerate(rnd.dimensions):
            where = f"rounds[{i}].dimensions[{j}]"
            if dim.n < k:
                found.append(
                    Problem(
                        "packet.k-violated", f"n is {dim.n}, below k = {k}", column=f"{where}.n"
                    )
                )
                continue
            shown = [b.count for b in dim.bands if b.count is not None]
            for b, band in enumerate(dim.bands):
                if band.count is not None and 0 < band.count < k:
                    found.append(
                        Problem(
                            "packet.k-violated",
                            f"band {band.band} counts {band.count}, below k = {k}",
                            column=f"{where}.bands[{b}].count",
                        )
                    )
            withheld = dim.n - sum(shown)
            if withheld < 0 or 0 < withheld < k:
                found.append(
                    Problem(
                        "packet.k-violated",
                        f"n minus the shown bands leaves {withheld} respondents "
                        f"(must be 0 or at least k = {k})",
                        column=f"{where}.bands",
                    )
                )
    return found


def read_packet(data: bytes, trusted: Callable[[str], bool], k: int) -> Packet:
    """Check a packet file and return it; raise :class:`ProblemError` naming the
    first thing wrong (the field, where there is one). ``trusted(public_key)``
    says whether the key belongs to a registered installation."""
    check_k(k)
    try:
        raw = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise _refuse("packet.unreadable", f"not a JSON document in UTF-8: {exc}") from None
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise _refuse(
            "packet.malformed", f"not a benchmark packet (format is not {FORMAT!r})", "format"
        )
    if raw.get("format_version") != FORMAT_VERSION:
        raise _refuse(
            "packet.format-version",
            f"format version {raw.get('format_version')!r}; this installation reads "
            f"version {FORMAT_VERSION}",
            "format_version",
        )
    try:
        packet = Packet.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise _refuse("packet.malformed", first["msg"], _field(tuple(first["loc"]))) from None
    public = packet.installation.public_key
    try:
        key = Ed25519PublicKey.from_public_bytes(base64.b64decode(public, validate=True))
    except ValueError:
        raise _refuse(
            "packet.malformed", "not a raw Ed25519 public key in base64", "installation.public_key"
        ) from None
    if packet.installation.id != installation_id(public):
        raise _refuse(
            "packet.malformed", "the id does not belong to the public key", "installation.id"
        )
    if not trusted(public):
        raise _refuse(
            "packet.unknown-key",
            f"installation {packet.installation.id} is not registered as trusted here",
            "installation.public_key",
        )
    try:
        key.verify(base64.b64decode(packet.signature, validate=True), canonical(raw))
    except (InvalidSignature, ValueError):
        raise _refuse(
            "packet.bad-signature",
            "the signature does not match the contents: the packet was changed after "
            "it was signed, or signed with another key",
            "signature",
        ) from None
    problems = _k_problems(packet, k)
    if problems:
        raise ProblemError(problems)
    return packet
