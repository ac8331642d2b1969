"""A Kobo-style partnership form and its answers exported as KoboToolbox and ODK
Central write them, for the response readers' tests.

The form asks the organisation and the stakeholder group as select-ones, five
agreement statements (1–5 with ``-99`` "Don't know") in two groups, a
select-multiple and a comment. :data:`ANSWERS` are ten respondents' answers by
choice name; the writers lay them out as each tool's export does.
"""

from __future__ import annotations

import csv
from pathlib import Path

from openpyxl import Workbook

AGREE = ["Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree"]
ORGS = {
    "council": "Kestermouth Borough Council",
    "college": "Kestermouth College",
    "cvs": "Kestermouth Council for Voluntary Service",
    "residents": "Northfield Estate Residents' Association",
}
GROUPS = {
    "officer": "Officer",
    "board_member": "Board member",
    "voluntary_sector": "Voluntary sector",
}
THEMES = {"health": "Health and care", "housing": "Housing", "safety": "Community safety"}

#: (group name, group label, [(type, name, label, required)])
SECTIONS = [
    (
        "about",
        "About you",
        [
            ("select_one orgs", "organisation", "Your organisation", "yes"),
            ("select_one roles", "group", "Your part in the partnership", "yes"),
        ],
    ),
    (
        "purpose",
        "Purpose and shared vision",
        [
            ("select_one agree", "hc_purpose_shared", "Partners share the same aims.", ""),
            ("select_one agree", "hc_purpose_plan", "We agreed our plan together.", "yes"),
            (
                "select_multiple themes",
                "hc_purpose_themes",
                "Which themes does the partnership work on?",
                "",
            ),
        ],
    ),
    (
        "trust",
        "Trust",
        [
            ("select_one agree", "hc_trust_word", "Partners keep their word, even at a cost.", ""),
            ("select_one agree", "hc_trust_open", "Partners share information openly.", ""),
            ("select_one agree", "hc_trust_fair", "Decisions are taken fairly.", ""),
            ("text", "hc_comment", "Anything else you want to tell us?", ""),
        ],
    ),
]
SCALE_ITEMS = [
    "hc_purpose_shared",
    "hc_purpose_plan",
    "hc_trust_word",
    "hc_trust_open",
    "hc_trust_fair",
]

# org, group, five scale answers (by choice name; -99 don't know; "" skipped), themes, comment
_RAW = [
    ("council", "officer", (4, 4, 5, 4, 3), "health housing", ""),
    ("college", "board_member", (3, 2, -99, 3, 3), "housing", "Meetings clash with term"),
    ("cvs", "voluntary_sector", (2, 3, 2, "", 2), "health safety", ""),
    ("residents", "voluntary_sector", (5, 4, 4, 5, -99), "", "More notice, please; we volunteer"),
    ("council", "board_member", (4, 5, 4, 4, 4), "safety", ""),
    ("college", "officer", ("", 3, 3, 2, 3), "health", ""),
    ("cvs", "board_member", (3, 3, 4, 3, 4), "health housing safety", ""),
    ("residents", "officer", (4, 4, 3, -99, 2), "housing", ""),
    ("council", "voluntary_sector", (1, 2, 2, 2, 1), "health", "Too many reports"),
    ("college", "voluntary_sector", (5, 5, 5, 4, 5), "", ""),
]
ANSWERS = [
    {
        "organisation": org,
        "group": group,
        **dict(zip(SCALE_ITEMS, scale, strict=True)),
        "hc_purpose_themes": themes,
        "hc_comment": comment,
    }
    for org, group, scale, themes, comment in _RAW
]


def expected_means() -> dict[str, float]:
    """Each statement's mean over the respondents who gave a value (not don't know)."""
    means = {}
    for name in SCALE_ITEMS:
        values = [a[name] for a in ANSWERS if isinstance(a[name], int) and a[name] > 0]
        means[name] = sum(values) / len(values)
    return means


def dont_know_share(name: str) -> float:
    """The share of a statement's answers (skipped ones left out) that were don't know."""
    given = [a[name] for a in ANSWERS if a[name] != ""]
    return sum(1 for v in given if v == -99) / len(given)


def write_form(path: Path, form_id: str = "partnership_check") -> Path:
    book = Workbook()
    survey = book.active
    assert survey is not None
    survey.title = "survey"
    survey.append(["type", "name", "label", "required"])
    for meta in ("start", "end", "today", "deviceid"):
        survey.append([meta, meta, "", ""])
    for group, label, questions in SECTIONS:
        survey.append(["begin_group", group, label, ""])
        for row in questions:
            survey.append(list(row))
        survey.append(["end_group", "", "", ""])
    choices = book.create_sheet("choices")
    choices.append(["list_name", "name", "label"])
    for value, label in enumerate(AGREE, start=1):
        choices.append(["agree", value, label])
    choices.append(["agree", -99, "Don't know"])
    for list_name, table in (("orgs", ORGS), ("roles", GROUPS), ("themes", THEMES)):
        for name, label in table.items():
            choices.append([list_name, name, label])
    settings = book.create_sheet("settings")
    settings.append(["form_title", "form_id"])
    settings.append(["Partnership check", form_id])
    book.save(path)
    return path


# -- the exports ------------------------------------------------------------------


def _question(name: str) -> tuple[str, str, str, str]:
    """(type, group name, group label, label) of a question."""
    for group, group_label, questions in SECTIONS:
        for kind, qname, label, _ in questions:
            if qname == name:
                return kind, group, group_label, label
    raise KeyError(name)


