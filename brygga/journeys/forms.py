"""Forms of the journey pages. They check the shape of input; services apply the rules."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from brygga.core.models import Organisation
from brygga.projects.models import Project

from .models import ActivityKind, AssessmentScale, ExitOutcome, FollowUp, FollowUpKind, IncomeSource

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class DateInput(forms.DateInput):
    """The browser's date picker; the value travels as ISO 8601 whatever the language."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


def date_field(
    label: StrOrPromise, *, required: bool = True, help_text: StrOrPromise = ""
) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=DateInput(),
        input_formats=["%Y-%m-%d"],
    )


def income_sources_field(label: StrOrPromise) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label,
        choices=IncomeSource.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


def note_field() -> forms.CharField:
    return forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


def step_name(scale: AssessmentScale, step: int) -> str:
    """The translated name of ``step``, or "" when the step has none but its number."""
    label = scale.step_label(step)
    return "" if label == str(step) else gettext(label)


def step_text(scale: AssessmentScale, step: int) -> str:
    """``3 – Preparing for work``, or ``3`` when the step has no name of its own."""
    name = step_name(scale, step)
    return f"{step} – {name}" if name else str(step)


class ScaleChoiceField(forms.ModelChoiceField[AssessmentScale]):
    def label_from_instance(self, obj: AssessmentScale) -> str:
        return gettext(obj.name)


class EnrolForm(forms.Form):
    project = forms.ModelChoiceField(
        label=_("Project"),
        queryset=Project.objects.none(),
        help_text=_(
            "Someone who left the project earlier re-enters it: the first entry date is kept."
        ),
    )
    entry_date = date_field(_("Entry date"))
    income_sources_before = income_sources_field(_("Income sources at entry"))

    def __init__(self, *args: Any, projects: QuerySet[Project], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = projects  # type: ignore[attr-defined]


class ActivityForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type"), choices=ActivityKind.choices)
    provider = forms.ModelChoiceField(
        label=_("Provider"),
        queryset=Organisation.objects.order_by("name"),
        required=False,
        help_text=_("The organisation that runs the activity, if any."),
    )
    start_date = date_field(_("Start date"))
    end_date = date_field(_("End date"), required=False, help_text=_("Leave empty if ongoing."))
    hours_per_week = forms.DecimalField(
        label=_("Hours a week"),
        required=False,
        min_value=0,
        max_value=80,
        max_digits=4,
        decimal_places=1,
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class AssessmentForm(forms.Form):
    scale = ScaleChoiceField(
        label=_("Scale"), queryset=AssessmentScale.objects.none(), empty_label=None
    )
    assessed_on = date_field(_("Date"))
    step = forms.TypedChoiceField(label=_("Step"), coerce=int)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, scales: QuerySet[AssessmentScale], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        scale_field = self.fields["scale"]
        scale_field.queryset = scales  # type: ignore[attr-defined]
        chosen = str((self.data if self.is_bound else self.initial).get("scale") or "")
        scale = scales.filter(pk=int(chosen)).first() if chosen.isdecimal() else None
        scale = scale or scales.first()
        steps = range(1, scale.step_count + 1) if scale else range(0)
        self.fields["step"].choices = [  # type: ignore[attr-defined]
            (step, step_text(scale, step)) for step in steps if scale
        ]
        if scale is not None and not self.is_bound:
            self.initial["scale"] = scale.pk


class ExitForm(forms.Form):
    exit_date = date_field(_("Exit date"))
    exit_outcome = forms.ChoiceField(
        label=_("Outcome"), choices=ExitOutcome.choices, widget=forms.RadioSelect
    )
    qualification_gained = forms.BooleanField(label=_("Qualification gained"), required=False)
    income_sources_after = income_sources_field(_("Income sources at exit"))


class FollowUpForm(forms.Form):
    completed_on = date_field(_("Date of the follow-up"))
    situation = forms.ChoiceField(
        label=_("Situation"), choices=ExitOutcome.choices, widget=forms.RadioSelect
    )
    better_situation = forms.NullBooleanField(
        label=_("Better labour-market situation than at entry"),
        required=False,
        initial="unknown",
        widget=forms.RadioSelect(
            choices=[("unknown", _("Unknown")), ("true", _("Yes")), ("false", _("No"))]
        ),
        help_text=_("For example a permanent instead of a temporary job, or more hours."),
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, follow_up: FollowUp, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if follow_up.kind != FollowUpKind.MONTHS_6:
            del self.fields["better_situation"]
