"""Shapes of taxonomy data in the API."""

from typing import Annotated, Literal

from ninja import Schema
from pydantic import Field, StringConstraints

SearchText = Annotated[str, StringConstraints(min_length=2, max_length=200, pattern=r"^[^\x00]*$")]


class ConceptQuery(Schema):
    q: SearchText
    kind: Literal["occupation", "skill"] = "occupation"
    language: Literal["sv", "da", "en", "uk"] = "sv"
    limit: Annotated[int, Field(ge=1, le=50)] = 10
    semantic: bool = True


class ConceptHitOut(Schema):
    uri: str
    kind: str
    label: str
    matched: str
    how: Literal["exact", "alternative", "prefix", "contains", "semantic"]
    score: float
