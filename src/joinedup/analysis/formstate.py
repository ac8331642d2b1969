"""Where a respondent stands in a form with logic: what is asked, what is computed.

Given the answers so far (question name → stored text), :func:`form_state` works
out, as an ODK client does, in form order:

- each item's **relevance** (its ``relevant`` expression, which already holds its
  groups' conditions): an item that is not relevant is *not asked*, and its value
  is emptied, so that nothing depending on it sees a stale answer;
- each CALCULATE item's value (its ``calculation``).

The pass over the form runs twice so that a calculation or condition that refers
to a later item sees that item's value (ODK's dependency order gives the same
result for forms without cycles, which pyxform refuses anyway).

:func:`accepts` checks an answer against its item's ``constraint`` (``.`` is the
answer), :func:`choices_for` filters a list by the item's ``choice_filter`` (each
choice's own columns are readable by name: ``county = ${county}``), and
:func:`label_text` fills ``${name}`` references into a label. All are pure; the
clock comes in through :class:`~joinedup.analysis.formlogic.Environment`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from joinedup.analysis.formlogic import (
    Environment,
    Expression,
    as_text,
    compile_expression,
    interpolate,
    truthy,
)
from joinedup.analysis.instruments import Choice, Instrument, Item, ItemType

__all__ = [
    "FormState",
    "Logic",
    "accepts",
    "choices_for",
    "environment",
    "form_state",
    "label_text",
    "logic",
]


def environment(instrument: Instrument, language: str, now: dt.datetime) -> Environment:
    """The clock, the language, and each select question's choice labels in it
    (what ``jr:choice-name`` reads)."""
    labels = {
        item.name: {
            str(c.value): instrument.text(c.label, language)
            for c in instrument.choices.get(item.choices or "", [])
        }
        for item in instrument.items()
        if item.choices
    }
    return Environment(now=now, language=language, choice_labels=labels)


@dataclass(frozen=True)
class Logic:
    """An instrument's expressions, compiled once."""

    relevant: dict[str, Expression]
    constraint: dict[str, Expression]
    calculation: dict[str, Expression]
    choice_filter: dict[str, Expression]

    @property
    def empty(self) -> bool:
        return not (self.relevant or self.constraint or self.calculation or self.choice_filter)


_LOGIC: dict[int, tuple[Instrument, Logic]] = {}


def logic(instrument: Instrument) -> Logic:
    """The instrument's compiled expressions (cached per parsed instrument). The
    importer has checked them; an instrument built otherwise that holds a bad one
    raises :class:`~joinedup.analysis.formlogic.ExpressionError` here."""
    cached = _LOGIC.get(id(instrument))
    if cached is not None and cached[0] is instrument:
        return cached[1]
    names = {i.name for i in instrument.items()}
    found: dict[str, dict[str, Expression]] = {
        key: {} for key in ("relevant", "constraint", "calculation", "choice_filter")
    }
    for item in instrument.items():
        for key, table in found.items():
            text = getattr(item, key)
            if text:
                table[item.name] = compile_expression(text, names)
    result = Logic(**found)
    _LOGIC[id(instrument)] = (instrument, result)
    return result


@dataclass(frozen=True)
class FormState:
    """Values (answers and calculations; "" when not asked or unanswered) and
    which items are asked."""

    values: dict[str, str]
    relevant: dict[str, bool]

    def asked(self, name: str) -> bool:
        return self.relevant.get(name, True)


def form_state(instrument: Instrument, answers: Mapping[str, str], env: Environment) -> FormState:
    """Relevance and calculated values over ``answers`` (see the module's notes)."""
    compiled = logic(instrument)
    items = instrument.items()
    values = {item.name: answers.get(item.name, "") for item in items}
    if compiled.empty:
        return FormState(values, {item.name: True for item in items})
    relevant: dict[str, bool] = {}
    for _round in range(2):
        values = {item.name: answers.get(item.name, "") for item in items} | {
            name: value
            for name, value in values.items()
            if name in compiled.calculation and relevant.get(name, True)
        }
        for item in items:
            condition = compiled.relevant.get(item.name)
            asked = condition is None or truthy(condition.evaluate(values, env, item.name))
            relevant[item.name] = asked
            if not asked:
                values[item.name] = ""
            elif item.name in compiled.calculation:
                result = compiled.calculation[item.name].evaluate(values, env, item.name)
                values[item.name] = as_text(result)
    return FormState(values, relevant)


def accepts(
    instrument: Instrument, item: Item, answer: str, state: FormState, env: Environment
) -> bool:
    """Whether ``answer`` meets the item's constraint (true when it has none, or
    when the answer is empty: emptiness is ``required``'s business, as in ODK)."""
    constraint = logic(instrument).constraint.get(item.name)
    if constraint is None or answer == "":
        return True
    values = {**state.values, item.name: answer}
    return truthy(constraint.evaluate(values, env, item.name))


def choices_for(
    instrument: Instrument, item: Item, state: FormState, env: Environment
) -> list[Choice]:
    """The item's choices, filtered by its ``choice_filter`` over the answers so far."""
    listed = instrument.choices.get(item.choices or "", [])
    condition = logic(instrument).choice_filter.get(item.name)
    if condition is None:
        return listed
    return [
        choice
        for choice in listed
        if truthy(
            condition.evaluate(
                state.values,
                env,
                item.name,
                choice={**choice.properties, "name": str(choice.value)},
            )
        )
    ]


def label_text(text: str, state: FormState) -> str:
    """A label or hint with ``${name}`` filled from the answers and calculations."""
    return interpolate(text, state.values) if "${" in text else text


def stored_text(item: Item, value: float | None, text: str, dont_know: bool) -> str:
    """An answer as an expression sees it: numbers without ``.0``, choices by name,
    "" for "don't know"."""
    if dont_know:
        return ""
    if value is not None and item.type not in (ItemType.TEXT, ItemType.SINGLE):
        return as_text(float(value))
    return text
