"""Invitation and reminder e-mail: the round's wording, the outbox, each person's status.

A round's invitation and reminder are texts with placeholders, ``{name}``,
``{partnership}``, ``{period}``, ``{closes}`` and ``{link}`` (which must be there),
edited by the coordinator (blank: joinedup's own wording). :func:`queue_messages`
writes each message to the outbox (:mod:`joinedup.outbox`) and returns at once; a
worker sends it. People without an e-mail address get no message: they need their
link by hand, and are counted so, never as sent.

Each invitation's status is the furthest it has come: needs a link by hand or not
e-mailed, queued, failed (with the server's reason; tried again), sent, opened (the
link was opened), started (a page was saved), submitted.
"""

from __future__ import annotations

import string
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from joinedup.outbox import delivery
from joinedup.outbox.models import Message, MessageState
from joinedup.surveys.languages import mail_languages
from joinedup.surveys.lifecycle import closes_on
from joinedup.surveys.models import Invitation, Response, Round

PLACEHOLDERS = ("name", "partnership", "period", "closes", "link")

DEFAULT_INVITATION = gettext_lazy(
    "Dear {name},\n\n{partnership} asks its members how the partnership is working "
    "({period}). Your answers are confidential and are reported only for groups of "
    "several people.\n\nYour personal link (please do not forward it):\n{link}\n\n"
    "The survey closes on {closes}.\n"
)
DEFAULT_REMINDER = gettext_lazy(
    "Dear {name},\n\nA reminder: {partnership} would still like to hear how you find "
    "the partnership ({period}). The survey closes on {closes}.\n\nYour personal link "
    "(please do not forward it):\n{link}\n"
)


def placeholder_errors(text: str) -> list[str]:
    """What is wrong with a message text: an unknown placeholder (named), a stray
    brace, or no ``{link}``. Empty when the text can be sent."""
    try:
        fields = [
            field
            for _lit, field, _spec, _conv in string.Formatter().parse(text)
            if field is not None
        ]
    except ValueError:
        return [
            _(
                "A “{” or “}” has no partner: write placeholders as {name}, "
                "and {{ or }} for a brace."
            )
        ]
    known = ", ".join("{" + p + "}" for p in PLACEHOLDERS)
    errors = [
        _("Unknown placeholder {%(p)s}: use %(known)s.") % {"p": field, "known": known}
        for field in dict.fromkeys(fields)
        if field not in PLACEHOLDERS
    ]
    if "link" not in fields:
        errors.append(_("The text must contain {link}, the person's own survey link."))
    return errors


def texts(round_: Round) -> tuple[str, str]:
    """The round's invitation and reminder texts (its own, or joinedup's)."""
    return (
        round_.invitation_text or str(DEFAULT_INVITATION),
        round_.reminder_text or str(DEFAULT_REMINDER),
    )


def closing_day(round_: Round) -> str:
    """The last day of answering, inclusive, as the coordinator entered it."""
    return date_format(closes_on(round_), "j F Y")


def render(text: str, round_: Round, name: str, link: str) -> str:
    """``text`` with its placeholders filled for one person."""
    values: Mapping[str, str] = {
        "name": name,
        "partnership": round_.partnership.name,
        "period": round_.period,
        "closes": closing_day(round_),
        "link": link,
    }
    return text.format_map(values)


def subject(round_: Round, reminder: bool, title: str = "") -> str:
    return (_("Reminder: %(t)s") if reminder else _("Survey: %(t)s")) % {
        "t": title or round_.instrument.title
    }


#: Between the languages of a bilingual message.
LANGUAGE_BREAK = "\n* * *\n\n"


def _languages(round_: Round) -> list[str]:
    """The languages the round's messages are written in, in order; none for a
    round that left its languages to the questionnaire (its messages then follow
    the coordinator's language, as they always did)."""
    return mail_languages(round_) if round_.languages else []


def message_subject(round_: Round, reminder: bool) -> str:
    """The subject in the round's languages (a bilingual round: both, in its order,
    each with the questionnaire's title in that language)."""
    languages = _languages(round_)
    if not languages:
        return subject(round_, reminder)
    instrument = round_.instrument.instrument()
    parts = []
    for language in languages:
        with translation.override(language):
            parts.append(subject(round_, reminder, instrument.text(instrument.title, language)))
    return " / ".join(parts)


def message_body(round_: Round, text: str, reminder: bool, name: str, link: str) -> str:
    """One person's message. joinedup's own wording is written in each of the
    round's languages in turn (Welsh first where the round says so), each with its
    closing day in that language; a coordinator's own text is sent as written,
    once (they write it in both languages if they want both)."""
    languages = _languages(round_)
    default = DEFAULT_REMINDER if reminder else DEFAULT_INVITATION
    if not languages:
        return render(text, round_, name, link)
    if " ".join(text.split()) != " ".join(str(default).split()):
        with translation.override(languages[0]):
            return render(text, round_, name, link)
    parts = []
    for language in languages:
        with translation.override(language):
            parts.append(render(str(default), round_, name, link))
    return LANGUAGE_BREAK.join(parts)


