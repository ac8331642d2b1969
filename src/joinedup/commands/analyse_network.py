"""``joinedup analyse network`` and ``joinedup analyse interlocks`` on plain files.

``network`` reads an edge list (CSV: ``source,target`` and optional weight and
``relation`` columns) and optionally a nodes file (``id``, ``name``,
``sector``); ``interlocks`` reads memberships (``organisation,partnership``).
Bad files get one line naming the file and line, never a traceback.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from joinedup.analysis.network.interlocks import OVERLOAD_THRESHOLD
from joinedup.cli import CommandError


def register_analyse(subparsers: Any) -> None:
    network = subparsers.add_parser(
        "network", help="Density, centralisation, brokers and node measures of an edge list."
    )
    network.add_argument("--edges", required=True, metavar="FILE", help="edge list CSV")
    network.add_argument("--nodes", metavar="FILE", help="nodes CSV (id, name, sector)")
    direction = network.add_mutually_exclusive_group()
    direction.add_argument(
        "--directed", dest="directed", action="store_true", default=True, help="(default)"
    )
    direction.add_argument("--undirected", dest="directed", action="store_false")
    network.add_argument("--weight", metavar="COL", help="column holding tie weights")
    network.add_argument("--relation", metavar="NAME", help="keep only this relation")
    network.add_argument("--seed", type=int, default=0, help="seed for communities (default 0)")
    network.add_argument("--json", action="store_true", help="print one JSON document")
    network.set_defaults(handler=run_network, needs_django=False)
    inter = subparsers.add_parser(
        "interlocks", help="Organisations in many partnerships and the pairs they share."
    )
    inter.add_argument("--memberships", required=True, metavar="FILE", help="memberships CSV")
    inter.add_argument(
        "--overload",
        type=int,
        default=OVERLOAD_THRESHOLD,
        metavar="N",
        help=f"flag organisations in more than N partnerships (default {OVERLOAD_THRESHOLD})",
    )
    inter.add_argument("--json", action="store_true", help="print one JSON document")
    inter.set_defaults(handler=run_interlocks, needs_django=False)


def run_network(args: argparse.Namespace) -> int:
    from joinedup.analysis.network.files import NetworkFileError, read_edge_list
    from joinedup.analysis.network.report import file_summary

    try:
        network = read_edge_list(
            Path(args.edges),
            Path(args.nodes) if args.nodes else None,
            directed=args.directed,
            weight=args.weight,
            relation=args.relation,
        )
    except NetworkFileError as exc:
        raise CommandError(str(exc)) from None
    doc = file_summary(network, weighted=bool(args.weight), seed=args.seed)
    if args.json:
        print(json.dumps(doc, indent=2))
        return 0
    _print_network(doc)
    return 0


def _print_network(doc: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    from joinedup.analysis.network.measures import MEANINGS

    console = Console()
    graph = doc["graph"]
    head = Table(title="Network", show_header=False)
    for key in ("nodes", "edges", "density", "centralization", "reciprocity"):
        value = graph[key]
        shown = f"{value:.3f}" if isinstance(value, float) else str(value)
        meaning = MEANINGS[{"nodes": "size", "edges": "ties"}.get(key, key)]
        head.add_row(key, shown, meaning)
    console.print(head)
    table = Table(title="Top brokers (by betweenness)")
    for column in ("id", "sector", "degree", "betweenness", "closeness", "coreness"):
        table.add_column(column)
    by_id = {n["id"]: n for n in doc["nodes"]}
    for node_id in doc["brokers"][:15]:
        n = by_id[node_id]
        table.add_row(
            node_id,
            n["sector"] or "—",
            str(n["degree"]),
            f"{n['betweenness']:.4f}",
            f"{n['closeness']:.4f}",
            str(n["coreness"]),
        )
    console.print(table)


def run_interlocks(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.table import Table

    from joinedup.analysis.network.files import NetworkFileError, read_memberships
    from joinedup.analysis.network.interlocks import interlocks

    if args.overload < 1:
        raise CommandError("--overload must be at least 1")
    try:
        pairs = read_memberships(Path(args.memberships))
    except NetworkFileError as exc:
        raise CommandError(str(exc)) from None
    result = interlocks(pairs, threshold=args.overload)
    doc = {
        "organisations": [
            {"id": o.id, "partnerships": o.count, "overloaded": o.overloaded}
            for o in result.organisations
        ],
        "organisation_pairs": [
            {"a": p.a, "b": p.b, "shared": p.shared} for p in result.organisation_pairs
        ],
        "partnership_pairs": [
            {"a": p.a, "b": p.b, "shared": p.shared} for p in result.partnership_pairs
        ],
    }
    if args.json:
        print(json.dumps(doc, indent=2))
        return 0
    console = Console()
    table = Table(title=f"Partnerships per organisation (overload above {args.overload})")
    for column in ("organisation", "partnerships", "overloaded"):
        table.add_column(column)
    for o in result.organisations:
        table.add_row(o.id, str(o.count), "yes" if o.overloaded else "")
    console.print(table)
    for title, rows in (
        ("Organisation pairs by shared partnerships", result.organisation_pairs),
        ("Partnership pairs by shared organisations", result.partnership_pairs),
    ):
        pairs_table = Table(title=title)
        for column in ("a", "b", "shared"):
            pairs_table.add_column(column)
        for p in rows[:20]:
            pairs_table.add_row(p.a, p.b, str(p.shared))
        console.print(pairs_table)
    return 0
