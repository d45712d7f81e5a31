"""Forms of the matching app: they validate shape; services apply the rules."""

from __future__ import annotations

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from brygga.people.models import CefrLevel
from brygga.people.vocabularies import Adaptation

from .models import OpportunityStatus, OpportunityType
from .places import place_choices


class DateInput(forms.DateInput):
    input_type = "date"


class OpportunityForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    type = forms.ChoiceField(label=_("Type"), choices=OpportunityType.choices)
    status = forms.ChoiceField(
        label=_("Status"), choices=OpportunityStatus.choices, initial=OpportunityStatus.OPEN
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    hours_per_week = forms.IntegerField(
        label=_("Hours per week"), min_value=1, max_value=80, required=False
    )
    seats = forms.IntegerField(label=_("Seats"), min_value=0, max_value=10_000, initial=1)
    municipality = forms.ChoiceField(
        label=_("Municipality"),
        choices=[("", "—"), *place_choices()],
        required=False,
        help_text=_("Where the work is; distance is measured between municipalities."),
    )
    remote = forms.BooleanField(label=_("Remote work (no travel)"), required=False)
    adaptations_offered = forms.MultipleChoiceField(
        label=_("Adaptations offered"),
        choices=Adaptation.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    start_date = forms.DateField(label=_("Start"), required=False, widget=DateInput)
    end_date = forms.DateField(label=_("End"), required=False, widget=DateInput)


def language_levels(post: QueryDict, prefix: str) -> tuple[dict[str, str], list[str]]:
    """``{language: level}`` from the paired ``<prefix>_language`` / ``<prefix>_level`` lists."""
    levels: dict[str, str] = {}
    errors: list[str] = []
    languages = post.getlist(f"{prefix}_language")
    for language, level in zip(languages, post.getlist(f"{prefix}_level"), strict=False):
        if not language and not level:
            continue
        if not language or level not in CefrLevel.values:
            errors.append(str(_("Give both the language and its level.")))
            continue
        if language in levels:
            errors.append(str(_("Each language once.")))
            continue
        levels[language] = level
    return levels, errors


class ReferForm(forms.Form):
    note = forms.CharField(
        label=_("Note to the receiving organisation"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AnswerForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Answer"), choices=[("accept", _("Accept")), ("decline", _("Decline"))]
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class AllocationForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    project = forms.ChoiceField(
        label=_("Cohort"),
        required=False,
        help_text=_("Participants enrolled in this project; all your participants when empty."),
    )
    type = forms.ChoiceField(
        label=_("Kind of places"),
        required=False,
        choices=[("", _("All kinds")), *OpportunityType.choices],
    )
    min_score = forms.FloatField(
        label=_("Minimum score"),
        min_value=0.0,
        max_value=1.0,
        initial=0.3,
        help_text=_("Nobody is placed where the fit scores lower than this (0–1)."),
    )
    use_priority = forms.BooleanField(
        label=_("Give priority to people in more target groups"), required=False, initial=True
    )

    def __init__(self, *args: object, projects: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["project"].choices = [("", _("All my participants")), *projects]  # type: ignore[attr-defined]
