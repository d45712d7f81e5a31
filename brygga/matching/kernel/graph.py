"""The bare candidate-graph JSON format, for checking an allocation outside Brygga.

Input: ``{"capacity": {"OPP": seats}, "edges": [["PERSON", "OPP", score], ...]}``; each person
gets at most one place. Output: the assignment and its total score as a JSON-ready dict.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

from .allocate import Allocation, CandidateGraph, allocate, allocate_greedy

#: The largest score an edge may have (scores are usually 0…1; gains are score × 10⁶).
MAX_SCORE = 1000


def graph_from_json(data: Mapping[str, Any]) -> CandidateGraph:
    """Validate and convert a parsed candidate-graph document."""
    if not isinstance(data, Mapping):
        raise ValueError('expected {"capacity": {...}, "edges": [...]}')
    capacity = data.get("capacity")
    edges = data.get("edges")
    if not isinstance(capacity, Mapping) or not isinstance(edges, list):
        raise ValueError('expected {"capacity": {...}, "edges": [...]}')
    opp_ids = tuple(str(o) for o in capacity)
    opp_index = {o: i for i, o in enumerate(opp_ids)}
    seats = []
    for o in opp_ids:
        s = capacity[o]
        if isinstance(s, bool) or not isinstance(s, int) or s < 0:
            raise ValueError(f"capacity of {o!r} must be a non-negative integer")
        seats.append(s)
    person_index: dict[str, int] = {}
    rows: list[int] = []
    cols: list[int] = []
    scores: list[float] = []
    seen: set[tuple[int, int]] = set()
    for n, edge in enumerate(edges):
        if not (isinstance(edge, list | tuple) and len(edge) == 3):
            raise ValueError(f"edge {n} must be [person, opportunity, score]")
        person, opp, score = (str(edge[0]), str(edge[1]), edge[2])
        if opp not in opp_index:
            raise ValueError(f"edge {n} names opportunity {opp!r} that has no capacity")
        if isinstance(score, bool) or not isinstance(score, int | float):
            raise ValueError(f"edge {n} has a non-numeric score")
        if not (math.isfinite(score) and abs(score) <= MAX_SCORE):
            # NaN, infinities and huge scores overflow the solver's integer costs
            raise ValueError(f"edge {n} has a score outside -{MAX_SCORE}…{MAX_SCORE}")
        p = person_index.setdefault(person, len(person_index))
        col = opp_index[opp]
        if (p, col) in seen:
            raise ValueError(f"edge {n} repeats the pair ({person!r}, {opp!r})")
        seen.add((p, col))
        rows.append(p)
        cols.append(col)
        scores.append(float(score))
    return CandidateGraph(
        person_ids=tuple(person_index),
        opportunity_ids=opp_ids,
        capacity=np.array(seats, dtype=np.int64),
        person=np.array(rows, dtype=np.int64),
        opportunity=np.array(cols, dtype=np.int64),
        score=np.array(scores, dtype=np.float64),
    )


def graph_to_json(graph: CandidateGraph) -> dict[str, Any]:
    """The inverse of :func:`graph_from_json`."""
    return {
        "capacity": {o: int(c) for o, c in zip(graph.opportunity_ids, graph.capacity, strict=True)},
        "edges": [
            [graph.person_ids[p], graph.opportunity_ids[o], float(s)]
            for p, o, s in zip(
                graph.person.tolist(), graph.opportunity.tolist(), graph.score.tolist(), strict=True
            )
        ],
    }


def allocation_to_json(graph: CandidateGraph, allocation: Allocation) -> dict[str, Any]:
    """``{"assignment": {person: opp}, "total_score": x, "unassigned": [...], ...}``."""
    assignment = {p: o for p, o, _ in allocation.pairs(graph)}
    return {
        "model": allocation.model,
        "version": allocation.version,
        "method": allocation.method,
        "optimal": allocation.optimal,
        "assignment": assignment,
        "total_score": allocation.total_score,
        "assigned": len(assignment),
        "unassigned": [p for p in graph.person_ids if p not in assignment],
    }


def solve_graph(
    data: Mapping[str, Any], *, min_score: float = 0.0, method: str = "optimal"
) -> dict[str, Any]:
    """Allocate a parsed candidate graph (``method`` "optimal" or "greedy") and report it."""
    graph = graph_from_json(data)
    if method == "optimal":
        result = allocate(graph, min_score=min_score)
    elif method == "greedy":
        result = allocate_greedy(graph, min_score=min_score)
    else:
        raise ValueError(f"unknown method {method!r}")
    return allocation_to_json(graph, result)


def read_graph(path: str | Path) -> CandidateGraph:
    """Read a candidate-graph JSON file."""
    with Path(path).open(encoding="utf-8") as fh:
        return graph_from_json(json.load(fh))


def write_graph(graph: CandidateGraph, path: str | Path) -> None:
    """Write a candidate graph as JSON."""
    with Path(path).open("w", encoding="utf-8") as fh:
        json.dump(graph_to_json(graph), fh)
