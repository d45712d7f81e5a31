"""Social enterprises and the actors around them.

An enterprise's profile hangs on its ``core.Organisation`` (one to one): the
name, country, municipality and organisation number stay there. Around it:
figures per year, the guidance pipeline of a business-development body, the
support map, partnerships ("bridges") and procurement needs of public buyers.
"""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from brygga.core.models import Organisation
from brygga.people.vocabularies import Adaptation

from . import indicators, nace


class LegalForm(models.TextChoices):
    # Sweden
    AB = "se_ab", _("Limited company (aktiebolag)")
    AB_SVB = "se_ab_svb", _("Limited company with restricted dividends (AB svb)")
    EKONOMISK_FORENING = "se_ek_for", _("Economic association (ekonomisk förening)")
    IDEELL_FORENING = "se_ideell", _("Non-profit association (ideell förening)")
    STIFTELSE = "se_stiftelse", _("Foundation (stiftelse)")
    # Denmark
    APS = "dk_aps", _("Private limited company (ApS)")
    AS = "dk_as", _("Public limited company (A/S)")
    FORENING = "dk_forening", _("Association (forening)")
    FOND = "dk_fond", _("Foundation (fond)")
    SELVEJENDE = "dk_selvejende", _("Self-governing institution (selvejende institution)")
    OTHER = "other", _("Other")


class WorkIntegration(models.TextChoices):
    """The four marks of a work-integrating social enterprise in the public definitions."""

    PURPOSE = "purpose", _("Work integration is the main purpose")
    REINVESTED = "reinvested", _("Profits are mainly reinvested in the business")
    INDEPENDENT = "independent", _("Independent of the public sector")
    INFLUENCE = "influence", _("Participants have influence over the business")


class EnterpriseProfile(models.Model):
    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="enterprise_profile"
    )
    legal_form = models.CharField(
        _("legal form"), max_length=20, choices=LegalForm.choices, blank=True
    )
    description = models.TextField(_("description"), max_length=5000, blank=True)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("contact email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    placements = models.PositiveIntegerField(_("placements"), default=0)
    supervisors = models.PositiveIntegerField(_("supervisors"), default=0)
    adaptations = models.JSONField(_("adaptations offered"), default=list, blank=True)
    checklist = models.JSONField(_("work-integration checklist"), default=list, blank=True)
    published = models.BooleanField(
        _("shown in the public directory"),
        default=True,
        help_text=_("Untick to keep the profile visible only to partners and networks."),
    )
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        ordering = ["organisation__name"]
        verbose_name = _("enterprise profile")
        verbose_name_plural = _("enterprise profiles")

    def __str__(self) -> str:
        return self.organisation.name

    @property
    def is_work_integrating(self) -> bool:
        """All four marks of the checklist are ticked."""
        return set(WorkIntegration.values) <= set(self.checklist)

    def sector_codes(self) -> list[str]:
        return [sector.code for sector in self.sectors.all()]

    @property
    def org_number_display(self) -> str:
        from .services import format_org_number

        return format_org_number(self.organisation.country, self.organisation.org_number)

    def adaptation_labels(self) -> list[str]:
        labels = dict(Adaptation.choices)
        return [str(labels[a]) for a in self.adaptations if a in labels]

    def checklist_items(self) -> list[tuple[str, str, bool]]:
        return [(v, str(label), v in self.checklist) for v, label in WorkIntegration.choices]


class Sector(models.Model):
    profile = models.ForeignKey(EnterpriseProfile, on_delete=models.CASCADE, related_name="sectors")
    code = models.CharField(_("NACE code"), max_length=5)

    class Meta:
        ordering = ["code"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["profile", "code"], name="sector_unique_code")
        ]

    def __str__(self) -> str:
        return nace.label(self.code)


class ServiceOffered(models.Model):
    """A service the enterprise sells, in words a public buyer would search for."""

    profile = models.ForeignKey(
        EnterpriseProfile, on_delete=models.CASCADE, related_name="services"
    )
    name = models.CharField(_("service"), max_length=200)

    class Meta:
        ordering = ["name"]
        verbose_name = _("service offered")
        verbose_name_plural = _("services offered")

    def __str__(self) -> str:
        return self.name


