"""Forms: the shape of input; services judge the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from brygga.core.models import Country, Organisation, OrganisationKind, User
from brygga.people.vocabularies import Adaptation

from .models import (
    ActorKind,
    LegalForm,
    Need,
    PartnershipKind,
    Stage,
    WorkIntegration,
)

DATE = forms.DateInput(attrs={"type": "date"})


def _lines(text: str) -> list[str]:
    return [part.strip() for part in text.replace("\n", ",").split(",") if part.strip()]


class ProfileForm(forms.Form):
    org_number = forms.CharField(
        label=_("Organisation number"),
        max_length=20,
        required=False,
        help_text=_("Swedish organisationsnummer (NNNNNN-NNNN) or Danish CVR (8 digits)."),
    )
    municipality = forms.CharField(label=_("Municipality"), max_length=100, required=False)
    legal_form = forms.ChoiceField(
        label=_("Legal form"), choices=[("", "—"), *LegalForm.choices], required=False
    )
    description = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=5000,
    )
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    email = forms.EmailField(label=_("Contact email"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    sectors = forms.CharField(
        label=_("Sectors (NACE Rev. 2 codes)"),
        required=False,
        max_length=300,
        help_text=_("Comma-separated, e.g. 81.2, 56."),
    )
    services = forms.CharField(
        label=_("Services offered"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line, in the words a buyer would search for."),
    )
    placements = forms.IntegerField(label=_("Placements"), min_value=0, max_value=10_000)
    supervisors = forms.IntegerField(label=_("Supervisors"), min_value=0, max_value=10_000)
    adaptations = forms.MultipleChoiceField(
        label=_("Adaptations offered"),
        choices=Adaptation.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    checklist = forms.MultipleChoiceField(
        label=_("Work-integration checklist"),
        choices=WorkIntegration.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    published = forms.BooleanField(label=_("Show in the public directory"), required=False)

    def sector_list(self) -> list[str]:
        return _lines(self.cleaned_data["sectors"])

    def service_list(self) -> list[str]:
        return _lines(self.cleaned_data["services"])


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2100)
    private_sales = forms.DecimalField(
        label=_("Sales to private customers"), min_value=0, max_digits=14, decimal_places=0
    )
    public_sales = forms.DecimalField(
        label=_("Sales to public buyers"), min_value=0, max_digits=14, decimal_places=0
    )
    grants = forms.DecimalField(label=_("Grants"), min_value=0, max_digits=14, decimal_places=0)
    wage_subsidies = forms.DecimalField(
        label=_("Wage subsidies"), min_value=0, max_digits=14, decimal_places=0
    )
    employees = forms.IntegerField(label=_("Employees"), min_value=0, max_value=100_000)
    participants = forms.IntegerField(label=_("Participants"), min_value=0, max_value=100_000)


class CaseForm(forms.Form):
    advising_organisation = forms.ModelChoiceField(
        label=_("Advising organisation"), queryset=Organisation.objects.none()
    )
    name = forms.CharField(label=_("Name of the initiative"), max_length=200)
    contact_name = forms.CharField(label=_("Entrepreneur"), max_length=200, required=False)
    enterprise = forms.ModelChoiceField(
        label=_("Enterprise"),
        queryset=Organisation.objects.filter(kind=OrganisationKind.SOCIAL_ENTERPRISE),
        required=False,
        help_text=_("Leave empty while the enterprise is only an idea."),
    )
    stage = forms.ChoiceField(label=_("Stage"), choices=Stage.choices)
    opened_on = forms.DateField(label=_("Opened"), widget=DATE)
    advisor = forms.ModelChoiceField(
        label=_("Advisor"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("Empty: you."),
    )

    def __init__(self, *args: Any, advisers: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["advising_organisation"].queryset = advisers  # type: ignore[attr-defined]
        self.fields["advisor"].queryset = (  # type: ignore[attr-defined]
            User.objects.filter(memberships__organisation__in=advisers, is_active=True)
            .distinct()
            .order_by("username")
        )
        self.fields["advisor"].label_from_instance = user_label  # type: ignore[attr-defined]


class StageForm(forms.Form):
    stage = forms.ChoiceField(label=_("New stage"), choices=Stage.choices)
    changed_on = forms.DateField(label=_("Date"), widget=DATE)


class SessionForm(forms.Form):
    held_on = forms.DateField(label=_("Date"), widget=DATE)
    topic = forms.CharField(label=_("Topic"), max_length=200)
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    next_step = forms.CharField(label=_("Next step"), required=False, max_length=500)


class GoalForm(forms.Form):
    title = forms.CharField(label=_("Goal"), max_length=200)
    target_date = forms.DateField(label=_("Target date"), required=False, widget=DATE)


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("Milestone"), max_length=200)
    due_on = forms.DateField(label=_("Due date"), widget=DATE)


class SupportQuestionsForm(forms.Form):
    """The entrepreneur's three questions on the public support map."""

    stage = forms.ChoiceField(
        label=_("1. How far has your enterprise come?"), choices=Stage.choices, required=False
    )
    need = forms.ChoiceField(
        label=_("2. What do you need most right now?"), choices=Need.choices, required=False
    )
    country = forms.ChoiceField(
        label=_("3. Where are you? Country"), choices=Country.choices, required=False
    )
    municipality = forms.CharField(label=_("Municipality"), max_length=100, required=False)


