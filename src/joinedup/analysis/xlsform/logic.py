"""The logic cells of survey rows: skip logic, checks, calculations, filters.

:class:`LogicCells` reads a row's ``relevant``, ``constraint`` (with
``constraint_message``), ``required_message``, ``calculation``, ``choice_filter``,
``default``, ``read_only`` and ``parameters`` (of a range) into an item's fields,
joins the conditions of the groups around the row into its ``relevant``, and
remembers where each expression was written. :meth:`LogicCells.check` then
compiles every one of them (:func:`~joinedup.analysis.formlogic.compile_expression`),
once all the question names are known, and reports one that joinedup cannot
evaluate at its sheet, row and column. Media columns are refused cell by cell;
columns and appearances only a phone app honours become warnings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from joinedup.analysis.formlogic import ExpressionError, compile_expression
from joinedup.analysis.instruments import Label
from joinedup.analysis.xlsform.sheets import Column, Problems, Row, Sheet
from joinedup.analysis.xlsform.vocab import (
    MEDIA_COLUMNS,
    PHONE_ONLY_APPEARANCE,
    PHONE_ONLY_COLUMNS,
)

EXPRESSION_COLUMNS = ("relevant", "constraint", "calculation", "choice_filter")
_PARAMETER = re.compile(r"(\w+)\s*=\s*(-?[\d.]+)")


@dataclass
class _Written:
    row: int
    column: Column
    text: str


@dataclass
class LogicCells:
    problems: Problems
    sheet: Sheet
    language: str
    written: list[_Written] = field(default_factory=list)

    def column(self, base: str) -> Column | None:
        return self.sheet.column(base) or next(iter(self.sheet.languages(base).values()), None)

    def text(self, row: Row, base: str) -> str:
        return row.text(self.column(base))

    def expression(self, row: Row, base: str) -> str | None:
        text = self.text(row, base)
        column = self.column(base)
        if not text or column is None:
            return None
        self.written.append(_Written(row.number, column, text))
        return text

    def message(self, row: Row, base: str) -> Label | None:
        columns = self.sheet.languages(base)
        label = {str(lang or self.language): row.text(c) for lang, c in columns.items()}
        return {lang: text for lang, text in label.items() if text} or None

    def fields(self, row: Row, around: list[str]) -> dict[str, Any]:
        """The item fields of a question row; ``around`` are its groups' conditions."""
        own = self.expression(row, "relevant")
        conditions = [*around, own] if own else list(around)
        found: dict[str, Any] = {
            "relevant": " and ".join(f"({c})" for c in conditions)
            if len(conditions) > 1
            else (conditions[0] if conditions else None),
            "constraint": self.expression(row, "constraint"),
            "constraint_message": self.message(row, "constraint_message"),
            "required_message": self.message(row, "required_message"),
            "calculation": self.expression(row, "calculation"),
            "choice_filter": self.expression(row, "choice_filter"),
            "default": self.text(row, "default") or None,
        }
        return {key: value for key, value in found.items() if value is not None}

    def range(self, row: Row) -> dict[str, float]:
        """``parameters`` of a range row (``start=1 end=5 step=1``), ODK's defaults 0, 10, 1."""
        found = {"start": 0.0, "end": 10.0, "step": 1.0}
        for key, value in _PARAMETER.findall(self.text(row, "parameters")):
            if key in found:
                found[key] = float(value)
        return found

    def check(self, known: set[str]) -> None:
        """Compile every expression written; refuse those joinedup cannot evaluate."""
        for written in self.written:
            try:
                compile_expression(written.text, known)
            except ExpressionError as exc:
                self.problems.add(
                    "xlsform.bad-expression",
                    f"{written.text!r}: {exc}",
                    sheet=self.sheet.name,
                    row=written.row,
                    column=written.column,
                    hint="joinedup evaluates XPath with ODK's functions (selected, "
                    "count-selected, if, coalesce, regex, today, jr:choice-name...); "
                    "check the spelling and the ${names}",
                )

    def media_and_phone(self, row: Row) -> None:
        """Refuse each media cell; warn of each cell only a phone app honours."""
        for column in self.sheet.columns:
            if not row.text(column):
                continue
            if column.base in MEDIA_COLUMNS:
                self.problems.add(
                    "xlsform.media",
                    f"column {column.header!r} asks for a picture, sound or film",
                    sheet=self.sheet.name,
                    row=row.number,
                    column=column,
                    hint="joinedup's pages show text only: clear this cell",
                )
            elif column.base in PHONE_ONLY_COLUMNS:
                self.problems.warn(
                    "xlsform.phone-only",
                    f"column {column.header!r} only changes how a phone app shows the form; "
                    "joinedup's pages ignore it",
                    sheet=self.sheet.name,
                    row=row.number,
                    column=column,
                )
        appearance = self.column("appearance")
        if appearance is not None and PHONE_ONLY_APPEARANCE.match(self.text(row, "appearance")):
            self.problems.warn(
                "xlsform.phone-only",
                f"appearance {self.text(row, 'appearance')!r} only works in a phone app; "
                "joinedup's pages show an ordinary field",
                sheet=self.sheet.name,
                row=row.number,
                column=appearance,
            )
