"""Allocation of scarce places: maximise the total (priority-weighted) score under capacities.

Formulation (each person at most one place): a min-cost flow with one unit of supply per
person, arcs person -> opening (capacity 1, cost ``-gain``), person -> sink (capacity 1, cost 0:
"not placed") and opening -> sink (capacity = seats). ``gain = round(score * priority * SCALE)``
for every candidate edge at or above the minimum score. The integral optimum of this flow is an
optimal assignment. :func:`allocate_greedy` is the baseline; :func:`allocate_with_hours` solves
the variant where a person may take several small jobs within an hours budget with CP-SAT.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

# OR-Tools' .pyi files lack a py.typed marker and disagree with its runtime types.
from ortools.graph.python import min_cost_flow  # type: ignore[import-untyped]
from ortools.sat.python import cp_model

from .model import MODEL_NAME, MODEL_VERSION

I64 = NDArray[np.int64]
F64 = NDArray[np.float64]
#: Scores are multiplied by this and rounded so the solvers work on integers.
SCALE = 1_000_000


@dataclass(frozen=True)
class CandidateGraph:
    """Sparse bipartite graph of feasible (person, opening, score) edges and seat capacities."""

    person_ids: tuple[str, ...]
    opportunity_ids: tuple[str, ...]
    capacity: I64
    person: I64
    opportunity: I64
    score: F64

    def __post_init__(self) -> None:
        for name in ("capacity", "person", "opportunity"):
            object.__setattr__(self, name, np.asarray(getattr(self, name), dtype=np.int64))
        object.__setattr__(self, "score", np.asarray(self.score, dtype=np.float64))
        e = len(self.person)
        if len(self.opportunity) != e or len(self.score) != e:
            raise ValueError("edge arrays differ in length")
        if len(self.capacity) != len(self.opportunity_ids):
            raise ValueError("one capacity per opening is needed")
        if (self.capacity < 0).any():
            raise ValueError("capacities must not be negative")
        if e and not (
            self.person.min() >= 0
            and self.person.max() < len(self.person_ids)
            and self.opportunity.min() >= 0
            and self.opportunity.max() < len(self.opportunity_ids)
        ):
            raise ValueError("edge refers to an unknown person or opening")
        if e and not np.isfinite(self.score).all():
            raise ValueError("scores must be finite")

    @property
    def n_edges(self) -> int:
        """Number of candidate edges."""
        return len(self.person)


@dataclass(frozen=True)
class Allocation:
    """The chosen edges (indices into the graph's edge arrays) and their totals."""

    method: str
    edges: I64
    total_score: float
    """Sum of the raw scores of the chosen edges."""
    objective: int
    """Sum of the integer gains (priority-weighted, scaled) the solver maximised."""
    optimal: bool
    model: str = MODEL_NAME
    version: str = MODEL_VERSION

    def pairs(self, graph: CandidateGraph) -> list[tuple[str, str, float]]:
        """``(person id, opening id, score)`` for every chosen edge."""
        return [
            (
                graph.person_ids[int(graph.person[e])],
                graph.opportunity_ids[int(graph.opportunity[e])],
                float(graph.score[e]),
            )
            for e in self.edges
        ]


def gains(
    graph: CandidateGraph, priority: F64 | Sequence[float] | None = None, min_score: float = 0.0
) -> I64:
    """Integer gain per edge; 0 (never chosen) below ``min_score``."""
    weight = graph.score
    if priority is not None:
        pr = np.asarray(priority, dtype=np.float64)
        if len(pr) != len(graph.person_ids) or not (pr > 0).all():
            raise ValueError("one positive priority per person is needed")
        weight = weight * pr[graph.person]
    out = np.rint(weight * SCALE).astype(np.int64)
    out[graph.score < min_score] = 0
    return np.maximum(out, 0)


def _result(
    graph: CandidateGraph, method: str, chosen: I64, gain: I64, optimal: bool
) -> Allocation:
    chosen = np.sort(chosen.astype(np.int64))
    return Allocation(
        method=method,
        edges=chosen,
        total_score=float(graph.score[chosen].sum()),
        objective=int(gain[chosen].sum()),
        optimal=optimal,
    )


def _compact(values: I64, size: int) -> tuple[I64, I64]:
    """The distinct values (sorted) and each value's position among them, in linear time."""
    present = np.zeros(size, dtype=bool)
    present[values] = True
    distinct = np.flatnonzero(present).astype(np.int64)
    position = np.cumsum(present, dtype=np.int64) - 1
    return distinct, position[values]


def flow_model(graph: CandidateGraph, gain: I64) -> tuple[min_cost_flow.SimpleMinCostFlow, I64]:
    """The min-cost flow for :func:`allocate`, unsolved, and the edges its first arcs stand for.

    Only edges with a positive gain into openings with seats are arcs; people and openings
    without such edges are left out of the network.
    """
    solver = min_cost_flow.SimpleMinCostFlow()
    live = np.flatnonzero((gain > 0) & (graph.capacity[graph.opportunity] > 0))
    if len(live) == 0:
        return solver, live
    people, p_node = _compact(graph.person[live], len(graph.person_ids))
    opps, o_node = _compact(graph.opportunity[live], len(graph.opportunity_ids))
    n_p, n_o = len(people), len(opps)
    sink = n_p + n_o
    tails = np.concatenate([p_node, np.arange(n_p), n_p + np.arange(n_o)]).astype(np.int32)
    heads = np.concatenate([n_p + o_node, np.full(n_p, sink), np.full(n_o, sink)]).astype(np.int32)
    caps = np.concatenate([np.ones(len(live) + n_p), graph.capacity[opps]]).astype(np.int64)
    costs = np.concatenate([-gain[live], np.zeros(n_p + n_o, dtype=np.int64)])
    solver.add_arcs_with_capacity_and_unit_cost(tails, heads, caps, costs)
    nodes = np.arange(sink + 1, dtype=np.int32)
    supplies = np.concatenate([np.ones(n_p), np.zeros(n_o), [-n_p]]).astype(np.int64)
    solver.set_nodes_supplies(nodes, supplies)
    return solver, live


def allocate(
    graph: CandidateGraph,
    *,
    priority: F64 | Sequence[float] | None = None,
    min_score: float = 0.0,
) -> Allocation:
    """Optimal assignment (each person at most one place) by OR-Tools min-cost flow."""
    gain = gains(graph, priority, min_score)
    solver, live = flow_model(graph, gain)
    if len(live) == 0:
        return _result(graph, "min_cost_flow", live, gain, True)
    status = solver.solve()
    if status != solver.OPTIMAL:
        raise RuntimeError(f"min-cost flow failed with status {status}")
    flows = np.asarray(solver.flows(np.arange(len(live), dtype=np.int32)))
    return _result(graph, "min_cost_flow", live[flows > 0], gain, True)


def allocate_greedy(
    graph: CandidateGraph,
    *,
    priority: F64 | Sequence[float] | None = None,
    min_score: float = 0.0,
) -> Allocation:
    """Baseline: take edges by falling gain while the person is free and the opening has room."""
    gain = gains(graph, priority, min_score)
    order = np.argsort(-gain, kind="stable")
    order = order[gain[order] > 0]
    seats = graph.capacity.copy().tolist()
    placed = [False] * len(graph.person_ids)
    chosen: list[int] = []
    for e, p, o in zip(
        order.tolist(),
        graph.person[order].tolist(),
        graph.opportunity[order].tolist(),
        strict=True,
    ):
        if not placed[p] and seats[o] > 0:
            placed[p] = True
            seats[o] -= 1
            chosen.append(e)
    return _result(graph, "greedy", np.array(chosen, dtype=np.int64), gain, False)


def allocate_with_hours(
    graph: CandidateGraph,
    hours: F64 | Sequence[float],
    budget: F64 | Sequence[float],
    *,
    priority: F64 | Sequence[float] | None = None,
    min_score: float = 0.0,
    max_places: int | None = None,
    time_limit_s: float = 30.0,
    workers: int = 1,
) -> Allocation:
    """Several places per person within an hours budget (small jobs), by CP-SAT.

    ``hours`` is per opening, ``budget`` per person (hours per week), both rounded to minutes;
    ``max_places`` optionally caps the places per person. Edges that cannot be used (below the
    minimum score, longer than the person's whole budget, no seats) are removed first, so the
    model is built on the reduced graph.
    """
    gain = gains(graph, priority, min_score)
    h = np.rint(np.asarray(hours, dtype=np.float64) * 60).astype(np.int64)
    b = np.rint(np.asarray(budget, dtype=np.float64) * 60).astype(np.int64)
    if len(h) != len(graph.opportunity_ids) or len(b) != len(graph.person_ids):
        raise ValueError("one hours figure per opening and one budget per person are needed")
    edge_h = h[graph.opportunity]
    live = np.flatnonzero(
        (gain > 0) & (edge_h <= b[graph.person]) & (graph.capacity[graph.opportunity] > 0)
    )
    model = cp_model.CpModel()
    x = [model.new_bool_var(f"x{e}") for e in live.tolist()]
    by_person: dict[int, list[int]] = {}
    by_opp: dict[int, list[int]] = {}
    for i, e in enumerate(live.tolist()):
        by_person.setdefault(int(graph.person[e]), []).append(i)
        by_opp.setdefault(int(graph.opportunity[e]), []).append(i)
    for o, items in by_opp.items():
        if len(items) > graph.capacity[o]:
            model.add(sum(x[i] for i in items) <= int(graph.capacity[o]))
    for p, items in by_person.items():
        model.add(sum(int(edge_h[live[i]]) * x[i] for i in items) <= int(b[p]))
        if max_places is not None:
            model.add(sum(x[i] for i in items) <= max_places)
    model.maximize(sum(int(gain[e]) * x[i] for i, e in enumerate(live.tolist())))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit_s
    solver.parameters.num_workers = workers
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        raise RuntimeError(f"CP-SAT failed with status {solver.status_name(status)}")
    chosen = np.array(
        [e for i, e in enumerate(live.tolist()) if solver.boolean_value(x[i])], dtype=np.int64
    )
    return _result(graph, "cp_sat", chosen, gain, status == cp_model.OPTIMAL)
