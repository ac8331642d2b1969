"""Template tags for plain words: technical terms with their one-line meaning
(:mod:`joinedup.web.glossary`), a section's opening words, and a section rendered
from its :class:`~joinedup.web.sections.SectionResult`."""

from __future__ import annotations

from typing import Any

from django import template
from django.template.loader import render_to_string
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from joinedup.web.glossary import term as find_term

register = template.Library()


@register.simple_tag
def term(key: str) -> SafeString:
    """The term with its meaning in brackets, visible (no hover, read aloud as is)."""
    found = find_term(key)
    return format_html(
        '<dfn class="term">{}</dfn> <span class="term-note">({})</span>',
        found.label,
        found.meaning,
    )


@register.simple_tag
def glossary(*keys: str) -> SafeString:
    """A short list of the terms a table or chart uses, with their meanings."""
    rows = format_html_join(
        "",
        "<div><dt>{}</dt><dd>{}</dd></div>",
        ((find_term(k).label, find_term(k).meaning) for k in keys),
    )
    return format_html(
        '<dl class="glossary" aria-label="{}">{}</dl>', gettext("What the terms mean"), rows
    )


@register.simple_tag(takes_context=True)
def render_result(context: Any, result: Any, **extra: Any) -> SafeString:
    """One section from its result, with its opening words (``plain_words``: the
    result's summary, else its headline) and any ``extra`` context (``in_report``,
    ``own_page``)."""
    section_context = {**result.context, "plain_words": result.opening, **extra}
    return render_to_string(result.template, section_context, request=context.get("request"))
