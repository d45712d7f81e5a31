"""Kernel inputs: people, opportunities, hierarchies and parameters as frozen dataclasses.

Nothing here knows about Django. The app's services turn rows into these objects (or build the
encoded arrays in :mod:`brygga.matching.kernel.encode` directly) and store ``MODEL_NAME`` and
``MODEL_VERSION`` with every result so that a number can be reproduced.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

MODEL_NAME = "brygga.matching"
MODEL_VERSION = "1.0.0"

#: CEFR levels in rising order; a level's rank is its position plus one (0 means "none").
CEFR_LEVELS: tuple[str, ...] = ("A1", "A2", "B1", "B2", "C1", "C2")
EARTH_RADIUS_KM = 6371.0088

Location = tuple[float, float]
"""(latitude, longitude) in decimal degrees."""


def cefr_rank(level: str | None) -> int:
    """Return 1..6 for A1..C2 and 0 for no level; raise ``ValueError`` on anything else."""
    if level is None or level == "":
        return 0
    try:
        return CEFR_LEVELS.index(level.upper()) + 1
    except ValueError:
        raise ValueError(f"unknown CEFR level {level!r}") from None


def _frozen_map(value: Mapping[str, str]) -> Mapping[str, str]:
    for level in value.values():
        cefr_rank(level)
    return MappingProxyType(dict(value))


def _check_location(location: Location | None) -> None:
    if location is None:
        return
    lat, lon = location
    if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0):
        raise ValueError(f"location out of range: {location!r}")


def _check_hours(hours: float | None) -> None:
    if hours is not None and not hours > 0:
        raise ValueError("hours must be positive or None (unknown)")


@dataclass(frozen=True)
class Hierarchy:
    """A parent/child hierarchy of concept ids (skills or occupations); a child may have parents.

    Two concepts are *near* when one is the parent of the other or they share a parent.
    """

    parents: Mapping[str, frozenset[str]] = field(default_factory=dict)
    _children: Mapping[str, frozenset[str]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        parents = {child: frozenset(ps) for child, ps in self.parents.items() if ps}
        children: dict[str, set[str]] = {}
        for child, ps in parents.items():
            for parent in ps:
                children.setdefault(parent, set()).add(child)
        object.__setattr__(self, "parents", MappingProxyType(parents))
        object.__setattr__(
            self, "_children", MappingProxyType({p: frozenset(c) for p, c in children.items()})
        )

    @classmethod
    def from_edges(cls, edges: Iterable[tuple[str, str]]) -> Hierarchy:
        """Build from ``(parent, child)`` pairs, as in ESCO's ``*_hierarchy.csv``."""
        parents: dict[str, set[str]] = {}
        for parent, child in edges:
            if parent != child:
                parents.setdefault(child, set()).add(parent)
        return cls({c: frozenset(p) for c, p in parents.items()})

    def near(self, concept: str) -> frozenset[str]:
        """Parents, children and siblings of ``concept``, never ``concept`` itself."""
        ps = self.parents.get(concept, frozenset())
        out: set[str] = set(ps)
        out.update(self._children.get(concept, frozenset()))
        for parent in ps:
            out.update(self._children.get(parent, frozenset()))
        out.discard(concept)
        return frozenset(out)

    def is_near(self, a: str, b: str) -> bool:
        """Whether ``a`` and ``b`` are distinct and parent/child or siblings."""
        return a != b and b in self.near(a)


