"""Problems with input files: one type, one exception, one list of codes.

Every importer in joinedup (instruments and XLSForms, responses files, network
files, and the context and participation tables) reports what is wrong with a file
the same way, after pyxform's ``errors.py``/``ErrorCode``: a :class:`Problem` has a
stable code, a message, and where it is (file, sheet, row, column), with an optional
hint on how to fix it; a refused file raises one :class:`ProblemError` holding every
problem found. The codes are listed once, in :data:`CODES` (code → what it means),
and ``docs/problems.md`` describes them; a test checks that every code the source
raises is in both.

A problem prints as one line. The importers print in one of three :class:`Style` s,
which keep the wording each has always printed (and that scripts may already parse):
``CODED`` (instruments, XLSForms, responses) starts with the code, ``TABLE`` (the
context and participation tables) quotes the column, ``LINES`` (network files)
counts lines. The data is the same whatever the style.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Style(StrEnum):
    """How a problem prints (the fields are the same in every style)."""

    CODED = "coded"  # [code] file, sheet, row 2, column q1: message (hint)
    TABLE = "table"  # file, row 2, column 'q1': message (hint)
    LINES = "lines"  # file, line 2: message (hint)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file, located as precisely as possible.

    ``row`` counts as a spreadsheet shows it (the header is row 1); ``None`` when
    the problem is with the whole file. ``code`` is a key of :data:`CODES` (or, for
    ``instrument.*``, a pydantic error type under a registered family).
    """

    code: str
    message: str
    file: str = ""
    sheet: str = ""
    row: int | None = None
    column: str = ""
    hint: str = ""
    style: Style = field(default=Style.CODED, compare=False)

    def __str__(self) -> str:
        where = [part for part in (self.file, self.sheet) if part]
        if self.row is not None:
            where.append(f"{'line' if self.style is Style.LINES else 'row'} {self.row}")
        if self.column:
            quoted = self.style is Style.TABLE
            where.append(f"column {self.column!r}" if quoted else f"column {self.column}")
        place = ", ".join(where)
        text = f"{place}: {self.message}" if place else self.message
        if self.hint:
            text += f" ({self.hint})"
        return f"[{self.code}] {text}" if self.style is Style.CODED else text


@dataclass
class ProblemError(Exception):
    """An input could not be used; ``problems`` lists every reason found.

    ``file`` names the refused file; a problem that does not name it itself is
    printed after it (``funding.csv: row 2, column 'end': …``).
    """

    problems: list[Problem] = field(default_factory=list)
    file: str = ""

    def __str__(self) -> str:
        return "\n".join(
            f"{self.file}: {p}" if self.file and not p.file else str(p) for p in self.problems
        )


#: The name every caller used before the importers shared one exception.
InstrumentError = ProblemError


