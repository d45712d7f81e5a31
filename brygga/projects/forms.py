"""Forms for projects: they check the shape of input; services apply the rules."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from brygga.core.models import Organisation

from .models import (
    ESTIMATE_CHOICES,
    CostCategory,
    Currency,
    Degurba,
    FunderKind,
    HousingSituation,
    LegalBasis,
    Project,
)


class DateInput(forms.DateInput):
    input_type = "date"


class FunderForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        required=False,
        help_text=_("Leave empty to use the organisation's name."),
    )
    kind = forms.ChoiceField(label=_("Kind of funder"), choices=FunderKind.choices)
    organisation = forms.ModelChoiceField(
        label=_("Organisation in Brygga"), queryset=Organisation.objects.none(), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast("forms.ModelChoiceField[Organisation]", self.fields["organisation"])
        field.queryset = Organisation.objects.order_by("name")


class _ProjectYears(forms.Form):
    """A form with a ``year`` field offering the project's years."""

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        years = cast(forms.ChoiceField, self.fields["year"])
        years.choices = [(y, y) for y in project.years()]


class FundingForm(_ProjectYears):
    funder = forms.ChoiceField(label=_("Funder"))
    year = forms.TypedChoiceField(label=_("Year"), coerce=int)
    amount = forms.DecimalField(label=_("Amount"), max_digits=14, decimal_places=2, min_value=0)
    currency = forms.ChoiceField(label=_("Currency"), choices=Currency.choices)

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, project=project, **kwargs)
        funders = cast(forms.ChoiceField, self.fields["funder"])
        funders.choices = [(f.pk, f.name) for f in project.funders.all()]


class BudgetLineForm(_ProjectYears):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int)
    category = forms.ChoiceField(label=_("Category"), choices=CostCategory.choices)
    description = forms.CharField(label=_("Description"), max_length=200, required=False)
    amount = forms.DecimalField(label=_("Amount"), max_digits=14, decimal_places=2, min_value=0)
    currency = forms.ChoiceField(label=_("Currency"), choices=Currency.choices)


class CostForm(forms.Form):
    incurred_on = forms.DateField(label=_("Date"), widget=DateInput)
    category = forms.ChoiceField(label=_("Category"), choices=CostCategory.choices)
    description = forms.CharField(label=_("Description"), max_length=200, required=False)
    amount = forms.DecimalField(label=_("Amount"), max_digits=14, decimal_places=2, min_value=0)
    currency = forms.ChoiceField(label=_("Currency"), choices=Currency.choices)


YES_NO_UNKNOWN = [("", _("Not recorded")), ("yes", _("Yes")), ("no", _("No"))]


class SpecialDataForm(forms.Form):
    disability = forms.ChoiceField(
        label=_("Has a disability"), choices=YES_NO_UNKNOWN, required=False
    )
    minority = forms.ChoiceField(
        label=_("Belongs to a minority (including marginalised communities such as Roma)"),
        choices=YES_NO_UNKNOWN,
        required=False,
    )
    legal_basis = forms.ChoiceField(label=_("Legal basis"), choices=LegalBasis.choices)
    basis_note = forms.CharField(
        label=_("Reference for the legal basis"),
        max_length=300,
        required=False,
        help_text=_("For example the date of the written consent or the law applied."),
    )

    @staticmethod
    def answer(value: str) -> bool | None:
        return {"yes": True, "no": False}.get(value)


class RecordUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Registry record or CSV"),
        help_text=_("The published text of the record (.txt) or a CSV with one record a row."),
    )


class SupportedEntityForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.order_by("name")
    )
    supported_on = forms.DateField(label=_("Supported from"), widget=DateInput)
    sme = forms.ChoiceField(
        label=_("Micro, small or medium enterprise"),
        choices=YES_NO_UNKNOWN,
        required=False,
        help_text=_(
            "Fewer than 250 employees and a turnover up to EUR 50 million. Social enterprises "
            "count as SMEs unless you answer no; employers only when you answer yes."
        ),
    )
    description = forms.CharField(label=_("Support given"), max_length=300, required=False)


class EstimateForm(forms.Form):
    code = forms.ChoiceField(label=_("Indicator"), choices=ESTIMATE_CHOICES)
    period_start = forms.DateField(label=_("Reporting period from"), widget=DateInput)
    period_end = forms.DateField(label=_("Reporting period to"), widget=DateInput)
    count = forms.IntegerField(label=_("Number of participants"), min_value=0, required=False)
    share = forms.DecimalField(
        label=_("Or: share of participants (%)"),
        min_value=0,
        max_value=100,
        max_digits=5,
        decimal_places=2,
        required=False,
    )
    basis = forms.CharField(
        label=_("Basis of the estimate"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "How the figure was arrived at: an anonymous survey, a register, the judgement of "
            "staff who know the participants…"
        ),
    )


class EntrySituationForm(forms.Form):
    housing = forms.ChoiceField(
        label=_("Housing situation at entry"),
        choices=[("", _("Not recorded")), *HousingSituation.choices],
        required=False,
    )
    degurba = forms.TypedChoiceField(
        label=_("Area of residence at entry"),
        choices=[("", _("Derive from the municipality of residence")), *Degurba.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )
    area_note = forms.CharField(
        label=_("Note on the area"),
        max_length=300,
        required=False,
        help_text=_(
            "For example why the municipality's class does not fit where the person lives."
        ),
    )
