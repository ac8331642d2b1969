"""Sections of the partnership and organisation pages, contributed by the apps.

A section is a function ``(viewer, obj, round_) -> SectionResult | None``: ``viewer``
says who reads (:class:`joinedup.registry.viewer.Viewer`), ``obj`` is the partnership
or the organisation, and ``round_`` the survey round a report was asked for (``None``:
the latest). It returns ``None`` when the viewer may not see it or there is nothing to
show. The section applies the permission and suppression rules itself.

Which sections there are, and in which order, is one list per page in the settings,
by dotted path (as Django lists its middleware)::

    PARTNERSHIP_SECTIONS = ["joinedup.context.sections.partnership", ...]
    ORGANISATION_SECTIONS = ["joinedup.context.sections.organisation", ...]

This base layer reads the list and imports the functions by name, so it imports no
app itself.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy

from joinedup.web import section_cache


@dataclass(frozen=True)
class SectionResult:
    """What one section offers one viewer.

    ``summary`` holds one or two plain sentences from the section's own figures (for
    the report's summary, the section's opening words and its overview card; never a
    figure resting on fewer than k respondents); ``questions`` are prompts for the
    board's discussion (a :class:`~joinedup.analysis.board.text.Prompt` or a plain
    string); ``methods`` are sentences for the methods appendix.

    ``headline`` is the one sentence of the section's overview card (what a board
    member should take away), and ``status`` one of :data:`STATUS_LABELS`' keys, or
    empty when the section informs rather than judges.
    """

    key: str
    title: str
    template: str
    context: Mapping[str, Any]
    summary: tuple[str, ...] = ()
    questions: tuple[Any, ...] = ()
    methods: tuple[str, ...] = field(default=())
    headline: str = ""
    status: str = ""

    @property
    def opening(self) -> tuple[str, ...]:
        """The section's opening words: its summary, else its headline."""
        if self.summary:
            return self.summary
        return (self.headline,) if self.headline else ()

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS.get(self.status, ""))

    @classmethod
    def build(
        cls, key: str, title: str, template: str, context: Mapping[str, Any], lines: Any = None
    ) -> SectionResult:
        """A result whose summary, questions and methods come from ``lines`` (any
        object with ``summary``, ``questions`` and ``methods`` lists, such as the
        analysis core's ``BoardLines``); blank lines are left out."""
        if lines is None:
            return cls(key, title, template, context)
        return cls(
            key,
            title,
            template,
            context,
            summary=_kept(lines.summary),
            questions=tuple(q for q in lines.questions if str(q).strip()),
            methods=_kept(lines.methods),
            headline=str(getattr(lines, "headline", "") or ""),
            status=str(getattr(lines, "status", "") or ""),
        )


#: A card's status in words (the colour is never the only cue). The keys match
#: :mod:`joinedup.analysis.board.text`'s ``GOOD``, ``WATCH``, ``ALERT`` and ``NO_DATA``.
STATUS_LABELS = {
    "good": gettext_lazy("Going well"),
    "watch": gettext_lazy("Worth discussing"),
    "alert": gettext_lazy("Needs attention"),
    "none": gettext_lazy("Not enough data yet"),
}


def _kept(lines: Any) -> tuple[str, ...]:
    return tuple(str(line) for line in lines if str(line).strip())


SectionFn = Callable[[Any, Any, Any], SectionResult | None]


@cache
def _load(paths: tuple[str, ...]) -> tuple[SectionFn, ...]:
    """The functions named by ``paths``, each with its results kept between requests
    (:mod:`joinedup.web.section_cache`; the plain function is its ``uncached``)."""
    return tuple(section_cache.cached(import_string(path), path) for path in paths)


def partnership_sections() -> tuple[SectionFn, ...]:
    """The partnership page's sections in page order (``settings.PARTNERSHIP_SECTIONS``)."""
    return _load(tuple(settings.PARTNERSHIP_SECTIONS))


def organisation_sections() -> tuple[SectionFn, ...]:
    """The organisation page's sections in page order (``settings.ORGANISATION_SECTIONS``)."""
    return _load(tuple(settings.ORGANISATION_SECTIONS))


def gather(
    functions: tuple[SectionFn, ...], viewer: Any, obj: Any, round_: Any = None
) -> list[SectionResult]:
    """The sections ``viewer`` may see of ``obj``, in order."""
    found = (function(viewer, obj, round_) for function in functions)
    return [result for result in found if result is not None]


def for_partnership(viewer: Any, partnership: Any, round_: Any = None) -> list[SectionResult]:
    return gather(partnership_sections(), viewer, partnership, round_)


def declare(key: str) -> Callable[[SectionFn], SectionFn]:
    """Mark a section function with the key of the result it returns, so that one
    section's own page can compute that section alone (:func:`partnership_section`)."""

    def mark(function: SectionFn) -> SectionFn:
        function.section_key = key  # type: ignore[attr-defined]
        return function

    return mark


def partnership_section(viewer: Any, partnership: Any, key: str) -> SectionResult | None:
    """The one partnership section with ``key`` (None: no such section, or nothing
    for this viewer). Functions declared with :func:`declare` and another key are
    not called; an undeclared one is called and its result's key compared."""
    for function in partnership_sections():
        declared = getattr(function, "section_key", None)
        if declared is not None and declared != key:
            continue
        result = function(viewer, partnership, None)
        if result is not None and result.key == key:
            return result
    return None


def for_organisation(viewer: Any, organisation: Any) -> list[SectionResult]:
    return gather(organisation_sections(), viewer, organisation)
