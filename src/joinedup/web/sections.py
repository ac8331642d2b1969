"""Sections of the partnership and organisation pages, contributed by each app.

An app registers a section in its ``AppConfig.ready()``::

    from joinedup.web.sections import partnership_section

    partnership_section(order=30, template="participation/_section.html",
                        context=lambda request, partnership: {...})

The page renders every registered section in ``order``; a section whose context
function returns ``None`` is left out (for example when there is nothing to show).
Context functions must apply the permission and suppression rules themselves.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest

ContextFn = Callable[[HttpRequest, Any], dict[str, Any] | None]


@dataclass(frozen=True)
class Section:
    order: int
    template: str
    context: ContextFn


_PARTNERSHIP: list[Section] = []
_ORGANISATION: list[Section] = []


def partnership_section(order: int, template: str, context: ContextFn) -> None:
    _PARTNERSHIP.append(Section(order, template, context))
    _PARTNERSHIP.sort(key=lambda s: (s.order, s.template))


def organisation_section(order: int, template: str, context: ContextFn) -> None:
    _ORGANISATION.append(Section(order, template, context))
    _ORGANISATION.sort(key=lambda s: (s.order, s.template))


def registered_partnership_sections() -> list[Section]:
    """The partnership sections in page order (for pages that compose them, e.g. reports)."""
    return list(_PARTNERSHIP)


def render_sections(
    sections: list[Section], request: HttpRequest, obj: Any
) -> list[tuple[str, dict[str, Any]]]:
    rendered = []
    for section in sections:
        context = section.context(request, obj)
        if context is not None:
            rendered.append((section.template, context))
    return rendered


def for_partnership(request: HttpRequest, partnership: Any) -> list[tuple[str, dict[str, Any]]]:
    return render_sections(_PARTNERSHIP, request, partnership)


def for_organisation(request: HttpRequest, organisation: Any) -> list[tuple[str, dict[str, Any]]]:
    return render_sections(_ORGANISATION, request, organisation)
