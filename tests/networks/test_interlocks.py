"""Interlocking partnerships from memberships."""

from __future__ import annotations

from joinedup.analysis.network.interlocks import interlocks

# The CVS sits on five partnerships; the council on three.
MEMBERSHIPS = [
    ("cvs", "LSP"),
    ("cvs", "CSP"),
    ("cvs", "HSC"),
    ("cvs", "Youth"),
    ("cvs", "Arts"),
    ("council", "LSP"),
    ("council", "CSP"),
    ("council", "HSC"),
    ("police", "CSP"),
    ("tenants", "LSP"),
]


def test_partnerships_per_organisation_and_overload():
    result = interlocks(MEMBERSHIPS)
    assert [(o.id, o.count, o.overloaded) for o in result.organisations] == [
        ("cvs", 5, True),
        ("council", 3, False),
        ("police", 1, False),
        ("tenants", 1, False),
    ]
    assert interlocks(MEMBERSHIPS, threshold=5).load_of("cvs").overloaded is False


def test_organisation_pairs_by_shared_partnerships():
    result = interlocks(MEMBERSHIPS)
    pairs = [(p.a, p.b, p.shared) for p in result.organisation_pairs]
    assert pairs[0] == ("council", "cvs", 3)
    assert ("council", "police", 1) in pairs
    assert ("police", "tenants", 1) not in pairs
    assert result.partners_of("cvs")[0] == ("council", 3)


def test_partnership_pairs_by_shared_organisations():
    pairs = [(p.a, p.b, p.shared) for p in interlocks(MEMBERSHIPS).partnership_pairs]
    assert pairs[:3] == [("CSP", "HSC", 2), ("CSP", "LSP", 2), ("HSC", "LSP", 2)]
    assert ("Arts", "Youth", 1) in pairs
    assert [s for _, _, s in pairs] == sorted((s for _, _, s in pairs), reverse=True)
