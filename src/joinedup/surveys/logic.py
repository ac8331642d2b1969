"""A response's form logic, server-side: what its pages ask, given the answers so far.

The pure work is :mod:`joinedup.analysis.formstate` (relevance, calculations,
checks, filters); this module feeds it a response's stored answers and applies
the result: a question that is not relevant is *not asked* — not shown, its
stored answer removed (:func:`drop_not_asked`), not required, and a page asking
nothing is passed over (:func:`next_page`). An instrument without logic costs
nothing here: every item is asked.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

from django.utils import timezone

from joinedup.analysis import formstate
from joinedup.analysis.formlogic import Environment
from joinedup.analysis.formstate import FormState, form_state, logic, stored_text
from joinedup.analysis.instruments import Instrument, Item, ItemType
from joinedup.surveys.models import Answer, Response

if TYPE_CHECKING:
    from joinedup.surveys.respond import Page


def environment(instrument: Instrument, language: str) -> Environment:
    """The clock now, the language, and each select question's choice labels."""
    return formstate.environment(instrument, language, timezone.now())


def has_logic(instrument: Instrument) -> bool:
    return not logic(instrument).empty


def answers_of(response: Response, instrument: Instrument) -> dict[str, str]:
    """The response's stored answers as expressions read them (name → text)."""
    items = {i.name: i for i in instrument.items()}
    found: dict[str, str] = {}
    rows = Answer.objects.filter(response=response).values_list(
        "item", "value", "text", "dont_know"
    )
    for name, value, text, dont_know in rows:
        if name in items:
            found[name] = stored_text(items[name], value, text, dont_know)
    return found


def state_of(
    response: Response,
    instrument: Instrument,
    env: Environment,
    answers: dict[str, str] | None = None,
) -> FormState:
    """Relevance and calculations over the response's answers (or ``answers``)."""
    if answers is None:
        answers = answers_of(response, instrument) if has_logic(instrument) else {}
    return form_state(instrument, answers, env)


def asked(response: Response, instrument: Instrument) -> Callable[[str], bool]:
    """Whether each item is asked of this response (every item, without logic)."""
    if not logic(instrument).relevant:
        return lambda _name: True
    env = environment(instrument, instrument.languages[0])
    return state_of(response, instrument, env).asked


def shown(items: Iterable[Item], state: FormState) -> list[Item]:
    """The items of a page the respondent sees: asked, and not calculations."""
    return [i for i in items if i.type != ItemType.CALCULATE and state.asked(i.name)]


def page_asks(page: Page, state: FormState) -> bool:
    """Whether a page shows anything (a relevant question or note)."""
    return bool(shown(page.items, state))


def next_page(all_pages: Sequence[Page], state: FormState, index: int, step: int) -> int:
    """The next page from ``index`` in direction ``step`` (+1 or -1) that asks
    something; past the last page is the review (``len(all_pages)``)."""
    target = index + step
    while 0 <= target < len(all_pages) and not page_asks(all_pages[target], state):
        target += step
    return max(target, 0) if step < 0 else min(target, len(all_pages))


def drop_not_asked(response: Response, instrument: Instrument) -> None:
    """Remove stored answers of questions no longer asked (an earlier answer
    changed): they are "not asked", which is not the same as unanswered. The
    caller holds the transaction."""
    if not logic(instrument).relevant:
        return
    state = state_of(response, instrument, environment(instrument, instrument.languages[0]))
    gone = [name for name, asked in state.relevant.items() if not asked]
    if gone:
        Answer.objects.filter(response=response, item__in=gone).delete()
