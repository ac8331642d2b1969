"""Reading networks and memberships from CSV files made by other tools.

Edge list: a CSV with a header holding ``source`` and ``target`` and optional
further columns (a weight column chosen by name, a ``relation`` column).
Nodes file: a CSV with ``id`` and optional ``name`` and ``sector``.
Memberships: a CSV with ``organisation`` and ``partnership``.

Policies (each a clear :class:`NetworkFileError` naming file and line):

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

Line numbers count the header as line 1.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from joinedup.analysis.network_build import Network, Node, make_network


@dataclass
class NetworkFileError(Exception):
    """An input file could not be used; the message says where and why."""

    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}, line {self.line}" if self.line is not None else self.file
        return f"{where}: {self.message}"


def _rows(path: Path, required: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    name = str(path)
    try:
        handle = path.open(newline="", encoding="utf-8-sig")
    except OSError as exc:
        raise NetworkFileError(name, None, f"cannot open the file ({exc.strerror})") from None
    with handle:
        try:
            reader = csv.DictReader(handle)
            header = [h.strip() for h in (reader.fieldnames or [])]
            missing = [c for c in required if c not in header]
            if missing:
                raise NetworkFileError(
                    name,
                    1,
                    f"missing column {', '.join(missing)} (the header has: "
                    f"{', '.join(header) or 'nothing'})",
                )
            reader.fieldnames = header
            for row in reader:
                clean = {k: (v or "").strip() for k, v in row.items() if k is not None}
                yield reader.line_num, clean
        except (csv.Error, UnicodeDecodeError) as exc:
            raise NetworkFileError(name, None, f"not a readable CSV file ({exc})") from None


def read_nodes(path: Path) -> list[Node]:
    """Nodes from a CSV with ``id`` (required), ``name`` and ``sector``."""
    nodes: list[Node] = []
    seen: set[str] = set()
    for line, row in _rows(path, ("id",)):
        node_id = row["id"]
        if not node_id:
            raise NetworkFileError(str(path), line, "empty id")
        if node_id in seen:
            raise NetworkFileError(str(path), line, f"id {node_id!r} appears twice")
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
        raise NetworkFileError(
            str(path), line, f"weight {text!r} in column {column} is not a number"
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
            raise NetworkFileError(
                str(path), line, f"the file holds several relations ({names}); choose one"
            )
        relations.add(rel)
        if relation is not None and rel != relation:
            continue
        source, target = row["source"], row["target"]
        if not source or not target:
            raise NetworkFileError(str(path), line, "empty source or target")
        if source == target:
            raise NetworkFileError(
                str(path),
                line,
                f"self-loop {source!r} → {source!r}: ties must join two different organisations",
            )
        for end in (source, target):
            if known is not None and end not in known:
                raise NetworkFileError(
                    str(path), line, f"node {end!r} is not in the nodes file {nodes_path}"
                )
            order.setdefault(end, None)
        value = _weight(path, line, row, weight)
        key = (source, target) if directed else (min(source, target), max(source, target))
        if key in ties and (directed or ties[key] != value):
            raise NetworkFileError(
                str(path), line, f"the tie {source!r} → {target!r} appears more than once"
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
            raise NetworkFileError(str(path), line, "empty organisation or partnership")
        pairs.setdefault((org, partnership), None)
    return list(pairs)
