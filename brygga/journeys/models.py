"""A participant's journey in a project: enrolment, activities, progress, exit, follow-up."""

from __future__ import annotations

import datetime
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from brygga.core.audit import PersonalData
from brygga.core.models import Organisation
from brygga.people.models import Participant
from brygga.projects.models import Project


class IncomeSource(models.TextChoices):
    SALARY = "salary", _("Salary")
    INCOME_SUPPORT = "income_support", _("Income support")
    UNEMPLOYMENT_BENEFIT = "unemployment_benefit", _("Unemployment benefit")
    ACTIVITY_SUPPORT = "activity_support", _("Activity support")
    SICKNESS_BENEFIT = "sickness_benefit", _("Sickness benefit")
    STUDY_SUPPORT = "study_support", _("Study support")
    OTHER = "other", _("Other")
    NONE = "none", _("No income of their own")


class ExitOutcome(models.TextChoices):
    WORK = "work", _("Work")
    SELF_EMPLOYMENT = "self_employment", _("Self-employment")
    STUDIES = "studies", _("Studies")
    JOB_SEEKING = "job_seeking", _("Job-seeking")
    OTHER = "other", _("Other")


class EnrolmentQuerySet(models.QuerySet["Enrolment"]):
    def open(self) -> EnrolmentQuerySet:
        return self.filter(exit_date__isnull=True)


class Enrolment(PersonalData):
    """A participant in a project. Re-entry reopens it and keeps the first entry date."""

    erasure = "keep"  # entry, exit and outcome are what the ESF+ indicators count

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="enrolments"
    )
    project = models.ForeignKey(
        Project, on_delete=models.PROTECT, related_name="enrolments", verbose_name=_("project")
    )
    entry_date = models.DateField(_("entry date"))
    last_entry_date = models.DateField(_("latest entry date"))
    income_sources_before = models.JSONField(_("income sources before"), default=list, blank=True)
    exit_date = models.DateField(_("exit date"), null=True, blank=True)
    exit_outcome = models.CharField(
        _("outcome"), max_length=24, choices=ExitOutcome.choices, blank=True
    )
    qualification_gained = models.BooleanField(_("qualification gained"), default=False)
    income_sources_after = models.JSONField(_("income sources after"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        ordering = ["-entry_date", "id"]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["participant", "project"], name="enrolment_one_per_project"
            ),
            models.CheckConstraint(
                condition=models.Q(last_entry_date__gte=models.F("entry_date")),
                name="enrolment_reentry_after_entry",
            ),
            models.CheckConstraint(
                condition=models.Q(exit_date__isnull=True)
                | models.Q(exit_date__gte=models.F("last_entry_date")),
                name="enrolment_exit_after_entry",
            ),
        ]
        indexes: ClassVar = [
            models.Index(fields=["project", "exit_date"], name="enrolment_project_exit"),
        ]

    def __str__(self) -> str:
        return f"{self.participant} – {self.project}"

    @property
    def is_open(self) -> bool:
        return self.exit_date is None


class ActivityKind(models.TextChoices):
    LANGUAGE_COURSE = "language_course", _("Language course")
    VALIDATION = "validation", _("Validation")
    TRAINING = "training", _("Training")
    WORK_PRACTICE = "work_practice", _("Work practice")
    SMALL_JOB = "small_job", _("Small job")
    SUBSIDISED_JOB = "subsidised_job", _("Subsidised job")
    JOB = "job", _("Job")
    STUDIES = "studies", _("Studies")


