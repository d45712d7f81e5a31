"""Small closed vocabularies of the competence profile."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DrivingLicence(models.TextChoices):
    """Driving-licence classes of Directive 2006/126/EC."""

    AM = "AM", "AM"
    A1 = "A1", "A1"
    A2 = "A2", "A2"
    A = "A", "A"
    B = "B", "B"
    BE = "BE", "BE"
    C1 = "C1", "C1"
    C1E = "C1E", "C1E"
    C = "C", "C"
    CE = "CE", "CE"
    D1 = "D1", "D1"
    D1E = "D1E", "D1E"
    D = "D", "D"
    DE = "DE", "DE"


class Adaptation(models.TextChoices):
    REDUCED_HOURS = "reduced_hours", _("Reduced hours")
    QUIET_WORKPLACE = "quiet_workplace", _("Quiet workplace")
    PHYSICAL_ADJUSTMENTS = "physical_adjustments", _("Physical adjustments")
    EXTRA_SUPERVISION = "extra_supervision", _("Extra supervision")
    WRITTEN_INSTRUCTIONS = "written_instructions", _("Written instructions")
    INTERPRETER = "interpreter", _("Interpreter")
