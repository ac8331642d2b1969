"""The respondent's survey at /surveys/s/<token>/ (no login; the token is the key).

GET shows a page (``?page=N``, else where the respondent left off); POST saves the
page's answers — even when some are invalid — and moves on, back, or stays to
show the messages. The last step checks and submits.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from joinedup.analysis.instruments import ItemType
from joinedup.surveys import languages, logic, notice
from joinedup.surveys.forms import PageForm, initial_for
from joinedup.surveys.lifecycle import RoundState, closes_on, opens_on, round_state
from joinedup.surveys.mailing import record_opened
from joinedup.surveys.models import Response, ResponseSource, Round
from joinedup.surveys.respond import (
    TokenState,
    missing_required,
    open_link,
    pages,
    response_for,
    save_page,
    state_of,
    submit,
    targets,
)
from joinedup.surveys.throttle import too_many, unknown_link

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


#: What a link of a round that is not taking answers says, with the round's day.
DATED: dict[TokenState, Any] = {
    TokenState.NOT_OPEN: gettext_lazy(
        "The survey opens on %(day)s. Your link is right: please come back to this "
        "same link on or after that day."
    ),
    TokenState.CLOSED: gettext_lazy(
        "The survey closed on %(day)s, so no more answers can be taken."
    ),
}


def gone(request: HttpRequest, state: TokenState, round_: Round | None = None) -> HttpResponse:
    """The page of a link that cannot be answered now; with its round, a survey
    not open yet says the day it opens, and a closed one the day it closed."""
    status, title, text = GONE[state]
    # A draft round has no opening day to announce: the coordinator has not opened it.
    dated = state == TokenState.CLOSED or (
        round_ is not None and round_state(round_) == RoundState.SCHEDULED
    )
    if round_ is not None and dated:
        day = opens_on(round_) if state == TokenState.NOT_OPEN else closes_on(round_)
        text = str(DATED[state]) % {"day": date_format(day, "j F Y")}
    return render(
        request, "surveys/gone.html", {"title": str(title), "text": str(text)}, status=status
    )


@never_cache
@csrf_protect
def respond(request: HttpRequest, token: str) -> HttpResponse:
    lang = _language(request)
    invitation, response = open_link(token)
    state = state_of(invitation, response)
    if invitation is None:
        # Only links that never existed are limited; a link that exists is always
        # answered, whatever the count of its address says.
        wait = unknown_link(request, token)
        if wait:
            return _with_language(too_many(request, wait), lang)
    if invitation is None or state != TokenState.OK:
        round_ = invitation.round if invitation is not None else None
        return _with_language(gone(request, state, round_), lang)
    record_opened(invitation)
    response = response or response_for(invitation)
    chosen = languages.respondent_language(request, invitation.round, response)
    count = len(pages(invitation.round.instrument.instrument()))
    index = _page_index(request, response, count)
    if index >= count:
        result = _review(request, response, count)
    else:
        result = _question_page(request, response, index, count)
    return _with_language(result, chosen if languages.wanted(request) else None)


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
    instrument = response.round.instrument.instrument()
    all_pages = pages(instrument)
    page = all_pages[index]
    lang = translation.get_language() or "en"
    env = logic.environment(instrument, lang)
    base = logic.answers_of(response, instrument) if logic.has_logic(instrument) else {}
    orgs = targets(response, page)
    if request.method == "POST":
        form = PageForm(instrument, page, orgs, lang, data=request.POST, base=base, env=env)
        form.is_valid()
        # A language button saves the page's answers and shows the same page again,
        # in the language chosen (already active: languages.respondent_language).
        switching = bool(request.POST.get("lang"))
        going_back = "back" in request.POST and not switching
        # A question the page's own answers made apply is shown, unmarked, before
        # moving on (as ODK shows it as soon as it applies).
        before = set(request.POST.get("_shown", "").split())
        new = [i.name for i in form.shown if i.type != ItemType.NOTE and i.name not in before]
        appeared = "_shown" in request.POST and bool(new)
        for name in new if appeared else []:
            form.errors.pop(name, None)
        valid = not form.errors
        if switching:
            saved = save_page(response, page, form.answers(), next_page=index)
            if saved != TokenState.OK:
                return gone(request, saved, response.round)
            return HttpResponseRedirect(f"{request.path}?page={index + 1}")
        target = logic.next_page(all_pages, form.state, index, -1 if going_back else 1)
        stay = not going_back and (not valid or appeared)
        saved = save_page(response, page, form.answers(), next_page=index if stay else target)
        if saved != TokenState.OK:  # submitted in another tab, or closed, meanwhile
            return gone(request, saved, response.round)
        if not stay:
            return HttpResponseRedirect(f"{request.path}?page={target + 1}")
        if valid:  # nothing wrong: the page again, with its new question
            return HttpResponseRedirect(f"{request.path}?page={index + 1}&more=1")
        return _render_page(request, response, form, index, count)
    form = PageForm(
        instrument, page, orgs, lang, initial=initial_for(response, page), base=base, env=env
    )
    if not logic.page_asks(page, form.state):  # every question on it is skipped
        target = logic.next_page(all_pages, form.state, index, 1)
        return HttpResponseRedirect(f"{request.path}?page={target + 1}")
    return _render_page(request, response, form, index, count)


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
        **_languages(response, form_id="survey-form"),
        "more": request.GET.get("more") == "1",
    }
    if form.relation:  # pages listing organisations are never cached
        context.update(_kept(response))
    if index == 0:  # what the respondent reads before the first question
        context["introduction"] = notice.introduction(response.round, lang)
        context["privacy_notice"] = notice.privacy_notice(
            response.round, open_link=response.source == ResponseSource.OPEN, language=lang
        )
    return render(request, "surveys/respond.html", context)


def _languages(response: Response, form_id: str = "") -> dict[str, Any]:
    """What the language switch and the first page's language choice need: the
    languages offered (none when there is no choice), whether the respondent is
    asked to choose now, and the form the switch's buttons save (on question pages
    a switch saves the page's answers first; elsewhere it is a link)."""
    round_ = response.round
    offered = languages.choices(round_)
    return {
        "languages": offered,
        "language_prompts": languages.prompts(round_),
        "single_language": not offered,
        "choose_language": bool(offered) and languages.must_choose(round_, response),
        "form_id": form_id if offered else "",
    }


def _kept(response: Response) -> dict[str, bool]:
    """What the respondent is told is kept of their answers (``_kept.html``)."""
    round_ = response.round
    return {"anonymous": round_.anonymous, "network": round_.instrument.kind == "network"}


def _review(request: HttpRequest, response: Response, count: int) -> HttpResponse:
    instrument = response.round.instrument.instrument()
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
        **_languages(response),
    }
    return render(request, "surveys/review.html", context, status=200)
