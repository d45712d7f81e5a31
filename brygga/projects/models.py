"""Projects, with the fields of the public ESF+ project registry record."""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from brygga.core.models import Organisation


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
    programme_cci = models.CharField(_("programme CCI"), max_length=20, blank=True)
    owner_org_number = models.CharField(_("owner's organisation number"), max_length=20, blank=True)
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
        validators=[RegexValidator(r"^[A-Z]{2}[0-9A-Z]{2}$", _("A NUTS-2 code is like SE33."))],
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
