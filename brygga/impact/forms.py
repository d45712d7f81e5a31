"""Forms of the impact app: the scenario editor and an organisation's own values."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from brygga.projects.models import Project

from . import kernel
from .models import ParameterSet, Scenario
from .services import RANGE_FIELDS

HELP: dict[str, Any] = {
    "name": _("A short name politicians will recognise, e.g. “Växtzon 2026, 40 participants”."),
    "parameter_set": _(
        "The unit prices: what a person in each state costs or brings each actor per year. "
        "Your organisation's copy holds your own values."
    ),
    "basis": _(
        "Assumptions: a cohort you describe. Case records: the journeys of your organisation's "
        "participants, observed so far and projected with the assumptions below."
    ),
    "project": _("For case records: only enrolments in this project (empty = all projects)."),
    "target_group": _("Who the cohort is, in words (shown in the report)."),
    "persons": _("How many persons start the intervention (assumptions only)."),
    "start_state": _("Where the persons are when they start, e.g. on income support."),
    "start_age": _("Average age at the start; the lifetime horizon runs to 65."),
    "horizon_years": _("How many years to count, from 1 up to age 65."),
    "success_state": _("Where a successful participant ends up, e.g. a full-time job."),
    "success_rate": _("Share reaching the success state in year 0: 0.3 means 30 %."),
    "persistence": _(
        "Yearly probability of staying there: 0.9 means that 9 in 10 are still there a year on."
    ),
    "counterfactual_rate": _("Share that would have succeeded without the intervention."),
    "deadweight": _("Share of the effect that would have happened anyway (0–1)."),
    "attribution": _("Share of the effect due to others, e.g. another project (0–1)."),
    "displacement": _("Share of the jobs that push someone else out of work (0–1)."),
    "drop_off": _("Yearly decline of the effect after year 0 (0–1, compounding)."),
    "optimism_bias_costs": _("Uplift on costs for optimism: 0.25 means costs × 1.25."),
    "optimism_bias_benefits": _("Cut on effects for optimism: 0.1 means effects × 0.9."),
    "cost_start_up": _("One-off cost in year 0, in the parameter set's currency."),
    "cost_per_participant": _("One-off cost per participant in year 0."),
    "cost_per_year": _("Running cost in each year the intervention runs."),
    "cost_years": _("Number of years the running cost is paid."),
    "discount": _(
        "How future kronor are weighed against today's. Year 0 is not discounted; stepped "
        "schedules apply each band's rate to the years inside it."
    ),
    "discount_rate": _("For a constant rate: 0.035 means 3.5 % a year."),
    "draws": _("Monte Carlo draws for the uncertainty band (0 = none; 2 000 is plenty)."),
    "seed": _("The same seed gives the same band again."),
}


def state_choices() -> list[tuple[str, str]]:
    params = kernel.load_parameter_set("se-2025")
    return [(s.key, s.label) for s in params.states]


def actor_choices() -> list[tuple[str, str]]:
    seen: dict[str, str] = {}
    for name in kernel.available_parameter_sets():
        for actor in kernel.load_parameter_set(name).actors:
            seen.setdefault(actor.key, actor.label or actor.key)
    return list(seen.items())


class ScenarioForm(forms.ModelForm):  # type: ignore[type-arg]
    payer = forms.ChoiceField(
        label=_("Paid by"),
        help_text=_(
            "The actor who pays the intervention (the API accepts shares between several)."
        ),
    )

    class Meta:
        model = Scenario
        fields = (
            "name",
            "description",
            "parameter_set",
            "basis",
            "project",
            "target_group",
            "persons",
            "start_state",
            "start_age",
            "horizon_years",
            "success_state",
            "success_rate",
            "persistence",
            "counterfactual_rate",
            "deadweight",
            "attribution",
            "displacement",
            "drop_off",
            "optimism_bias_costs",
            "optimism_bias_benefits",
            "cost_start_up",
            "cost_per_participant",
            "cost_per_year",
            "cost_years",
            "discount",
            "discount_rate",
            "draws",
            "seed",
        )
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(
        self,
        *args: Any,
        parameter_sets: QuerySet[ParameterSet],
        projects: QuerySet[Project],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parameter_set"].queryset = parameter_sets  # type: ignore[attr-defined]
        self.fields["project"].queryset = projects  # type: ignore[attr-defined]
        states = state_choices()
        self.fields["start_state"] = forms.ChoiceField(
            label=_("Start state"), choices=states, initial="income_support"
        )
        self.fields["success_state"] = forms.ChoiceField(
            label=_("Success state"), choices=states, initial="full_time_job"
        )
        self.fields["payer"].choices = actor_choices()  # type: ignore[attr-defined]
        if self.instance.pk and self.instance.paid_by:
            self.initial["payer"] = max(self.instance.paid_by, key=self.instance.paid_by.get)
        else:
            self.initial.setdefault("payer", "municipality")
        for name in RANGE_FIELDS:
            bounds = (self.instance.ranges or {}).get(name) if self.instance.pk else None
            for end, index, label in ((("low"), 0, _("low")), (("high"), 1, _("high"))):
                bound_field = forms.FloatField(
                    label=f"{self.fields[name].label} – {label}",
                    required=False,
                    min_value=0.0,
                    help_text=_("Leave both empty for no uncertainty on this value."),
                )
                self.fields[f"{name}_{end}"] = bound_field
                if bounds:
                    self.initial[f"{name}_{end}"] = bounds[index]
        for name, field in self.fields.items():
            if name in HELP:
                field.help_text = HELP[name]
            if field.help_text:
                field.widget.attrs["aria-describedby"] = f"id_{name}_help"

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        ranges: dict[str, list[float]] = {}
        for name in RANGE_FIELDS:
            low, high = cleaned.get(f"{name}_low"), cleaned.get(f"{name}_high")
            if low is None and high is None:
                continue
            if low is None or high is None:
                self.add_error(
                    f"{name}_low" if low is None else f"{name}_high", _("Give both ends.")
                )
                continue
            value = cleaned.get(name)
            if value is not None and not low <= value <= high:
                self.add_error(f"{name}_low", _("The value must lie between low and high."))
                continue
            ranges[name] = [low, high]
        cleaned["ranges"] = ranges
        if cleaned.get("payer"):
            cleaned["paid_by"] = {cleaned["payer"]: 1.0}
        return cleaned

    def scenario_values(self) -> dict[str, Any]:
        """What ``services.save_scenario`` takes."""
        values = {name: self.cleaned_data[name] for name in self.Meta.fields}
        values["ranges"] = self.cleaned_data["ranges"]
        values["paid_by"] = self.cleaned_data.get("paid_by", {})
        return values


class OverrideForm(forms.Form):
    name = forms.ChoiceField(label=_("Input"))
    value = forms.FloatField(label=_("Your value"))
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Why your organisation uses another value (shown beside the value)."),
    )
    source = forms.CharField(
        label=_("Source"),
        required=False,
        max_length=300,
        help_text=_("Where the value comes from, e.g. your own accounts for 2025."),
    )
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1990, max_value=2100)

    def __init__(self, *args: Any, inputs: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"].choices = inputs  # type: ignore[attr-defined]
        for name, field in self.fields.items():
            if field.help_text:
                field.widget.attrs["aria-describedby"] = f"id_{name}_help"


class CompareForm(forms.Form):
    a = forms.ModelChoiceField(label=_("Scenario A"), queryset=Scenario.objects.none())
    b = forms.ModelChoiceField(label=_("Scenario B"), queryset=Scenario.objects.none())

    def __init__(self, *args: Any, scenarios: QuerySet[Scenario], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["a"].queryset = scenarios  # type: ignore[attr-defined]
        self.fields["b"].queryset = scenarios  # type: ignore[attr-defined]
