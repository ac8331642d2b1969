"""The language switch in every page's header: Django's ``set_language`` view (the
choice is kept in the ``django_language`` cookie, which ``LocaleMiddleware`` reads
on every later request), plus, for a signed-in user with a linked person, the
choice kept as that person's preferred language so their e-mail follows it.

A plain form with one button per other language: it works without JavaScript, and
``next`` brings the reader back to the page they were on.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from joinedup.registry import languages


@require_POST
def switch(request: HttpRequest) -> HttpResponse:
    response = set_language(request)
    if request.user.is_authenticated:
        languages.remember(request.user, request.POST.get("language", ""))
    return response
