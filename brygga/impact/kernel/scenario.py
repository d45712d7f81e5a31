"""Scenario inputs: who is in the cohort, what the intervention costs and does.

All inputs are frozen dataclasses. The numbers that can be uncertain (success
rate, deadweight, costs, …) are :class:`Quantity` objects in
``Scenario.parameters``, keyed by the names in :data:`SCENARIO_PARAMETERS`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType

from .quantities import Quantity
from .schedule import DiscountSchedule

PENSION_AGE = 65

#: Scenario parameter name → (default, minimum, maximum, meaning).
SCENARIO_PARAMETERS: dict[str, tuple[float, float, float, str]] = {
    "success_rate": (0.0, 0.0, 1.0, "share of participants reaching the success state"),
    "persistence": (1.0, 0.0, 1.0, "yearly probability of staying in the success state"),
    "counterfactual_rate": (0.0, 0.0, 1.0, "success rate without the intervention"),
    "deadweight": (0.0, 0.0, 1.0, "share of the effect that would have happened anyway"),
    "attribution": (0.0, 0.0, 1.0, "share of the effect due to others (deducted)"),
    "displacement": (0.0, 0.0, 1.0, "share of the effect that displaces others"),
    "drop_off": (0.0, 0.0, 1.0, "yearly compounding decline of the effect after year 0"),
    "optimism_bias_costs": (0.0, 0.0, math.inf, "uplift on costs (0.25 → costs × 1.25)"),
    "optimism_bias_benefits": (0.0, 0.0, 1.0, "reduction of effects (0.1 → effects × 0.9)"),
    "cost_start_up": (0.0, 0.0, math.inf, "one-off start-up cost in year 0"),
    "cost_per_participant": (0.0, 0.0, math.inf, "one-off cost per participant in year 0"),
    "cost_per_year": (0.0, 0.0, math.inf, "running cost per year while the intervention runs"),
}


def scenario_parameter(name: str, data: Quantity | float | None = None) -> Quantity:
    """A scenario parameter with its allowed range (default value when ``data`` is None)."""
    default, minimum, maximum, meaning = SCENARIO_PARAMETERS[name]
    if data is None:
        data = default
    if isinstance(data, Quantity):
        return replace(data, name=name, minimum=minimum, maximum=maximum)
    return Quantity(name=name, value=float(data), label=meaning, minimum=minimum, maximum=maximum)


@dataclass(frozen=True)
class Cohort:
    """The people the scenario follows, all starting in ``start_state``."""

    persons: float
    start_state: str
    start_age: int
    target_group: str = ""
    population: int | None = None
    share: float | None = None

    def __post_init__(self) -> None:
        if self.persons < 0:
            raise ValueError("a cohort cannot have a negative number of persons")
        if not 0 <= self.start_age < PENSION_AGE:
            raise ValueError(f"start age must be between 0 and {PENSION_AGE - 1}")

    @classmethod
    def from_population(
        cls,
        population: int,
        share: float,
        *,
        start_state: str,
        start_age: int,
        target_group: str = "",
        whole_persons: bool = True,
    ) -> Cohort:
        """``population × share`` persons, rounded half up to whole persons by default."""
        persons = population * share
        if whole_persons:
            persons = math.floor(persons + 0.5)
        return cls(
            persons=persons,
            start_state=start_state,
            start_age=start_age,
            target_group=target_group,
            population=population,
            share=share,
        )


@dataclass(frozen=True)
class SuccessRate:
    """A share ``success_rate`` moves to ``success_state`` in year 0 and stays there
    each following year with probability ``persistence``; the rest stay in the
    start state. Without the intervention the share is ``counterfactual_rate``."""

    success_state: str


@dataclass(frozen=True)
class Transitions:
    """Yearly Markov transitions ``{from: {to: probability}}`` with and without the
    intervention. A state missing as ``from`` stays put; a row's missing mass stays
    in its own state. ``counterfactual=None`` means everyone stays in the start state.
    """

    intervention: Mapping[str, Mapping[str, float]]
    counterfactual: Mapping[str, Mapping[str, float]] | None = None


Outcome = SuccessRate | Transitions


@dataclass(frozen=True)
class Costs:
    """Who pays the intervention (shares summing to 1) and for how many years it runs."""

    paid_by: Mapping[str, float]
    years: int = 1

    def __post_init__(self) -> None:
        object.__setattr__(self, "paid_by", MappingProxyType(dict(self.paid_by)))
        if self.years < 0:
            raise ValueError("an intervention cannot run a negative number of years")
        if any(share < 0 for share in self.paid_by.values()):
            raise ValueError("cost shares cannot be negative")
        if self.paid_by and not math.isclose(sum(self.paid_by.values()), 1.0, abs_tol=1e-9):
            raise ValueError("cost shares must sum to 1")


@dataclass(frozen=True)
class Scenario:
    """Everything the kernel needs besides the parameter set."""

    name: str
    cohort: Cohort
    outcome: Outcome
    costs: Costs
    horizon_years: int
    discount: DiscountSchedule
    parameters: Mapping[str, Quantity] = field(default_factory=dict)
    input_overrides: Mapping[str, Quantity] = field(default_factory=dict)
    reference_state: str | None = None
    description: str = ""

    def __post_init__(self) -> None:
        unknown = set(self.parameters) - set(SCENARIO_PARAMETERS)
        if unknown:
            raise ValueError(f"unknown scenario parameters {sorted(unknown)}")
        complete = {
            name: scenario_parameter(name, self.parameters.get(name))
            for name in SCENARIO_PARAMETERS
        }
        object.__setattr__(self, "parameters", MappingProxyType(complete))
        object.__setattr__(self, "input_overrides", MappingProxyType(dict(self.input_overrides)))
        limit = PENSION_AGE - self.cohort.start_age
        if not 1 <= self.horizon_years <= limit:
            raise ValueError(
                f"horizon must be 1 to {limit} years (to age {PENSION_AGE} from age "
                f"{self.cohort.start_age}); got {self.horizon_years}"
            )

    @property
    def years_to_pension(self) -> int:
        """Years from the start age to age 65 (the lifetime horizon)."""
        return PENSION_AGE - self.cohort.start_age

    def value(self, name: str) -> float:
        """The base value of a scenario parameter."""
        return self.parameters[name].value
