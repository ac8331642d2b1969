"""A person's preferred language: the language of what joinedup writes to them.

:class:`~joinedup.registry.models.Person` keeps it (blank: no preference). A
signed-in account finds it through its linked person; an account that has none
(an administrator invited by address only) through a person with the same e-mail
address. Mail is then written in that language, whatever the language of the page
that sends it: an English-speaking coordinator inviting a Welsh-speaking member
sends Welsh.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

from joinedup.registry.models import Person


def site_languages() -> set[str]:
    return {code for code, _name in settings.LANGUAGES}


def of_person(person: Person | None) -> str:
    """The person's language code, or "" when they have none (or one the site no
    longer speaks)."""
    language = getattr(person, "language", "") or ""
    return language if language in site_languages() else ""


def of_address(email: str) -> str:
    """The language of the people with this e-mail address, when they agree on one."""
    if not email:
        return ""
    found = {
        of_person(p)
        for p in Person.objects.filter(email__iexact=email).exclude(language="").only("language")
    }
    found.discard("")
    return found.pop() if len(found) == 1 else ""


def of_user(user: Any) -> str:
    """A user's language: their linked person's, else that of the people with their
    e-mail address, else ""."""
    person = Person.objects.filter(user=user).only("language").first() if user.pk else None
    return of_person(person) or of_address(getattr(user, "email", "") or "")


def remember(user: Any, language: str) -> None:
    """Keep a signed-in user's choice of language on their linked person, if any, so
    their e-mail follows the language they read the site in."""
    if language in site_languages() and user.is_authenticated:
        Person.objects.filter(user=user).exclude(language=language).update(language=language)
