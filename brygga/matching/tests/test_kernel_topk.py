"""Top-k both ways equals a brute-force sort and never returns an infeasible pair."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from brygga.matching.kernel import Opportunity, Params, Person, encode, passes, score_pair, top_k
from brygga.matching.kernel.topk import candidate_edges

from .strategies import worlds


def brute_force(ps: list[Person], os_: list[Opportunity], p: Params) -> np.ndarray:
    scores = np.full((len(ps), len(os_)), -np.inf)
    for i, person in enumerate(ps):
        for j, opp in enumerate(os_):
            match = score_pair(person, opp, p)
            if match.feasible:
                scores[i, j] = match.score
    return scores


def best(values: np.ndarray, k: int) -> np.ndarray:
    return np.sort(values[np.isfinite(values)])[::-1][:k]


@settings(max_examples=60, deadline=None)
@given(worlds(max_people=12, max_opps=9), st.integers(1, 4), st.sampled_from([1, 3, 64]))
def test_top_k_equals_brute_force_both_ways(
    world: tuple[list[Person], list[Opportunity], Params], k: int, block_size: int
) -> None:
    ps, os_, p = world
    expected = brute_force(ps, os_, p)
    enc_p, enc_o = encode(ps, os_, p)
    result = top_k(enc_p, enc_o, k, k_people=k + 1, block_size=block_size)
    mine = result.opportunities_for_people
    theirs = result.people_for_opportunities
    assert theirs is not None
    for i in range(len(ps)):
        got = mine.scores[i][mine.indices[i] >= 0]
        np.testing.assert_allclose(got, best(expected[i], k), atol=1e-5)
        for j in mine.indices[i][mine.indices[i] >= 0]:
            assert passes(ps[i], os_[j], p)
    for j in range(len(os_)):
        got = theirs.scores[j][theirs.indices[j] >= 0]
        np.testing.assert_allclose(got, best(expected[:, j], k + 1), atol=1e-5)
        for i in theirs.indices[j][theirs.indices[j] >= 0]:
            assert passes(ps[i], os_[j], p)
    assert result.pairs_scored <= result.pairs_total


def test_results_are_sorted_and_padded() -> None:
    ps = [Person("a", skills=frozenset({"x"})), Person("b", adaptations_needed=frozenset({"q"}))]
    os_ = [
        Opportunity("j1", required_skills=frozenset({"x"})),
        Opportunity("j2", required_skills=frozenset({"y"})),
    ]
    enc_p, enc_o = encode(ps, os_, Params())
    result = top_k(enc_p, enc_o, 3)
    mine = result.opportunities_for_people
    assert [c for c, _ in mine.for_row(0)] == ["j1", "j2"]
    assert [s for _, s in mine.for_row(0)] == pytest.approx([1.0, 0.55])
    assert mine.for_row(1) == []
    rows, cands, scores = candidate_edges(mine)
    assert rows.tolist() == [0, 0] and cands.tolist() == [0, 1]
    assert scores.tolist() == pytest.approx([1.0, 0.55])


def test_far_openings_are_pruned_but_remote_ones_kept() -> None:
    ps = [Person(f"p{i}", location=(55.6, 13.0), max_travel_km=20) for i in range(4)]
    os_ = [
        Opportunity("near", location=(55.7, 13.19)),
        Opportunity("kiruna", location=(67.85, 20.22)),
        Opportunity("remote"),
    ]
    enc_p, enc_o = encode(ps, os_, Params())
    result = top_k(enc_p, enc_o, 5, block_size=2)
    assert result.pairs_scored == 4 * 2
    assert [c for c, _ in result.opportunities_for_people.for_row(0)] == ["remote", "near"]


@settings(max_examples=25, deadline=None)
@given(worlds(max_people=40, max_opps=12), st.sampled_from([2, 5]))
def test_threads_do_not_change_the_result(
    world: tuple[list[Person], list[Opportunity], Params], block_size: int
) -> None:
    ps, os_, p = world
    enc_p, enc_o = encode(ps, os_, p)
    one = top_k(enc_p, enc_o, 3, block_size=block_size, workers=1)
    three = top_k(enc_p, enc_o, 3, block_size=block_size, workers=3)
    for a, b in (
        (one.opportunities_for_people, three.opportunities_for_people),
        (one.people_for_opportunities, three.people_for_opportunities),
    ):
        assert a is not None and b is not None
        np.testing.assert_array_equal(a.indices, b.indices)
        np.testing.assert_array_equal(a.scores, b.scores)
    assert one.pairs_scored == three.pairs_scored
