"""Monte Carlo draws and one-way sensitivity."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from brygga.impact.kernel import (
    MODEL_NAME,
    Cohort,
    Distribution,
    Quantity,
    Scenario,
    SuccessRate,
    load_parameter_set,
    monte_carlo,
    one_way,
    run,
    scenario_parameter,
)
from brygga.impact.kernel.accounts import Model, evaluate
from brygga.impact.kernel.montecarlo import draw_values
from brygga.impact.kernel.quantities import distribution_from_dict

from .kernel_factories import toy_params, toy_scenario


def _uncertain_scenario() -> Scenario:
    return toy_scenario(
        success_rate=Quantity(
            name="success_rate",
            value=0.3,
            distribution=Distribution(kind="beta", alpha=3, beta=7),
        ),
        deadweight=Quantity(
            name="deadweight",
            value=0.2,
            distribution=Distribution(kind="triangular", low=0.1, mode=0.2, high=0.4),
        ),
        cost_per_year=Quantity(
            name="cost_per_year",
            value=2e6,
            distribution=Distribution(kind="normal", mean=2e6, sd=5e5),
        ),
        drop_off=Quantity(name="drop_off", value=0.1, low=0.0, high=0.3),
    )


def test_without_distributions_every_draw_is_the_base_result() -> None:
    scenario, params = toy_scenario(success_rate=0.3, cost_start_up=1e6), toy_params()
    result = monte_carlo(scenario, params, draws=50, seed=1)
    assert result.varied == ()
    assert np.allclose(result.npv, run(scenario, params).npv)
    assert result.probability_positive in (0.0, 1.0)


def test_a_seed_reproduces_a_run() -> None:
    scenario, params = _uncertain_scenario(), toy_params()
    first = monte_carlo(scenario, params, draws=5000, seed=7)
    again = monte_carlo(scenario, params, draws=5000, seed=7)
    other = monte_carlo(scenario, params, draws=5000, seed=8)
    assert np.array_equal(first.npv, again.npv)
    assert not np.array_equal(first.npv, other.npv)
    assert first.varied == ("cost_per_year", "deadweight", "success_rate")
    assert first.model_name == MODEL_NAME


def test_percentiles_and_band_are_ordered() -> None:
    result = monte_carlo(_uncertain_scenario(), toy_params(), draws=10_000, seed=3)
    p = result.percentiles
    assert p["p5"] < p["p50"] < p["p95"]
    assert 0.0 <= result.probability_positive <= 1.0
    band = result.cumulative_npv_percentiles
    assert band.shape == (3, 10)
    assert np.all(band[0] <= band[1]) and np.all(band[1] <= band[2])
    assert math.isclose(float(np.percentile(result.npv, 50)), p["p50"])
    document = result.to_dict()
    assert set(document["npv"]) == {"p5", "p50", "p95", "mean"}


def test_chunked_draws_equal_one_batch() -> None:
    scenario, params = _uncertain_scenario(), toy_params()
    result = monte_carlo(scenario, params, draws=9000, seed=5)
    model = Model.build(scenario, params)
    values, _ = draw_values(model, 9000, 5)
    assert np.allclose(evaluate(model, values).npv_by_actor.sum(axis=1), result.npv)


def test_parameter_set_inputs_can_carry_distributions() -> None:
    params = load_parameter_set("se-2025")
    wage = params.inputs["wage_month_median"]
    spread = Distribution(kind="uniform", low=30000, high=40000)
    uncertain = params.with_inputs({wage.name: replace(wage, distribution=spread)})
    scenario = replace(
        toy_scenario(success_rate=0.3, paid_by={"municipality": 1.0}),
        cohort=Cohort(persons=100, start_state="income_support", start_age=25),
        outcome=SuccessRate(success_state="full_time_job"),
    )
    result = monte_carlo(scenario, uncertain, draws=2000, seed=1)
    assert result.varied == ("wage_month_median",)
    assert result.npv.std() > 0
    assert result.npv_by_actor_percentiles.shape == (3, 6)


def test_tornado_rows_sorted_by_swing() -> None:
    scenario, params = _uncertain_scenario(), toy_params()
    tornado = one_way(scenario, params)
    swings = [row.swing for row in tornado.rows]
    assert swings == sorted(swings, reverse=True)
    assert {row.name for row in tornado.rows} == {
        "success_rate",
        "deadweight",
        "cost_per_year",
        "drop_off",
    }
    assert math.isclose(tornado.base_npv, run(scenario, params).npv)
    drop_off = next(row for row in tornado.rows if row.name == "drop_off")
    assert (drop_off.low, drop_off.high) == (0.0, 0.3)
    assert drop_off.npv_low > drop_off.npv_high
    rate = next(row for row in tornado.rows if row.name == "success_rate")
    # Default bounds of a distribution are its P5 and P95.
    assert math.isclose(rate.low, Distribution(kind="beta", alpha=3, beta=7).quantile(0.05))


@settings(max_examples=40, deadline=None)
@given(
    st.sampled_from(["normal", "triangular", "uniform", "beta"]),
    st.floats(min_value=0.05, max_value=0.95),
)
def test_draws_stay_inside_the_allowed_range(kind: str, centre: float) -> None:
    spec = {
        "normal": {"kind": "normal", "mean": centre, "sd": 0.5},
        "triangular": {"kind": "triangular", "low": 0.0, "mode": centre, "high": 1.0},
        "uniform": {"kind": "uniform", "low": 0.0, "high": centre},
        "beta": {"kind": "beta", "mean": centre, "sd": 0.01},
    }[kind]
    quantity = scenario_parameter(
        "success_rate", Quantity(name="x", value=centre, distribution=distribution_from_dict(spec))
    )
    draws = quantity.sample(np.random.default_rng(0), 1000)
    assert draws.min() >= 0.0 and draws.max() <= 1.0


def test_beta_from_mean_and_sd() -> None:
    beta = distribution_from_dict({"kind": "beta", "mean": 0.3, "sd": 0.1})
    draws = beta.sample(np.random.default_rng(0), 200_000)
    assert math.isclose(draws.mean(), 0.3, abs_tol=0.002)
    assert math.isclose(draws.std(), 0.1, abs_tol=0.002)
    with pytest.raises(ValueError, match="impossible"):
        distribution_from_dict({"kind": "beta", "mean": 0.5, "sd": 0.6})
