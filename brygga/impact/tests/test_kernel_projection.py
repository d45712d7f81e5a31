"""Accounts from records projected to the horizon (kernel, no database)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from brygga.impact.kernel import SuccessRate, expected_occupancy, run, run_records
from brygga.impact.kernel.projection import occupancy_difference

from .kernel_factories import toy_params, toy_scenario

BENEFIT, STUDIES, JOB = 0, 1, 2


def test_no_records_and_no_costs_give_nothing() -> None:
    scenario = toy_scenario(horizon=5)
    result = run_records(np.full((0, 5), -1), np.zeros(0, dtype=int), scenario, toy_params())
    assert result.npv == pytest.approx(0.0)


def test_a_person_observed_in_work_stays_with_the_persistence() -> None:
    occupancy, projected = expected_occupancy(
        np.array([[BENEFIT, JOB, -1, -1]]),
        np.array([BENEFIT]),
        states=3,
        work_states=[JOB],
        persistence=0.5,
    )
    assert occupancy[0, :, JOB].tolist() == [0.0, 1.0, 0.5, 0.25]
    assert occupancy[0, :, BENEFIT].tolist() == [1.0, 0.0, 0.5, 0.75]
    assert projected[0].tolist() == [0.0, 0.0, 1.0, 1.0]


def test_a_person_not_in_work_stays_in_the_last_state() -> None:
    occupancy, _ = expected_occupancy(
        np.array([[STUDIES, -1, -1], [-1, -1, -1]]),
        np.array([BENEFIT, BENEFIT]),
        states=3,
        work_states=[JOB],
        persistence=0.5,
    )
    assert occupancy[0, :, STUDIES].tolist() == [1.0, 1.0, 1.0]
    assert occupancy[1, :, BENEFIT].tolist() == [1.0, 1.0, 1.0]


@settings(max_examples=25, deadline=None)
@given(
    st.floats(min_value=0.0, max_value=1.0),
    st.floats(min_value=0.0, max_value=1.0),
)
def test_records_in_work_from_year_zero_equal_the_success_rate_model(
    persistence: float, deadweight: float
) -> None:
    """100 persons in work from year 0, projected with persistence, are the
    assumption model with success rate 1."""
    params = toy_params()
    scenario = toy_scenario(
        persons=100,
        horizon=6,
        success_rate=1.0,
        persistence=persistence,
        deadweight=deadweight,
        cost_per_participant=1000.0,
    )
    observed = np.full((100, 6), -1)
    observed[:, 0] = JOB
    records = run_records(observed, np.full(100, BENEFIT), scenario, params, work_states=["job"])
    expected = run(scenario, params)
    scale = float(np.abs(expected.net).max())
    assert np.allclose(records.net, expected.net, rtol=1e-9, atol=1e-9 * scale)
    assert records.npv == pytest.approx(expected.npv)
    assert records.payback_year == expected.payback_year


def test_zero_effect_records_give_minus_the_cost() -> None:
    scenario = toy_scenario(horizon=4, cost_start_up=5000.0, cost_per_year=100.0)
    result = run_records(np.full((3, 4), BENEFIT), np.full(3, BENEFIT), scenario, toy_params())
    assert result.npv == pytest.approx(-float(result.pv_costs.sum()))
    assert np.allclose(result.effect, 0.0)


def test_drop_off_applies_to_projected_years_only() -> None:
    scenario = toy_scenario(horizon=3, drop_off=0.5, persistence=1.0)
    observed = np.array([[JOB, JOB, -1]])
    result = run_records(observed, np.array([BENEFIT]), scenario, toy_params(), work_states=["job"])
    totals = result.effect.sum(axis=1)
    assert totals[1] == pytest.approx(totals[0])
    assert totals[2] == pytest.approx(totals[0] * 0.5)


def test_bad_indices_and_shapes_are_refused() -> None:
    scenario = toy_scenario(horizon=3)
    with pytest.raises(ValueError, match="state indices"):
        run_records(np.array([[7, -1, -1]]), np.array([0]), scenario, toy_params())
    with pytest.raises(ValueError, match="one column per year"):
        run_records(np.array([[0, -1]]), np.array([0]), scenario, toy_params())
    assert isinstance(scenario.outcome, SuccessRate)


@settings(max_examples=40, deadline=None)
@given(
    st.integers(min_value=1, max_value=6),
    st.integers(min_value=1, max_value=7),
    st.integers(min_value=0, max_value=2**31),
    st.floats(min_value=0.0, max_value=1.0),
    st.floats(min_value=0.0, max_value=1.0),
)
def test_the_sparse_sum_equals_the_dense_occupancy(
    persons: int, years: int, seed: int, persistence: float, drop_off: float
) -> None:
    rng = np.random.default_rng(seed)
    observed = rng.integers(0, 3, size=(persons, years))
    seen_years = rng.integers(0, years + 1, size=persons)
    observed[np.arange(years)[None, :] >= seen_years[:, None]] = -1
    start = rng.integers(0, 3, size=persons)
    occupancy, projected = expected_occupancy(
        observed, start, states=3, work_states=[JOB], persistence=persistence
    )
    counterfactual = np.zeros_like(occupancy)
    counterfactual[np.arange(persons)[:, None], np.arange(years)[None, :], start[:, None]] = 1
    weight = 0.8 * (1 - drop_off) ** np.cumsum(projected, axis=1)
    dense = ((occupancy - counterfactual) * weight[:, :, None]).sum(axis=0)
    sparse = occupancy_difference(
        observed,
        start,
        states=3,
        work_states=[JOB],
        persistence=persistence,
        scale=0.8,
        drop_off=drop_off,
    )
    assert np.allclose(sparse, dense)
    assert np.allclose(occupancy.sum(axis=2), 1.0)  # each person is somewhere every year


@settings(max_examples=30, deadline=None)
@given(
    st.integers(min_value=0, max_value=2**31),
    st.floats(min_value=0.0, max_value=1.0),
    st.floats(min_value=0.0, max_value=1.0),
)
def test_the_reduced_paths_equal_the_person_by_person_sum(
    seed: int, persistence: float, drop_off: float
) -> None:
    from brygga.impact.kernel import RecordPaths

    rng = np.random.default_rng(seed)
    observed = rng.integers(0, 3, size=(5, 6))
    seen_years = rng.integers(0, 7, size=5)
    observed[np.arange(6)[None, :] >= seen_years[:, None]] = -1
    start = rng.integers(0, 3, size=5)
    reduced = RecordPaths.from_states(observed, start, states=3, work_states=[JOB])
    batch = reduced.difference(np.array([persistence]), np.array([drop_off]))[0]
    direct = occupancy_difference(
        observed, start, states=3, work_states=[JOB], persistence=persistence, drop_off=drop_off
    )
    assert np.allclose(batch, direct)


def test_records_monte_carlo_without_distributions_is_the_base_result() -> None:
    from brygga.impact.kernel import evaluate_records, monte_carlo_model, records_model

    scenario = toy_scenario(horizon=4, persistence=0.7, cost_per_participant=100.0)
    observed = np.array([[JOB, -1, -1, -1], [BENEFIT, JOB, -1, -1]])
    start = np.array([BENEFIT, BENEFIT])
    model, paths = records_model(observed, start, scenario, toy_params(), work_states=["job"])
    result = monte_carlo_model(
        model, draws=50, seed=1, evaluator=lambda m, v: evaluate_records(m, paths, v)
    )
    base = run_records(observed, start, scenario, toy_params(), work_states=["job"])
    assert np.allclose(result.npv, base.npv)
