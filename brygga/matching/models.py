"""Opportunities (jobs, placements, small jobs, internships, validation places), referrals of
participants to them, and allocation runs with their results."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from brygga.core.audit import PersonalData
from brygga.core.models import Organisation
from brygga.people.models import Participant


class OpportunityType(models.TextChoices):
    JOB = "job", _("Job")
    PLACEMENT = "placement", _("Work-practice placement")
    SMALL_JOB = "small_job", _("Small job (a few hours a week)")
    INTERNSHIP = "internship", _("Internship")
    VALIDATION = "validation", _("Validation place")


class OpportunityStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    FILLED = "filled", _("Filled")
    CLOSED = "closed", _("Closed")


class Opportunity(models.Model):
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="opportunities",
        verbose_name=_("organisation"),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    type = models.CharField(_("type"), max_length=16, choices=OpportunityType.choices)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=OpportunityStatus.choices,
        default=OpportunityStatus.OPEN,
    )
    #: taxonomy concept URIs
    required_skills = models.JSONField(_("required skills"), default=list, blank=True)
    desired_skills = models.JSONField(_("desired skills"), default=list, blank=True)
    occupations = models.JSONField(_("occupations"), default=list, blank=True)
    #: ISO 639-1 code → minimum CEFR level (a hard requirement)
    languages_required = models.JSONField(_("languages required"), default=dict, blank=True)
    #: ISO 639-1 code → level that earns full credit
    languages_desired = models.JSONField(_("languages desired"), default=dict, blank=True)
    hours_per_week = models.PositiveSmallIntegerField(_("hours per week"), null=True, blank=True)
    municipality = models.CharField(_("municipality"), max_length=100, blank=True)
    remote = models.BooleanField(_("remote"), default=False)
    seats = models.PositiveSmallIntegerField(_("seats"), default=1)
    adaptations_offered = models.JSONField(_("adaptations offered"), default=list, blank=True)
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["title", "id"]
        verbose_name = _("opportunity")
        verbose_name_plural = _("opportunities")
        indexes: ClassVar = [
            models.Index(fields=["status", "organisation"], name="opportunity_status_org")
        ]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(start_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="opportunity_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(hours_per_week__isnull=True)
                | models.Q(hours_per_week__gt=0, hours_per_week__lte=80),
                name="opportunity_hours_in_range",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ReferralStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for an answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


#: A participant has at most one referral in these states per opportunity.
LIVE_REFERRAL_STATES = (ReferralStatus.PENDING, ReferralStatus.ACCEPTED)


class Referral(PersonalData):
    """A case worker refers a participant (who consented) to an opportunity; its owner answers."""

    opportunity = models.ForeignKey(Opportunity, on_delete=models.PROTECT, related_name="referrals")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="referrals")
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ReferralStatus.choices, default=ReferralStatus.PENDING
    )
    note = models.TextField(_("note to the receiver"), blank=True)
    score = models.FloatField(_("score"), null=True, blank=True)
    explanation = models.JSONField(_("explanation"), default=list, blank=True)
    model_version = models.CharField(max_length=40, blank=True)
    answer_note = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    created_at = models.DateTimeField(_("referred"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["opportunity", "participant"],
                condition=models.Q(status__in=["pending", "accepted"]),
                name="referral_one_live_per_opportunity",
            )
        ]

    def __str__(self) -> str:
        return f"{self.participant} → {self.opportunity}"


class AllocationRun(models.Model):
    """A coordinator's allocation of a cohort to open places, with the model that computed it."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="allocation_runs"
    )
    title = models.CharField(_("title"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    min_score = models.FloatField(_("minimum score"), default=0.3)
    use_priority = models.BooleanField(_("weigh by priority"), default=True)
    people = models.PositiveIntegerField(_("people"), default=0)
    places = models.PositiveIntegerField(_("places"), default=0)
    edges = models.PositiveIntegerField(_("candidate pairs"), default=0)
    assigned = models.PositiveIntegerField(_("assigned"), default=0)
    total_score = models.FloatField(_("total score"), default=0.0)
    greedy_assigned = models.PositiveIntegerField(_("assigned by the greedy baseline"), default=0)
    greedy_total_score = models.FloatField(_("total score of the greedy baseline"), default=0.0)
    model = models.CharField(max_length=60)
    model_version = models.CharField(max_length=40)
    params = models.JSONField(default=dict)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("allocation run")
        verbose_name_plural = _("allocation runs")

    def __str__(self) -> str:
        return self.title


class AllocationResult(PersonalData):
    run = models.ForeignKey(AllocationRun, on_delete=models.CASCADE, related_name="results")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    opportunity = models.ForeignKey(
        Opportunity, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    score = models.FloatField(null=True, blank=True)
    #: explanation parts of the assigned pair, or why nothing was assigned
    explanation = models.JSONField(default=list, blank=True)
    #: "assigned", "no_candidate" (no feasible place above the minimum), "outbid" (places taken)
    outcome = models.CharField(max_length=16)
    candidates = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["run", "-score", "id"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["run", "participant"], name="allocation_one_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.participant_id} → {self.opportunity_id}"