class SupportOfferForm(forms.Form):
    provider = forms.ModelChoiceField(label=_("Provider"), queryset=Organisation.objects.none())
    actor_kind = forms.ChoiceField(label=_("Type of actor"), choices=ActorKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )
    stages = forms.MultipleChoiceField(
        label=_("Stages"), choices=Stage.choices, widget=forms.CheckboxSelectMultiple
    )
    needs = forms.MultipleChoiceField(
        label=_("Needs"), choices=Need.choices, widget=forms.CheckboxSelectMultiple
    )
    country = forms.ChoiceField(label=_("Country"), choices=Country.choices)
    municipalities = forms.CharField(
        label=_("Municipalities"),
        max_length=500,
        required=False,
        help_text=_("Comma-separated; empty means the whole country."),
    )
    url = forms.URLField(label=_("Web page"), required=False, assume_scheme="https")
    contact_email = forms.EmailField(label=_("Contact email"), required=False)
    active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args: Any, providers: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = providers  # type: ignore[attr-defined]


class PartnershipForm(forms.Form):
    enterprise = forms.ModelChoiceField(
        label=_("Social enterprise"),
        queryset=Organisation.objects.filter(kind=OrganisationKind.SOCIAL_ENTERPRISE),
    )
    partner = forms.ModelChoiceField(label=_("Partner"), queryset=Organisation.objects.all())
    partner_unit = forms.CharField(label=_("Department or unit"), max_length=200, required=False)
    kind = forms.ChoiceField(label=_("Type"), choices=PartnershipKind.choices)
    start_date = forms.DateField(label=_("Start"), widget=DATE)
    end_date = forms.DateField(label=_("End"), widget=DATE, required=False)
    value = forms.DecimalField(
        label=_("Value"), min_value=0, max_digits=14, decimal_places=0, required=False
    )
    enterprise_contact = forms.CharField(
        label=_("Contact at the enterprise"), max_length=200, required=False
    )
    partner_contact = forms.CharField(
        label=_("Contact at the partner"), max_length=200, required=False
    )
    note = forms.CharField(
        label=_("Note"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class NeedForm(forms.Form):
    buyer = forms.ModelChoiceField(label=_("Buyer"), queryset=Organisation.objects.none())
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    sector_codes = forms.CharField(
        label=_("Sectors (NACE Rev. 2 codes)"),
        max_length=300,
        required=False,
        help_text=_("Comma-separated, e.g. 81.2, 56."),
    )
    services = forms.CharField(
        label=_("Services"),
        max_length=500,
        required=False,
        help_text=_("Comma-separated, e.g. cleaning, catering."),
    )
    municipality = forms.CharField(label=_("Municipality"), max_length=100, required=False)
    volume = forms.IntegerField(
        label=_("Volume (placements or people needed)"), min_value=1, max_value=100_000
    )
    start_date = forms.DateField(label=_("Start"), widget=DATE)
    end_date = forms.DateField(label=_("End"), widget=DATE, required=False)
    reserved = forms.BooleanField(label=_("Reserved contract"), required=False)

    def __init__(self, *args: Any, buyers: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["buyer"].queryset = buyers  # type: ignore[attr-defined]

    def code_list(self) -> list[str]:
        return _lines(self.cleaned_data["sector_codes"])


def user_label(user: User) -> str:
    return user.get_full_name() or user.username
