"""The quasi-network mix: how far a partnership coordinates by market, hierarchy or network.

Signals and their points (each 0…1; a signal not known is left out)
    Market: contractual basis (1, else 0); contracts between partners in
    force, from the contracts register: 1 when any is adversarial, 0.5 when all
    are obligational (relational contracting sits between market and network,
    Sako's distinction), 0 when none is in force; competitive bidding for the
    partnership's money (1/0); share of its money that is short-term or
    time-limited (the share itself); price deciding who provides: the share of
    recorded decisions on who provides in which price decided.
    Hierarchy: statutory basis (1, else 0); membership mandated by law or
    central government (1/0); central targets, ``min(1, n / 3)`` for ``n``
    targets; dominance of the lead (power concentration from the network
    analysis, 0…1).
    Network: voluntary basis (1, else 0); trust between partners, ``(t − 1)/4``
    for the mean 1–5 trust rating; reciprocity (share of ties returned, 0…1);
    sharing index (0…1, :mod:`joinedup.analysis.frameworks.sharing`); the
    health check's ownership-and-trust theme (0…1).

Shares
    Each mode's score is the mean of its known signals' points (so a mode is not
    favoured for having more signals); a mode without any known signal scores 0
    and is listed as missing. ``share = score / (market + hierarchy + network)``,
    so the three shares sum to one; when every known signal scores 0 the shares
    are a third each.

Enough to place the partnership
    The basis alone (taken from the register) scores every mode, so a new
    partnership with no data would read "network 100%". A mix is computed only
    when at least one signal of how the partners actually work together is known
    (:data:`EVIDENCE`: trust, reciprocity, the sharing index or the health
    check's ownership-and-trust theme); otherwise the shares are empty, the test
    is not applied (``closer_to_network`` None) and :func:`explain` says what is
    still needed.

The network test (Powell & Exworthy)
    A partnership worth the name is a quasi-network: closer to a network than
    to either of the others. It passes when the network share is strictly
    larger than both the market and the hierarchy share.

Reference: M. Powell and M. Exworthy (2002) 'Partnerships, quasi-networks and
social policy', in *Partnerships, New Labour and the governance of welfare*.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any

NAME = "modes"
TITLE = "The quasi-network mix"
MODES = ("market", "hierarchy", "network")


#: Signals of how partners work together; the mix waits for at least one of them.
EVIDENCE = ("trust", "reciprocity", "sharing", "ownership_trust")

#: Each signal's name in words, for every sentence a reader sees.
SIGNAL_LABELS = {
    "basis": "the partnership's basis (statutory, voluntary or contractual)",
    "contracts_between_partners": "contracts between partners",
    "competitive_bidding": "competitive bidding for its money",
    "short_term_money_share": "the share of short-term money",
    "price_decides": "whether price decides who provides",
    "mandated_membership": "membership mandated from above",
    "central_targets": "central targets",
    "lead_dominance": "how far the lead dominates the network",
    "trust": "trust between partners",
    "reciprocity": "how often ties are returned",
    "sharing": "what partners share",
    "ownership_trust": "the health check's ownership-and-trust theme",
}


CONTRACT_NOTES = {
    1.0: "an adversarial contract in force",
    0.5: "obligational contracts only",
    0.0: "no contract in force",
}

#: What recorded market signals imply, with their source, for :func:`explain`.
IMPLICATIONS = {
    "contracts between partners": (
        "Contracts between partners bring market discipline into the partnership; "
        "adversarial ones keep partners at arm's length, obligational ones rest on "
        "trust and sit nearer the network (Sako 1992, Prices, quality and trust; "
        "Powell & Exworthy 2002)."
    ),
    "price decides": (
        "Where price chooses the provider, partners compete rather than collaborate "
        "on that service: a market element of the quasi-network (Powell & Exworthy 2002)."
    ),
}


@dataclass(frozen=True)
class MixSignals:
    basis: str | None = None  # statutory, voluntary or contractual
    contracts_between_partners: float | None = None  # 1 adversarial, 0.5 obligational
    competitive_bidding: bool | None = None
    short_term_money_share: float | None = None
    price_decides: float | None = None  # share of decisions led by price
    mandated_membership: bool | None = None
    central_targets: int | None = None
    lead_dominance: float | None = None
    trust: float | None = None  # mean 1–5
    reciprocity: float | None = None
    sharing: float | None = None
    ownership_trust: float | None = None


@dataclass(frozen=True)
class Signal:
    mode: str
    name: str
    points: float
    note: str


@dataclass(frozen=True)
class Mix:
    shares: dict[str, float]
    signals: tuple[Signal, ...]
    missing: tuple[str, ...]
    closer_to_network: bool | None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _clip(value: float) -> float:
    return min(1.0, max(0.0, value))


def _flag(value: bool | None) -> float | None:
    return None if value is None else float(value)


def _signals(s: MixSignals) -> list[Signal]:
    basis = s.basis
    table: list[tuple[str, str, float | None, str]] = [
        (
            "market",
            "contractual basis",
            None if basis is None else float(basis == "contractual"),
            f"basis: {basis}",
        ),
        (
            "market",
            "contracts between partners",
            s.contracts_between_partners,
            CONTRACT_NOTES.get(s.contracts_between_partners or 0.0, ""),
        ),
        ("market", "competitive bidding", _flag(s.competitive_bidding), ""),
        ("market", "short-term money", s.short_term_money_share, "share of the money"),
        ("market", "price decides", s.price_decides, "share of decisions on who provides"),
        (
            "hierarchy",
            "statutory basis",
            None if basis is None else float(basis == "statutory"),
            f"basis: {basis}",
        ),
        ("hierarchy", "mandated membership", _flag(s.mandated_membership), ""),
        (
            "hierarchy",
            "central targets",
            None if s.central_targets is None else s.central_targets / 3,
            f"{s.central_targets} targets",
        ),
        ("hierarchy", "dominant lead", s.lead_dominance, "power concentration"),
        (
            "network",
            "voluntary basis",
            None if basis is None else float(basis == "voluntary"),
            f"basis: {basis}",
        ),
        (
            "network",
            "trust",
            None if s.trust is None else (s.trust - 1) / 4,
            f"mean rating {s.trust}",
        ),
        ("network", "reciprocity", s.reciprocity, "share of ties returned"),
        ("network", "sharing", s.sharing, "sharing index"),
        ("network", "ownership and trust", s.ownership_trust, "health-check theme"),
    ]
    return [Signal(m, n, _clip(p), note) for m, n, p, note in table if p is not None]


def compute(signals: MixSignals) -> Mix:
    """Shares of market, hierarchy and network, and the network test."""
    found = _signals(signals)
    known = [f.name for f in fields(MixSignals) if getattr(signals, f.name) is not None]
    missing = tuple(f.name for f in fields(MixSignals) if f.name not in known)
    if not found or not any(name in known for name in EVIDENCE):
        return Mix({}, tuple(found), missing, None)
    scores = {}
    for mode in MODES:
        points = [sig.points for sig in found if sig.mode == mode]
        scores[mode] = sum(points) / len(points) if points else 0.0
    total = sum(scores.values())
    shares = {m: (scores[m] / total if total > 0 else 1 / 3) for m in MODES}
    closer = shares["network"] > max(shares["market"], shares["hierarchy"])
    return Mix(shares, tuple(found), missing, closer)


def explain(result: Mix) -> str:
    """The shares, the signals behind them and the network test."""
    if not result.shares:
        needed = ", ".join(SIGNAL_LABELS[name] for name in EVIDENCE)
        text = (
            "Not enough is known yet to place the partnership between market, hierarchy "
            f"and network: the mix waits for at least one reading of how partners work "
            f"together ({needed}), from the surveys or the sharing register."
        )
        return text
    shares = ", ".join(f"{m} {result.shares[m]:.0%}" for m in MODES)
    strongest = sorted(result.signals, key=lambda s: -s.points)[:4]
    verdict = (
        "closer to a network than to either market or hierarchy — a quasi-network"
        if result.closer_to_network
        else "not closer to a network than to both market and hierarchy"
    )
    text = (
        f"Mix: {shares}. Each mode's score is the mean of its known signals; the shares "
        f"divide the scores by their total. Strongest signals: "
        + "; ".join(f"{s.name} ({s.mode}, {s.points:.2f})" for s in strongest)
        + f". By the network test the partnership is {verdict}."
    )
    for signal in result.signals:
        if signal.name in IMPLICATIONS and signal.points > 0:
            text += f" {IMPLICATIONS[signal.name]}"
    if result.missing:
        text += f" Not known: {', '.join(SIGNAL_LABELS.get(m, m) for m in result.missing)}."
    return text
