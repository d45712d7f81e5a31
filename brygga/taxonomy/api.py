"""The taxonomy app's part of the HTTP API, mounted at /api/v1/taxonomy/.

The classification is public data; a token is still needed, as for every operation.
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router

from brygga.api.auth import api_user
from brygga.people.schemas import ErrorOut, ValidationErrorOut

from .schemas import ConceptHitOut, ConceptQuery
from .search import search_concepts

router = Router(tags=["taxonomy"])


@router.get(
    "/concepts",
    response={200: list[ConceptHitOut], 401: ErrorOut, 422: ValidationErrorOut},
    summary="Search occupations or skills by label in Swedish, Danish, English or Ukrainian",
)
def concepts(request: HttpRequest, query: Query[ConceptQuery]) -> list[ConceptHitOut]:
    api_user(request)
    hits = search_concepts(
        query.q,
        language=query.language,
        kinds=[query.kind],
        limit=max(1, min(query.limit, 50)),
        semantic=query.semantic,
    )
    return [ConceptHitOut(**hit.__dict__) for hit in hits]
