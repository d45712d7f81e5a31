"""Hard filters: a pair that fails any of them is never scored, suggested or allocated."""

from __future__ import annotations

import math

from .model import EARTH_RADIUS_KM, Location, Opportunity, Params, Person, cefr_rank

#: Travel limits below this are treated as this (a 1 m radius), so the distance score is defined.
MIN_LIMIT_KM = 0.001


def haversine_km(a: Location, b: Location) -> float:
    """Great-circle distance in km between two (latitude, longitude) points."""
    lat1, lon1 = math.radians(a[0]), math.radians(a[1])
    lat2, lon2 = math.radians(b[0]), math.radians(b[1])
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def distance_km(person: Person, opportunity: Opportunity) -> float | None:
    """Distance between the two, or None when either place is unknown (or the work is remote)."""
    if person.location is None or opportunity.location is None:
        return None
    return haversine_km(person.location, opportunity.location)


def check(
    person: Person, opportunity: Opportunity, params: Params
) -> tuple[dict[str, object], ...]:
    """Every hard filter the pair fails, as structured parts (empty when the pair is feasible).

    Filters: each needed adaptation is offered; each required language is known at the minimum
    CEFR level; the hours asked fit within the hours available; the travel distance is within the
    person's limit.
    """
    failures: list[dict[str, object]] = [
        {"code": "adaptation_missing", "adaptation": a}
        for a in sorted(person.adaptations_needed - opportunity.adaptations_offered)
    ]
    for lang, level in sorted(opportunity.languages_required.items()):
        have = person.languages.get(lang)
        if cefr_rank(have) < cefr_rank(level):
            failures.append(
                {"code": "language_below", "language": lang, "level": have, "asked": level}
            )
    asked, available = opportunity.hours_per_week, person.hours_available
    if asked is not None and available is not None and asked > available:
        failures.append({"code": "hours_over", "asked": asked, "available": available})
    km = distance_km(person, opportunity)
    limit = max(params.travel_limit(person), MIN_LIMIT_KM)
    if km is not None and not distance_value(km, limit) >= 0.0:
        failures.append({"code": "too_far", "km": round(km, 1), "limit_km": limit})
    return tuple(failures)


def passes(person: Person, opportunity: Opportunity, params: Params) -> bool:
    """Whether the pair passes every hard filter."""
    return not check(person, opportunity, params)


def distance_value(km: float, limit_km: float) -> float:
    """Distance score ``1 - sin²(d/2R) / sin²(L/2R)`` (≈ ``1 - (d/L)²``); negative beyond L.

    The haversine form makes the score linear in the dot product of unit vectors, so the
    vectorised scorer computes it with one small matrix product.
    """
    limit_km = max(limit_km, MIN_LIMIT_KM)
    return 1.0 - (
        math.sin(km / (2 * EARTH_RADIUS_KM)) ** 2 / math.sin(limit_km / (2 * EARTH_RADIUS_KM)) ** 2
    )
