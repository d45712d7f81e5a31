"""Small parameter sets and scenarios built in code for the kernel tests."""

from __future__ import annotations

from typing import Any

from brygga.impact.kernel import (
    Cohort,
    Costs,
    ParameterSet,
    Quantity,
    Scenario,
    SuccessRate,
    Transitions,
    constant,
    parameter_set_from_dict,
    scenario_parameter,
)
from brygga.impact.kernel.schedule import DiscountSchedule

SOURCE = {"source": "test", "publisher": "test", "year": 2025}


def toy_params(
    benefit: float = 100_000.0,
    wage: float = 300_000.0,
    tax_rate: float = 0.3,
    service: float = 20_000.0,
) -> ParameterSet:
    """Three actors (municipality, state, individual), three states."""
    data: dict[str, Any] = {
        "format": "brygga-impact-params/1",
        "name": "toy",
        "version": "1",
        "currency": "SEK",
        "actors": [
            {"key": "municipality"},
            {"key": "state"},
            {"key": "individual", "public": False},
        ],
        "inputs": {
            "benefit": {"value": benefit, **SOURCE},
            "wage": {"value": wage, **SOURCE},
            "tax_rate": {"value": tax_rate, **SOURCE},
            "service": {"value": service, **SOURCE},
        },
        "derived": {"tax": "wage * tax_rate"},
        "states": [
            {
                "key": "benefit",
                "flows": {
                    "municipality": {"transfers_paid": "benefit", "service_costs": "service"},
                    "individual": {"transfers_paid": "-benefit"},
                },
            },
            {"key": "studies", "flows": {"state": {"service_costs": "2 * service"}}},
            {
                "key": "job",
                "flows": {
                    "municipality": {"taxes_received": "tax * 2 / 3"},
                    "state": {"taxes_received": "tax / 3"},
                    "individual": {"production_value": "wage", "taxes_received": "-tax"},
                },
            },
        ],
    }
    return parameter_set_from_dict(data)


def toy_scenario(
    *,
    persons: float = 100,
    horizon: int = 10,
    discount: DiscountSchedule | None = None,
    outcome: SuccessRate | Transitions | None = None,
    start_age: int = 25,
    paid_by: dict[str, float] | None = None,
    cost_years: int = 2,
    **parameters: float | Quantity,
) -> Scenario:
    """A scenario on the toy set; keyword arguments set scenario parameters."""
    return Scenario(
        name="toy scenario",
        cohort=Cohort(persons=persons, start_state="benefit", start_age=start_age),
        outcome=outcome or SuccessRate(success_state="job"),
        costs=Costs(paid_by=paid_by or {"municipality": 0.75, "state": 0.25}, years=cost_years),
        horizon_years=horizon,
        discount=discount or constant(0.035),
        parameters={name: scenario_parameter(name, value) for name, value in parameters.items()},
    )
