"""Shapes of matching data in the API (formats in docs/matching-formats.md)."""

import datetime
from typing import Annotated, Any, Literal

from ninja import Schema
from pydantic import Field

K = Annotated[int, Field(ge=1, le=500)]
Score = Annotated[float, Field(ge=0.0, le=1.0)]
Method = Literal["optimal", "greedy"]


class ProblemIn(Schema):
    people: Annotated[list[dict[str, Any]], Field(max_length=20_000)]
    opportunities: Annotated[list[dict[str, Any]], Field(max_length=20_000)]
    hierarchy: dict[str, list[list[str]]] | None = None


class SuggestIn(ProblemIn):
    k: K = 10
    min_score: Score = 0.0


class AllocateIn(ProblemIn):
    k: K = 50
    min_score: Score = 0.0
    method: Literal["optimal", "greedy", "small_jobs"] = "optimal"
    max_places: Annotated[int, Field(ge=1, le=20)] | None = None


class GraphIn(Schema):
    capacity: dict[str, int]
    edges: Annotated[list[list[Any]], Field(max_length=5_000_000)]
    min_score: Score = 0.0
    method: Method = "optimal"


class SuggestionQuery(Schema):
    k: K = 10


class SuggestionOut(Schema):
    opportunity: int
    title: str
    organisation: str
    score: float
    explanation: list[dict[str, Any]]


class OpportunityOut(Schema):
    id: int
    title: str
    type: str
    status: str
    organisation: str
    required_skills: list[str]
    desired_skills: list[str]
    occupations: list[str]
    languages_required: dict[str, str]
    languages_desired: dict[str, str]
    hours_per_week: int | None
    municipality: str
    remote: bool
    seats: int
    adaptations_offered: list[str]
    start_date: datetime.date | None
    end_date: datetime.date | None


class ReferralIn(Schema):
    opportunity: Annotated[int, Field(ge=1, le=2**63 - 1)]
    note: Annotated[str, Field(max_length=2000, pattern=r"^[^\x00]*$")] = ""


class ReferralOut(Schema):
    id: int
    opportunity: int
    participant: str
    status: str
    score: float | None
    explanation: list[dict[str, Any]]
