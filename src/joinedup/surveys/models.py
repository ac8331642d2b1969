"""Instruments, rounds, invitations and responses.

Design notes
------------
- An :class:`InstrumentVersion` stores a validated instrument as JSON. Once a round
  uses a version it is frozen: ``save()`` refuses any change to it and the admin
  shows it read-only. A changed questionnaire is a new version. An unused version
  may still be rewritten (:mod:`joinedup.surveys.library` replaces it when a file
  with the same id and version is imported again), so ``save()`` also stores the
  SHA-256 ``digest`` of the definition, and :meth:`InstrumentVersion.instrument` —
  the one way to get the parsed instrument — keeps parsed instruments per digest: a
  rewritten definition is a new entry in every process, never a stale one.
- A :class:`Round` asks one partnership one instrument version for one period. Its
  ``groups`` is the list of stakeholder-group labels the coordinator offers (e.g.
  "board member", "officer", "community representative"); each invitation picks
  one of them. Group and organisation are copied onto the invitation and the
  response when they are made, so later changes to a person do not move answers.
- An :class:`Invitation` is looked up by the SHA-256 hash of its token. The token
  itself is kept only sealed (encrypted and authenticated) with the installation's
  link key, which lives outside the database (:mod:`joinedup.surveys.links`), so the
  coordinator can copy and re-send a link while a stolen database reveals none.
  Invitations made before links were kept have an empty ``token_sealed``.
- A :class:`Response` is known in analysis by its random ``pseudonym`` only. Imported
  responses have no invitation; their ``respondent_key`` (from the file) makes
  imports idempotent.
- An imported file is written in steps (:mod:`joinedup.surveys.import_write`): its
  :class:`ResponseFile` is "writing" until the last step flips it to "complete", and
  until then its responses are invisible. Every reader of survey data selects
  responses with :func:`visible_responses` (or ``Response.objects.visible()``), so a
  file being written, or one whose import was killed, is seen by nobody.
- A :class:`TokenThrottle` row counts one client address's lookups of survey links
  that never existed, per link prefix (see :mod:`joinedup.surveys.throttle`); a row is
  deleted once its window ends.
- An invitation records only *whether* its person has submitted
  (``Invitation.submitted``); that flag, not the response, refuses a second
  submission and drives the chasing list. In an ``anonymous`` round the response
  stops referring to its invitation the moment it is submitted, and its start and
  submission times are cut to the day, so nothing in the database (or a backup or
  bundle of it) joins a named person to their answers. What the response keeps is
  the organisation and stakeholder group fixed at invitation, which the group
  figures and the network (organisation rates organisation) need.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import threading
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from joinedup.analysis.instruments import Instrument, parse_instrument
from joinedup.registry.models import Organisation, Partnership, Person

DEFAULT_GROUPS = [
    "board member",
    "officer",
    "community representative",
    "voluntary sector",
    "business",
]


def default_groups() -> list[str]:
    return list(DEFAULT_GROUPS)


def new_pseudonym() -> str:
    return "r-" + secrets.token_hex(8)


class SourceKind(models.TextChoices):
    BUILTIN = "builtin", _("Built-in library")
    YAML = "yaml", _("YAML file")
    XLSFORM = "xlsform", _("XLSForm")
    ADAPTED = "adapted", _("Adapted in the instrument workshop")


def definition_digest(definition: Any) -> str:
    """The SHA-256 of a stored definition, written canonically (sorted keys, no
    spaces), so equal definitions have equal digests whatever their key order."""
    text = json.dumps(definition, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


#: Parsed instruments by definition digest (a process cache; the oldest entry goes
#: first when it is full).
_PARSED: dict[str, Instrument] = {}
_PARSED_SIZE = 128
_PARSED_LOCK = threading.Lock()


#: What a round's version keeps for good (the digest follows the definition).
FROZEN_FIELDS = (
    "key",
    "version",
    "title",
    "kind",
    "definition",
    "source",
    "adapted_from",
    "family",
)


class FrozenVersions(models.QuerySet["InstrumentVersion"]):
    """``update()`` refuses rows a round uses, as ``save()`` does: a stored version
    is never changed once a round has asked it (``delete()`` is refused by the
    rounds' protecting foreign key)."""

    def update(self, **kwargs: Any) -> int:
        names = {f.removesuffix("_id") for f in FROZEN_FIELDS}
        frozen = {k.removesuffix("_id") for k in kwargs} & names
        if frozen and self.filter(rounds__isnull=False).exists():
            raise ValidationError(
                _("A version used by a survey round cannot be changed; add a new version.")
            )
        return super().update(**kwargs)


class InstrumentVersion(models.Model):
    key = models.CharField(_("instrument id"), max_length=100)
    version = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=32, default="questionnaire")
    definition = models.JSONField(_("instrument"))
    source = models.CharField(_("source"), max_length=16, choices=SourceKind.choices)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    #: SHA-256 of ``definition`` (:func:`definition_digest`), kept by ``save()``.
    digest = models.CharField(max_length=64, editable=False, default="")
    #: The version this one was adapted from in the instrument workshop
    #: (:mod:`joinedup.surveys.workshop`); None for built-in and uploaded versions.
    adapted_from = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="adaptations",
        verbose_name=_("adapted from"),
    )
    #: The id of the first instrument of this one's line (``adapted_from`` followed to
    #: its end); empty for an original. Rounds of one line compare across versions, on
    #: the items the versions share (:mod:`joinedup.analysis.adapting`).
    family = models.CharField(_("line of"), max_length=100, blank=True, default="")

    objects: models.Manager[InstrumentVersion] = FrozenVersions.as_manager()

    class Meta:
        ordering = ["key", "version"]
        constraints = [
            models.UniqueConstraint(fields=["key", "version"], name="instrument_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.key} v{self.version}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.is_used():
            stored = InstrumentVersion.objects.get(pk=self.pk)
            names = [f"{f}_id" if f == "adapted_from" else f for f in FROZEN_FIELDS]
            if any(getattr(stored, f) != getattr(self, f) for f in names):
                raise ValidationError(
                    _("%(iv)s is used by a survey round and cannot be changed; add a new version.")
                    % {"iv": stored}
                )
        self.digest = definition_digest(self.definition)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "definition" in update_fields:
            kwargs["update_fields"] = {*update_fields, "digest"}
        super().save(*args, **kwargs)

    @property
    def line(self) -> str:
        """The id of this version's line: its ``family``, or its own id for an original."""
        return self.family or self.key

    def label(self) -> str:
        """What pickers and pages show: the title and version, not the id."""
        return str(_("%(title)s, version %(version)d")) % {
            "title": self.title,
            "version": self.version,
        }

    def instrument(self) -> Instrument:
        """The stored instrument, validated once per process and definition.

        The cache is keyed by the definition's digest, so a row whose definition is
        rewritten (an unused version imported again, in this process or another) is
        parsed afresh. A row with no digest (one restored from an older bundle) has
        it computed from the definition. When the digest is stored the definition
        is read only on a miss, so a caller may ``defer("definition")``. Raises
        :class:`~joinedup.analysis.instruments.InstrumentError` if the stored
        definition is not a valid instrument."""
        digest = self.digest or definition_digest(self.definition)
        parsed = _PARSED.get(digest)
        if parsed is None:
            parsed = parse_instrument(self.definition, str(self))
            with _PARSED_LOCK:
                if len(_PARSED) >= _PARSED_SIZE:
                    del _PARSED[next(iter(_PARSED))]
                _PARSED[digest] = parsed
        return parsed

    def is_used(self) -> bool:
        return self.pk is not None and Round.objects.filter(instrument_id=self.pk).exists()


class RoundStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class RoundLanguages(models.TextChoices):
    """Which languages a round's respondents read, and in which order a bilingual
    round's e-mails and choices put them (see :mod:`joinedup.surveys.languages`)."""

    INSTRUMENT = "", _("As the questionnaire offers (respondents may switch)")
    EN = "en", _("English only")
    CY = "cy", _("Welsh only")
    CY_EN = "cy,en", _("Welsh and English, Welsh first")
    EN_CY = "en,cy", _("English and Welsh, English first")


class Round(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="rounds")
    instrument = models.ForeignKey(
        InstrumentVersion, on_delete=models.PROTECT, related_name="rounds"
    )
    period = models.CharField(_("period"), max_length=100, help_text=_("e.g. spring 2026"))
    opens = models.DateTimeField(_("opens"))
    closes = models.DateTimeField(_("closes"))
    status = models.CharField(
        _("status"), max_length=8, choices=RoundStatus.choices, default=RoundStatus.DRAFT
    )
    groups = models.JSONField(_("stakeholder groups"), default=default_groups)
    anonymous = models.BooleanField(
        _("anonymous responses"),
        default=False,
        help_text=_(
            "Once a response is submitted, nothing links it to the person invited; "
            "their organisation and stakeholder group are kept."
        ),
    )
    introduction = models.TextField(
        _("introduction for respondents"),
        blank=True,
        help_text=_(
            "Shown on the respondent's first page, before the questions. Left empty, "
            "the instrument's own introduction is shown."
        ),
    )
    privacy_notice = models.TextField(
        _("privacy notice"),
        blank=True,
        help_text=_(
            "Shown on the respondent's first page: who sees what, the small-group rule "
            "and how long answers are kept. Left empty, the notice joinedup writes for "
            "this round is shown."
        ),
    )
    #: Whether members and evaluators of the partnership may read the round's
    #: written comments (its coordinators always may): see
    #: :mod:`joinedup.surveys.comments`. ``db_default`` so that plain INSERTs (the
    #: demo's and the benchmarks' bulk writers) need not name it.
    members_see_comments = models.BooleanField(
        _("members and evaluators read the comments"),
        default=False,
        db_default=False,
        help_text=_(
            "Off: only the partnership's coordinators read what respondents wrote in their "
            "own words. On: its members and evaluators read the comments too (never the "
            "ones a coordinator hid)."
        ),
    )
    #: The respondents' languages (:class:`RoundLanguages`); ``db_default`` so that
    #: plain INSERTs need not name it (nor the Welsh texts below).
    languages = models.CharField(
        _("languages"),
        max_length=8,
        blank=True,
        default="",
        db_default="",
        choices=RoundLanguages.choices,
        help_text=_(
            "A bilingual round asks each respondent to choose a language on the first page "
            "(they can switch at any time), and its e-mails are in both languages."
        ),
    )
    introduction_cy = models.TextField(
        _("introduction for respondents in Welsh"), blank=True, default="", db_default=""
    )
    privacy_notice_cy = models.TextField(
        _("privacy notice in Welsh"), blank=True, default="", db_default=""
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    #: The invitation's and the reminder's text, with placeholders (see
    #: :mod:`joinedup.surveys.mailing`); blank for joinedup's own wording.
    invitation_text = models.TextField(_("invitation text"), blank=True)
    reminder_text = models.TextField(_("reminder text"), blank=True)

    class Meta:
        ordering = ["opens", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes__gt=models.F("opens")), name="round_closes_after_opening"
            )
        ]

    def __str__(self) -> str:
        return f"{self.partnership} — {self.instrument.title} ({self.period})"

    def accepts_answers(self, now: Any = None) -> bool:
        """Whether the round takes answers at ``now`` (the clock's time when None):
        :func:`joinedup.surveys.lifecycle.round_state` is open."""
        from joinedup.surveys.lifecycle import RoundState, round_state

        return round_state(self, now) == RoundState.OPEN


class Invitation(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="invitations")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="invitations")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="invitations"
    )
    group = models.CharField(_("stakeholder group"), max_length=100)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    #: The token sealed with the link key (Fernet); empty when it was not kept.
    token_sealed = models.TextField(blank=True, default="", editable=False)
    created = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    #: Whether the person has submitted (no time: in an anonymous round a time
    #: here would join the invitation to its response's submission time).
    submitted = models.BooleanField(_("submitted"), default=False)
    #: The last e-mail queued for this invitation (invitation or reminder): where
    #: it stands in the outbox is the invitation's delivery status.
    last_message = models.ForeignKey(
        "outbox.Message", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    #: The day the link was first opened (a day, not a time: in an anonymous round
    #: a time here could be matched with a response's start).
    opened_on = models.DateField(_("link first opened"), null=True, blank=True)

    class Meta:
        ordering = ["round", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["round", "person"], name="invitation_once_per_round")
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.round}"


