"""A round's answers in words: written comments and multiple-choice counts.

Who reads what (the one rule every page, download and API answer asks):

- nothing while the round is not closed, for anyone, administrators included. A
  coordinator's list of who has not answered, read beside the comments twice,
  would say who wrote the comment that just appeared; closed rounds with k or more
  responses never reopen (:mod:`joinedup.surveys.schedule`);
- once it is closed, multiple-choice counts for everyone who may see the round's
  results (:func:`joinedup.surveys.visibility.round_view`); written comments for
  the partnership's coordinators and administrators, and for its members and
  evaluators only when the round's ``members_see_comments`` is on. That setting
  can be switched on only before the round closes, so respondents read in the
  privacy notice who would read their words (:mod:`joinedup.surveys.notice`); it
  can be switched off at any time.

What is shown follows :mod:`joinedup.analysis.qualitative` with k from
``settings.MIN_RESPONDENTS``: a question's comments or counts once at least k
respondents answered it; comments in a random order that is the same on every
reload (an HMAC of the answer's id under a key derived from ``SECRET_KEY``);
never a group, organisation, sector or date beside them (none is read here).

A coordinator may hide a comment that names or points at someone
(:func:`set_hidden`); hidden comments still count towards k, are shown to nobody
but the round's coordinators on the page where they hide and unhide them, never
exported, and every hiding and unhiding is written to the audit log.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from joinedup.analysis.instruments import Instrument, InstrumentError, Item, ItemType
from joinedup.analysis.qualitative import (
    CommentSet,
    OptionCounts,
    comment_set,
    option_counts,
    order_key,
)
from joinedup.registry.viewer import Viewer
from joinedup.surveys.lifecycle import RoundState, round_state
from joinedup.surveys.models import Answer, HiddenComment, Round, visible_responses
from joinedup.surveys.visibility import Showing, round_view

KINDS = (ItemType.TEXT, ItemType.MULTIPLE)


def secret() -> bytes:
    """The key comments are ordered by: derived from ``SECRET_KEY``, never stored."""
    return salted_hmac("joinedup.surveys.comments", "order").digest()


def k() -> int:
    return int(settings.MIN_RESPONDENTS)


def worded_items(instrument: Instrument) -> list[Item]:
    """The instrument's text and multiple-choice items, in its order."""
    return [item for item in instrument.items() if item.type in KINDS]


def _instrument(round_: Round) -> Instrument | None:
    try:
        return round_.instrument.instrument()
    except InstrumentError:
        return None


def has_words(round_: Round) -> bool:
    instrument = _instrument(round_)
    return instrument is not None and bool(worded_items(instrument))


@dataclass(frozen=True)
class Access:
    """What one viewer may do with one round's answers in words."""

    counts: bool = False  # read the multiple-choice counts
    comments: bool = False  # read the comments (not the hidden ones)
    moderate: bool = False  # read every comment and hide or unhide them


def access(viewer: Viewer, round_: Round) -> Access:
    """The module's rule for ``viewer`` and ``round_`` (asked once per page)."""
    if round_state(round_) != RoundState.CLOSED:
        return Access()
    published = round_view(viewer, round_).showing == Showing.RESULTS
    manage = viewer.can_manage(round_.partnership)
    readable = published and (manage or round_.members_see_comments)
    return Access(counts=published, comments=readable, moderate=manage)


def may_read_counts(viewer: Viewer, round_: Round) -> bool:
    return access(viewer, round_).counts


def may_read_comments(viewer: Viewer, round_: Round) -> bool:
    """Coordinators and administrators always; members and evaluators when the
    round allows it; everyone only once it is closed."""
    return access(viewer, round_).comments


def may_moderate(viewer: Viewer, round_: Round) -> bool:
    """Who may read every comment (hidden ones too) and hide or unhide them."""
    return round_state(round_) == RoundState.CLOSED and viewer.can_manage(round_.partnership)


def _answers(round_: Round, names: list[str]) -> list[tuple[int, str, str, bool]]:
    """(answer id, item, text, hidden) of the round's submitted, visible answers to
    these items: nothing about who gave them is read."""
    hidden = HiddenComment.objects.filter(answer=OuterRef("pk"))
    rows = (
        Answer.objects.filter(
            visible_responses("response__"),
            response__round=round_,
            response__submitted__isnull=False,
            item__in=names,
        )
        .annotate(is_hidden=Exists(hidden))
        .order_by("pk")
        .values_list("pk", "item", "text", "is_hidden")
    )
    return list(rows)


@dataclass(frozen=True)
class Question:
    """One text or multiple-choice question of a round as a viewer may see it:
    ``comments`` for text questions (None: the viewer may not read comments),
    ``counts`` for multiple-choice ones."""

    item: str
    label: str
    kind: str
    comments: CommentSet | None = None
    counts: OptionCounts | None = None


@dataclass(frozen=True)
class Words:
    round: Round
    questions: tuple[Question, ...]
    #: The viewer may read comments (False: text questions say only that they exist).
    comments_readable: bool
    #: The viewer may hide and unhide comments (the round's coordinators).
    moderator: bool = False

    @property
    def texts(self) -> list[Question]:
        return [q for q in self.questions if q.kind == ItemType.TEXT]

    @property
    def choices(self) -> list[Question]:
        return [q for q in self.questions if q.kind == ItemType.MULTIPLE]


