"""Reading networks and memberships from CSV files made by other tools.

Edge list: a CSV with a header holding ``source`` and ``target`` and optional
further columns (a weight column chosen by name, a ``relation`` column).
Nodes file: a CSV with ``id`` and optional ``name`` and ``sector``.
Memberships: a CSV with ``organisation`` and ``partnership``.

Each file is read by :mod:`joinedup.analysis.tables` (UTF-8, comma or semicolon
separated). Policies (each a :class:`~joinedup.analysis.problems.ProblemError`,
here also called :data:`NetworkFileError`, whose problem names file and line):

* a missing required column, an empty source/target/id;
* a **self-loop** (source equals target) is refused: an organisation cannot be
  its own partner, and a self-loop usually means a shifted column;
* a tie naming a node absent from the nodes file, when one is given;
* a weight that is not a finite number;
* the same tie twice (in a directed file: same source and target; in an
  undirected file: the same pair either way round with different weights) —
  an identical repeat of an undirected pair is accepted as the same tie;
* a file holding several relations without ``relation=`` chosen (named at the
  first line with a second relation).

Line numbers count the header as line 1 and are the rows a spreadsheet shows (a
quoted cell holding a line break does not add one).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path

from joinedup.analysis.network.build import Network, Node, make_network
from joinedup.analysis.problems import Problem, ProblemError, Style
from joinedup.analysis.tables import as_mapping, load_table

#: The exception a refused network file raises (the one every importer raises).
NetworkFileError = ProblemError


def _refuse(path: Path, line: int | None, code: str, message: str) -> ProblemError:
    """The refusal of ``path`` at ``line`` (``None``: the whole file)."""
    problem = Problem(code, message, file=str(path), row=line, style=Style.LINES)
    return ProblemError([problem], file=str(path))


def _rows(path: Path, required: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    """(line, column → cell) of every data row that holds anything."""
    table = load_table(path, style=Style.LINES)
    missing = [c for c in required if c not in table.header]
    if missing:
        raise _refuse(
            path,
            1,
            "network.missing-column",
            f"missing column {', '.join(missing)} (the header has: "
            f"{', '.join(table.header) or 'nothing'})",
        )
    for line, row in table.rows:
        yield line, as_mapping(table.header, row)


def read_nodes(path: Path) -> list[Node]:
    """Nodes from a CSV with ``id`` (required), ``name`` and ``sector``."""
    nodes: list[Node] = []
    seen: set[str] = set()
    for line, row in _rows(path, ("id",)):
        node_id = row["id"]
        if not node_id:
            raise _refuse(path, line, "network.empty-cell", "empty id")
        if node_id in seen:
            raise _refuse(path, line, "network.duplicate-node", f"id {node_id!r} appears twice")
        seen.add(node_id)
        nodes.append(Node(node_id, row.get("name", ""), row.get("sector", "")))
    return nodes


def _weight(path: Path, line: int, row: dict[str, str], column: str | None) -> float:
    if column is None:
        return 1.0
    text = row.get(column, "")
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise _refuse(
            path, line, "network.bad-weight", f"weight {text!r} in column {column} is not a number"
        )
    return value


def read_edge_list(
    path: Path,
    nodes_path: Path | None = None,
    *,
    directed: bool = True,
    weight: str | None = None,
    relation: str | None = None,
) -> Network:
    """A :class:`Network` from an edge-list CSV (and optionally a nodes CSV)."""
    required = ("source", "target") + ((weight,) if weight else ())
    given = read_nodes(nodes_path) if nodes_path is not None else None
    known = {n.id for n in given} if given is not None else None
    ties: dict[tuple[str, str], float] = {}
    order: dict[str, None] = {}
    relations: set[str] = set()
    for line, row in _rows(path, required):
        rel = row.get("relation", "")
        if relation is None and relations and rel not in relations:
            names = ", ".join(sorted(relations | {rel}))
            raise _refuse(
                path,
                line,
                "network.several-relations",
                f"the file holds several relations ({names}); choose one",
            )
        relations.add(rel)
        if relation is not None and rel != relation:
            continue
        source, target = row["source"], row["target"]
        if not source or not target:
            raise _refuse(path, line, "network.empty-cell", "empty source or target")
        if source == target:
            raise _refuse(
                path,
                line,
                "network.self-loop",
                f"self-loop {source!r} → {source!r}: ties must join two different organisations",
            )
        for end in (source, target):
            if known is not None and end not in known:
                raise _refuse(
                    path,
                    line,
                    "network.unknown-node",
                    f"node {end!r} is not in the nodes file {nodes_path}",
                )
            order.setdefault(end, None)
        value = _weight(path, line, row, weight)
        key = (source, target) if directed else (min(source, target), max(source, target))
        if key in ties and (directed or ties[key] != value):
            raise _refuse(
                path,
                line,
                "network.duplicate-tie",
                f"the tie {source!r} → {target!r} appears more than once",
            )
        ties[key] = value
    nodes = given if given is not None else [Node(i) for i in order]
    return make_network(nodes, ties, directed=directed, relation=relation or "")


def read_memberships(path: Path) -> list[tuple[str, str]]:
    """``(organisation, partnership)`` pairs from a memberships CSV (repeats dropped)."""
    pairs: dict[tuple[str, str], None] = {}
    for line, row in _rows(path, ("organisation", "partnership")):
        org, partnership = row["organisation"], row["partnership"]
        if not org or not partnership:
            raise _refuse(path, line, "network.empty-cell", "empty organisation or partnership")
        pairs.setdefault((org, partnership), None)
    return list(pairs)