def _label(name: str, value: object) -> str:
    kind = _question(name)[0]
    if value in ("", None):
        return ""
    if kind.endswith("agree"):
        return "Don't know" if value == -99 else AGREE[int(str(value)) - 1]
    table = {"select_one orgs": ORGS, "select_one roles": GROUPS}.get(kind)
    return table[str(value)] if table else str(value)


def _columns(separator: str, labels: bool, paths: bool, split: str) -> list[tuple[str, str, str]]:
    """(heading, question, option) of each question column, in form order.

    ``split`` is ``"joined"`` (one space-separated column), ``"split"`` (one 0/1
    column per choice, ``q/option``), ``"both"``, or ``"underscore"`` (``q_option``).
    """
    found = []
    for group, group_label, questions in SECTIONS:
        for kind, name, label, _ in questions:
            text = label if labels else name
            head = f"{group_label if labels else group}{separator}{text}" if paths else text
            multiple = kind.startswith("select_multiple")
            if not multiple or split in ("joined", "both"):
                found.append((head, name, ""))
            if multiple and split != "joined":
                for option, option_label in THEMES.items():
                    if split == "underscore":
                        found.append((f"{head}_{option}", name, option))
                    else:
                        found.append((f"{head}/{option_label if labels else option}", name, option))
    return found


KOBO_AFTER = [
    "_id",
    "_uuid",
    "_submission_time",
    "_validation_status",
    "_notes",
    "_status",
    "_submitted_by",
    "__version__",
    "_tags",
    "_index",
]


def _kobo_table(
    labels: bool = False,
    paths: bool = True,
    split: str = "both",
    rename: dict[str, str] | None = None,
) -> list[list[object]]:
    columns = _columns("/", labels, paths, split)
    header = ["start", "end", "today", "deviceid", *(h for h, _, _ in columns), *KOBO_AFTER]
    header = [(rename or {}).get(h, h) for h in header]
    rows: list[list[object]] = [header]
    for n, answer in enumerate(ANSWERS, start=1):
        cells: list[object] = [
            f"2026-11-{n:02d}T09:00:00.000+00:00",
            f"2026-11-{n:02d}T09:12:00.000+00:00",
            f"2026-11-{n:02d}",
            f"ee.kobotoolbox.org:{n:08d}",
        ]
        for _, name, option in columns:
            value = answer[name]
            if option:
                cells.append(1 if option in str(value).split() else 0)
            elif labels:
                cells.append(_label(name, value))
            else:
                cells.append(value)
        uuid = f"3f2b{n:04d}-5c1d-4e7a-9b0e-00000000{n:04d}"
        cells += [40000 + n, uuid, f"2026-11-{n:02d}T09:13:00", "", "", "submitted_via_web"]
        cells += ["", "vQ8xWc", "", n]
        rows.append(cells)
    return rows


def kobo_csv(path: Path, delimiter: str = ";", **options: object) -> Path:
    """A KoboToolbox CSV export: every cell quoted, as Kobo writes them."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter, quoting=csv.QUOTE_ALL)
        for row in _kobo_table(**options):  # type: ignore[arg-type]
            writer.writerow(["" if c is None else c for c in row])
    return path


def kobo_xlsx(path: Path, **options: object) -> Path:
    """A KoboToolbox XLSX export: numbers stored as numbers."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Partnership check"
    for row in _kobo_table(**options):  # type: ignore[arg-type]
        sheet.append([None if c == "" else c for c in row])
    book.save(path)
    return path


CENTRAL_BEFORE = ["SubmissionDate", "start", "end", "today", "deviceid"]
CENTRAL_AFTER = [
    "meta-instanceID",
    "KEY",
    "SubmitterID",
    "SubmitterName",
    "AttachmentsPresent",
    "AttachmentsExpected",
    "Status",
    "ReviewState",
    "DeviceID",
    "Edits",
    "FormVersion",
]


def odk_central_csv(path: Path) -> Path:
    """An ODK Central CSV export: group paths joined with ``-``, one
    space-separated column per select-multiple, Central's columns around them."""
    columns = _columns("-", labels=False, paths=True, split="joined")
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([*CENTRAL_BEFORE, *(h for h, _, _ in columns), *CENTRAL_AFTER])
        for n, answer in enumerate(ANSWERS, start=1):
            key = f"uuid:9a1c{n:04d}-77d2-4f0e-8c55-00000000{n:04d}"
            writer.writerow(
                [
                    f"2026-11-{n:02d}T09:13:00.000Z",
                    f"2026-11-{n:02d}T09:00:00.000Z",
                    f"2026-11-{n:02d}T09:12:00.000Z",
                    f"2026-11-{n:02d}",
                    f"collect:{n:016d}",
                    *(answer[name] for _, name, _ in columns),
                    key,
                    key,
                    7 + n,
                    "Partnership office",
                    0,
                    0,
                    "",
                    "approved" if n % 2 else "",
                    f"collect:{n:016d}",
                    0,
                    "2026110101",
                ]
            )
    return path


def joinedup_csv(path: Path) -> Path:
    """The same answers in joinedup's own layout (names, -99 written as dk)."""
    names = [name for _, _, questions in SECTIONS for _, name, _, _ in questions]
    names = [n for n in names if n not in ("organisation", "group")]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["respondent", "organisation", "group", *names])
        for n, answer in enumerate(ANSWERS, start=1):
            cells = ["dk" if answer[name] == -99 else answer[name] for name in names]
            org, group = ORGS[str(answer["organisation"])], GROUPS[str(answer["group"])]
            writer.writerow([f"R{n}", org, group.lower(), *cells])
    return path
