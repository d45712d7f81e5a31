"""Forms for participants: they validate shape; services apply the rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ConsentPurpose, EducationLevel, Gender, LabourMarketStatus


class DateInput(forms.DateInput):
    input_type = "date"


class ParticipantForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    identity_number = forms.CharField(
        label=_("Identity number"),
        max_length=20,
        required=False,
        help_text=_("Optional: a person under temporary protection may have none."),
    )
    identity_country = forms.ChoiceField(
        label=_("Country of the identity number"),
        choices=[("SE", _("Sweden")), ("DK", _("Denmark"))],
        initial="SE",
    )
    birth_date = forms.DateField(
        label=_("Birth date"),
        required=False,
        widget=DateInput,
        help_text=_("Only when there is no identity number; otherwise derived from it."),
    )
    gender = forms.ChoiceField(
        label=_("Gender"), choices=[("", "—"), *Gender.choices], required=False
    )
    municipality = forms.CharField(
        label=_("Municipality of residence"), max_length=100, required=False
    )
    foreign_background = forms.BooleanField(label=_("Foreign background"), required=False)
    third_country_national = forms.BooleanField(label=_("Third-country national"), required=False)
    in_upper_secondary_school = forms.BooleanField(
        label=_("In upper-secondary school"), required=False
    )
    education_level = forms.TypedChoiceField(
        label=_("Education level (ISCED 2011)"),
        choices=[("", "—"), *EducationLevel.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )
    labour_market_status = forms.ChoiceField(
        label=_("Labour-market status at entry"),
        choices=[("", "—"), *LabourMarketStatus.choices],
        required=False,
    )
    labour_market_status_since = forms.DateField(
        label=_("Status since"), required=False, widget=DateInput
    )
    income_support = forms.BooleanField(label=_("On income support"), required=False)
    income_support_since = forms.DateField(
        label=_("Income support since"), required=False, widget=DateInput
    )
    sick_leave = forms.BooleanField(label=_("On sick leave"), required=False)
    sick_leave_since = forms.DateField(
        label=_("Sick leave since"), required=False, widget=DateInput
    )


class ParticipantEditForm(ParticipantForm):
    #: The version the form was opened at (optimistic locking).
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class ConsentForm(forms.Form):
    purpose = forms.ChoiceField(label=_("Purpose"), choices=ConsentPurpose.choices)
    given_on = forms.DateField(label=_("Given on"), widget=DateInput)


class ConsentWithdrawalForm(forms.Form):
    withdrawn_on = forms.DateField(label=_("Withdrawn on"), widget=DateInput)


class AccessReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you open this record?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "The person is in another case worker's caseload. Your reason is kept in the "
            "audit log with every read of the record during this session."
        ),
    )


class ErasureForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the person's data erased?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    confirm = forms.BooleanField(
        label=_("I understand that the name, identity number and notes are removed for good."),
    )
