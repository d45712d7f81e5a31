"""Scalar scoring of one pair, with every component kept for the explanation.

The score is ``sum(weight_i * value_i)`` over the components skills, occupation, language,
hours and distance, with weights normalised to sum to one and every value in [0, 1], so the
score is in [0, 1] and the components' points add up to it. The vectorised scorer in
:mod:`brygga.matching.kernel.block` computes the same numbers for many pairs at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .filters import MIN_LIMIT_KM, check, distance_km, distance_value
from .model import (
    MODEL_NAME,
    MODEL_VERSION,
    Hierarchy,
    Opportunity,
    Params,
    Person,
    cefr_rank,
)


@dataclass(frozen=True)
class Component:
    """One weighted part of a score: ``points == weight * value``."""

    name: str
    weight: float
    value: float
    details: tuple[dict[str, object], ...] = ()

    @property
    def points(self) -> float:
        """This component's share of the total score."""
        return self.weight * self.value


@dataclass(frozen=True)
class Match:
    """The scored pair: feasible or not, its total and its components."""

    person_id: str
    opportunity_id: str
    feasible: bool
    score: float
    """Sum of the components' points; 0.0 when the pair fails a hard filter."""
    components: tuple[Component, ...]
    failures: tuple[dict[str, object], ...] = ()
    model: str = field(default=MODEL_NAME)
    version: str = field(default=MODEL_VERSION)


def _credit(asked: str, have: frozenset[str], hierarchy: Hierarchy, near_credit: float) -> float:
    if asked in have:
        return 1.0
    if near_credit > 0 and not have.isdisjoint(hierarchy.near(asked)):
        return near_credit
    return 0.0


def skill_value(person: Person, opportunity: Opportunity, params: Params) -> Component:
    """Share of asked skills covered; a near skill earns ``near_skill_credit``; 1.0 if none."""
    details: list[dict[str, object]] = []
    parts: list[tuple[float, float]] = []
    required, desired = opportunity.required_skills, opportunity.desired_skills
    share = params.required_share if required and desired else 1.0
    for code, asked, weight in (
        ("skills_required", required, share),
        ("skills_desired", desired, 1.0 - share if required else 1.0),
    ):
        if not asked:
            continue
        credits = [
            _credit(s, person.skills, params.skill_hierarchy, params.near_skill_credit)
            for s in sorted(asked)
        ]
        matched = sum(1 for c in credits if c == 1.0)
        near = sum(1 for c in credits if 0.0 < c < 1.0)
        parts.append((weight, sum(credits) / len(asked)))
        missing = sorted(s for s, c in zip(sorted(asked), credits, strict=True) if c == 0.0)
        details.append(
            {"code": code, "matched": matched, "near": near, "of": len(asked), "missing": missing}
        )
    value = sum(w * v for w, v in parts) if parts else 1.0
    if not parts:
        details.append({"code": "skills_none_asked"})
    return Component("skills", 0.0, min(1.0, value), tuple(details))


def occupation_value(person: Person, opportunity: Opportunity, params: Params) -> Component:
    """1.0 for a shared occupation, the near credit for a near one, else 0; 1.0 if none asked."""
    if not opportunity.occupations:
        return Component("occupation", 0.0, 1.0, ({"code": "occupation_none_asked"},))
    exact = sorted(person.occupations & opportunity.occupations)
    if exact:
        return Component(
            "occupation", 0.0, 1.0, ({"code": "occupation_match", "occupation": exact[0]},)
        )
    credit = params.near_occupation_credit
    for occ in sorted(opportunity.occupations):
        near = sorted(person.occupations & params.occupation_hierarchy.near(occ))
        if near and credit > 0:
            detail: dict[str, object] = {
                "code": "occupation_near",
                "occupation": near[0],
                "asked": occ,
            }
            return Component("occupation", 0.0, credit, (detail,))
    return Component("occupation", 0.0, 0.0, ({"code": "occupation_other"},))


def language_value(person: Person, opportunity: Opportunity) -> Component:
    """Mean over asked languages of ``min(1, person's rank / target rank)``; 1.0 if none asked."""
    targets = opportunity.language_targets()
    if not targets:
        return Component("language", 0.0, 1.0, ({"code": "language_none_asked"},))
    details: list[dict[str, object]] = []
    total = 0.0
    for lang, target in targets.items():
        have = person.languages.get(lang)
        total += min(1.0, cefr_rank(have) / target)
        asked = opportunity.languages_required.get(lang) or opportunity.languages_desired.get(lang)
        details.append(
            {
                "code": "language",
                "language": lang,
                "level": have,
                "asked": asked,
                "required": lang in opportunity.languages_required,
            }
        )
    return Component("language", 0.0, total / len(targets), tuple(details))


def hours_value(person: Person, opportunity: Opportunity) -> Component:
    """Hours asked over hours available (how much of the person's time the work uses)."""
    asked, available = opportunity.hours_per_week, person.hours_available
    if asked is None or available is None:
        return Component("hours", 0.0, 1.0, ({"code": "hours_unknown"},))
    detail = {"code": "hours", "asked": asked, "available": available}
    return Component("hours", 0.0, max(0.0, min(1.0, asked / available)), (detail,))


def distance_component(person: Person, opportunity: Opportunity, params: Params) -> Component:
    """``1 - sin²(d/2R)/sin²(L/2R)`` ≈ ``1 - (d/L)²`` within the travel limit L; 1.0 if unknown."""
    km = distance_km(person, opportunity)
    if km is None:
        code = "distance_remote" if opportunity.location is None else "distance_unknown"
        return Component("distance", 0.0, 1.0, ({"code": code},))
    limit = max(params.travel_limit(person), MIN_LIMIT_KM)
    value = max(0.0, min(1.0, distance_value(km, limit)))
    return Component("distance", 0.0, value, ({"code": "distance", "km": km, "limit_km": limit},))


def score_pair(person: Person, opportunity: Opportunity, params: Params) -> Match:
    """Score one pair; an infeasible pair gets score 0.0 and its failures."""
    weights = params.weights.normalised().as_tuple()
    raw = (
        skill_value(person, opportunity, params),
        occupation_value(person, opportunity, params),
        language_value(person, opportunity),
        hours_value(person, opportunity),
        distance_component(person, opportunity, params),
    )
    components = tuple(
        Component(c.name, w, c.value, c.details) for c, w in zip(raw, weights, strict=True)
    )
    failures = check(person, opportunity, params)
    total = sum(c.points for c in components) if not failures else 0.0
    return Match(
        person_id=person.id,
        opportunity_id=opportunity.id,
        feasible=not failures,
        score=min(1.0, max(0.0, total)),
        components=components,
        failures=failures,
    )
