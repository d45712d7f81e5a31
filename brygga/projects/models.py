"""Projects, with the fields of the public ESF+ project registry record."""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from brygga.core.audit import PersonalData
from brygga.core.models import Organisation
from brygga.people.models import Participant

from .validators import (
    nuts2_problem,
    org_number_problem,
    validate_cci,
    validate_nuts2,
    validate_org_number,
)


class Project(models.Model):
    """A project participants are enrolled in (often ESF+-funded)."""

    owner = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="owned_projects",
        verbose_name=_("project owner"),
    )
    partners = models.ManyToManyField(
        Organisation,
        related_name="partner_projects",
        blank=True,
        verbose_name=_("partner organisations"),
        help_text=_("Organisations whose case workers enrol participants in the project."),
    )
    name = models.CharField(_("name"), max_length=300)
    diarienummer = models.CharField(
        _("registry number (diarienummer)"), max_length=50, blank=True, db_index=True
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    # Fields of the ESF+ registry record (Svenska ESF-rådet's project bank).
    country = models.CharField(_("country concerned"), max_length=100, blank=True)
    fund = models.CharField(_("fund"), max_length=50, blank=True)
    programme_cci = models.CharField(
        _("programme CCI"), max_length=20, blank=True, validators=[validate_cci]
    )
    owner_org_number = models.CharField(
        _("owner's organisation number"),
        max_length=20,
        blank=True,
        validators=[validate_org_number],
    )
    owner_name = models.CharField(_("owner's name"), max_length=300, blank=True)
    eu_cofinancing_rate = models.DecimalField(
        _("EU co-financing rate (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    programme_area = models.CharField(_("programme area"), max_length=20, blank=True)
    specific_objective = models.CharField(_("specific objective"), max_length=20, blank=True)
    child_poverty_theme = models.BooleanField(
        _("secondary theme: counteracting child poverty"), null=True, blank=True
    )
    region = models.CharField(_("region"), max_length=100, blank=True)
    nuts2_code = models.CharField(
        _("NUTS-2 code"),
        max_length=4,
        blank=True,
        validators=[validate_nuts2],
    )
    beneficiary_postcode = models.CharField(_("beneficiary postcode"), max_length=10, blank=True)
    beneficiary_town = models.CharField(_("beneficiary town"), max_length=100, blank=True)
    intervention_type = models.CharField(_("intervention type"), max_length=20, blank=True)
    participants_planned = models.PositiveIntegerField(
        _("number of participants"), null=True, blank=True
    )
    strategic_importance = models.BooleanField(
        _("operation of strategic importance"), null=True, blank=True
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="project_dates_in_order",
            ),
            models.UniqueConstraint(
                fields=["diarienummer"],
                condition=~models.Q(diarienummer=""),
                name="project_unique_diarienummer",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors: dict[str, object] = {}
        if self.end_date is not None and self.end_date < self.start_date:
            errors["end_date"] = _("The end date is before the start date.")
        if self.owner_org_number:
            problem = org_number_problem(self.owner_org_number, self.country)
            if problem is not None:
                errors["owner_org_number"] = problem
        if self.nuts2_code:
            problem = nuts2_problem(self.nuts2_code, self.country)
            if problem is not None:
                errors["nuts2_code"] = problem
        if errors:
            raise ValidationError(errors)

    def years(self) -> list[int]:
        """The calendar years the project runs in."""
        end = self.end_date or self.start_date
        return list(range(self.start_date.year, end.year + 1))


class Currency(models.TextChoices):
    SEK = "SEK", "SEK"
    DKK = "DKK", "DKK"
    EUR = "EUR", "EUR"


class FunderKind(models.TextChoices):
    EU_FUND = "eu_fund", _("EU fund")
    COORDINATION_ASSOCIATION = "coordination_association", _("Coordination association")
    EMPLOYMENT_SERVICE = "employment_service", _("Employment service")
    SOCIAL_INSURANCE = "social_insurance", _("Social insurance agency")
    MUNICIPALITY = "municipality", _("Municipality")
    REGION = "region", _("Region")
    STATE = "state", _("Other state agency")
    PRIVATE = "private", _("Private funder")
    OWN = "own", _("The project owner's own funds")
    OTHER = "other", _("Other")


class Funder(models.Model):
    """One funder of a project; the amounts come per year."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="funders")
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="fundings",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=32, choices=FunderKind.choices)

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("funder")
        verbose_name_plural = _("funders")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["project", "name"], name="funder_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_eu(self) -> bool:
        return self.kind == FunderKind.EU_FUND


class FundingAmount(models.Model):
    """What one funder puts into the project in one calendar year."""

    funder = models.ForeignKey(Funder, on_delete=models.CASCADE, related_name="amounts")
    year = models.PositiveSmallIntegerField(_("year"))
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    currency = models.CharField(
        _("currency"), max_length=3, choices=Currency.choices, default=Currency.SEK
    )

    class Meta:
        ordering = ["year"]
        verbose_name = _("funding amount")
        verbose_name_plural = _("funding amounts")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["funder", "year"], name="funding_one_per_year"),
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="funding_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.amount} {self.currency}"


class CostCategory(models.TextChoices):
    STAFF = "staff", _("Staff")
    EXTERNAL_SERVICES = "external_services", _("External services")
    PREMISES = "premises", _("Premises")
    EQUIPMENT = "equipment", _("Equipment")
    TRAVEL = "travel", _("Travel")
    PARTICIPANTS = "participants", _("Participant costs")
    INDIRECT = "indirect", _("Indirect costs (flat rate)")
    OTHER = "other", _("Other")


class BudgetLine(models.Model):
    """The planned cost of one category in one year."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="budget_lines")
    year = models.PositiveSmallIntegerField(_("year"))
    category = models.CharField(_("category"), max_length=24, choices=CostCategory.choices)
    description = models.CharField(_("description"), max_length=200, blank=True)
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    currency = models.CharField(
        _("currency"), max_length=3, choices=Currency.choices, default=Currency.SEK
    )

    class Meta:
        ordering = ["year", "category", "id"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        constraints: ClassVar = [
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="budget_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.get_category_display()}"


class Cost(models.Model):
    """An actual cost booked on the project."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="costs")
    category = models.CharField(_("category"), max_length=24, choices=CostCategory.choices)
    incurred_on = models.DateField(_("date"))
    description = models.CharField(_("description"), max_length=200, blank=True)
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    currency = models.CharField(
        _("currency"), max_length=3, choices=Currency.choices, default=Currency.SEK
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["incurred_on", "id"]
        verbose_name = _("cost")
        verbose_name_plural = _("costs")
        indexes: ClassVar = [
            models.Index(fields=["project", "incurred_on"], name="cost_project_day")
        ]

    def __str__(self) -> str:
        return f"{self.incurred_on} {self.amount} {self.currency}"


class LegalBasis(models.TextChoices):
    """GDPR art. 9(2) grounds for processing special-category data."""

    EXPLICIT_CONSENT = "consent", _("Explicit consent (art. 9(2)(a))")
    SOCIAL_PROTECTION = (
        "social_protection",
        _("Employment and social protection law (art. 9(2)(b))"),
    )
    PUBLIC_INTEREST = "public_interest", _("Substantial public interest in law (art. 9(2)(g))")
    STATISTICS = "statistics", _("Statistics under Union or national law (art. 9(2)(j))")


class SpecialCategoryData(PersonalData):
    """Disability and minority for ESF+ reporting, kept apart from the participant.

    Special-category data (GDPR art. 9): one row per participant, only with a
    recorded legal basis, read only by personal-data roles of the participant's
    organisation (through ``selectors.special_data_for``). None means not
    recorded; the participant may decline to answer.
    """

    # Erasing the person keeps the anonymous flags the ESF+ indicators count.
    erasure = "keep"
    erasure_blank = ("basis_note",)

    participant = models.OneToOneField(
        Participant, on_delete=models.CASCADE, related_name="esf_special_data"
    )
    disability = models.BooleanField(_("has a disability"), null=True, blank=True)
    minority = models.BooleanField(
        _("belongs to a minority (incl. marginalised communities such as Roma)"),
        null=True,
        blank=True,
    )
    legal_basis = models.CharField(_("legal basis"), max_length=24, choices=LegalBasis.choices)
    basis_note = models.CharField(_("reference for the legal basis"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("special-category data for ESF+")
        verbose_name_plural = _("special-category data for ESF+")
        default_permissions = ()

    def __str__(self) -> str:
        return str(self.participant_id)


# --- circumstances at entry (EECO16, EECO17) ---------------------------------------------


class HousingSituation(models.TextChoices):
    """Housing at entry, after the ETHOS typology of homelessness and housing exclusion."""

    STABLE = "stable", _("Stable housing")
    HOMELESS = "homeless", _("Homeless (roofless, or in emergency or temporary accommodation)")
    HOUSING_EXCLUSION = (
        "housing_exclusion",
        _("Insecure or inadequate housing (no contract, under threat of eviction, overcrowded)"),
    )


class Degurba(models.IntegerChoices):
    """Eurostat's degree of urbanisation of a local administrative unit."""

    CITIES = 1, _("Cities (densely populated area)")
    TOWNS_AND_SUBURBS = 2, _("Towns and suburbs (intermediate density area)")
    RURAL = 3, _("Rural areas (thinly populated area)")


class AreaSource(models.TextChoices):
    MUNICIPALITY = "municipality", _("Derived from the municipality of residence (DEGURBA table)")
    CASE_WORKER = "case_worker", _("Recorded by a case worker")


class EntrySituation(PersonalData):
    """Housing and rural residence of a participant at entry into a project, for ESF+.

    One row per enrolment (the situation at that entry). Kept when the person
    is erased: the indicators count it; the municipality name and the note are
    emptied. Read only through ``selectors.entry_situations_for``.
    """

    audit_participant = "enrolment__participant_id"
    erasure = "keep"
    erasure_blank = ("municipality", "area_note")

    enrolment = models.OneToOneField(
        "journeys.Enrolment", on_delete=models.CASCADE, related_name="esf_entry"
    )
    housing = models.CharField(
        _("housing situation at entry"),
        max_length=24,
        choices=HousingSituation.choices,
        blank=True,
        help_text=_("Empty: not recorded."),
    )
    municipality = models.CharField(
        _("municipality of residence at entry"), max_length=100, blank=True
    )
    degurba = models.PositiveSmallIntegerField(
        _("degree of urbanisation"), choices=Degurba.choices, null=True, blank=True
    )
    area_source = models.CharField(
        _("source of the degree of urbanisation"),
        max_length=16,
        choices=AreaSource.choices,
        blank=True,
    )
    area_note = models.CharField(_("note on the area"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("situation at entry for ESF+")
        verbose_name_plural = _("situations at entry for ESF+")
        default_permissions = ()

    def __str__(self) -> str:
        return str(self.enrolment_id)

    @property
    def homeless(self) -> bool | None:
        return None if not self.housing else self.housing != HousingSituation.STABLE

    @property
    def rural(self) -> bool | None:
        return None if self.degurba is None else self.degurba == Degurba.RURAL


# --- supported entities (EECO18, EECO19) -------------------------------------------------


class SupportedEntity(models.Model):
    """An organisation a project supported, for the ESF+ entity indicators."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="supported_entities"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation")
    )
    supported_on = models.DateField(_("supported from"))
    sme = models.BooleanField(
        _("micro, small or medium enterprise"),
        null=True,
        blank=True,
        help_text=_("Fewer than 250 employees and a turnover up to EUR 50 million."),
    )
    description = models.CharField(_("support given"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["supported_on", "id"]
        verbose_name = _("supported entity")
        verbose_name_plural = _("supported entities")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["project", "organisation"], name="supported_entity_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} {self.supported_on}"


# --- informed estimates (EECO12, EECO15) -------------------------------------------------

#: Indicators a project may report from an informed estimate (special-category data).
ESTIMABLE_CODES = ("EECO12", "EECO15")
ESTIMATE_CHOICES = [
    ("EECO12", _("EECO12 participants with disabilities")),
    ("EECO15", _("EECO15 minorities")),
]


class IndicatorEstimate(models.Model):
    """An informed estimate of an indicator for a reporting period, with its basis.

    For disability and minority when individual data is not collected: either a
    number of participants or a share of them. Aggregate, not personal data.
    """

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="estimates")
    code = models.CharField(
        _("indicator"),
        max_length=8,
        choices=ESTIMATE_CHOICES,
    )
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    count = models.PositiveIntegerField(_("number of participants"), null=True, blank=True)
    share = models.DecimalField(
        _("share of participants (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    basis = models.TextField(_("basis of the estimate"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["code", "period_start", "id"]
        verbose_name = _("indicator estimate")
        verbose_name_plural = _("indicator estimates")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="estimate_period_in_order",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(count__isnull=False, share__isnull=True)
                    | models.Q(count__isnull=True, share__isnull=False)
                ),
                name="estimate_count_or_share",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.period_start}–{self.period_end}"
