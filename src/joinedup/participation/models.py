"""Participation records: activities, their inputs, the decision log, feedback to
citizens, community seats on boards, indicators, and the population reference.

Nothing here identifies a citizen: participant profiles are aggregate counts,
and citizens' panel members appear only as salted hashes of a panel's own ids.
"""

from __future__ import annotations

import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from joinedup.analysis import participation as measures
from joinedup.analysis import participation_indicators as ind
from joinedup.registry.models import Partnership, Person


def _choices(values: tuple[str, ...]) -> list[tuple[str, str]]:
    return [(v, v.replace("_", " ").capitalize()) for v in values]


DEPTH_CHOICES = _choices(measures.DEPTHS)
_METHOD_LABELS = {"citizens_panel": "Citizens' panel", "citizens_jury": "Citizens' jury"}
METHOD_CHOICES = [(m, _METHOD_LABELS.get(m, label)) for m, label in _choices(measures.METHODS)]
LINK_CHOICES = [
    ("adopted", _("Adopted")),
    ("changed", _("Changed the decision")),
    ("considered_not_adopted", _("Considered, not adopted")),
    ("deferred", _("Deferred to a later decision")),
]
PROFILE_CATEGORIES = ["age_band", "sex", "ethnicity", "disability", "area"]


class ActivityRole(models.TextChoices):
    PURPOSE = "purpose", _("Purpose: joint consultation or engagement")
    INGREDIENT = "ingredient", _("Ingredient: community voice in the partnership's work")
    OUTCOME = "outcome", _("Outcome: building community capacity")


class Activity(models.Model):
    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="participation_activities"
    )
    joint_with = models.ManyToManyField(
        Partnership,
        blank=True,
        related_name="joint_participation_activities",
        help_text=_("Other partnerships running this activity jointly."),
    )
    title = models.CharField(_("title"), max_length=200)
    role = models.CharField(_("role"), max_length=16, choices=ActivityRole.choices)
    methods = models.JSONField(_("methods"), default=list)
    declared_depth = models.CharField(
        _("declared depth (IAP2)"), max_length=16, choices=DEPTH_CHOICES
    )
    area = models.CharField(_("area"), max_length=120, blank=True)
    target_groups = models.JSONField(_("target groups"), default=list, blank=True)
    topic = models.CharField(_("topic"), max_length=120, blank=True)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    participants = models.PositiveIntegerField(_("number of participants"), default=0)
    feedback_due = models.DateField(
        _("feedback due"),
        null=True,
        blank=True,
        help_text=_("Empty: %(days)s days after the end.")
        % {"days": measures.DEFAULT_FEEDBACK_DAYS},
    )

    class Meta:
        ordering = ["start", "title"]
        verbose_name_plural = _("activities")
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "title", "start"], name="activity_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")), name="activity_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({date_format(self.start)})"

    def clean(self) -> None:
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("The activity ends before it starts.")})
        unknown = [m for m in self.methods or [] if m not in measures.METHODS]
        if unknown:
            raise ValidationError({"methods": _("Unknown method: %s") % ", ".join(unknown)})

    def all_partnership_ids(self) -> frozenset[str]:
        return frozenset([str(self.partnership_id), *(str(p.pk) for p in self.joint_with.all())])


class ParticipantProfile(models.Model):
    """How many participants of an activity fell in one group of one category.
    Aggregates only: never a row per person."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="profile")
    category = models.CharField(_("category"), max_length=32)
    group = models.CharField(_("group"), max_length=80)
    count = models.PositiveIntegerField(_("participants"))

    class Meta:
        ordering = ["activity", "category", "group"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "category", "group"], name="profile_unique")
        ]

    def __str__(self) -> str:
        return f"{self.category} {self.group}: {self.count}"


class CitizensPanel(models.Model):
    """A standing panel; its members are known here only by salted hashes."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="citizens_panels"
    )
    name = models.CharField(_("name"), max_length=200)
    salt = models.CharField(max_length=64, default=secrets.token_hex, editable=False)

    def __str__(self) -> str:
        return self.name

    def pseudonym(self, member_id: str) -> str:
        """The stored form of a panel's own member id: a salted SHA-256, shortened."""
        digest = hashlib.sha256(f"{self.salt}:{member_id.strip()}".encode()).hexdigest()
        return digest[:24]


class PanelAsk(models.Model):
    """A panel member (pseudonymous) was asked to take part in an activity."""

    panel = models.ForeignKey(CitizensPanel, on_delete=models.CASCADE, related_name="asks")
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="panel_asks")
    member_ref = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["activity", "member_ref"], name="panel_ask_unique")
        ]

    def __str__(self) -> str:
        return f"{self.member_ref} in {self.activity}"


