"""What a respondent reads before the first question: the round's introduction and
its privacy notice.

A coordinator may write both for a round (``Round.introduction`` and
``Round.privacy_notice``); left empty, the round shows the defaults written here:
the instrument's own introduction, in the respondent's language, and a notice that
states this installation's rules. The notice restates rules decided elsewhere, so
keep it in step with them: who sees results and when
(:mod:`joinedup.surveys.visibility`), the small-group rule with k from
``settings.MIN_RESPONDENTS``, what an anonymous round keeps (``Round.anonymous``),
and how long answers are kept (as long as their round: docs/operating.md,
section 7, "What is kept, and for how long").
"""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from joinedup.surveys.models import Round


def default_introduction(round_: Round, language: str = "en") -> str:
    """The instrument's introduction (its ``description``) in ``language``."""
    instrument = round_.instrument.instrument()
    return instrument.text(instrument.description, language)


def default_privacy_notice(round_: Round, open_link: bool = False) -> str:
    """joinedup's notice for ``round_``, in paragraphs separated by blank lines;
    ``open_link`` for someone answering through the round's open link, who has no
    invitation (so no name is kept and nobody can see whether they answered)."""
    k = int(settings.MIN_RESPONDENTS)
    network = round_.instrument.kind == "network"
    who = _(
        "Who sees your answers: results are shown only as figures for groups, never "
        "anyone's own answers, and no figure resting on fewer than %(k)d people is ever "
        "shown, so nobody's answers can be picked out. The partnership's members and "
        "evaluators see the results once the round has closed; its coordinators can see "
        "whether you have answered, never what you answered."
    ) % {"k": k}
    if open_link:
        who = _(
            "Who sees your answers: results are shown only as figures for groups, never "
            "anyone's own answers, and no figure resting on fewer than %(k)d people is "
            "ever shown, so nobody's answers can be picked out. The partnership's members "
            "and evaluators see the results once the round has closed; its coordinators "
            "see how many people answered through this link, never what they answered."
        ) % {"k": k}
        kept = _(
            "You answer through a link shared with many people, so your answers carry no "
            "name; they keep only the organisation and stakeholder group you choose."
        )
    elif round_.anonymous:
        kept = _(
            "This round is anonymous: when you submit, your answers are separated from "
            "your name for good; they keep only your organisation and stakeholder group."
        )
    else:
        kept = _(
            "Your answers stay linked to your invitation, which only the installation's "
            "administrators can see; results never show it."
        )
    paragraphs = [who, kept]
    words = _words_paragraph(round_, k)
    if words:
        paragraphs.insert(1, words)
    if network:
        paragraphs.append(
            _(
                "Your ratings of other organisations are kept with your organisation, "
                "because the network links organisations; results never show who rated whom."
            )
        )
    paragraphs.append(
        _(
            "How long they are kept: your answers are kept as long as this survey round "
            "and are deleted with it."
        )
    )
    return "\n\n".join(paragraphs)


def _words_paragraph(round_: Round, k: int) -> str:
    """What happens to answers written in one's own words (rounds whose
    questionnaire asks for any; see :mod:`joinedup.surveys.comments`)."""
    from joinedup.analysis.instruments import InstrumentError, ItemType

    try:
        items = round_.instrument.instrument().items()
    except InstrumentError:
        return ""
    if not any(item.type == ItemType.TEXT for item in items):
        return ""
    if round_.members_see_comments:
        readers = _("the partnership's coordinators, members and evaluators")
    else:
        readers = _("the partnership's coordinators")
    return _(
        "What you write in your own words is quoted as you wrote it, once the round has "
        "closed and only if at least %(k)d people answered that question. It is read by "
        "%(readers)s, in a mixed order, never with your name, organisation or group; a "
        "coordinator can hide a comment that would let readers tell who wrote it."
    ) % {"k": k, "readers": readers}


def introduction(round_: Round, language: str = "en") -> str:
    """The introduction respondents read: the round's own, else the instrument's.

    A Welsh reader gets the round's Welsh introduction; without one, the
    instrument's Welsh text when the round has no introduction of its own, and
    the coordinator's own text (in whatever language it was written) when it has."""
    own = round_.introduction.strip()
    if language == "cy":
        own = round_.introduction_cy.strip() or own
    return own or default_introduction(round_, language)


def privacy_notice(round_: Round, open_link: bool = False, language: str = "") -> str:
    """The privacy notice respondents read: the round's own, else joinedup's (in
    the active language). A Welsh reader gets the round's Welsh notice first."""
    own = round_.privacy_notice.strip()
    if language == "cy":
        own = round_.privacy_notice_cy.strip() or own
    return own or default_privacy_notice(round_, open_link)


def save_texts(
    round_: Round,
    introduction_text: str,
    notice_text: str,
    introduction_cy: str | None = None,
    notice_cy: str | None = None,
) -> None:
    """Keep what the coordinator wrote; a text equal to its default is stored empty,
    so the default keeps following the respondent's language and the round's rules.
    The Welsh texts (None: left as they are) are compared with the Welsh defaults."""
    introduction_text, notice_text = introduction_text.strip(), notice_text.strip()
    if _same(introduction_text, default_introduction(round_)):
        introduction_text = ""
    if _same(notice_text, default_privacy_notice(round_)):
        notice_text = ""
    round_.introduction, round_.privacy_notice = introduction_text, notice_text
    fields = ["introduction", "privacy_notice"]
    if introduction_cy is not None and notice_cy is not None:
        round_.introduction_cy, round_.privacy_notice_cy = _welsh(
            round_, introduction_cy.strip(), notice_cy.strip()
        )
        fields += ["introduction_cy", "privacy_notice_cy"]
    round_.save(update_fields=fields)


def welsh_defaults(round_: Round) -> tuple[str, str]:
    """The introduction and privacy notice a Welsh reader gets when the round has
    no Welsh texts of its own."""
    with translation.override("cy"):
        return default_introduction(round_, "cy"), default_privacy_notice(round_)


def _welsh(round_: Round, introduction_cy: str, notice_cy: str) -> tuple[str, str]:
    default_intro, default_notice = welsh_defaults(round_)
    return (
        "" if _same(introduction_cy, default_intro) else introduction_cy,
        "" if _same(notice_cy, default_notice) else notice_cy,
    )


def _same(a: str, b: str) -> bool:
    # A browser's textarea sends CRLF line endings.
    return " ".join(a.split()) == " ".join(b.split())