class OpenLink(models.Model):
    """A round's open link: anyone holding it may answer once per browser, choosing
    their organisation and stakeholder group. Its token is kept like an
    invitation's (:mod:`joinedup.surveys.links`): hashed for lookup and sealed so
    the coordinator can copy it. Switched off, it answers like an unknown link; on
    again, the same link works again."""

    round = models.OneToOneField(Round, on_delete=models.CASCADE, related_name="open_link")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    token_sealed = models.TextField(editable=False)
    created = models.DateTimeField(auto_now_add=True)
    active = models.BooleanField(_("open link on"), default=True)

    def __str__(self) -> str:
        return f"open link — {self.round}"


class ResponseSource(models.TextChoices):
    WEB = "web", _("Web survey")
    IMPORT = "import", _("Imported file")
    OPEN = "open", _("Open link")


class FileState(models.TextChoices):
    WRITING = "writing", _("Being written")
    COMPLETE = "complete", _("Complete")


def visible_responses(prefix: str = "") -> Q:
    """The condition for responses anyone may see: web responses, and imported ones
    whose file is complete. ``prefix`` reaches the response from another model
    (``"response__"`` from an answer)."""
    return Q(**{f"{prefix}file__isnull": True}) | Q(**{f"{prefix}file__state": FileState.COMPLETE})


