"""Accounts from records, projected to the scenario's horizon.

``observed[p, t]`` is the state index person ``p`` was observed in during their
own year ``t`` (``-1`` where not observed yet), ``start[p]`` the state they were
in when they started. The years after the last observed one are projected with
the scenario's assumptions:

* a person last seen in work (``work_states``) stays there with probability
  ``persistence`` each further year and otherwise returns to the start state;
* anyone else stays in the last observed state (the start state if none).

The counterfactual is the start state in every year. The difference is scaled by
``(1 − deadweight)(1 − attribution)(1 − displacement)(1 − optimism bias on
benefits)``, and projected years also by the yearly drop-off, compounding from
the first projected year. Intervention costs are the scenario's, with the
cohort being the persons in the records. The result has the same shape as
:func:`brygga.impact.kernel.run`'s, so every chart and export works on both.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Any

import numpy as np
from numpy.typing import NDArray

from .accounts import MODEL_NAME, MODEL_VERSION, Model, Result, cost_of_exclusion, payback_year
from .records import OUTSIDE
from .scenario import Scenario
from .states import COMPONENT_SIGNS, ParameterSet

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.integer[Any]]


def _projection(
    observed: IntArray,
    start: IntArray,
    states: int,
    work_states: Iterable[int],
    persistence: float,
) -> tuple[Any, Any, Any, Any, Any, Any]:
    """Checked inputs, the observed and projected masks, each person's last state and
    the probability of still being in it in each projected year."""
    observed = np.asarray(observed, dtype=np.int64)
    start = np.asarray(start, dtype=np.int64)
    persons, years = observed.shape
    if start.shape != (persons,):
        raise ValueError("start must hold one state per person")
    for array in (observed[observed != OUTSIDE], start):
        if array.size and (array.min() < 0 or array.max() >= states):
            raise ValueError(f"state indices must be -1 (unobserved) or 0 … {states - 1}")
    seen = observed != OUTSIDE
    # Index of the last observed year per person (-1 if none) and its state.
    last_year = np.where(seen.any(axis=1), years - 1 - np.argmax(seen[:, ::-1], axis=1), -1)
    last_state = np.where(
        last_year >= 0, observed[np.arange(persons), np.maximum(last_year, 0)], start
    )
    t = np.arange(years)
    projected = t[None, :] > last_year[:, None]
    steps = np.where(projected, t[None, :] - last_year[:, None], 0)
    in_work = np.isin(last_state, np.fromiter(work_states, dtype=np.int64))
    stay = np.where(in_work[:, None], persistence**steps, 1.0)
    return observed, start, seen, projected, last_state, stay


def expected_occupancy(
    observed: IntArray,
    start: IntArray,
    *,
    states: int,
    work_states: Iterable[int],
    persistence: float,
) -> tuple[FloatArray, FloatArray]:
    """(persons, years, states) expected occupancy of each path, and a (persons, years)
    mask that is 1 in projected years (0 in observed ones). Dense: for small inputs."""
    observed, start, seen, projected, last_state, stay = _projection(
        observed, start, states, work_states, persistence
    )
    persons, years = observed.shape
    occupancy = np.zeros((persons, years, states))
    p_index, y_index = np.nonzero(seen)
    occupancy[p_index, y_index, observed[p_index, y_index]] = 1.0
    p_index, y_index = np.nonzero(projected)
    np.add.at(occupancy, (p_index, y_index, last_state[p_index]), stay[p_index, y_index])
    np.add.at(occupancy, (p_index, y_index, start[p_index]), 1.0 - stay[p_index, y_index])
    return occupancy, projected.astype(np.float64)


def occupancy_difference(
    observed: IntArray,
    start: IntArray,
    *,
    states: int,
    work_states: Iterable[int],
    persistence: float,
    scale: float = 1.0,
    drop_off: float = 0.0,
) -> FloatArray:
    """Σ over persons of (path − start state) occupancy, (years, states), each person-year
    weighted by ``scale · (1 − drop_off)^(projected years so far)``. Memory O(persons·years)."""
    observed, start, seen, projected, last_state, stay = _projection(
        observed, start, states, work_states, persistence
    )
    persons, years = observed.shape
    weight = scale * (1 - drop_off) ** np.cumsum(projected, axis=1)
    cell = np.arange(years, dtype=np.int64)[None, :] * states  # (1, years)
    size = years * states

    def add(mask: Any, state: Any, weights: Any) -> FloatArray:
        index = np.broadcast_to(cell + state, (persons, years))[mask]
        counts = np.bincount(
            index, weights=np.broadcast_to(weights, (persons, years))[mask], minlength=size
        )
        return np.asarray(counts, dtype=np.float64)

    every = np.ones((persons, years), dtype=bool)
    total = (
        add(seen, observed, weight)
        + add(projected, last_state[:, None], stay * weight)
        + add(projected, start[:, None], (1.0 - stay) * weight)
        - add(every, start[:, None], weight)
    )
    return total.reshape(years, states)


def run_records(
    observed: IntArray,
    start: IntArray,
    scenario: Scenario,
    params: ParameterSet,
    *,
    work_states: Iterable[str] = (),
) -> Result:
    """The account of observed and projected paths against staying in the start state."""
    model = Model.build(scenario, params)
    params = model.params
    observed = np.asarray(observed, dtype=np.int64)
    persons, years = observed.shape
    if years != scenario.horizon_years:
        raise ValueError("the observed matrix must have one column per year of the horizon")
    value = scenario.value
    per_year_state = occupancy_difference(
        observed,
        np.asarray(start, dtype=np.int64),
        states=len(params.states),
        work_states=[params.state_index(key) for key in work_states],
        persistence=value("persistence"),
        scale=(1 - value("deadweight"))
        * (1 - value("attribution"))
        * (1 - value("displacement"))
        * (1 - value("optimism_bias_benefits")),
        # Drop-off compounds over projected years only: observed years are facts.
        drop_off=value("drop_off"),
    )
    flows = params.flow_array()[0]  # (states, actors, components)
    components = np.einsum("ts,sac->tac", per_year_state, flows)
    effect = components @ COMPONENT_SIGNS  # (years, actors)

    t = np.arange(years)
    cost_total = (1 + value("optimism_bias_costs")) * (
        (value("cost_start_up") + value("cost_per_participant") * persons) * (t == 0)
        + value("cost_per_year") * (t < scenario.costs.years)
    )
    costs = cost_total[:, None] * model.cost_shares[None, :]
    net = effect - costs
    factors = scenario.discount.factors(years)
    cumulative = np.cumsum(net.sum(axis=1) * factors)
    bound = Model(
        scenario=replace(scenario, cohort=replace(scenario.cohort, persons=persons)), params=params
    )
    return Result(
        model_name=MODEL_NAME,
        model_version=MODEL_VERSION,
        scenario_name=scenario.name,
        params_name=params.name,
        params_version=params.version,
        currency=params.currency,
        actors=params.actor_keys,
        discount=scenario.discount.name,
        discount_factors=factors,
        effect=effect,
        costs=costs,
        net=net,
        components=components,
        npv_by_actor=factors @ net,
        pv_effect=factors @ effect,
        pv_costs=factors @ costs,
        cumulative_npv=cumulative,
        payback_year=payback_year(cumulative),
        exclusion=cost_of_exclusion(bound),
    )