@dataclass(frozen=True)
class Queued:
    """What :func:`queue_messages` did: messages queued, people left without one."""

    queued: int
    by_hand: int


def queue_messages(round_: Round, links: Mapping[int, str], reminder: bool = False) -> Queued:
    """Queue one e-mail per invitation in ``links`` ({invitation id: its link}).
    Call inside the transaction that made the links: the messages are then
    queued with them or not at all."""
    invitation, reminder_text = texts(round_)
    text = reminder_text if reminder else invitation
    title = message_subject(round_, reminder)
    queued = by_hand = 0
    for inv in Invitation.objects.filter(pk__in=links).select_related("person"):
        if not inv.person.email:
            by_hand += 1
            continue
        body = message_body(round_, text, reminder, inv.person.display_name, links[inv.pk])
        purpose = "reminder" if reminder else "invitation"
        inv.last_message = delivery.queue(inv.person.email, title, body, purpose)
        inv.save(update_fields=["last_message"])
        queued += 1
    return Queued(queued, by_hand)


def record_sent(message: Message, **_kwargs: Any) -> None:
    """Receiver of ``message_sent``: the invitation's sent or reminded time."""
    field = "reminded_at" if message.purpose == "reminder" else "sent_at"
    Invitation.objects.filter(last_message=message).update(**{field: message.sent_at})


def record_opened(inv: Invitation) -> None:
    """Note the day a link was first opened (once; later openings change nothing)."""
    if inv.opened_on is None:
        today = timezone.localdate()
        Invitation.objects.filter(pk=inv.pk, opened_on__isnull=True).update(opened_on=today)
        inv.opened_on = today


class Status:
    BY_HAND = "by-hand"
    NOT_SENT = "not-sent"
    QUEUED = "queued"
    FAILED = "failed"
    SENT = "sent"
    OPENED = "opened"
    STARTED = "started"
    SUBMITTED = "submitted"


#: Each status's words, in the order the counts are shown.
STATUS_LABELS = {
    Status.SUBMITTED: gettext_lazy("submitted"),
    Status.STARTED: gettext_lazy("started"),
    Status.OPENED: gettext_lazy("opened the link"),
    Status.SENT: gettext_lazy("sent"),
    Status.QUEUED: gettext_lazy("queued"),
    Status.FAILED: gettext_lazy("failed, to be tried again"),
    Status.NOT_SENT: gettext_lazy("not e-mailed"),
    Status.BY_HAND: gettext_lazy("needs a link by hand"),
}


@dataclass(frozen=True)
class InvitationStatus:
    invitation: Invitation
    status: str
    #: The server's reason for a failed message; when it is tried again.
    reason: str = ""
    next_try: Any = None

    @property
    def label(self) -> str:
        return str(STATUS_LABELS[self.status])


def _status(inv: Invitation, started: bool) -> InvitationStatus:
    message = inv.last_message
    if inv.submitted:
        return InvitationStatus(inv, Status.SUBMITTED)
    if started:
        return InvitationStatus(inv, Status.STARTED)
    if inv.opened_on:
        return InvitationStatus(inv, Status.OPENED)
    if message is None:
        if not inv.person.email:
            return InvitationStatus(inv, Status.BY_HAND)
        return InvitationStatus(inv, Status.SENT if inv.sent_at else Status.NOT_SENT)
    if message.state == MessageState.SENT:
        return InvitationStatus(inv, Status.SENT)
    if message.state == MessageState.FAILED:
        return InvitationStatus(inv, Status.FAILED, message.last_error, message.next_try)
    return InvitationStatus(inv, Status.QUEUED)


def invitation_statuses(round_: Round) -> list[InvitationStatus]:
    """Every invitation of the round with its status, by organisation and name."""
    began = Response.objects.filter(
        Q(page__gt=0) | Q(answers__isnull=False), invitation=OuterRef("pk")
    )
    rows = (
        round_.invitations.select_related("person", "organisation", "last_message")
        .annotate(began=Exists(began))
        .order_by("organisation__name", "person__display_name")
    )
    return [_status(inv, inv.began) for inv in rows]


def status_counts(statuses: list[InvitationStatus]) -> list[tuple[str, int]]:
    """("7 queued"-style) counts of the statuses present, in display order."""
    found = Counter(s.status for s in statuses)
    counts = [(str(label), found[key]) for key, label in STATUS_LABELS.items() if found[key]]
    if found[Status.BY_HAND] > 1:  # "2 need a link by hand", "1 needs a link by hand"
        counts[-1] = (_("need a link by hand"), found[Status.BY_HAND])
    return counts


def summary(done: Queued, reminder: bool = False) -> str:
    """What a coordinator is told after inviting or reminding."""
    what = _("reminders") if reminder else _("invitations")
    parts = [_("%(n)d %(what)s queued for sending") % {"n": done.queued, "what": what}]
    if done.by_hand:
        parts.append(
            ngettext(
                "%(n)d needs a link by hand (no e-mail address)",
                "%(n)d need a link by hand (no e-mail address)",
                done.by_hand,
            )
            % {"n": done.by_hand}
        )
    return "; ".join(parts) + "."