class YearFigures(models.Model):
    """Revenue mix, employees and participants of one calendar year."""

    profile = models.ForeignKey(EnterpriseProfile, on_delete=models.CASCADE, related_name="years")
    year = models.PositiveSmallIntegerField(_("year"))
    private_sales = models.DecimalField(
        _("sales to private customers"), max_digits=14, decimal_places=0, default=Decimal(0)
    )
    public_sales = models.DecimalField(
        _("sales to public buyers"), max_digits=14, decimal_places=0, default=Decimal(0)
    )
    grants = models.DecimalField(_("grants"), max_digits=14, decimal_places=0, default=Decimal(0))
    wage_subsidies = models.DecimalField(
        _("wage subsidies"), max_digits=14, decimal_places=0, default=Decimal(0)
    )
    employees = models.PositiveIntegerField(_("employees"), default=0)
    participants = models.PositiveIntegerField(_("participants"), default=0)

    class Meta:
        ordering = ["year"]
        verbose_name = _("figures of a year")
        verbose_name_plural = _("figures per year")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["profile", "year"], name="yearfigures_unique_year"),
            models.CheckConstraint(
                condition=Q(private_sales__gte=0)
                & Q(public_sales__gte=0)
                & Q(grants__gte=0)
                & Q(wage_subsidies__gte=0),
                name="yearfigures_amounts_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.profile} {self.year}"

    def mix(self) -> indicators.RevenueMix:
        return indicators.RevenueMix(
            year=self.year,
            private_sales=self.private_sales,
            public_sales=self.public_sales,
            grants=self.grants,
            wage_subsidies=self.wage_subsidies,
        )

    @property
    def total(self) -> Decimal:
        return self.mix().total

    @property
    def independence(self) -> Decimal | None:
        return self.mix().independence


# --- guidance pipeline ---------------------------------------------------------------


class Stage(models.TextChoices):
    IDEA = "idea", _("Idea")
    PRE_START = "pre_start", _("Pre-start")
    START_UP = "start_up", _("Start-up")
    ESTABLISHED = "established", _("Established")
    GROWING = "growing", _("Growing")


#: Days in a stage after which a case counts as stuck (an assumption, see docs/enterprises.md).
STUCK_AFTER_DAYS: dict[str, int] = {
    Stage.IDEA: 90,
    Stage.PRE_START: 120,
    Stage.START_UP: 180,
    Stage.ESTABLISHED: 365,
    Stage.GROWING: 365,
}


class GuidanceCase(models.Model):
    """A social entrepreneur or an existing enterprise guided by a business-development body."""

    advising_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="guidance_cases",
        verbose_name=_("advising organisation"),
    )
    enterprise = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="guided_by",
        verbose_name=_("enterprise"),
        help_text=_("Empty while the enterprise is only an idea."),
    )
    name = models.CharField(_("name of the initiative"), max_length=200)
    contact_name = models.CharField(_("entrepreneur"), max_length=200, blank=True)
    advisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="guidance_cases",
        verbose_name=_("advisor"),
    )
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices)
    stage_since = models.DateField(_("in this stage since"))
    opened_on = models.DateField(_("opened"))
    closed_on = models.DateField(_("closed"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("guidance case")
        verbose_name_plural = _("guidance cases")

    def __str__(self) -> str:
        return self.name


class StageChange(models.Model):
    case = models.ForeignKey(GuidanceCase, on_delete=models.CASCADE, related_name="stage_changes")
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices)
    changed_on = models.DateField(_("date"))

    class Meta:
        ordering = ["changed_on", "pk"]

    def __str__(self) -> str:
        return f"{self.case} {self.stage} {self.changed_on}"


class GuidanceSession(models.Model):
    case = models.ForeignKey(GuidanceCase, on_delete=models.CASCADE, related_name="sessions")
    held_on = models.DateField(_("date"))
    topic = models.CharField(_("topic"), max_length=200)
    notes = models.TextField(_("notes"), max_length=10_000, blank=True)
    next_step = models.CharField(_("next step"), max_length=500, blank=True)
    advisor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("guidance session")
        verbose_name_plural = _("guidance sessions")

    def __str__(self) -> str:
        return self.topic


class PlanGoal(models.Model):
    """A goal of the business-development plan."""

    case = models.ForeignKey(GuidanceCase, on_delete=models.CASCADE, related_name="goals")
    title = models.CharField(_("goal"), max_length=200)
    target_date = models.DateField(_("target date"), null=True, blank=True)

    class Meta:
        ordering = ["target_date", "pk"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")

    def __str__(self) -> str:
        return self.title


class Milestone(models.Model):
    goal = models.ForeignKey(PlanGoal, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("milestone"), max_length=200)
    due_on = models.DateField(_("due date"))
    done_on = models.DateField(_("done"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self) -> str:
        return self.title


# --- support map ----------------------------------------------------------------------


class ActorKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("Municipality")
    BUSINESS_DEVELOPMENT = "business_development", _("Business-development body")
    EMPLOYMENT_SERVICE = "employment_service", _("Public employment service")
    COORDINATION_ASSOCIATION = "coordination_association", _("Coordination association")
    COOPERATIVE_DEVELOPMENT = "cooperative_development", _("Cooperative-development agency")
    BANK = "bank", _("Bank or financier")
    UNIVERSITY = "university", _("University or college")
    NETWORK = "network", _("Network or association")


class Need(models.TextChoices):
    BUSINESS_PLAN = "business_plan", _("A business plan")
    FUNDING = "funding", _("Funding or loans")
    LEGAL_FORM = "legal_form", _("Choosing a legal form")
    CUSTOMERS = "customers", _("Customers and sales")
    PROCUREMENT = "procurement", _("Public procurement")
    STAFF = "staff", _("Staff, placements and supervision")
    PREMISES = "premises", _("Premises")
    COMPETENCE = "competence", _("Training and competence")
    NETWORK = "network", _("Contacts and networks")


class SupportOffer(models.Model):
    provider = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="support_offers",
        verbose_name=_("provider"),
    )
    actor_kind = models.CharField(_("type of actor"), max_length=30, choices=ActorKind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=5000)
    stages = models.JSONField(_("stages"), default=list)
    needs = models.JSONField(_("needs"), default=list)
    country = models.CharField(_("country"), max_length=2)
    municipalities = models.CharField(
        _("municipalities"),
        max_length=500,
        blank=True,
        help_text=_("Comma-separated; empty means the whole country."),
    )
    url = models.URLField(_("web page"), blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("support offer")
        verbose_name_plural = _("support offers")

    def __str__(self) -> str:
        return self.title

    def municipality_list(self) -> list[str]:
        return [m.strip() for m in self.municipalities.split(",") if m.strip()]

    def stage_labels(self) -> list[str]:
        labels = dict(Stage.choices)
        return [str(labels[s]) for s in self.stages if s in labels]

    def need_labels(self) -> list[str]:
        labels = dict(Need.choices)
        return [str(labels[n]) for n in self.needs if n in labels]


# --- partnerships -----------------------------------------------------------------------


class PartnershipKind(models.TextChoices):
    PLACEMENT = "placement_agreement", _("Placement agreement")
    PROCUREMENT = "procurement_contract", _("Procurement contract")
    RESERVED = "reserved_contract", _("Reserved contract")
    IOP = "idea_based_partnership", _("Idea-based public partnership")
    MENTORING = "mentoring", _("Mentoring")


class Partnership(models.Model):
    """A bridge between an enterprise and a municipal department, business or school."""

    enterprise = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="partnerships",
        verbose_name=_("enterprise"),
    )
    partner = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="partnerships_as_partner",
        verbose_name=_("partner"),
    )
    partner_unit = models.CharField(
        _("department or unit"),
        max_length=200,
        blank=True,
        help_text=_("E.g. the parks department."),
    )
    kind = models.CharField(_("type"), max_length=30, choices=PartnershipKind.choices)
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"), null=True, blank=True)
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=0, null=True, blank=True)
    enterprise_contact = models.CharField(
        _("contact at the enterprise"), max_length=200, blank=True
    )
    partner_contact = models.CharField(_("contact at the partner"), max_length=200, blank=True)
    note = models.TextField(_("note"), max_length=5000, blank=True)

    class Meta:
        ordering = ["-start_date", "pk"]
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="partnership_ends_after_start",
            ),
            models.CheckConstraint(
                condition=~Q(enterprise=models.F("partner")), name="partnership_two_parties"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} – {self.partner}"


# --- procurement ----------------------------------------------------------------------


class ProcurementNeed(models.Model):
    """A public buyer's need, to be met by social enterprises (possibly a reserved contract)."""

    buyer = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="procurement_needs",
        verbose_name=_("buyer"),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=5000, blank=True)
    sector_codes = models.JSONField(_("NACE codes"), default=list)
    services = models.CharField(
        _("services"), max_length=500, help_text=_("Comma-separated, e.g. cleaning, catering.")
    )
    municipality = models.CharField(_("municipality"), max_length=100, blank=True)
    volume = models.PositiveIntegerField(_("volume (placements or people needed)"), default=1)
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"), null=True, blank=True)
    reserved = models.BooleanField(
        _("reserved contract"),
        default=False,
        help_text=_(
            "Reserved for work-integrating social enterprises (Directive 2014/24/EU art. 20)."
        ),
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-start_date", "pk"]
        verbose_name = _("procurement need")
        verbose_name_plural = _("procurement needs")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="procurementneed_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def service_list(self) -> list[str]:
        return [s.strip() for s in self.services.split(",") if s.strip()]
