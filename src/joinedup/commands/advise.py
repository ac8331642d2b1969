"""``joinedup advise``: the governance-mode advisor on the command line.

Answers come from flags (``--holds information,multi_agency``, ``--not few_providers``,
``--answer hard_to_price=4``) or a file: YAML (a mapping condition → yes/no/1–5) or CSV
(columns ``condition,answer``, read as every table is: :mod:`joinedup.analysis.tables`).
Flags override the file.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from joinedup.cli import CommandError


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "advise", help="Recommend network, relational contract, market or in-house for a service."
    )
    p.add_argument("file", nargs="?", type=Path, help="YAML or CSV file of condition → answer")
    p.add_argument("--holds", default="", help="comma-separated conditions that hold")
    p.add_argument("--not", dest="not_", default="", help="comma-separated conditions that do not")
    p.add_argument(
        "--answer", action="append", default=[], help="condition=yes|no|1-5 (repeatable)"
    )
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.add_argument("--list", action="store_true", help="list the conditions and exit")
    p.set_defaults(handler=run_advise, needs_django=False)


def _from_csv(path: Path) -> dict[str, Any]:
    from joinedup.analysis.problems import ProblemError
    from joinedup.analysis.tables import as_mapping, load_table

    try:
        table = load_table(path)
    except ProblemError as exc:
        raise CommandError(str(exc)) from None
    if table.rows and not {"condition", "answer"} <= set(table.header):
        raise CommandError(f"{path}: the header must be 'condition,answer'")
    answers: dict[str, Any] = {}
    for row_no, cells in table.rows:
        row = as_mapping(table.header, cells)
        if not row["answer"]:
            raise CommandError(f"{path}, row {row_no}, column answer: empty answer")
        answers[row["condition"]] = row["answer"]
    return answers


def _from_file(path: Path) -> dict[str, Any]:
    import yaml

    if not path.exists():
        raise CommandError(f"{path}: no such file")
    if path.suffix.lower() == ".csv":
        return _from_csv(path)
    text = path.read_text(encoding="utf-8")
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise CommandError(f"{path}: not valid YAML ({exc.__class__.__name__})") from exc
    if not isinstance(data, dict):
        raise CommandError(f"{path}: expected a mapping of condition: answer")
    return {str(k): v for k, v in data.items()}


def _answers(args: argparse.Namespace) -> dict[str, Any]:
    answers = _from_file(args.file) if args.file else {}
    for name in filter(None, (c.strip() for c in args.holds.split(","))):
        answers[name] = "yes"
    for name in filter(None, (c.strip() for c in args.not_.split(","))):
        answers[name] = "no"
    for pair in args.answer:
        if "=" not in pair:
            raise CommandError(f"--answer {pair}: write condition=answer")
        name, value = pair.split("=", 1)
        answers[name.strip()] = value.strip()
    return answers


def run_advise(args: argparse.Namespace) -> int:
    from joinedup.analysis.frameworks import advisor

    if args.list:
        for name, text in [*advisor.RHODES.items(), *advisor.INHOUSE.items()]:
            print(f"{name:25} {text}")
        return 0
    try:
        advice = advisor.compute(_answers(args))
    except ValueError as exc:
        raise CommandError(str(exc)) from exc
    if args.json:
        print(json.dumps(advice.to_dict(), indent=2))
        return 0
    print(advisor.explain(advice))
    print("For:")
    for reason in advice.reasons_for:
        print(f"  + {reason}")
    print("Against:")
    for reason in advice.reasons_against or ("nothing",):
        print(f"  - {reason}")
    return 0