class Input(models.Model):
    """A theme or proposal that came out of an activity."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="inputs")
    summary = models.CharField(_("theme or proposal"), max_length=300)

    class Meta:
        ordering = ["activity", "pk"]

    def __str__(self) -> str:
        return self.summary


class Decision(models.Model):
    """An entry in a partnership's decision log."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="decisions")
    taken_on = models.DateField(_("taken on"))
    title = models.CharField(_("decision"), max_length=300)
    body = models.CharField(
        _("taken by"), max_length=120, blank=True, help_text=_("e.g. the board")
    )
    delegated = models.BooleanField(
        _("taken by the participants themselves"),
        default=False,
        help_text=_("For example a participatory budget decided by residents."),
    )

    class Meta:
        ordering = ["-taken_on", "title"]

    def __str__(self) -> str:
        return f"{date_format(self.taken_on)}: {self.title}"


class InputDecisionLink(models.Model):
    input = models.ForeignKey(Input, on_delete=models.CASCADE, related_name="links")
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="links")
    kind = models.CharField(_("how it informed the decision"), max_length=32, choices=LINK_CHOICES)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["input", "decision"], name="link_unique")]

    def __str__(self) -> str:
        return f"{self.input} → {self.decision} ({self.kind})"

    def clean(self) -> None:
        if self.input_id and self.decision_id:
            activity = self.input.activity
            owners = {activity.partnership_id, *activity.joint_with.values_list("pk", flat=True)}
            if self.decision.partnership_id not in owners:
                raise ValidationError(_("The decision belongs to another partnership."))


class Feedback(models.Model):
    """One "you said, we did" statement published to an activity's participants."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="feedback")
    you_said = models.TextField(_("you said"))
    we_did = models.TextField(_("we did"))
    published_on = models.DateField(_("published on"), null=True, blank=True)

    class Meta:
        ordering = ["activity", "published_on"]
        verbose_name_plural = _("feedback")

    def __str__(self) -> str:
        return f"Feedback on {self.activity}"


class PublicFeedbackPage(models.Model):
    """Opt-in: whether a partnership's "you said, we did" page is public."""

    partnership = models.OneToOneField(
        Partnership, on_delete=models.CASCADE, related_name="public_feedback"
    )
    slug = models.SlugField(unique=True)
    enabled = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"{self.partnership} ({'public' if self.enabled else 'private'})"


class Appointment(models.TextChoices):
    ELECTED = "elected", _("Elected")
    NOMINATED = "nominated", _("Nominated")
    COOPTED = "co-opted", _("Co-opted")
    SELF_SELECTED = "self-selected", _("Self-selected")


class BoardSeat(models.Model):
    """A seat for a community representative on a partnership's board."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="board_seats"
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="board_seats")
    constituency = models.CharField(_("whom they represent"), max_length=200)
    appointed = models.CharField(_("how appointed"), max_length=16, choices=Appointment.choices)
    mandate = models.TextField(_("mandate"), blank=True)
    term_start = models.DateField(_("term starts"))
    term_end = models.DateField(_("term ends"), null=True, blank=True)
    report_every_days = models.PositiveIntegerField(_("report back every (days)"), default=91)

    class Meta:
        ordering = ["partnership", "term_start"]

    def __str__(self) -> str:
        return f"Seat for {self.constituency} on {self.partnership}"


class ReportBack(models.Model):
    seat = models.ForeignKey(BoardSeat, on_delete=models.CASCADE, related_name="reports")
    reported_on = models.DateField(_("reported on"))
    how = models.CharField(
        _("how"), max_length=200, help_text=_("e.g. residents' meeting, newsletter")
    )

    class Meta:
        ordering = ["seat", "reported_on"]

    def __str__(self) -> str:
        return f"Report back {date_format(self.reported_on)}"


class Indicator(models.Model):
    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="indicators"
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=_choices(ind.KINDS))
    defined_by = models.CharField(_("defined by"), max_length=16, choices=_choices(ind.DEFINERS))
    unit = models.CharField(_("unit"), max_length=60)
    target = models.FloatField(_("target"), null=True, blank=True)
    direction = models.CharField(
        _("better when"),
        max_length=4,
        choices=[("up", _("higher")), ("down", _("lower"))],
        default="up",
    )

    class Meta:
        ordering = ["partnership", "kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "name"], name="indicator_unique")
        ]

    def __str__(self) -> str:
        return self.name


class IndicatorObservation(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="observations")
    observed_on = models.DateField(_("observed on"))
    value = models.FloatField(_("value"))

    class Meta:
        ordering = ["indicator", "observed_on"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "observed_on"], name="observation_unique")
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {date_format(self.observed_on)}: {self.value}"


class PopulationCount(models.Model):
    """Census-style reference: residents of an area in one group of one category."""

    area = models.CharField(_("area"), max_length=120)
    category = models.CharField(_("category"), max_length=32)
    group = models.CharField(_("group"), max_length=80)
    count = models.PositiveIntegerField(_("residents"))

    class Meta:
        ordering = ["area", "category", "group"]
        constraints = [
            models.UniqueConstraint(fields=["area", "category", "group"], name="population_unique")
        ]

    def __str__(self) -> str:
        return f"{self.area} {self.category} {self.group}: {self.count}"
