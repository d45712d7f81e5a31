"""Accounts from a person × year matrix of states."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from brygga.impact.kernel import UK_GREEN_BOOK, accounts_from_states, constant

from .kernel_factories import toy_params


def _loop(
    states: np.ndarray, net: np.ndarray, factors: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The plain per-person loop the vectorised code must match."""
    persons, years = states.shape
    flows = np.zeros((years, net.shape[1]))
    npv = np.zeros((persons, net.shape[1]))
    for p in range(persons):
        for y in range(years):
            if states[p, y] >= 0:
                flows[y] += net[states[p, y]]
                npv[p] += net[states[p, y]] * factors[y]
    return flows, npv


@settings(max_examples=40, deadline=None)
@given(
    arrays(np.int64, st.tuples(st.integers(1, 12), st.integers(1, 15)), elements=st.integers(-1, 2))
)
def test_matches_the_plain_loop(states: np.ndarray) -> None:
    params = toy_params()
    accounts = accounts_from_states(states, params, UK_GREEN_BOOK)
    flows, npv = _loop(states, params.net_array()[0], UK_GREEN_BOOK.factors(states.shape[1]))
    assert np.allclose(accounts.flows_by_year, flows)
    assert np.allclose(accounts.npv_by_person, npv)
    assert accounts.person_years == int((states >= 0).sum())
    assert math.isclose(accounts.npv, float(npv.sum()), abs_tol=1e-6)


def test_counterfactual_state_gives_the_difference() -> None:
    params = toy_params()
    job, benefit = params.state_index("job"), params.state_index("benefit")
    states = np.array([[benefit, job, job, -1], [job, job, job, job]])
    accounts = accounts_from_states(states, params, constant(0.0), counterfactual=benefit)
    net = params.net_array()[0]
    gain = net[job] - net[benefit]
    assert np.allclose(accounts.npv_by_person[0], 2 * gain)
    assert np.allclose(accounts.npv_by_person[1], 4 * gain)
    assert np.allclose(accounts.flows_by_year[3], gain)  # the outside year adds nothing
    same = accounts_from_states(states, params, constant(0.0), counterfactual=states)
    assert np.allclose(same.npv_by_person, 0.0)


def test_bad_state_indices_are_refused() -> None:
    with pytest.raises(ValueError, match="state indices"):
        accounts_from_states(np.array([[0, 7]]), toy_params(), constant(0.0))
    with pytest.raises(ValueError, match="matrix"):
        accounts_from_states(np.array([0, 1]), toy_params(), constant(0.0))
