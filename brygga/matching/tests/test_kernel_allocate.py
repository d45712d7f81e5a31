"""Allocation: capacities hold, the flow optimum equals an independent solver, greedy <= optimum."""

from __future__ import annotations

import itertools
import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linear_sum_assignment

from brygga.matching.kernel import (
    CandidateGraph,
    Opportunity,
    Params,
    Person,
    allocate,
    allocate_greedy,
    allocate_with_hours,
    gains,
    graph_from_json,
    graph_to_json,
    passes,
    score_pair,
    solve_graph,
)
from brygga.matching.kernel.inputs import Problem, allocate_json

from .strategies import worlds


@st.composite
def graphs(draw: st.DrawFn, max_people: int = 7, max_opps: int = 4) -> CandidateGraph:
    n = draw(st.integers(1, max_people))
    m = draw(st.integers(1, max_opps))
    pairs = draw(
        st.lists(
            st.tuples(st.integers(0, n - 1), st.integers(0, m - 1)), unique=True, max_size=n * m
        )
    )
    scores = draw(
        st.lists(
            st.sampled_from([0.1, 0.25, 0.5, 0.5, 0.7, 0.9, 1.0]),
            min_size=len(pairs),
            max_size=len(pairs),
        )
    )
    return CandidateGraph(
        person_ids=tuple(f"p{i}" for i in range(n)),
        opportunity_ids=tuple(f"o{j}" for j in range(m)),
        capacity=np.array(draw(st.lists(st.integers(0, 3), min_size=m, max_size=m))),
        person=np.array([p for p, _ in pairs], dtype=np.int64),
        opportunity=np.array([o for _, o in pairs], dtype=np.int64),
        score=np.array(scores, dtype=np.float64),
    )


def assignment_optimum(graph: CandidateGraph, gain: np.ndarray) -> int:
    """Independent optimum: Hungarian method on a seat-expanded matrix with "unplaced" columns."""
    n = len(graph.person_ids)
    seats = [o for o, c in enumerate(graph.capacity) for _ in range(int(c))]
    matrix = np.zeros((n, len(seats) + n), dtype=np.int64)
    for p, o, g in zip(graph.person, graph.opportunity, gain, strict=True):
        for col, seat_opp in enumerate(seats):
            if seat_opp == o:
                matrix[p, col] = g
    rows, cols = linear_sum_assignment(matrix, maximize=True)
    return int(matrix[rows, cols].sum())


def check_feasible(graph: CandidateGraph, edges: np.ndarray, one_place: bool = True) -> None:
    used = np.bincount(graph.opportunity[edges], minlength=len(graph.opportunity_ids))
    assert (used <= graph.capacity).all()
    if one_place:
        assert len(set(graph.person[edges].tolist())) == len(edges)


@settings(max_examples=80, deadline=None)
@given(
    graphs(),
    st.sampled_from([0.0, 0.3, 0.6]),
    st.booleans(),
)
def test_flow_is_optimal_and_greedy_is_not_better(
    graph: CandidateGraph, min_score: float, weighted: bool
) -> None:
    priority = (
        (1.0 + np.arange(len(graph.person_ids)) % 3 * 0.5).astype(np.float64) if weighted else None
    )
    best = allocate(graph, priority=priority, min_score=min_score)
    greedy = allocate_greedy(graph, priority=priority, min_score=min_score)
    for result in (best, greedy):
        check_feasible(graph, result.edges)
        assert (graph.score[result.edges] >= min_score).all()
    gain = gains(graph, priority, min_score)
    assert best.objective == assignment_optimum(graph, gain)
    assert greedy.objective <= best.objective


def test_greedy_can_be_worse() -> None:
    # p0 fits both openings best in o0; greedy gives o0 to p0 and leaves p1 out.
    graph = CandidateGraph(
        ("p0", "p1"),
        ("o0", "o1"),
        np.array([1, 1]),
        np.array([0, 0, 1]),
        np.array([0, 1, 0]),
        np.array([0.9, 0.8, 0.85]),
    )
    assert allocate_greedy(graph).total_score == pytest.approx(0.9)
    assert allocate(graph).total_score == pytest.approx(1.65)


@settings(max_examples=40, deadline=None)
@given(graphs(max_people=4, max_opps=3), st.integers(0, 2))
def test_hours_budget_model_equals_brute_force(graph: CandidateGraph, seed: int) -> None:
    rng = np.random.default_rng(seed)
    hours = rng.choice([2.0, 4.0, 8.0], size=len(graph.opportunity_ids))
    budget = rng.choice([4.0, 8.0, 12.0], size=len(graph.person_ids))
    result = allocate_with_hours(graph, hours, budget)
    assert result.optimal
    check_feasible(graph, result.edges, one_place=False)
    spent = np.bincount(
        graph.person[result.edges],
        weights=hours[graph.opportunity[result.edges]],
        minlength=len(graph.person_ids),
    )
    assert (spent <= budget + 1e-9).all()
    gain = gains(graph)
    best = 0
    for chosen in itertools.product([0, 1], repeat=graph.n_edges):
        edges = np.flatnonzero(chosen)
        used = np.bincount(graph.opportunity[edges], minlength=len(graph.opportunity_ids))
        spent = np.bincount(
            graph.person[edges],
            weights=hours[graph.opportunity[edges]],
            minlength=len(graph.person_ids),
        )
        if (used <= graph.capacity).all() and (spent <= budget + 1e-9).all():
            best = max(best, int(gain[edges].sum()))
    assert result.objective == best


def test_graph_json_round_trip_and_solve() -> None:
    doc = {
        "capacity": {"cafe": 1, "farm": 2},
        "edges": [
            ["ann", "cafe", 0.9],
            ["bo", "cafe", 0.8],
            ["bo", "farm", 0.7],
            ["cy", "farm", 0.2],
        ],
    }
    graph = graph_from_json(doc)
    assert graph_to_json(graph) == doc
    out = solve_graph(json.loads(json.dumps(doc)), min_score=0.3)
    assert out["assignment"] == {"ann": "cafe", "bo": "farm"}
    assert out["total_score"] == pytest.approx(1.6)
    assert out["unassigned"] == ["cy"]
    assert out["model"] == "brygga.matching"
    with pytest.raises(ValueError):
        graph_from_json({"capacity": {"a": 1}, "edges": [["p", "b", 0.5]]})
    with pytest.raises(ValueError):
        graph_from_json({"capacity": {"a": 1}, "edges": [["p", "a", 0.5], ["p", "a", 0.4]]})


@settings(max_examples=40, deadline=None)
@given(worlds(max_people=10, max_opps=5), st.sampled_from([0.0, 0.4]))
def test_problem_allocation_respects_filters_seats_and_one_place(
    world: tuple[list[Person], list[Opportunity], Params], min_score: float
) -> None:
    ps, os_, p = world
    result = allocate_json(Problem(tuple(ps), tuple(os_), p), k=3, min_score=min_score)
    people = {x.id: x for x in ps}
    openings = {o.id: o for o in os_}
    assert len(result["assignment"]) == result["assigned"]
    for person_id, opening_id in result["assignment"].items():
        assert passes(people[person_id], openings[opening_id], p)
        assert score_pair(people[person_id], openings[opening_id], p).score >= min_score - 1e-6
    taken: dict[str, int] = {}
    for opening_id in result["assignment"].values():
        taken[opening_id] = taken.get(opening_id, 0) + 1
    assert all(taken[o] <= openings[o].seats for o in taken)
    assert set(result["unassigned"]) == set(people) - set(result["assignment"])
