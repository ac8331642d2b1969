"""ODK expressions evaluated by elementpath over the answers so far, as ODK Collect
evaluates them; compiled at import, so a bad one never reaches a respondent."""

from __future__ import annotations

import datetime as dt

import pytest

from joinedup.analysis.formlogic import (
    Environment,
    ExpressionError,
    as_text,
    compile_expression,
    interpolate,
    truthy,
)

ENV = Environment(
    now=dt.datetime(2026, 12, 6, 10, 30, tzinfo=dt.UTC),
    choice_labels={"area": {"south": "South Kestermouth"}},
)
ANSWERS = {
    "age": "17",
    "roles": "chair treasurer",
    "empty": "",
    "joined": "2019-04-01",
    "start": "09:30",
    "area": "south",
}
KNOWN = set(ANSWERS) | {"later"}


def value(text: str, current: str | None = "age"):
    return compile_expression(text, KNOWN).evaluate(ANSWERS, ENV, current)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("${age} > 16", True),
        ("${age} >= 18 or selected(${roles}, 'chair')", True),
        (". >= 18 and . <= 120", False),  # "." is the answer being checked
        ("${empty} > 3", False),  # an empty answer is never greater (no error)
        ("${empty} < 3", False),
        ("${empty} = ''", True),
        ("${age} != ''", True),
        ("not(selected(${roles}, 'secretary'))", True),
        ("count-selected(${roles}) = 2", True),
        ("regex(${age}, '^[0-9]+$')", True),
        ("${joined} < today()", True),
        ("${joined} > '2020-01-01'", False),
        ("${start} >= '09:00'", True),
        ("string-length(${roles}) > 5", True),
        ("${later} = ''", True),  # a question with no answer yet
    ],
)
def test_conditions(text: str, expected: bool) -> None:
    assert truthy(value(text)) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("if(${age} >= 18, 'adult', 'young')", "young"),
        ("coalesce(${empty}, 'none given')", "none given"),
        ("concat(${area}, '-', ${age})", "south-17"),
        ("${age} + 1", "18"),
        ("${age} div 2", "8.5"),
        ("int(${age} div 2)", "8"),
        ("${age} mod 5", "2"),
        ("jr:choice-name(${area}, '${area}')", "South Kestermouth"),
        ("today()", "2026-12-06"),
        ("decimal-date-time(${joined})", "17987"),
        ("selected-at(${roles}, 1)", "treasurer"),
        ("${empty} + 1", ""),  # NaN stores as nothing
        ("${age}", "17"),
    ],
)
def test_values(text: str, expected: str) -> None:
    assert as_text(value(text)) == expected


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("${nobody} = 'yes'", "it refers to ${nobody}, not a question here"),
        ("unknown_fn(${age})", "unknown function"),
        ("${age} >", "unexpected end"),
        ("if(${age} > 1, 'x')", "Too few arguments"),
        ("${age} = ‘yes’", "cannot be read"),  # curly quotes, as word processors write
    ],
)
def test_refused_when_compiled(text: str, why: str) -> None:
    with pytest.raises(ExpressionError, match=why.replace("$", r"\$").replace("{", r"\{")):
        compile_expression(text, KNOWN)


def test_choice_context_reads_a_choices_columns() -> None:
    expression = compile_expression("area = ${area}", KNOWN)
    assert truthy(expression.evaluate(ANSWERS, ENV, "age", choice={"area": "south"}))
    assert not truthy(expression.evaluate(ANSWERS, ENV, "age", choice={"area": "north"}))


def test_labels_are_filled() -> None:
    assert interpolate("Partners in ${area} (${nobody})", ANSWERS) == "Partners in south ()"


def test_elementpath_itself_is_left_unchanged() -> None:
    from elementpath import XPath1Parser, XPathContext
    from elementpath.exceptions import ElementPathError

    with pytest.raises(ElementPathError):
        XPath1Parser().parse("if(1, 2, 3)")
    root = compile_expression("1 < 2", KNOWN)  # ours compares ODK's way
    assert truthy(root.evaluate({}, ENV))
    import xml.etree.ElementTree as ET

    with pytest.raises(ElementPathError):  # elementpath's own comparison stays as it is
        XPath1Parser().parse("'a' < 'b'").evaluate(XPathContext(ET.Element("r")))
