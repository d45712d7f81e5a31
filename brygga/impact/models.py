"""Parameter sets, an organisation's overrides, scenarios and their stored results."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from brygga.core.models import Organisation
from brygga.projects.models import Project


class ParameterSet(models.Model):
    """A versioned parameter set: shipped (no organisation) or an organisation's copy.

    A shipped set holds the whole parameter-set document in ``data`` (the JSON
    format of docs/algorithms/impact.md). A copy points at the shipped set it was
    made from and holds only its overrides.
    """

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="impact_parameter_sets",
        verbose_name=_("organisation"),
    )
    based_on = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="copies",
        verbose_name=_("based on"),
    )
    key = models.CharField(_("key"), max_length=100)
    version = models.CharField(_("version"), max_length=50)
    label = models.CharField(_("name"), max_length=200)
    currency = models.CharField(_("currency"), max_length=3)
    country = models.CharField(_("country"), max_length=2, blank=True)
    data = models.JSONField(_("parameter-set document"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["organisation_id", "key", "-version", "id"]
        verbose_name = _("parameter set")
        verbose_name_plural = _("parameter sets")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["key", "version"],
                condition=models.Q(organisation__isnull=True),
                name="impact_params_shipped_unique_version",
            ),
            models.CheckConstraint(
                condition=models.Q(organisation__isnull=True) | models.Q(based_on__isnull=False),
                name="impact_params_copy_has_base",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label} ({self.version})"

    @property
    def is_shipped(self) -> bool:
        return self.organisation_id is None

    @property
    def document(self) -> dict[str, Any]:
        """The shipped document this set is, or is a copy of."""
        source = self.based_on if self.based_on_id is not None and self.based_on else self
        return dict(source.data)


class ParameterOverride(models.Model):
    """An organisation's own value for one input of its copy, and why."""

    parameter_set = models.ForeignKey(
        ParameterSet, on_delete=models.CASCADE, related_name="overrides"
    )
    name = models.CharField(_("input"), max_length=100)
    value = models.FloatField(_("value"))
    reason = models.TextField(
        _("reason"), help_text=_("Why your organisation uses another value than the default.")
    )
    source = models.CharField(
        _("source"),
        max_length=300,
        blank=True,
        help_text=_("Where the value comes from, e.g. your own accounts for 2025."),
    )
    year = models.PositiveSmallIntegerField(
        _("year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1990), MaxValueValidator(2100)],
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField(_("changed"), default=timezone.now)

    class Meta:
        ordering = ["name"]
        verbose_name = _("parameter override")
        verbose_name_plural = _("parameter overrides")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["parameter_set", "name"], name="impact_override_one_per_input"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} = {self.value}"


class Basis(models.TextChoices):
    ASSUMPTIONS = "assumptions", _("Assumptions (a cohort and a success rate)")
    RECORDS = "records", _("Case records (observed journeys, projected)")


class DiscountChoice(models.TextChoices):
    UK_GREEN_BOOK = "uk-green-book", _("UK Green Book: 3.5 % years 0–30, 3.0 % to 75, 2.5 % after")
    DK_FINANCE_MINISTRY = (
        "dk-finance-ministry",
        _("Danish Finance Ministry: 3.5 % years 0–35, 2.5 % after"),
    )
    CONSTANT = "constant", _("Constant rate")


def _rate_validators() -> list[Any]:
    return [MinValueValidator(0.0), MaxValueValidator(1.0)]


class Scenario(models.Model):
    """An organisation's scenario: the kernel's scenario fields, stored."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="impact_scenarios",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    parameter_set = models.ForeignKey(
        ParameterSet,
        on_delete=models.PROTECT,
        related_name="scenarios",
        verbose_name=_("parameter set"),
    )
    basis = models.CharField(
        _("basis"), max_length=16, choices=Basis.choices, default=Basis.ASSUMPTIONS
    )
    project = models.ForeignKey(
        Project,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("project"),
    )
    target_group = models.CharField(_("target group"), max_length=200, blank=True)
    persons = models.PositiveIntegerField(_("persons in the cohort"), default=100)
    start_state = models.CharField(_("start state"), max_length=50, default="income_support")
    start_age = models.PositiveSmallIntegerField(
        _("start age"), default=25, validators=[MaxValueValidator(64)]
    )
    horizon_years = models.PositiveSmallIntegerField(
        _("horizon (years)"), default=10, validators=[MinValueValidator(1)]
    )
    success_state = models.CharField(_("success state"), max_length=50, default="full_time_job")
    success_rate = models.FloatField(_("success rate"), default=0.3, validators=_rate_validators())
    persistence = models.FloatField(_("persistence"), default=0.9, validators=_rate_validators())
    counterfactual_rate = models.FloatField(
        _("success rate without the intervention"), default=0.0, validators=_rate_validators()
    )
    deadweight = models.FloatField(_("deadweight"), default=0.0, validators=_rate_validators())
    attribution = models.FloatField(_("attribution"), default=0.0, validators=_rate_validators())
    displacement = models.FloatField(_("displacement"), default=0.0, validators=_rate_validators())
    drop_off = models.FloatField(_("drop-off per year"), default=0.0, validators=_rate_validators())
    optimism_bias_costs = models.FloatField(
        _("optimism bias on costs"), default=0.0, validators=[MinValueValidator(0.0)]
    )
    optimism_bias_benefits = models.FloatField(
        _("optimism bias on benefits"), default=0.0, validators=_rate_validators()
    )
    cost_start_up = models.FloatField(
        _("start-up cost"), default=0.0, validators=[MinValueValidator(0.0)]
    )
    cost_per_participant = models.FloatField(
        _("cost per participant"), default=0.0, validators=[MinValueValidator(0.0)]
    )
    cost_per_year = models.FloatField(
        _("running cost per year"), default=0.0, validators=[MinValueValidator(0.0)]
    )
    cost_years = models.PositiveSmallIntegerField(_("years the intervention runs"), default=1)
    paid_by = models.JSONField(_("cost shares by actor"), default=dict, blank=True)
    discount = models.CharField(
        _("discounting"),
        max_length=32,
        choices=DiscountChoice.choices,
        default=DiscountChoice.CONSTANT,
    )
    discount_rate = models.FloatField(
        _("discount rate"),
        default=0.035,
        validators=[MinValueValidator(0.0), MaxValueValidator(0.2)],
    )
    ranges = models.JSONField(
        _("uncertainty ranges"),
        default=dict,
        blank=True,
        help_text=_("Low and high value per parameter: {name: [low, high]}."),
    )
    draws = models.PositiveIntegerField(
        _("Monte Carlo draws"), default=2000, validators=[MaxValueValidator(100_000)]
    )
    seed = models.PositiveIntegerField(_("random seed"), default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["organisation_id", "name", "id"]
        verbose_name = _("scenario")
        verbose_name_plural = _("scenarios")

    def __str__(self) -> str:
        return self.name

    def latest_result(self) -> ScenarioResult | None:
        return self.results.order_by("-created_at", "-id").first()


class ResultStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class ScenarioResult(models.Model):
    """One run of a scenario, with the model and parameter-set versions that made it."""

    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="results")
    status = models.CharField(
        _("status"), max_length=8, choices=ResultStatus.choices, default=ResultStatus.QUEUED
    )
    model_name = models.CharField(_("model"), max_length=50, blank=True)
    model_version = models.CharField(_("model version"), max_length=20, blank=True)
    params_name = models.CharField(_("parameter set"), max_length=100, blank=True)
    params_version = models.CharField(_("parameter-set version"), max_length=50, blank=True)
    npv = models.FloatField(_("net present value"), null=True, blank=True)
    payback_year = models.PositiveSmallIntegerField(_("payback year"), null=True, blank=True)
    persons = models.FloatField(_("persons"), null=True, blank=True)
    data = models.JSONField(_("result"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("scenario result")
        verbose_name_plural = _("scenario results")

    def __str__(self) -> str:
        return f"{self.scenario} – {self.created_at:%Y-%m-%d %H:%M}"