#: Every problem code an importer raises, with what it means.
CODES: dict[str, str] = {
    # reading any table (CSV or the first sheet of a workbook): joinedup.analysis.tables
    "table.unreadable": "the file cannot be opened, is not UTF-8 text, or is a damaged workbook",
    "table.unknown-kind": "the file is neither .csv nor .xlsx",
    "table.nul": "a cell holds a NUL character, which no text can contain",
    # instruments (YAML) and the library
    "file.unreadable": "the instrument file cannot be opened",
    "file.unknown-kind": "the form is neither YAML nor an XLSForm workbook",
    "yaml.syntax": "the YAML file is not well formed",
    "instrument.not-a-mapping": "the file does not hold an instrument",
    "instrument.unknown": "no stored instrument has that name",
    "instrument.version-used": "that version of the instrument is already stored, and differs",
    "library.id-mismatch": "a built-in instrument's file name and id disagree",
    # XLSForms (joinedup.analysis.xlsform)
    "xlsform.unreadable": "not an Excel workbook, or damaged, or missing",
    "xlsform.old-excel-format": "an .xls file",
    "xlsform.missing-sheet": "no survey sheet",
    "xlsform.missing-column": "no type or name column",
    "xlsform.duplicate-column": "the same column (and language) twice",
    "xlsform.unsupported-column": "a column joinedup does not support",
    "xlsform.unsupported-setting": "a settings column joinedup does not support",
    "xlsform.unsupported-appearance": "an appearance joinedup does not support",
    "xlsform.unsupported-type": "a question type joinedup does not support",
    "xlsform.missing-type": "a row with a name but no type",
    "xlsform.missing-name": "a question without a name",
    "xlsform.missing-label": "a question without a label",
    "xlsform.missing-list-name": "a choices row without a list name",
    "xlsform.bad-name": "a name that is not a valid identifier",
    "xlsform.bad-form-id": "a form_id that is not a valid identifier",
    "xlsform.bad-kind": "a joinedup_kind that is not questionnaire or network",
    "xlsform.bad-joinedup-type": "a joinedup_type that does not fit the question",
    "xlsform.bad-flag": "a yes/no column holding something else",
    "xlsform.duplicate-name": "two questions or groups share a name",
    "xlsform.duplicate-choice": "a choice list holds the same name twice",
    "xlsform.unknown-list": "a question refers to a choice list that does not exist",
    "xlsform.unbalanced-group": "begin group and end group do not pair up",
    "xlsform.nested-group": "a group inside a repeat",
    "xlsform.repeat": "a repeat",
    "xlsform.invalid-question": "a question that cannot be made into an item",
    "xlsform.invalid": "the form as a whole breaks an instrument rule",
    "xlsform.pyxform": "pyxform refused the form",
    "xlsform.bad-expression": "a relevant, constraint, calculation or choice_filter joinedup "
    "cannot evaluate (unreadable, an unknown function, or a ${name} that is no question)",
    "xlsform.media": "a media column (image, audio, video) on a question or choice",
    "xlsform.phone-only": "a warning: a column or appearance only a phone app honours",
    "xlsform.list-file": "a select_*_from_file whose list file is missing or unreadable",
    "xlsform.export-bad-text": "a label that cannot be written into a workbook",
    "xlsform.export-list-clash": "two scales or choice lists would share a list name",
    "xlsform.export-missing-code": "a choice without a value",
    # responses files (joinedup.analysis.responses_file, joinedup.surveys)
    "responses.unreadable": "the responses file cannot be read",
    "responses.unknown-kind": "the responses file is neither .csv nor .xlsx",
    "responses.nul": "a cell holds a NUL character",
    "responses.empty": "the file has no header row",
    "responses.missing-columns": "no column for some required items",
    "responses.missing-column": "a column the import needs is missing",
    "responses.missing-group-column": "the named stakeholder-group column is missing",
    "responses.unknown-column": "a column that is not a question of the form (nor a tool's own)",
    "responses.relation-column": "a network question's column, which a file cannot fill",
    "responses.non-numeric": "an answer that is not a number",
    "responses.unknown-value": "a number that is not a value of the item's scale",
    "responses.bad-value": "an answer that is not a value of the item",
    "responses.unknown-organisation": "an organisation that is not in the round's partnership",
    "responses.unknown-group": "a stakeholder group the round does not know",
    "responses.no-respondent": "a row without a respondent key",
    "responses.duplicate-respondent": "the same respondent twice",
    "responses.round-closed": "the round is closed",
    "responses.concurrent": "another import of the same round was under way",
    "responses.unfinished-import": "an import of another file into the round was left unfinished",
    "responses.import-removed": "an unfinished import was removed (the audit log's record)",
    "responses.import": "the import could not be written",
    "responses.more-problems": "more problems than are listed",
    # network files (joinedup.analysis.network.files)
    "network.missing-column": "a required column is missing from the header",
    "network.empty-cell": "an empty source, target, id, organisation or partnership",
    "network.duplicate-node": "the same node id twice",
    "network.self-loop": "a tie from an organisation to itself",
    "network.unknown-node": "a tie naming a node absent from the nodes file",
    "network.bad-weight": "a weight that is not a finite number",
    "network.duplicate-tie": "the same tie twice",
    "network.several-relations": "several relations in the file and none chosen",
    # decision rights (joinedup.governance.imports)
    "governance.missing-column": "the decision-rights file has no area column",
    "governance.unknown-column": "a column the decision-rights import does not know",
    "governance.empty": "a cell the decision right needs is empty",
    "governance.too-long": "text longer than the decision right's field allows",
    "governance.not-allowed": "a holder that is not board, parent, sign_off or delegated",
    "governance.unknown-name": "no organisation has that name",
    "governance.duplicate": "the same decision area twice in one file",
    # context tables (joinedup.context.imports)
    "context.missing-column": "a required column is missing from the header",
    "context.unknown-column": "a column the import does not know",
    "context.empty": "a required cell is empty",
    "context.too-long": "text longer than its field allows",
    "context.unknown-name": "no partnership or organisation has that name",
    "context.not-allowed": "a value that is not one of the allowed words",
    "context.bad-date": "a date not written as YYYY-MM-DD",
    "context.bad-amount": "an amount that is not a sum of pounds that fits",
    "context.bad-flag": "a yes/no cell holding something else",
    "context.end-before-start": "an end date before the start date",
    "context.duplicate": "the same name for the same partnership twice in one file",
    # organisations and contacts (joinedup.registry.imports)
    "registry.missing-column": "a required column is missing from the header",
    "registry.unknown-column": "a column the import does not know",
    "registry.empty": "a required cell is empty",
    "registry.too-long": "text longer than its field allows",
    "registry.not-allowed": "a value that is not one of the allowed words (sector, tier, role)",
    "registry.bad-date": "a date not written as YYYY-MM-DD",
    "registry.bad-email": "an e-mail address that is not well formed",
    "registry.unknown-name": "no organisation (that may be used) has that name",
    "registry.duplicate": "the same organisation or person twice in one file",
    "registry.not-yours": "an organisation of that name exists that the importer may not change",
    "registry.loop": "an organisation named as its own parent",
    "registry.no-partnership": "a membership column filled in without a partnership to join",
    "registry.refused": (
        "a row the registry's rules refuse (a name or external id taken, an overlapping "
        "membership, a lead that is not a member)"
    ),
    # theory-of-change files (joinedup.theory.imports)
    "theory.missing-column": "a required column is missing from the header",
    "theory.unknown-column": "a column a theory-of-change file does not have",
    "theory.bad-value": "a value that is not allowed in its column",
    "theory.empty": "a required cell is empty",
    "theory.too-long": "text longer than its field allows",
    "theory.duplicate": "the same step key twice in one file",
    "theory.unknown-name": "no step, indicator or decision has that name",
    # participation tables (joinedup.participation.imports, imports_people)
    "participation.missing-column": "a required column is missing from the header",
    "participation.extra-cells": "a row with more cells than the header has columns",
    "participation.too-long": "text longer than its field allows",
    "participation.empty": "a required cell is empty",
    "participation.bad-date": "a date not written as YYYY-MM-DD",
    "participation.bad-number": "a number that is missing, not a number, or out of range",
    "participation.not-allowed": "a value that is not one of the allowed words",
    "participation.unknown-name": "no partnership, activity or panel has that name",
    "participation.end-before-start": "an activity that ends before it starts",
    "participation.duplicate": "the same key twice in one file",
    # actions and workshop views (joinedup.actions.imports)
    "actions.missing-column": "a required column is missing from the header",
    "actions.unknown-column": "a column the import does not know",
    "actions.empty": "a required cell is empty",
    "actions.too-long": "text longer than its field allows",
    "actions.unknown-name": "no member organisation or round of the partnership has that name",
    "actions.not-allowed": "a value that is not one of the allowed words (status, dimension)",
    "actions.bad-date": "a date not written as YYYY-MM-DD",
    "actions.bad-flag": "a yes/no cell holding something else",
    "actions.bad-number": "a score that is not a number on the dimension's scale",
    "actions.duplicate": "the same action twice in one file",
    # benchmark packets (joinedup.analysis.packets, joinedup.reports.packets)
    "packet.unreadable": "the file is not JSON in UTF-8, or is larger than the upload limit",
    "packet.malformed": "a field is missing, of the wrong kind or out of range (named)",
    "packet.format-version": "a packet format version this installation does not read",
    "packet.unknown-key": "signed by an installation that is not registered as trusted here",
    "packet.bad-signature": "the signature does not match: the packet was changed after signing",
    "packet.k-violated": "a figure or band rests on fewer respondents than this installation's k",
    "packet.subtraction": "a re-sent round whose n moved by fewer than k from the one kept",
}

#: Families of codes made from another library's vocabulary: the part after the
#: prefix is that library's own name for the error.
FAMILIES: dict[str, str] = {
    "instrument.": "a schema rule of the instrument is broken; the rest of the code is "
    "pydantic's error type (for example instrument.missing, instrument.value_error)",
}


def meaning(code: str) -> str:
    """What ``code`` means; :class:`KeyError` for a code nobody registered."""
    if code in CODES:
        return CODES[code]
    for prefix, text in FAMILIES.items():
        if code.startswith(prefix) and len(code) > len(prefix):
            return text
    raise KeyError(code)