def round_words(viewer: Viewer, round_: Round) -> Words | None:
    """The round's text and multiple-choice questions as ``viewer`` may see them, or
    None when the round has none or the viewer may see no results of it."""
    instrument = _instrument(round_)
    if instrument is None:
        return None
    items = worded_items(instrument)
    allowed = access(viewer, round_) if items else Access()
    if not allowed.counts:
        return None
    readable = allowed.comments
    by_item: dict[str, list[tuple[int, str, bool]]] = {item.name: [] for item in items}
    for pk, name, text, hidden in _answers(round_, list(by_item)):
        by_item[name].append((pk, text, hidden))
    questions = []
    for item in items:
        label = instrument.text(item.label)
        found = by_item[item.name]
        if item.type == ItemType.TEXT:
            shown = comment_set(found, k(), secret())
            if not readable:  # only how many wrote something
                shown = CommentSet(shown.answered, False)
            questions.append(Question(item.name, label, item.type, comments=shown))
        else:
            options = [
                (str(c.value), instrument.text(c.label))
                for c in instrument.choices[item.choices or ""]
            ]
            counts = option_counts(options, (text.split() for _pk, text, _h in found), k())
            questions.append(Question(item.name, label, item.type, counts=counts))
    return Words(round_, tuple(questions), readable, allowed.moderate)


@dataclass(frozen=True)
class Moderated:
    """One comment on the coordinators' page: its answer id (for the hide button)."""

    answer_id: int
    text: str
    hidden: bool


def moderation(viewer: Viewer, round_: Round) -> list[tuple[Question, list[Moderated]]]:
    """Every text question of a closed round with all its comments, hidden ones
    included, in the same order as everyone else sees them: for the coordinators'
    page only (:func:`may_moderate`). A question under k shows no comments."""
    instrument = _instrument(round_)
    if instrument is None or not may_moderate(viewer, round_):
        return []
    items = [item for item in worded_items(instrument) if item.type == ItemType.TEXT]
    by_item: dict[str, list[tuple[int, str, bool]]] = {item.name: [] for item in items}
    for pk, name, text, hidden in _answers(round_, list(by_item)):
        if text.strip():
            by_item[name].append((pk, text.strip(), hidden))
    key = secret()
    out = []
    for item in items:
        found = by_item[item.name]
        summary = comment_set(found, k(), key)
        question = Question(item.name, instrument.text(item.label), item.type, comments=summary)
        listed = sorted(found, key=lambda row: order_key(key, row[0])) if summary.shown else []
        out.append((question, [Moderated(pk, text, hidden) for pk, text, hidden in listed]))
    return out


def set_hidden(viewer: Viewer, round_: Round, answer_id: int, hide: bool) -> bool:
    """Hide (``hide``) or unhide one written answer of ``round_``; recorded in the
    audit log without its text. Returns whether anything changed. Raises
    :class:`ValidationError` for an answer that is not a comment of this round, or
    a viewer who may not moderate it."""
    from joinedup.audit.log import record

    if not may_moderate(viewer, round_):
        raise ValidationError(_("Only the round's coordinators can hide comments, once it closes."))
    instrument = _instrument(round_)
    texts = (
        [i.name for i in worded_items(instrument) if i.type == ItemType.TEXT] if instrument else []
    )
    answer = Answer.objects.filter(
        pk=answer_id, response__round=round_, response__submitted__isnull=False, item__in=texts
    ).first()
    if answer is None:
        raise ValidationError(_("There is no such comment in this round."))
    with transaction.atomic():
        if hide:
            _made, changed = HiddenComment.objects.get_or_create(
                answer=answer,
                defaults={"hidden_by": viewer.user if viewer.user is not None else None},
            )
        else:
            changed = HiddenComment.objects.filter(answer=answer).delete()[0] > 0
        if changed:
            what = "hidden" if hide else "shown again"
            record(
                "comment.hide" if hide else "comment.unhide",
                obj=answer,
                partnership=round_.partnership,
                summary=f"a comment on {answer.item} in {round_} {what}",
            )
    return bool(changed)


def set_members_see(round_: Round, on: bool) -> None:
    """Let the partnership's members and evaluators read the round's comments, or
    stop them. Switching it on is refused once the round has closed: respondents
    answered having read who would see their words."""
    from joinedup.audit.log import record

    if on == round_.members_see_comments:
        return
    if on and round_state(round_) == RoundState.CLOSED:
        raise ValidationError(
            _(
                "The round has closed: its respondents were told that only the coordinators "
                "would read their comments, so they cannot be shared with members now."
            )
        )
    round_.members_see_comments = on
    round_.save(update_fields=["members_see_comments"])
    record(
        "round.comments_shared" if on else "round.comments_private",
        obj=round_,
        partnership=round_.partnership,
        summary=f"{round_}: members and evaluators {'may' if on else 'may not'} read comments",
    )


def export_rows(viewer: Viewer, round_: Round, what: str) -> list[list[Any]]:
    """The rows of a coordinator's download (header first): ``comments`` (question
    and comment, hidden ones left out) or ``choices`` (question, option, count and
    percentage, withheld counts said in words). Empty when nothing may be shown."""
    words = round_words(viewer, round_)
    if what == "comments":
        rows: list[list[Any]] = [["round", "question", "comment"]]
        if words is None or not words.comments_readable:
            return rows
        for q in words.texts:
            if q.comments is not None and q.comments.shown:
                rows += [[round_.period, q.label, text] for text in q.comments.comments]
        return rows
    rows = [["round", "question", "option", "count", "percent_of_respondents", "respondents"]]
    if words is None:
        return rows
    for q in words.choices:
        if q.counts is None or not q.counts.shown:
            continue
        for o in q.counts.options:
            count: Any = o.count if o.count is not None else band_text(o.band)
            share = "" if o.share is None else round(100 * o.share)
            rows.append([round_.period, q.label, o.label, count, share, q.counts.respondents])
    return rows


def band_text(band: str | None) -> str:
    """A withheld count in words."""
    if band == "most":
        return _("all but fewer than %(k)d") % {"k": k()}
    return _("fewer than %(k)d") % {"k": k()}