class ResponseQuerySet(models.QuerySet["Response"]):
    def visible(self) -> ResponseQuerySet:
        """Leave out the responses of an import still being written (or killed)."""
        return self.filter(visible_responses())


class Response(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="responses")
    invitation = models.OneToOneField(
        Invitation, on_delete=models.CASCADE, null=True, blank=True, related_name="response"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="survey_responses"
    )
    group = models.CharField(_("stakeholder group"), max_length=100)
    pseudonym = models.CharField(max_length=40, unique=True, default=new_pseudonym)
    respondent_key = models.CharField(max_length=200, blank=True)
    source = models.CharField(max_length=8, choices=ResponseSource.choices)
    started = models.DateTimeField(default=timezone.now)
    submitted = models.DateTimeField(null=True, blank=True)
    page = models.PositiveIntegerField(default=0)  # where a web respondent resumes
    #: The language the web respondent chose ("" until they choose; never exported:
    #: in a small group a language could tell who answered).
    language = models.CharField(max_length=8, blank=True, default="", db_default="")
    # The imported file that brought it, if any (None for web responses). RESTRICT:
    # a file's record goes only with its responses (its round's deletion takes both).
    file = models.ForeignKey(
        "ResponseFile",
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="responses",
    )

    objects = ResponseQuerySet.as_manager()

    class Meta:
        ordering = ["round", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "respondent_key"],
                condition=~Q(respondent_key=""),
                name="response_key_once_per_round",
            )
        ]

    def __str__(self) -> str:
        return self.pseudonym


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    item = models.CharField(max_length=100)
    value = models.FloatField(null=True, blank=True)
    text = models.TextField(blank=True)
    dont_know = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "item"], name="answer_once_per_item")
        ]

    def __str__(self) -> str:
        return f"{self.response} {self.item}"


