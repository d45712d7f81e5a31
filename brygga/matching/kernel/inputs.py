"""Matching problems as JSON documents: people, opportunities and hierarchies in, results out.

The format is documented in ``docs/matching-formats.md``; ``brygga match suggest`` and
``brygga match allocate`` and the API read it. Bad input raises ``ValueError`` with a message
that names the record at fault.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .allocate import Allocation, CandidateGraph, allocate, allocate_greedy, allocate_with_hours
from .encode import encode
from .explain import explain, render_en
from .graph import allocation_to_json
from .model import MODEL_NAME, MODEL_VERSION, Hierarchy, Opportunity, Params, Person
from .score import score_pair
from .topk import candidate_edges, top_k

PERSON_KEYS = {
    "id", "skills", "occupations", "languages", "hours_available", "location",
    "max_travel_km", "adaptations_needed", "priority",
}  # fmt: skip
OPPORTUNITY_KEYS = {
    "id", "required_skills", "desired_skills", "occupations", "languages_required",
    "languages_desired", "hours_per_week", "location", "seats", "adaptations_offered",
}  # fmt: skip


@dataclass(frozen=True)
class Problem:
    people: tuple[Person, ...]
    opportunities: tuple[Opportunity, ...]
    params: Params


def _strings(value: Any, where: str) -> frozenset[str]:
    if value is None:
        return frozenset()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"{where} must be a list of strings")
    return frozenset(value)


def _levels(value: Any, where: str) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, Mapping) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        raise ValueError(f"{where} must map language codes to CEFR levels")
    return dict(value)


def _number(value: Any, where: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{where} must be a number")
    return float(value)


def _location(value: Any, where: str) -> tuple[float, float] | None:
    if value is None:
        return None
    if not (isinstance(value, list | tuple) and len(value) == 2):
        raise ValueError(f"{where} must be [latitude, longitude]")
    lat, lon = (_number(v, where) for v in value)
    if lat is None or lon is None:
        raise ValueError(f"{where} must be [latitude, longitude]")
    return (lat, lon)


def _records(data: Mapping[str, Any], key: str, allowed: set[str]) -> list[Mapping[str, Any]]:
    records = data.get(key)
    if not isinstance(records, list):
        raise ValueError(f'"{key}" must be a list')
    seen: set[str] = set()
    for n, record in enumerate(records):
        if not isinstance(record, Mapping) or not isinstance(record.get("id"), str):
            raise ValueError(f"{key}[{n}] must be an object with a string id")
        unknown = sorted(set(record) - allowed)
        if unknown:
            raise ValueError(f"{key}[{n}] has unknown fields: {', '.join(unknown)}")
        if record["id"] in seen:
            raise ValueError(f"{key}[{n}] repeats id {record['id']!r}")
        seen.add(record["id"])
    return records


def _edges(value: Any, where: str) -> list[tuple[str, str]]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(
        isinstance(e, list | tuple) and len(e) == 2 and all(isinstance(x, str) for x in e)
        for e in value
    ):
        raise ValueError(f"{where} must be a list of [parent, child] pairs")
    return [(str(e[0]), str(e[1])) for e in value]


def problem_from_json(data: Any) -> Problem:
    """Validate and convert ``{"people": [...], "opportunities": [...], "hierarchy": {...}}``."""
    if not isinstance(data, Mapping):
        raise ValueError("expected an object with people and opportunities")
    people = []
    for n, r in enumerate(_records(data, "people", PERSON_KEYS)):
        where = f"people[{n}]"
        try:
            people.append(
                Person(
                    id=r["id"],
                    skills=_strings(r.get("skills"), f"{where}.skills"),
                    occupations=_strings(r.get("occupations"), f"{where}.occupations"),
                    languages=_levels(r.get("languages"), f"{where}.languages"),
                    hours_available=_number(r.get("hours_available"), f"{where}.hours_available"),
                    location=_location(r.get("location"), f"{where}.location"),
                    max_travel_km=_number(r.get("max_travel_km"), f"{where}.max_travel_km"),
                    adaptations_needed=_strings(
                        r.get("adaptations_needed"), f"{where}.adaptations_needed"
                    ),
                    priority=_number(r.get("priority"), f"{where}.priority") or 1.0,
                )
            )
        except ValueError as exc:
            raise ValueError(f"{where}: {exc}") from None
    opportunities = []
    for n, r in enumerate(_records(data, "opportunities", OPPORTUNITY_KEYS)):
        where = f"opportunities[{n}]"
        seats = r.get("seats", 1)
        if isinstance(seats, bool) or not isinstance(seats, int) or seats < 0:
            raise ValueError(f"{where}.seats must be a non-negative integer")
        try:
            opportunities.append(
                Opportunity(
                    id=r["id"],
                    required_skills=_strings(r.get("required_skills"), f"{where}.required_skills"),
                    desired_skills=_strings(r.get("desired_skills"), f"{where}.desired_skills"),
                    occupations=_strings(r.get("occupations"), f"{where}.occupations"),
                    languages_required=_levels(
                        r.get("languages_required"), f"{where}.languages_required"
                    ),
                    languages_desired=_levels(
                        r.get("languages_desired"), f"{where}.languages_desired"
                    ),
                    hours_per_week=_number(r.get("hours_per_week"), f"{where}.hours_per_week"),
                    location=_location(r.get("location"), f"{where}.location"),
                    seats=seats,
                    adaptations_offered=_strings(
                        r.get("adaptations_offered"), f"{where}.adaptations_offered"
                    ),
                )
            )
        except ValueError as exc:
            raise ValueError(f"{where}: {exc}") from None
    hierarchy = data.get("hierarchy") or {}
    if not isinstance(hierarchy, Mapping):
        raise ValueError('"hierarchy" must be an object')
    params = Params(
        skill_hierarchy=Hierarchy.from_edges(_edges(hierarchy.get("skills"), "hierarchy.skills")),
        occupation_hierarchy=Hierarchy.from_edges(
            _edges(hierarchy.get("occupations"), "hierarchy.occupations")
        ),
    )
    return Problem(tuple(people), tuple(opportunities), params)


def suggest_json(problem: Problem, k: int = 10, min_score: float = 0.0) -> dict[str, Any]:
    """Top-k both ways, each pair explained (structured parts and plain English)."""
    out: dict[str, Any] = {
        "model": MODEL_NAME,
        "version": MODEL_VERSION,
        "params": problem.params.describe(),
        "people": {},
        "opportunities": {},
    }
    if not problem.people or not problem.opportunities:
        return out
    people = {p.id: p for p in problem.people}
    openings = {o.id: o for o in problem.opportunities}
    ep, eo = encode(problem.people, problem.opportunities, problem.params)
    result = top_k(
        ep,
        eo,
        k=max(1, min(k, len(openings))),
        k_people=max(1, min(k, len(people))),
        min_score=max(min_score, 1e-9),
    )

    def entry(person_id: str, opening_id: str) -> dict[str, Any]:
        match = score_pair(people[person_id], openings[opening_id], problem.params)
        parts = explain(match)
        return {"score": round(match.score, 6), "explanation": parts, "text": render_en(parts)}

    for i, person_id in enumerate(result.opportunities_for_people.ids):
        out["people"][person_id] = [
            {"opportunity": o, **entry(person_id, o)}
            for o, _s in result.opportunities_for_people.for_row(i)
        ]
    ranked = result.people_for_opportunities
    for j, opening_id in enumerate(ranked.ids if ranked is not None else ()):
        out["opportunities"][opening_id] = [
            {"person": p, "score": round(s, 6)}
            for p, s in (ranked.for_row(j) if ranked is not None else [])
        ]
    return out


#: Hours budget for a person whose available hours are unknown, in the small-jobs method.
UNKNOWN_BUDGET = 40.0


def allocate_json(
    problem: Problem,
    k: int = 50,
    min_score: float = 0.0,
    method: str = "optimal",
    max_places: int | None = None,
) -> dict[str, Any]:
    """Build the candidate graph from the top-k per person and allocate the seats.

    ``method``: "optimal" (min-cost flow, at most one place each), "greedy" (the baseline) or
    "small_jobs" (CP-SAT: several places each within the person's hours, at most
    ``max_places``); with "small_jobs" each person's assignment is a list of openings.
    """
    if method not in ("optimal", "greedy", "small_jobs"):
        raise ValueError(f"unknown method {method!r}")
    people = list(problem.people)
    openings = list(problem.opportunities)
    if people and openings:
        ep, eo = encode(people, openings, problem.params)
        result = top_k(ep, eo, k=max(1, min(k, len(openings))), k_people=0,
                       min_score=max(min_score, 1e-9))  # fmt: skip
        rows, cols, scores = candidate_edges(result.opportunities_for_people)
    else:
        rows = cols = np.zeros(0, dtype=np.int64)
        scores = np.zeros(0, dtype=np.float32)
    graph = CandidateGraph(
        person_ids=tuple(p.id for p in people),
        opportunity_ids=tuple(o.id for o in openings),
        capacity=np.array([o.seats for o in openings], dtype=np.int64),
        person=rows,
        opportunity=cols,
        score=scores.astype(np.float64),
    )
    priority = np.array([p.priority for p in people], dtype=np.float64)
    if method == "small_jobs":
        allocation = allocate_with_hours(
            graph,
            hours=[o.hours_per_week or 0.0 for o in openings],
            budget=[UNKNOWN_BUDGET if p.hours_available is None else p.hours_available
                    for p in people],
            priority=priority if people else None,
            min_score=min_score,
            max_places=max_places,
        )  # fmt: skip
        return _several_places_json(problem, graph, allocation)
    solve = allocate if method == "optimal" else allocate_greedy
    allocation = solve(graph, priority=priority if people else None, min_score=min_score)
    out = allocation_to_json(graph, allocation)
    out["total_score"] = round(out["total_score"], 6)
    out["edges"] = graph.n_edges
    people_by_id = {p.id: p for p in people}
    openings_by_id = {o.id: o for o in openings}
    out["explanations"] = {
        p: render_en(explain(score_pair(people_by_id[p], openings_by_id[o], problem.params)))
        for p, o in out["assignment"].items()
    }
    return out


def _several_places_json(
    problem: Problem, graph: CandidateGraph, allocation: Allocation
) -> dict[str, Any]:
    places: dict[str, list[str]] = {}
    for person_id, opening_id, _score in allocation.pairs(graph):
        places.setdefault(person_id, []).append(opening_id)
    return {
        "model": allocation.model,
        "version": allocation.version,
        "method": allocation.method,
        "optimal": allocation.optimal,
        "assignment": {p: sorted(o) for p, o in places.items()},
        "total_score": round(allocation.total_score, 6),
        "assigned": sum(len(o) for o in places.values()),
        "unassigned": [p.id for p in problem.people if p.id not in places],
        "edges": graph.n_edges,
    }


def people_to_json(people: Sequence[Person]) -> list[dict[str, Any]]:
    return [
        {
            "id": p.id,
            "skills": sorted(p.skills),
            "occupations": sorted(p.occupations),
            "languages": dict(p.languages),
            "hours_available": p.hours_available,
            "location": list(p.location) if p.location else None,
            "max_travel_km": p.max_travel_km,
            "adaptations_needed": sorted(p.adaptations_needed),
            "priority": p.priority,
        }
        for p in people
    ]