class Activity(PersonalData):
    erasure = "keep"
    erasure_blank = ("note",)
    audit_participant = "enrolment__participant_id"

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="activities")
    kind = models.CharField(_("type"), max_length=24, choices=ActivityKind.choices)
    provider = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="provided_activities",
        verbose_name=_("provider"),
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    hours_per_week = models.DecimalField(
        _("hours a week"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["start_date", "id"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="activity_dates_in_order",
            ),
            models.CheckConstraint(
                condition=models.Q(hours_per_week__isnull=True)
                | models.Q(hours_per_week__gte=0, hours_per_week__lte=80),
                name="activity_hours_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.start_date})"


class AssessmentScale(models.Model):
    """A progression scale with named steps, e.g. "Distance to work" 1–5.

    Scales without an organisation are shared by everyone; an organisation may
    define its own.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, null=True, blank=True, related_name="scales"
    )
    name = models.CharField(_("name"), max_length=100)
    steps = models.JSONField(_("steps"), help_text=_("Step labels, lowest first."))

    class Meta:
        ordering = ["name"]
        verbose_name = _("assessment scale")
        verbose_name_plural = _("assessment scales")

    def __str__(self) -> str:
        return self.name

    @property
    def step_count(self) -> int:
        return len(self.steps)

    def step_label(self, step: int) -> str:
        return str(self.steps[step - 1]) if 1 <= step <= len(self.steps) else str(step)


class ProgressAssessment(PersonalData):
    erasure = "keep"
    erasure_blank = ("note",)
    audit_participant = "enrolment__participant_id"

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="assessments")
    scale = models.ForeignKey(
        AssessmentScale, on_delete=models.PROTECT, related_name="+", verbose_name=_("scale")
    )
    assessed_on = models.DateField(_("date"))
    step = models.PositiveSmallIntegerField(_("step"))
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["assessed_on", "id"]
        verbose_name = _("progress assessment")
        verbose_name_plural = _("progress assessments")

    def __str__(self) -> str:
        return f"{self.scale}: {self.step}"


class FollowUpKind(models.TextChoices):
    DAYS_28 = "d28", _("28 days after exit")
    MONTHS_6 = "m6", _("6 months after exit")


class FollowUpStatus(models.TextChoices):
    UPCOMING = "upcoming", _("Upcoming")
    DUE = "due", _("Due")
    OVERDUE = "overdue", _("Overdue")
    DONE = "done", _("Done")


#: A follow-up task shows as due this many days before its due date.
FOLLOW_UP_DUE_WINDOW_DAYS = 14


class FollowUpQuerySet(models.QuerySet["FollowUp"]):
    def pending(self) -> FollowUpQuerySet:
        return self.filter(completed_on__isnull=True)

    def due_by(self, day: datetime.date) -> FollowUpQuerySet:
        """Pending tasks that are due or overdue on ``day``."""
        window = datetime.timedelta(days=FOLLOW_UP_DUE_WINDOW_DAYS)
        return self.pending().filter(due_date__lte=day + window)


class FollowUp(PersonalData):
    erasure = "keep"
    erasure_blank = ("note",)
    audit_participant = "enrolment__participant_id"
    """A task to record a participant's situation after exit (ESF+ results)."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="follow_ups")
    kind = models.CharField(_("kind"), max_length=8, choices=FollowUpKind.choices)
    due_date = models.DateField(_("due date"))
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    situation = models.CharField(
        _("situation"), max_length=24, choices=ExitOutcome.choices, blank=True
    )
    better_situation = models.BooleanField(
        _("better labour-market situation"), null=True, blank=True
    )
    note = models.TextField(_("note"), blank=True)

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "id"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["enrolment", "kind"], name="follow_up_one_per_kind"),
        ]
        indexes: ClassVar = [
            models.Index(fields=["completed_on", "due_date"], name="follow_up_pending_due"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.due_date})"

    def status(self, today: datetime.date | None = None) -> FollowUpStatus:
        today = today or timezone.localdate()
        if self.completed_on is not None:
            return FollowUpStatus.DONE
        if today > self.due_date:
            return FollowUpStatus.OVERDUE
        if today >= self.due_date - datetime.timedelta(days=FOLLOW_UP_DUE_WINDOW_DAYS):
            return FollowUpStatus.DUE
        return FollowUpStatus.UPCOMING