class HiddenComment(models.Model):
    """A written answer a coordinator hid, for naming or pointing at someone: it is
    shown to nobody but the round's coordinators (on the page where they hide and
    unhide comments) and never exported. Unhiding deletes the row; both are
    recorded in the audit log (``comment.hide``, ``comment.unhide``)."""

    answer = models.OneToOneField(Answer, on_delete=models.CASCADE, related_name="hidden")
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    hidden_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("hidden comment")

    def __str__(self) -> str:
        return f"hidden: answer {self.answer_id}"


class RelationAnswer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="relations")
    target = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="rated_by")
    item = models.CharField(max_length=100)
    value = models.FloatField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["response", "target", "item"], name="relation_once_per_item"
            )
        ]

    def __str__(self) -> str:
        return f"{self.response} {self.item} → {self.target_id}"


class ResponseFile(models.Model):
    """A response file imported into a round, known by the SHA-256 of its bytes, so
    the same file imported again is recognised and changes nothing.

    ``state`` is "writing" while the import writes its responses in steps and
    "complete" once the last step is done; ``imported`` is when the import began
    (while writing) and when it completed (after)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="imported_files")
    sha256 = models.CharField(max_length=64)
    name = models.CharField(_("file name"), max_length=300)
    imported = models.DateTimeField(_("imported"), default=timezone.now)
    created = models.PositiveIntegerField(_("responses added"))
    skipped = models.PositiveIntegerField(_("respondents already imported"))
    state = models.CharField(
        _("state"), max_length=8, choices=FileState.choices, default=FileState.WRITING
    )

    class Meta:
        ordering = ["round", "imported"]
        constraints = [
            models.UniqueConstraint(fields=["round", "sha256"], name="response_file_once_per_round")
        ]

    def __str__(self) -> str:
        return f"{self.name} → round {self.round_id}"


class TokenThrottle(models.Model):
    """Lookups of survey links that never existed, from one client address, of links
    beginning with one prefix, in the current window.

    One row per (address, prefix), shared by every server process through the
    database: ``failures`` counts the unknown links asked for since
    ``window_start``. See :mod:`joinedup.surveys.throttle`.
    """

    address = models.CharField(max_length=64)
    #: The first characters of the link asked for (``throttle.PREFIX_LENGTH``).
    prefix = models.CharField(max_length=8)
    window_start = models.DateTimeField(db_index=True)
    failures = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("survey link throttle")
        constraints = [
            models.UniqueConstraint(fields=["address", "prefix"], name="token_throttle_bucket")
        ]

    def __str__(self) -> str:
        return (
            f"{self.address} {self.prefix}…: {self.failures}"
            f" since {self.window_start:%Y-%m-%d %H:%M}"
        )
