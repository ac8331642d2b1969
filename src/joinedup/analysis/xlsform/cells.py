"""Reading the cells of a survey row: names, labels, flags, appearances.

:class:`SurveyCells` is the part of the survey-sheet walk
(:class:`~joinedup.analysis.xlsform.rows.FormBuilder`) that reads one cell at a
time and reports a problem at its sheet, row and column; it keeps the names seen,
so that a name used twice is caught.
"""

from __future__ import annotations

import re

from joinedup.analysis.instruments import NAME_PATTERN, Label
from joinedup.analysis.xlsform.sheets import Column, Problems, Row, Sheet
from joinedup.analysis.xlsform.vocab import (
    COLUMN_HINTS,
    MEDIA_COLUMNS,
    PHONE_ONLY_APPEARANCE,
    PHONE_ONLY_COLUMNS,
    SURVEY_COLUMNS,
)


class SurveyCells:
    """Cell readers over ``self.sheet``, reporting into ``self.problems``."""

    problems: Problems
    sheet: Sheet | None
    _names: dict[str, dict[str, int]]
    _languages: list[str]

    def _refuse_other_columns(self, row: Row) -> None:
        assert self.sheet is not None
        for column in self.sheet.columns:
            ignored = SURVEY_COLUMNS | MEDIA_COLUMNS | PHONE_ONLY_COLUMNS  # see .logic
            if column.base not in ignored and row.text(column):
                self._problem(
                    "xlsform.unsupported-column",
                    f"column {column.header!r} is not supported",
                    row.number,
                    column=column,
                    hint=COLUMN_HINTS.get(
                        column.base, "joinedup cannot honour it: clear this cell"
                    ),
                )

    def _name(self, row: Row, what: str) -> str:
        """The row's name, checked: usable, and unique among groups or among questions."""
        name = self._text(row, "name")
        seen = self._names[what]
        if not re.match(NAME_PATTERN, name):
            self._problem(
                "xlsform.bad-name",
                f"name {name!r} is missing or not usable" if name else "the name is missing",
                row.number,
                column=self._col("name"),
                hint="start with a letter; use letters, digits, '_', '-' or '.'",
            )
        elif name in seen:
            self._problem(
                "xlsform.duplicate-name",
                f"{what} name {name!r} is already used in row {seen[name]}",
                row.number,
                column=self._col("name"),
                hint=f"every {what} needs its own name",
            )
        else:
            seen[name] = row.number
        return name

    def _label(self, row: Row, base: str) -> Label | None:
        assert self.sheet is not None
        columns = self.sheet.languages(base)
        label = {str(lang): row.text(col) for lang, col in columns.items() if row.text(col)}
        return label or None

    def _tags(self, row: Row) -> list[str]:
        return self._text(row, "joinedup::tags").replace(",", " ").split()

    def _flag(self, row: Row, base: str) -> bool:
        text = self._text(row, base).lower()
        if text in {"", "no", "false", "false()"}:
            return False
        if text in {"yes", "true", "true()"}:
            return True
        self._problem(
            "xlsform.bad-flag",
            f"{base} must be yes or no, not {text!r}",
            row.number,
            column=self._col(base),
            hint="conditions are not supported here: write yes or no",
        )
        return False

    def _appearance(self, row: Row, allowed: set[str]) -> None:
        text = self._text(row, "appearance").lower()
        if text not in allowed and not PHONE_ONLY_APPEARANCE.match(text):
            self._problem(
                "xlsform.unsupported-appearance",
                f"appearance {text!r} is not supported here",
                row.number,
                column=self._col("appearance"),
                hint="joinedup lays out its own pages; clear this cell or use one of "
                + ", ".join(sorted(a for a in allowed if a)),
            )

    def _col(self, base: str) -> Column | None:
        assert self.sheet is not None
        return self.sheet.column(base) or next(iter(self.sheet.languages(base).values()), None)

    def _text(self, row: Row, base: str) -> str:
        return row.text(self._col(base))

    def _problem(
        self,
        code: str,
        message: str,
        row: int | None,
        *,
        column: Column | None = None,
        hint: str = "",
    ) -> None:
        sheet = self.sheet.name if self.sheet else "survey"
        self.problems.add(code, message, sheet=sheet, row=row, column=column, hint=hint)

    def _note_languages(self, columns: dict[str | None, Column]) -> None:
        for lang in columns:
            if lang and lang not in self._languages:
                self._languages.append(lang)
