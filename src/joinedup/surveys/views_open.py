"""A round's open link at /surveys/o/<token>/ (no login; see
:mod:`joinedup.surveys.openlinks`).

The first visit asks the respondent's organisation and stakeholder group, under
the round's introduction and privacy notice; then the pages, review and
submission are those of an invitation's link (:mod:`joinedup.surveys.views_respond`).
A browser that has submitted is told so. An unknown or switched-off open link is
answered like an unknown invitation link: 404, counted by the throttle.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from joinedup.surveys import languages, notice, openlinks
from joinedup.surveys.forms import OpenStartForm
from joinedup.surveys.models import OpenLink, Response
from joinedup.surveys.respond import TokenState, _state, pages
from joinedup.surveys.throttle import too_many, unknown_link
from joinedup.surveys.views_respond import (
    _language,
    _page_index,
    _question_page,
    _review,
    _with_language,
    gone,
)


@never_cache
@csrf_protect
def respond_open(request: HttpRequest, token: str) -> HttpResponse:
    lang = _language(request)
    link = openlinks.find(token)
    if link is None:
        wait = unknown_link(request, token)  # counted like any link that never existed
        reply = too_many(request, wait) if wait else gone(request, TokenState.UNKNOWN)
        return _with_language(reply, lang)
    return _with_language(_answer(request, link), lang)


def _answer(request: HttpRequest, link: OpenLink) -> HttpResponse:
    round_ = link.round
    kept = openlinks.remembered(request, link)
    response = openlinks.started_response(link, kept)
    if kept == openlinks.DONE or (response is not None and response.submitted is not None):
        return _already_answered(request)
    state = _state(round_.status, round_.opens, round_.closes, None)
    if state != TokenState.OK:
        return gone(request, state, round_)
    if response is None:
        return _start(request, link)
    languages.respondent_language(request, round_, response)
    count = len(pages(round_.instrument.instrument()))
    index = _page_index(request, response, count)
    if index < count:
        return _question_page(request, response, index, count)
    reply = _review(request, response, count)
    if response.submitted is not None:  # just submitted: forget which response it was
        openlinks.remember(request, reply, link, openlinks.DONE)
    return reply


def _already_answered(request: HttpRequest) -> HttpResponse:
    context = {
        "title": _("You have already answered from this browser"),
        "text": _(
            "Thank you: answers from this browser were submitted and can no longer be changed."
        ),
    }
    return render(request, "surveys/gone.html", context, status=410)


def _start(request: HttpRequest, link: OpenLink) -> HttpResponse:
    """Ask who answers; on a valid choice, start the response and remember it."""
    round_ = link.round
    form = OpenStartForm(round_, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        response: Response = openlinks.start(
            link, form.cleaned_data["organisation"].pk, form.cleaned_data["group"]
        )
        reply = HttpResponseRedirect(f"{request.path}?page=1")
        openlinks.remember(request, reply, link, str(response.pk))
        return reply
    lang = translation.get_language() or "en"
    offered = languages.offered(round_)
    if lang not in offered:  # e.g. a Welsh-only round opened by an English browser
        lang = offered[0]
        translation.activate(lang)
    instrument = round_.instrument.instrument()
    choices = languages.choices(round_)
    context = {
        "languages": choices,
        "single_language": not choices,
        "form": form,
        "title": instrument.text(instrument.title, lang),
        "partnership": round_.partnership,
        "introduction": notice.introduction(round_, lang),
        "privacy_notice": notice.privacy_notice(round_, open_link=True, language=lang),
    }
    return render(request, "surveys/open_start.html", context)
