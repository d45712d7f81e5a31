"""The matching app's part of the HTTP API, mounted at /api/v1/matching/.

``/suggest``, ``/allocate`` and ``/allocate/graph`` compute on the document sent (no stored
data is read); the other operations read through the scoped selectors, so an outsider gets 404.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router

from brygga.api.auth import api_user
from brygga.core.errors import DomainError
from brygga.people.schemas import READ_ERRORS, WRITE_ERRORS, ErrorOut, ValidationErrorOut
from brygga.people.selectors import get_participant_for, participants_for

from . import services
from .kernel import solve_graph
from .kernel.inputs import allocate_json, problem_from_json, suggest_json
from .models import Opportunity, Referral
from .schemas import (
    AllocateIn,
    GraphIn,
    OpportunityOut,
    ProblemIn,
    ReferralIn,
    ReferralOut,
    SuggestIn,
    SuggestionOut,
    SuggestionQuery,
)
from .selectors import get_opportunity_for, opportunities_for

router = Router(tags=["matching"])

COMPUTE_ERRORS: dict[int, Any] = {400: ErrorOut, 401: ErrorOut, 422: ValidationErrorOut}


def _problem(body: ProblemIn) -> Any:
    try:
        return problem_from_json(body.dict(exclude={"k", "min_score", "method", "max_places"}))
    except ValueError as exc:
        raise DomainError(str(exc)) from exc


@router.post(
    "/suggest",
    response={200: dict[str, Any], **COMPUTE_ERRORS},
    summary="Top-k matches both ways, explained, for the people and openings sent",
)
def suggest(request: HttpRequest, body: SuggestIn) -> dict[str, Any]:
    api_user(request)
    return suggest_json(_problem(body), k=body.k, min_score=body.min_score)


@router.post(
    "/allocate",
    response={200: dict[str, Any], **COMPUTE_ERRORS},
    summary="Allocate the openings' seats to the people sent (optimal or greedy)",
)
def allocate(request: HttpRequest, body: AllocateIn) -> dict[str, Any]:
    api_user(request)
    return allocate_json(
        _problem(body),
        k=body.k,
        min_score=body.min_score,
        method=body.method,
        max_places=body.max_places,
    )


@router.post(
    "/allocate/graph",
    response={200: dict[str, Any], **COMPUTE_ERRORS},
    summary="Allocate on a bare candidate graph: capacities and scored edges",
)
def allocate_graph(request: HttpRequest, body: GraphIn) -> dict[str, Any]:
    api_user(request)
    try:
        return solve_graph(
            {"capacity": body.capacity, "edges": body.edges},
            min_score=body.min_score,
            method=body.method,
        )
    except ValueError as exc:
        raise DomainError(str(exc)) from exc


def _opportunity_out(o: Opportunity) -> OpportunityOut:
    return OpportunityOut(
        id=o.pk,
        title=o.title,
        type=o.type,
        status=o.status,
        organisation=o.organisation.name,
        required_skills=o.required_skills,
        desired_skills=o.desired_skills,
        occupations=o.occupations,
        languages_required=o.languages_required,
        languages_desired=o.languages_desired,
        hours_per_week=o.hours_per_week,
        municipality=o.municipality,
        remote=o.remote,
        seats=o.seats,
        adaptations_offered=o.adaptations_offered,
        start_date=o.start_date,
        end_date=o.end_date,
    )


@router.get(
    "/opportunities",
    response={200: list[OpportunityOut], 401: ErrorOut},
    summary="Opportunities you may see: your organisation's, and open ones for matching",
)
def opportunity_list(request: HttpRequest) -> list[OpportunityOut]:
    return [_opportunity_out(o) for o in opportunities_for(api_user(request))[:1000]]


@router.get(
    "/opportunities/{opportunity_id}",
    response={200: OpportunityOut, **READ_ERRORS},
    summary="One opportunity",
)
def opportunity_detail(request: HttpRequest, opportunity_id: int) -> OpportunityOut:
    return _opportunity_out(get_opportunity_for(api_user(request), opportunity_id))


@router.get(
    "/participants/{participant_id}/suggestions",
    response={200: list[SuggestionOut], **READ_ERRORS},
    summary="Open opportunities that fit one of your participants, explained",
)
def participant_suggestions(
    request: HttpRequest, participant_id: uuid.UUID, query: Query[SuggestionQuery]
) -> list[SuggestionOut]:
    user = api_user(request)
    participant = get_participant_for(user, participant_id)
    participant = services.with_profiles(participants_for(user)).get(pk=participant.pk)
    return [
        SuggestionOut(
            opportunity=s.opportunity.pk,
            title=s.opportunity.title,
            organisation=s.opportunity.organisation.name,
            score=round(s.match.score, 6),
            explanation=s.parts,
        )
        for s in services.suggest_opportunities(user, participant, query.k)
        if s.opportunity is not None
    ]


def _referral_out(r: Referral) -> ReferralOut:
    return ReferralOut(
        id=r.pk,
        opportunity=r.opportunity_id,
        participant=str(r.participant_id),
        status=r.status,
        score=r.score,
        explanation=r.explanation,
    )


@router.post(
    "/participants/{participant_id}/referrals",
    response={201: ReferralOut, **WRITE_ERRORS},
    summary="Refer one of your participants (who consented) to an opportunity",
)
def create_referral(
    request: HttpRequest, participant_id: uuid.UUID, body: ReferralIn
) -> tuple[int, ReferralOut]:
    user = api_user(request)
    participant = get_participant_for(user, participant_id)
    participant = services.with_profiles(participants_for(user)).get(pk=participant.pk)
    opportunity = get_opportunity_for(user, body.opportunity)
    return 201, _referral_out(services.refer(user, participant, opportunity, body.note))
