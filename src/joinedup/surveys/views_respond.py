"""The respondent's survey at /surveys/s/<token>/ (no login; the token is the key).

GET shows a page (``?page=N``, else where the respondent left off); POST saves the
page's answers — even when some are invalid — and moves on, back, or stays to
show the messages. The last step checks and submits.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Hashable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from joinedup.analysis.instruments import ItemType
from joinedup.surveys import hot
from joinedup.surveys.forms import PageForm, initial_for
from joinedup.surveys.models import Response
from joinedup.surveys.respond import (
    Page,
    TokenState,
    instrument_of,
    missing_required,
    open_link,
    pages,
    response_for,
    save_page,
    state_of,
    submit,
    targets,
)

GONE: dict[TokenState, tuple[int, Any, Any]] = {
    TokenState.UNKNOWN: (
        404,
        gettext_lazy("We do not recognise this link"),
        gettext_lazy("Please check that you copied the whole link from your invitation e-mail."),
    ),
    TokenState.SUBMITTED: (
        410,
        gettext_lazy("You have already answered this survey"),
        gettext_lazy("Thank you: your answers were submitted and can no longer be changed."),
    ),
    TokenState.CLOSED: (
        410,
        gettext_lazy("This survey has closed"),
        gettext_lazy("The survey round is over, so no more answers can be taken."),
    ),
    TokenState.NOT_OPEN: (
        403,
        gettext_lazy("This survey is not open yet"),
        gettext_lazy("Please come back when the survey round opens."),
    ),
}


def _language(request: HttpRequest) -> str | None:
    wanted = request.GET.get("lang", "")
    if wanted in dict(settings.LANGUAGES):
        translation.activate(wanted)
        request.LANGUAGE_CODE = wanted
        return wanted
    return None


def _with_language(response: HttpResponse, lang: str | None) -> HttpResponse:
    if lang:
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, lang, samesite="Lax")
    return response


def gone(request: HttpRequest, state: TokenState) -> HttpResponse:
    status, title, text = GONE[state]
    return render(
        request, "surveys/gone.html", {"title": str(title), "text": str(text)}, status=status
    )


class PageCache:
    """Question pages that every respondent of a round sees alike, rendered once.

    A question page without relation items, shown with no saved answers, depends
    only on the round (partnership and instrument), the page, the language and the
    CSRF token. Rendering its forty-odd radio buttons through Django's form
    templates is most of the work of a GET, so the page is kept (least recently
    used out, ``size`` pages per process) with the token taken out, and each
    request gets its own token put in. Pages with saved answers or errors, pages
    listing organisations, POSTs, and requests with a session (a signed-in person
    may have messages waiting) are always rendered afresh.
    """

    FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
    MARK = "\x00csrf\x00"

    def __init__(self, size: int = 256) -> None:
        self.size = size
        self._pages: OrderedDict[Hashable, str] = OrderedDict()
        self._lock = threading.Lock()

    @staticmethod
    def usable(request: HttpRequest, page: Page, response: Response) -> bool:
        """Whether the page looks the same for everyone (checked last: no answers)."""
        return (
            request.method == "GET"
            and all(i.type != ItemType.RELATION for i in page.items)
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and "messages" not in request.COOKIES
            and not hot.has_answers(response.pk, [i.name for i in page.items])
        )

    def get(self, key: Hashable, request: HttpRequest) -> HttpResponse | None:
        with self._lock:
            html = self._pages.get(key)
            if html is not None:
                self._pages.move_to_end(key)
        if html is None:
            return None
        return HttpResponse(html.replace(self.MARK, get_token(request)))

    def put(self, key: Hashable, response: HttpResponse) -> None:
        html = response.content.decode(response.charset)
        found = self.FIELD.search(html)
        if found is None or self.MARK in html:
            return
        with self._lock:
            self._pages[key] = html.replace(found.group(1), self.MARK)
            self._pages.move_to_end(key)
            while len(self._pages) > self.size:
                self._pages.popitem(last=False)


PAGES = PageCache()


@never_cache
@csrf_protect
def respond(request: HttpRequest, token: str) -> HttpResponse:
    lang = _language(request)
    invitation, response = open_link(token)
    state = state_of(invitation, response)
    if invitation is None or state != TokenState.OK:
        return _with_language(gone(request, state), lang)
    response = response or response_for(invitation)
    count = len(pages(instrument_of(invitation.round.instrument)))
    index = _page_index(request, response, count)
    if index >= count:
        result = _review(request, response, count)
    else:
        result = _question_page(request, response, index, count)
    return _with_language(result, lang)


def _page_index(request: HttpRequest, response: Response, count: int) -> int:
    raw = request.POST.get("page") if request.method == "POST" else request.GET.get("page")
    try:
        index = int(raw) - 1 if raw else response.page
    except ValueError:
        index = response.page
    return max(0, min(index, count))


def _question_page(
    request: HttpRequest, response: Response, index: int, count: int
) -> HttpResponse:
    instrument = instrument_of(response.round.instrument)
    page = pages(instrument)[index]
    lang = translation.get_language() or "en"
    if request.method == "POST":
        form = PageForm(instrument, page, targets(response, page), lang, data=request.POST)
        valid = form.is_valid()
        going_back = "back" in request.POST
        target = index - 1 if going_back else index + 1
        save_page(response, page, form.answers(), next_page=target if valid else index)
        if valid or going_back:
            return HttpResponseRedirect(f"{request.path}?page={max(target, 0) + 1}")
        return _render_page(request, response, form, index, count)
    if not PageCache.usable(request, page, response):
        form = PageForm(
            instrument, page, targets(response, page), lang, initial=initial_for(response, page)
        )
        return _render_page(request, response, form, index, count)
    round_, version = response.round, response.round.instrument
    key = (round_.pk, round_.partnership.name, version.pk, version.created, index, count, lang)
    cached = PAGES.get(key, request)
    if cached is None:
        form = PageForm(instrument, page, [], lang, initial={})
        cached = _render_page(request, response, form, index, count)
        PAGES.put(key, cached)
    return cached


def _render_page(
    request: HttpRequest, response: Response, form: PageForm, index: int, count: int
) -> HttpResponse:
    instrument, page = form.instrument, form.page
    lang = translation.get_language() or "en"
    context: dict[str, Any] = {
        "form": form,
        "page": page,
        "number": index + 1,
        "count": count + 1,
        "title": instrument.text(instrument.title, lang),
        "heading": instrument.text(page.dimension.label, lang),
        "description": instrument.text(page.dimension.description, lang),
        "partnership": response.round.partnership,
        "first": index == 0,
    }
    if form.relation:  # pages listing organisations are never cached
        context.update(_kept(response))
    return render(request, "surveys/respond.html", context)


def _kept(response: Response) -> dict[str, bool]:
    """What the respondent is told is kept of their answers (``_kept.html``)."""
    round_ = response.round
    return {"anonymous": round_.anonymous, "network": round_.instrument.kind == "network"}


def _review(request: HttpRequest, response: Response, count: int) -> HttpResponse:
    instrument = instrument_of(response.round.instrument)
    lang = translation.get_language() or "en"
    if request.method == "POST":
        if "back" in request.POST:
            return HttpResponseRedirect(f"{request.path}?page={count}")
        if submit(response):
            return render(
                request, "surveys/thanks.html", {"partnership": response.round.partnership}
            )
    all_pages = pages(instrument)
    missing = [
        (i + 1, instrument.text(all_pages[i].dimension.label, lang))
        for i in missing_required(response)
    ]
    context = {
        "number": count + 1,
        "count": count + 1,
        "title": instrument.text(instrument.title, lang),
        "missing": missing,
        "tried": request.method == "POST",
        "partnership": response.round.partnership,
        **_kept(response),
    }
    return render(request, "surveys/review.html", context, status=200)
