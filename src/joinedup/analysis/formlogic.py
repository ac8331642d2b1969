"""Form logic: ODK/XLSForm expressions evaluated over the answers given so far.

An XLSForm writes skip logic (``relevant``), answer checks (``constraint``),
calculations (``calculation``) and cascading lists (``choice_filter``) as XPath 1.0
expressions with ODK's extra functions (the ODK XForms specification,
https://getodk.github.io/xforms-spec/ , "XPath Functions"). joinedup evaluates
them with a real XPath engine, elementpath's :class:`~elementpath.XPath1Parser`,
extended with those functions. The answers become an XML instance, as in an ODK
client: ``<data><q1>3</q1><q2>a b</q2>…</data>``, one element per question (its
text the stored answer, "" when unanswered); ``${name}`` is rewritten to the path
``/data/name`` and ``.`` is the question being checked.

Two departures from elementpath's plain XPath 1.0, both as ODK clients behave:

- ``<``, ``<=``, ``>``, ``>=`` compare two ISO dates or times as dates, and
  otherwise as numbers, a value that is not a number (an empty answer) making the
  comparison false, never an error;
- ``if`` is a function (``if(cond, then, else)``), not XPath 2's keyword.

Every expression is compiled when an instrument is imported
(:func:`compile_expression`): a syntax error, an unknown function or a
``${name}`` that names no question is refused then, never met by a respondent.
Evaluation is pure: the clock is an argument (``now``), so a result depends only
on its inputs.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from xml.etree import ElementTree as ET

from elementpath import XPath1Parser, XPathContext
from elementpath.exceptions import ElementPathError

__all__ = [
    "Environment",
    "Expression",
    "ExpressionError",
    "compile_expression",
    "interpolate",
    "references",
    "truthy",
]

JR_NAMESPACE = "http://openrosa.org/javarosa"
_REFERENCE = re.compile(r"\$\{([^}]*)\}")
_STRING = re.compile(r"'[^']*'|\"[^\"]*\"")
_IF = re.compile(r"(?<![\w.:-])if\s*\(")
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?")
_ISO_TIME = re.compile(r"^\d{2}:\d{2}(:\d{2}(\.\d+)?)?$")
EPOCH = dt.date(1970, 1, 1)


class ExpressionError(ValueError):
    """An expression joinedup cannot evaluate (the message says why)."""


@dataclass(frozen=True)
class Environment:
    """What an evaluation may look at besides the answers: the clock, the
    respondent's language, and each select question's choice labels (for
    ``jr:choice-name``)."""

    now: dt.datetime
    language: str = "en"
    choice_labels: Mapping[str, Mapping[str, str]] | None = None


_ENV: contextvars.ContextVar[Environment] = contextvars.ContextVar("formlogic_env")


class OdkParser(XPath1Parser):
    """XPath 1.0 with ODK's functions (see the module's notes)."""

    DEFAULT_NAMESPACES = {**XPath1Parser.DEFAULT_NAMESPACES, "jr": JR_NAMESPACE}


_method, _function = OdkParser.method, OdkParser.function


def _text(token: Any, context: Any, index: int) -> str:
    value = token[index].evaluate(context)
    if isinstance(value, list):
        value = value[0] if value else ""
    return "" if value is None else token.string_value(value)


def _number(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        return math.nan


def _env() -> Environment:
    try:
        return _ENV.get()
    except LookupError:
        return Environment(now=dt.datetime.now(dt.UTC))


def _as_order(value: Any, token: Any) -> tuple[int, Any]:
    """A comparable form of one operand: (0, ISO text) for dates and times,
    (1, number) otherwise (NaN when not a number)."""
    if isinstance(value, bool):
        return 1, float(value)
    if isinstance(value, int | float):
        return 1, float(value)
    text = token.string_value(value).strip()
    if _ISO_DAY.match(text) or _ISO_TIME.match(text):
        return 0, text.replace(" ", "T")
    return 1, _number(text)


def _compare(token: Any, context: Any) -> bool:
    ops: dict[str, Callable[[Any, Any], bool]] = {
        "<": lambda a, b: a < b,
        ">": lambda a, b: a > b,
        "<=": lambda a, b: a <= b,
        ">=": lambda a, b: a >= b,
    }
    op = ops[token.symbol]
    left, right = (token[i].evaluate(context) for i in (0, 1))
    for a in left if isinstance(left, list) else [left]:
        for b in right if isinstance(right, list) else [right]:
            ka, kb = _as_order(a, token), _as_order(b, token)
            if ka[0] == kb[0] == 0:
                if op(ka[1][: len(kb[1])], kb[1][: len(ka[1])]):
                    return True
            elif ka[0] == 0 or kb[0] == 0:
                continue  # a date against a non-date compares as false
            elif not (math.isnan(ka[1]) or math.isnan(kb[1])) and op(ka[1], kb[1]):
                return True
    return False


def _ordering(self: Any, context: Any = None) -> bool:
    return _compare(self, context)


# Subclasses in our own symbol table: elementpath's token classes stay unchanged.
for _symbol in ("<", ">", "<=", ">="):
    _base = OdkParser.symbol_table[_symbol]
    OdkParser.symbol_table[_symbol] = type(
        f"{_base.__name__}Odk", (_base,), {"evaluate": _ordering}
    )


@_method(_function("selected", nargs=2))
def evaluate__selected(self: Any, context: Any = None) -> bool:
    return _text(self, context, 1).strip() in _text(self, context, 0).split()


@_method(_function("count-selected", nargs=1))
def evaluate__count_selected(self: Any, context: Any = None) -> int:
    return len(_text(self, context, 0).split())


@_method(_function("selected-at", nargs=2))
def evaluate__selected_at(self: Any, context: Any = None) -> str:
    values = _text(self, context, 0).split()
    index = int(_number(_text(self, context, 1)) or 0)
    return values[index] if 0 <= index < len(values) else ""


@_method(_function("if", nargs=3))
def evaluate__if(self: Any, context: Any = None) -> Any:
    chosen = self[1] if self.boolean_value(self[0].evaluate(context)) else self[2]
    return chosen.evaluate(context)


@_method(_function("coalesce", nargs=2))
def evaluate__coalesce(self: Any, context: Any = None) -> str:
    return _text(self, context, 0) or _text(self, context, 1)


@_method(_function("regex", nargs=2))
def evaluate__regex(self: Any, context: Any = None) -> bool:
    try:
        return re.search(_text(self, context, 1), _text(self, context, 0)) is not None
    except re.error as exc:
        raise self.error("FORX0002", str(exc)) from None


@_method(_function("today", nargs=0))
def evaluate__today(self: Any, context: Any = None) -> str:
    return _env().now.date().isoformat()


@_method(_function("now", nargs=0))
def evaluate__now(self: Any, context: Any = None) -> str:
    return _env().now.replace(microsecond=0).isoformat()


@_method(_function("int", nargs=1))
def evaluate__int(self: Any, context: Any = None) -> float:
    number = _number(_text(self, context, 0))
    return number if math.isnan(number) else float(math.trunc(number))


@_method(_function("pow", nargs=2))
def evaluate__pow(self: Any, context: Any = None) -> float:
    return float(_number(_text(self, context, 0)) ** _number(_text(self, context, 1)))


@_method(_function("abs", nargs=1))
def evaluate__abs(self: Any, context: Any = None) -> float:
    return abs(_number(_text(self, context, 0)))


@_method(_function("boolean-from-string", nargs=1))
def evaluate__boolean_from_string(self: Any, context: Any = None) -> bool:
    return _text(self, context, 0).strip().lower() in {"true", "1"}


@_method(_function("substr", nargs=(2, 3)))
def evaluate__substr(self: Any, context: Any = None) -> str:
    text = _text(self, context, 0)
    start = int(_number(_text(self, context, 1)))
    end = int(_number(_text(self, context, 2))) if len(self) > 2 else len(text)
    return text[start:end]


def _day(text: str) -> dt.datetime | None:
    try:
        value = dt.datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


@_method(_function("decimal-date-time", nargs=1))
def evaluate__decimal_date_time(self: Any, context: Any = None) -> float:
    value = _day(_text(self, context, 0))
    if value is None:
        return math.nan
    return (value - dt.datetime(1970, 1, 1, tzinfo=dt.UTC)).total_seconds() / 86400


@_method(_function("date", nargs=1))
def evaluate__date(self: Any, context: Any = None) -> str:
    text = _text(self, context, 0)
    number = _number(text)
    if not math.isnan(number):
        return (EPOCH + dt.timedelta(days=math.floor(number))).isoformat()
    value = _day(text)
    return value.date().isoformat() if value else ""


@_method(_function("choice-name", prefix="jr", nargs=2))
def evaluate__choice_name(self: Any, context: Any = None) -> str:
    value = _text(self, context, 0)
    path = _text(self, context, 1)
    question = path.strip().rsplit("/", 1)[-1].strip("${} ")
    labels = (_env().choice_labels or {}).get(question, {})
    return labels.get(value, value)


_PARSER = OdkParser(namespaces={"jr": JR_NAMESPACE})


def references(text: str) -> list[str]:
    """The names an expression or label refers to as ``${name}``, in order."""
    return [name.strip() for name in _REFERENCE.findall(text)]


def _rewrite(text: str) -> str:
    """``${name}`` → ``/data/name`` and ``if(`` → the function, outside string literals."""
    out, last = [], 0
    for match in _STRING.finditer(text):
        out.append(_rewrite_code(text[last : match.start()]))
        out.append(match.group(0))
        last = match.end()
    out.append(_rewrite_code(text[last:]))
    return "".join(out)


def _rewrite_code(code: str) -> str:
    code = _REFERENCE.sub(lambda m: f"/data/{m.group(1).strip()}", code)
    return _IF.sub("if(", code)


@dataclass(frozen=True)
class Expression:
    """A compiled expression; :meth:`evaluate` runs it over answers."""

    source: str
    names: tuple[str, ...]
    _token: Any

    def evaluate(
        self,
        answers: Mapping[str, str],
        env: Environment,
        current: str | None = None,
        choice: Mapping[str, str] | None = None,
    ) -> Any:
        """The expression's value with ``answers`` (question name → stored text) and
        ``current`` the question ``.`` stands for; with ``choice`` (a choice's
        columns, for a choice filter) the context is that choice, whose columns
        are read by bare name. An error of evaluation (a regex that does not
        compile, say) makes the value empty."""
        root = ET.Element("data")
        nodes: dict[str, ET.Element] = {}
        for name, value in answers.items():
            nodes[name] = ET.SubElement(root, name)
            nodes[name].text = value
        for name in [*self.names, *([current] if current is not None else [])]:
            if name not in nodes:  # a question with no answer yet reads as ""
                nodes[name] = ET.SubElement(root, name)
                nodes[name].text = ""
        item = nodes[current] if current is not None else root
        if choice is not None:
            item = ET.Element("choice")
            for key, value in choice.items():
                ET.SubElement(item, key).text = value
            root.append(item)
        token = _ENV.set(env)
        try:
            return self._token.evaluate(XPathContext(root, item=item))
        except (ElementPathError, ValueError, TypeError, ArithmeticError):
            return ""
        finally:
            _ENV.reset(token)


def compile_expression(text: str, known: set[str] | frozenset[str]) -> Expression:
    """Parse an ODK expression; :class:`ExpressionError` when it names a question not
    in ``known``, does not parse, or calls a function joinedup does not have."""
    names = references(text)
    unknown = [n for n in names if n not in known]
    if unknown:
        raise ExpressionError(
            "it refers to " + ", ".join(f"${{{n}}}" for n in unknown) + ", not a question here"
        )
    rewritten = _rewrite(text)
    try:
        token = _PARSER.parse(rewritten)
    except ElementPathError as exc:
        message = re.sub(r"^\[err:\w+\]\s*", "", str(getattr(exc, "message", exc)))
        raise ExpressionError(f"it cannot be read: {message}") from None
    return Expression(text, tuple(names), token)


def _node_text(value: Any) -> Any:
    """A question's node as its text (as ODK reads a lone reference); others unchanged."""
    if isinstance(value, list):
        value = value[0] if value else ""
    text = getattr(value, "string_value", None)
    return text if isinstance(text, str) else value


def truthy(value: Any) -> bool:
    """XPath's boolean() of a result: a non-empty string or a non-zero number; a
    question's node counts by its answer (answered or not)."""
    value = _node_text(value)
    if isinstance(value, float):
        return not math.isnan(value) and value != 0
    return bool(value)


def as_text(value: Any) -> str:
    """A result as the text an answer would store (``3.0`` → ``"3"``, ``True`` → ``"true"``)."""
    value = _node_text(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        return str(int(value)) if value.is_integer() else str(round(value, 10))
    return "" if value is None else str(value)


def interpolate(text: str, values: Mapping[str, str]) -> str:
    """A label with each ``${name}`` replaced by that question's answer (or "")."""
    return _REFERENCE.sub(lambda m: values.get(m.group(1).strip(), ""), text)
