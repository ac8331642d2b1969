"""Who governs a partnership and to whom it answers, and whom it is meant for.

Three registers a coordinator keeps (Bovaird's questions of good governance):
:class:`DecisionRight` says where each area of decision sits, :class:`AccountabilityLine`
to whom the partnership answers and through what, and :class:`IntendedGroup` which
sectors and groups its purpose says should be at the table. The checks and readings
drawn from them are in :mod:`joinedup.analysis.governance` (docs/methods-governance.md).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from joinedup.registry.models import Organisation, Partnership, Sector


class Holder(models.TextChoices):
    BOARD = "board", _("the partnership board decides")
    PARENT = "parent", _("a parent body keeps the decision")
    SIGN_OFF = "sign_off", _("the board decides with a named partner's sign-off")
    DELEGATED = "delegated", _("delegated to an officer or sub-group")


class AnswersTo(models.TextChoices):
    PARENT = "parent_body", _("a parent body")
    ELECTED = "elected_body", _("an elected body")
    PUBLIC = "public", _("the public")
    REGULATOR = "regulator", _("a regulator or inspectorate")
    FUNDER = "funder", _("a funder")


class Through(models.TextChoices):
    REPORTS = "reports", _("regular reports")
    SCRUTINY = "scrutiny", _("a scrutiny committee")
    MINUTES = "minutes", _("published minutes")
    ANNUAL_MEETING = "annual_meeting", _("an open annual meeting")
    AUDIT = "audit", _("audit of its accounts")


class DecisionRight(models.Model):
    """One area of decision and where it sits; a blank holder means nobody is named."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="decision_rights"
    )
    area = models.CharField(_("decision area"), max_length=200)
    holder = models.CharField(
        _("who decides"),
        max_length=16,
        choices=Holder.choices,
        blank=True,
        help_text=_("Leave blank when nobody is named yet: the check will say so."),
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("the parent body or the partner whose sign-off is needed"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decision_rights",
    )
    delegate = models.CharField(
        _("officer or sub-group"), max_length=200, blank=True, help_text=_("When delegated.")
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["partnership", "area"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "area"], name="decision_right_unique")
        ]

    def __str__(self) -> str:
        return self.area

    def clean(self) -> None:
        if self.holder in (Holder.PARENT, Holder.SIGN_OFF) and self.organisation_id is None:
            raise ValidationError({"organisation": _("Name the organisation for this holder.")})
        if self.holder == Holder.DELEGATED and not self.delegate.strip():
            raise ValidationError({"delegate": _("Name the officer or sub-group.")})


class AccountabilityLine(models.Model):
    """One line of account: to whom the partnership answers, and through what."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="accountability_lines"
    )
    answers_to = models.CharField(_("answers to"), max_length=16, choices=AnswersTo.choices)
    body = models.CharField(
        _("named body"), max_length=200, blank=True, help_text=_("e.g. the health scrutiny panel")
    )
    through = models.CharField(_("through"), max_length=16, choices=Through.choices)
    covers_spending = models.BooleanField(
        _("covers the money it spends"),
        default=False,
        help_text=_("Tick when this line holds the partnership to account for its spending."),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["partnership", "answers_to", "body", "pk"]

    def __str__(self) -> str:
        return f"{self.get_answers_to_display()} ({self.get_through_display()})"


class IntendedGroup(models.Model):
    """A sector or group the partnership's purpose says should be at the table."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="intended_groups"
    )
    name = models.CharField(
        _("group"), max_length=120, help_text=_("e.g. carers, older people, housing providers")
    )
    sector = models.CharField(
        _("sector"),
        max_length=16,
        choices=Sector.choices,
        blank=True,
        help_text=_("When any member of this sector counts as the group being at the table."),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["partnership", "name"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "name"], name="intended_group_unique")
        ]

    def __str__(self) -> str:
        return self.name
