"""``joinedup analyse scores`` and ``joinedup analyse reliability`` on plain files.

For evaluators holding data from other tools: FORM is a native instrument (YAML)
or an XLSForm (groups are the dimensions, numeric choice names the values); FILE
is CSV or XLSX with one row per respondent and one column per item: joinedup's own
layout, or a KoboToolbox or ODK Central export as it comes (which one it is, and
the columns ignored, is said on standard error; see docs/importing-data.md).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

from joinedup.analysis.suppression import DEFAULT_K, Suppressed, check_k
from joinedup.cli import CommandError

if TYPE_CHECKING:
    from rich.table import Table

    from joinedup.analysis.scoring import RoundScores


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--form", required=True, help="XLSForm (.xlsx) or instrument (.yaml)")
    parser.add_argument("--responses", required=True, help="responses file (.csv or .xlsx)")
    parser.add_argument("--json", action="store_true", help="print one JSON document")
    parser.add_argument(
        "--min-respondents",
        type=int,
        default=DEFAULT_K,
        metavar="K",
        help=f"hide figures resting on fewer than K respondents (default {DEFAULT_K}, minimum 3)",
    )
    parser.add_argument(
        "--ignore-column",
        action="append",
        default=[],
        metavar="NAME",
        help="leave out this column, which is not a question of the form (repeatable)",
    )


def register_analyse(subparsers: Any) -> None:
    scores = subparsers.add_parser(
        "scores", help="Item and dimension scores, agreement and group divergence of a file."
    )
    _common(scores)
    scores.add_argument("--group-column", metavar="COL", help="column naming the stakeholder group")
    scores.set_defaults(handler=run_scores, needs_django=False)
    rel = subparsers.add_parser(
        "reliability", help="Cronbach's alpha with its confidence interval per dimension."
    )
    _common(rel)
    rel.add_argument(
        "--missing",
        choices=["pairwise", "listwise"],
        default="pairwise",
        help="how alpha treats missing answers (default pairwise)",
    )
    rel.set_defaults(handler=run_reliability, needs_django=False)


def _load(args: argparse.Namespace, group_column: str | None = None) -> tuple[Any, list[Any], int]:
    from joinedup.analysis.forms import load_form
    from joinedup.analysis.instruments import InstrumentError
    from joinedup.analysis.responses_file import read_responses_file

    try:
        k = check_k(args.min_respondents)
    except ValueError as exc:
        raise CommandError(str(exc)) from None
    try:
        instrument = load_form(args.form)
        answers, layout = read_responses_file(
            args.responses, instrument, group_column, args.ignore_column
        )
    except InstrumentError as exc:
        for problem in exc.problems[1:]:
            print(f"joinedup: {problem}", file=sys.stderr)
        raise CommandError(str(exc.problems[0]) if exc.problems else "unreadable input") from None
    print(f"{args.responses}: {layout.describe()}", file=sys.stderr)
    return instrument, answers, k


def _fmt(value: object, digits: int = 2) -> str:
    if isinstance(value, Suppressed):
        return f"[dim]{value.reason}[/dim]"
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "split" if value else "consensus"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    if isinstance(value, tuple):
        return "–".join(f"{v:.{digits}f}" for v in value)
    return str(value)


def run_reliability(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.table import Table

    from joinedup.analysis.reliability import reliability

    instrument, answers, k = _load(args)
    rows = reliability(instrument, answers, k, missing=args.missing)
    if args.json:
        print(json.dumps({"dimensions": [r.to_dict() for r in rows]}))
        return 0
    table = Table(title=f"Reliability of {instrument.id} (Cronbach's alpha, Feldt 95% CI)")
    for heading in ("Dimension", "Items", "n", "alpha", "95% CI"):
        table.add_column(heading)
    for r in rows:
        table.add_row(
            r.dimension, str(len(r.items)), _fmt(r.n), _fmt(r.alpha, 3), _fmt(r.alpha_ci, 3)
        )
    Console().print(table)
    return 0


def _dimension_table(result: RoundScores) -> Table:
    from rich.table import Table

    table = Table(title=f"Dimensions of {result.instrument} (k = {result.k})")
    for heading in (
        "Dimension",
        "n",
        "Mean",
        "95% CI",
        "Median",
        "rwg(J)",
        "SD",
        "alpha",
        "Band",
        "Reading",
        "Don't know",
    ):
        table.add_column(heading)
    for d in result.dimensions:
        table.add_row(
            d.label, _fmt(d.n), _fmt(d.mean), _fmt(d.ci), _fmt(d.median), _fmt(d.rwg_j),
            _fmt(d.sd), _fmt(d.alpha), _fmt(d.band), _fmt(d.split), _fmt(d.dont_know_share),
        )  # fmt: skip
    return table


def _item_table(result: RoundScores) -> Table:
    from rich.table import Table

    table = Table(title="Items")
    for heading in ("Item", "Dimension", "n", "Mean", "95% CI", "Median", "rwg", "SD", "Band"):
        table.add_column(heading)
    for i in result.items:
        table.add_row(
            i.item, i.dimension, _fmt(i.n), _fmt(i.mean), _fmt(i.ci), _fmt(i.median),
            _fmt(i.rwg), _fmt(i.sd), _fmt(i.band),
        )  # fmt: skip
    return table


def _grid_table(result: RoundScores) -> Table:
    from rich.table import Table

    grid = result.grid()
    table = Table(
        title="Stakeholder groups × dimensions (group means; * = groups differ, Holm p < 0.05)"
    )
    table.add_column("Group")
    for issue in grid.issues:
        table.add_column(issue + (" *" if grid.differs[issue] else ""))
    for group, cells in grid.rows():
        table.add_row(group, *[_fmt(c) for c in cells])
    return table


def run_scores(args: argparse.Namespace) -> int:
    from rich.console import Console

    from joinedup.analysis.scoring import score_round

    instrument, answers, k = _load(args, args.group_column)
    result = score_round(instrument, answers, k)
    if args.json:
        print(json.dumps(result.to_dict()))
        return 0
    console = Console(width=None if Console().is_terminal else 140)
    console.print(f"Respondents: {_fmt(result.respondents)}")
    console.print(_dimension_table(result))
    console.print(_item_table(result))
    if args.group_column:
        console.print(_grid_table(result))
    return 0
