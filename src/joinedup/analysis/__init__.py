"""joinedup's analysis core, usable on its own: from a notebook, a script or another tool.

Plain data in, plain data out; no Django, no database. The names below are the
public API (``docs/python-api.md`` shows them at work, and a test runs its examples).
They are imported on first use (PEP 562), so ``import joinedup.analysis`` costs
nothing until a name is touched — the command line's start-up depends on that.

Instruments: :func:`load_form` (YAML or XLSForm file), :func:`parse_instrument`
(a mapping), :func:`builtin` / :func:`builtin_instruments` (the six built-in ones),
:class:`Instrument`; a bad file raises :class:`ProblemError` (also called
:class:`InstrumentError`) listing each :class:`Problem` with its code, file, row and
column; every importer raises it. Tables: :func:`load_table` (CSV or the first
sheet of a workbook, as every importer reads them). Scores: :func:`read_responses`
(CSV/XLSX of answers into :class:`AnswerRow` records), :func:`score_round` (a
:class:`RoundScores`), :func:`score_reliability`. Networks: :func:`read_edge_list`,
:func:`read_nodes`, :func:`read_memberships` (a bad file raises
:class:`NetworkFileError`, the same :class:`ProblemError`), :func:`make_network`
(a :class:`Network` of :class:`Node`),
:func:`network_summary`, :func:`interlocks`. Confidentiality: :func:`guard_groups`,
:func:`protect_cells`, :func:`disclosures`, :class:`Suppressed`.
"""

from __future__ import annotations

import importlib
from typing import Any

#: Public name → the module that defines it (relative to this package) and its name there.
_EXPORTS: dict[str, tuple[str, str]] = {
    "Instrument": (".instruments", "Instrument"),
    "InstrumentError": (".problems", "InstrumentError"),
    "Problem": (".problems", "Problem"),
    "ProblemError": (".problems", "ProblemError"),
    "load_table": (".tables", "load_table"),
    "load_form": (".forms", "load_form"),
    "parse_instrument": (".instruments", "parse_instrument"),
    "builtin": (".library", "builtin"),
    "builtin_instruments": (".library", "builtin_instruments"),
    "AnswerRow": (".data", "AnswerRow"),
    "read_responses": (".responses_file", "read_responses"),
    "score_round": (".scoring", "score_round"),
    "RoundScores": (".scoring", "RoundScores"),
    "score_reliability": (".reliability", "reliability"),
    "Network": (".network.build", "Network"),
    "Node": (".network.build", "Node"),
    "make_network": (".network.build", "make_network"),
    "read_edge_list": (".network.files", "read_edge_list"),
    "read_nodes": (".network.files", "read_nodes"),
    "read_memberships": (".network.files", "read_memberships"),
    "NetworkFileError": (".network.files", "NetworkFileError"),
    "network_summary": (".network.report", "file_summary"),
    "interlocks": (".network.interlocks", "interlocks"),
    "Suppressed": (".suppression", "Suppressed"),
    "guard_groups": (".suppression", "guard_groups"),
    "protect_cells": (".disclosure", "protect_cells"),
    "disclosures": (".disclosure", "disclosures"),
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    try:
        module, attribute = _EXPORTS[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    value = getattr(importlib.import_module(module, __name__), attribute)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
