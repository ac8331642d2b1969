"""The languages of a survey round: which ones its respondents may read, which one a
respondent reads now, and in which order a bilingual round's e-mails carry them.

A round's ``languages`` (:class:`~joinedup.surveys.models.RoundLanguages`) is one of:
empty (as the questionnaire offers: the instrument's languages first, then the site's
others; respondents start in their browser's language and may switch; e-mails follow
the coordinator's language, as before), one
language only, or both in a stated order. A bilingual round asks each respondent to
choose on the first page; a Welsh body bound by the Welsh Language Standards puts
Welsh first, which the coordinator chooses with the order.

The respondent's choice is kept on the :class:`~joinedup.surveys.models.Response`, so
it follows them from page to page and when they come back to the link later.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.utils import translation

from joinedup.surveys.models import Response, Round

#: Each language's name in itself, as a respondent looks for it.
NATIVE_NAMES: dict[str, str] = {"en": "English", "cy": "Cymraeg"}

#: The question a bilingual round asks before its first page, in each language at
#: once. Like the names above, these are shown whatever language is active, so they
#: are written here in every language rather than looked up in the catalogue.
NATIVE_PROMPTS: dict[str, str] = {
    "en": "Which language would you like to answer in? You can switch at any time with "
    "the link at the top of the page.",
    "cy": "Ym mha iaith hoffech chi ateb? Gallwch newid unrhyw bryd gyda'r ddolen ar frig "
    "y dudalen.",
}


def _site_languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def offered(round_: Round) -> list[str]:
    """The languages respondents of ``round_`` may read, in the round's order."""
    site = _site_languages()
    if round_.languages:
        chosen = [code for code in round_.languages.split(",") if code in site]
        if chosen:
            return chosen
    # As the questionnaire offers: its own languages first, then the site's others
    # (their page words translated, the questions falling back to the first).
    instrument = round_.instrument.instrument()
    own = [code for code in instrument.languages if code in site]
    return own + [code for code in site if code not in own]


def bilingual(round_: Round) -> bool:
    """Whether the coordinator made the round bilingual (both languages, in order)."""
    return "," in round_.languages


def mail_languages(round_: Round) -> list[str]:
    """The languages of the round's invitation and reminder, in order: both for a
    bilingual round, otherwise the round's first language."""
    languages = offered(round_)
    return languages if bilingual(round_) else languages[:1]


def must_choose(round_: Round, response: Response) -> bool:
    """Whether the respondent is asked to choose a language before they begin: in a
    bilingual round, until they have chosen."""
    return bilingual(round_) and response.language not in offered(round_)


def choices(round_: Round) -> list[tuple[str, str]]:
    """(code, native name) of each language offered, when there is a choice."""
    languages = offered(round_)
    if len(languages) < 2:
        return []
    return [(code, NATIVE_NAMES.get(code, code)) for code in languages]


def prompts(round_: Round) -> list[tuple[str, str]]:
    """(code, the question "which language?" in that language), in the round's order."""
    return [(code, NATIVE_PROMPTS[code]) for code in offered(round_) if code in NATIVE_PROMPTS]


def wanted(request: HttpRequest) -> str:
    """The language a respondent asked for on this request: a language button
    (``lang`` in a POST, which also saves the page) or a link (``?lang=``)."""
    if request.method == "POST" and request.POST.get("lang"):
        return request.POST["lang"]
    return request.GET.get("lang", "")


def respondent_language(request: HttpRequest, round_: Round, response: Response) -> str:
    """The language of the respondent's page, activated for the interface strings.

    A language asked for now (and offered by the round) is kept on the response;
    otherwise the response's kept choice; otherwise the language the browser asks
    for (Django's ``LocaleMiddleware``: cookie, then ``Accept-Language``) if the
    round offers it; otherwise the round's first language."""
    languages = offered(round_)
    asked = wanted(request)
    if asked in languages and asked != response.language:
        Response.objects.filter(pk=response.pk).update(language=asked)
        response.language = asked
    if response.language in languages:
        language = response.language
    else:
        browser = translation.get_language() or ""
        language = browser if browser in languages else languages[0]
    translation.activate(language)
    request.LANGUAGE_CODE = language
    return language