@dataclass(frozen=True)
class Person:
    """A participant as the kernel sees them (no personal data beyond what matching needs)."""

    id: str
    skills: frozenset[str] = frozenset()
    occupations: frozenset[str] = frozenset()
    languages: Mapping[str, str] = field(default_factory=dict)
    """Language code -> CEFR level."""
    hours_available: float | None = None
    """Hours per week the person can work; None when unknown (no filter, neutral score)."""
    location: Location | None = None
    max_travel_km: float | None = None
    """Personal travel limit; ``Params.max_km`` applies when None."""
    adaptations_needed: frozenset[str] = frozenset()
    priority: float = 1.0
    """Allocation weight (time waiting, target group); 1.0 is neutral."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "skills", frozenset(self.skills))
        object.__setattr__(self, "occupations", frozenset(self.occupations))
        object.__setattr__(self, "adaptations_needed", frozenset(self.adaptations_needed))
        object.__setattr__(self, "languages", _frozen_map(self.languages))
        _check_hours(self.hours_available)
        _check_location(self.location)
        if self.max_travel_km is not None and self.max_travel_km < 0:
            raise ValueError("max_travel_km must not be negative")
        if not self.priority > 0:
            raise ValueError("priority must be positive")


@dataclass(frozen=True)
class Opportunity:
    """A job, placement, small job, internship or validation place."""

    id: str
    required_skills: frozenset[str] = frozenset()
    desired_skills: frozenset[str] = frozenset()
    occupations: frozenset[str] = frozenset()
    """Occupations the opening is for; any one of them fits."""
    languages_required: Mapping[str, str] = field(default_factory=dict)
    """Language code -> minimum CEFR level (hard filter)."""
    languages_desired: Mapping[str, str] = field(default_factory=dict)
    """Language code -> level that earns full language score (soft)."""
    hours_per_week: float | None = None
    location: Location | None = None
    """None for remote work or an unknown place: no distance filter, neutral score."""
    seats: int = 1
    adaptations_offered: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        for name in ("required_skills", "desired_skills", "occupations", "adaptations_offered"):
            object.__setattr__(self, name, frozenset(getattr(self, name)))
        object.__setattr__(self, "languages_required", _frozen_map(self.languages_required))
        object.__setattr__(self, "languages_desired", _frozen_map(self.languages_desired))
        _check_hours(self.hours_per_week)
        _check_location(self.location)
        if self.seats < 0:
            raise ValueError("seats must not be negative")

    def language_targets(self) -> dict[str, int]:
        """Language -> rank that earns full credit: the higher of desired and required."""
        langs = set(self.languages_required) | set(self.languages_desired)
        return {
            lang: max(
                cefr_rank(self.languages_required.get(lang)),
                cefr_rank(self.languages_desired.get(lang)),
            )
            for lang in sorted(langs)
        }


@dataclass(frozen=True)
class Weights:
    """Relative weights of the score components; normalised to sum to one when scoring."""

    skills: float = 0.45
    occupation: float = 0.20
    language: float = 0.15
    hours: float = 0.10
    distance: float = 0.10

    def __post_init__(self) -> None:
        values = self.as_tuple()
        if min(values) < 0 or sum(values) <= 0:
            raise ValueError("weights must be non-negative and not all zero")

    def as_tuple(self) -> tuple[float, float, float, float, float]:
        """The five weights in component order."""
        return (self.skills, self.occupation, self.language, self.hours, self.distance)

    def normalised(self) -> Weights:
        """The same weights scaled to sum to one."""
        total = sum(self.as_tuple())
        return Weights(*(w / total for w in self.as_tuple()))


COMPONENTS: tuple[str, ...] = ("skills", "occupation", "language", "hours", "distance")


@dataclass(frozen=True)
class Params:
    """Every tunable of the model, passed explicitly; stored (with the version) per result."""

    weights: Weights = Weights()
    near_skill_credit: float = 0.5
    """Credit for an asked skill the person lacks but has a near skill of (parent/child/sibling)."""
    near_occupation_credit: float = 0.5
    required_share: float = 0.75
    """Share of the skill component given to required skills when desired ones are also asked."""
    max_km: float = 50.0
    """Travel limit for people who have not given their own."""
    skill_hierarchy: Hierarchy = Hierarchy()
    occupation_hierarchy: Hierarchy = Hierarchy()

    def __post_init__(self) -> None:
        for name in ("near_skill_credit", "near_occupation_credit", "required_share"):
            if not 0.0 <= getattr(self, name) <= 1.0:
                raise ValueError(f"{name} must be within [0, 1]")
        if not self.max_km >= 0:
            raise ValueError("max_km must not be negative")

    def travel_limit(self, person: Person) -> float:
        """The person's own travel limit, or the default."""
        return self.max_km if person.max_travel_km is None else person.max_travel_km

    def describe(self) -> dict[str, object]:
        """A JSON-ready summary of the numeric parameters (hierarchies by size only)."""
        w = self.weights.normalised()
        return {
            "model": MODEL_NAME,
            "version": MODEL_VERSION,
            "weights": dict(zip(COMPONENTS, w.as_tuple(), strict=True)),
            "near_skill_credit": self.near_skill_credit,
            "near_occupation_credit": self.near_occupation_credit,
            "required_share": self.required_share,
            "max_km": self.max_km,
            "skill_hierarchy_size": len(self.skill_hierarchy.parents),
            "occupation_hierarchy_size": len(self.occupation_hierarchy.parents),
        }
