"""What a partnership decided to do about its findings, and what its board agreed.

An :class:`Action` comes from one finding of a round (a weak dimension, a split, a
peripheral organisation, a drift alert, a question for the board): the finding is
kept as a stable reference (``finding_kind`` + ``finding_key`` + ``finding_round``)
and a snapshot of its words, so the action still reads right after the figures
move. It names what it should move (a dimension of the questionnaire, an
organisation's place in the network, or an indicator), so the next round can show
the change (:mod:`joinedup.actions.effects`).

A :class:`WorkshopView` is the score the board agreed on one dimension after
discussing a round (the Nuffield partnership assessment tool's and SCIROCCO's
workshop practice), shown beside the members' median.

Rounds are referenced by the string ``"surveys.Round"``: other apps do not import
the surveys models (an import-linter contract).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from joinedup.participation.models import Indicator
from joinedup.registry.models import Organisation, Partnership


class Status(models.TextChoices):
    PLANNED = "planned", _("Planned")
    UNDER_WAY = "under way", _("Under way")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


class FindingKind(models.TextChoices):
    WEAK_DIMENSION = "dimension", _("A weak dimension")
    SPLIT = "split", _("Members split")
    PERIPHERAL = "peripheral", _("A peripheral organisation")
    DRIFT = "drift", _("A drift alert")
    QUESTION = "question", _("A question for the board")
    OTHER = "other", _("Another finding")


class TargetKind(models.TextChoices):
    NONE = "", _("Nothing measured")
    DIMENSION = "dimension", _("A dimension of the questionnaire")
    ORGANISATION = "organisation", _("An organisation's place in the network")
    INDICATOR = "indicator", _("An indicator")


class Action(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="actions")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("what will be done"), blank=True)
    finding_kind = models.CharField(
        _("kind of finding"), max_length=16, choices=FindingKind.choices, default="other"
    )
    finding_key = models.CharField(_("finding reference"), max_length=200, blank=True)
    finding_round = models.ForeignKey(
        "surveys.Round",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("round of the finding"),
    )
    finding_text = models.TextField(_("the finding, in the words of the day"), blank=True)
    owner = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="owned_actions",
        verbose_name=_("owner organisation"),
    )
    due = models.DateField(_("due by"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PLANNED
    )
    target_kind = models.CharField(
        _("what it should move"), max_length=16, choices=TargetKind.choices, blank=True
    )
    target_dimension = models.CharField(_("dimension"), max_length=100, blank=True)
    target_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
    )
    target_indicator = models.ForeignKey(
        Indicator,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("indicator"),
    )
    published = models.BooleanField(_("published on the public page"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["partnership", "due", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "title"], name="action_title_unique")
        ]

    def __str__(self) -> str:
        return self.title


class ProgressNote(models.Model):
    """One dated entry of an action's progress."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="notes")
    day = models.DateField(_("date"))
    text = models.TextField(_("progress"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )

    class Meta:
        ordering = ["action", "day", "pk"]

    def __str__(self) -> str:
        return f"{self.action}: {self.day}"


class WorkshopView(models.Model):
    """The board's agreed score on one dimension of one round, with its note."""

    round = models.ForeignKey("surveys.Round", on_delete=models.CASCADE, related_name="+")
    dimension = models.CharField(_("dimension"), max_length=100)
    score = models.FloatField(_("agreed score"))
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["round", "dimension"]
        constraints = [
            models.UniqueConstraint(fields=["round", "dimension"], name="workshop_view_unique")
        ]

    def __str__(self) -> str:
        return f"{self.dimension}: {self.score}"
