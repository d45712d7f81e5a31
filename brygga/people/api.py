"""Participants, their consent and competence profile over HTTP.

Every read starts from ``selectors.participants_for`` (an outsider gets 404);
every write goes through ``services``, whose ``DomainError`` the API plumbing
turns into a 4xx answer with the reason.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import enum
import json
import uuid
from typing import Any

from django.db.models import Q, QuerySet, prefetch_related_objects
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from ninja import PatchDict, Query, Router

from brygga.api.auth import api_user
from brygga.core.errors import DomainError
from brygga.core.models import Organisation, User
from brygga.core.selectors import personal_data_organisations
from brygga.journeys.schemas import ParticipantDetailOut

from . import services
from .models import CompetenceProfile, Consent, Participant
from .schemas import (
    READ_ERRORS,
    WRITE_ERRORS,
    CompetenceProfileIn,
    CompetenceProfileOut,
    ConsentIn,
    ConsentOut,
    ConsentWithdrawalIn,
    ErrorOut,
    ParticipantCreateIn,
    ParticipantIn,
    ParticipantListQuery,
    ParticipantPageOut,
    RowId,
    ValidationErrorOut,
    competence_profile_out,
)
from .selectors import (
    ParticipantFilter,
    get_participant_for,
    is_identity_number_term,
    participants_for,
    search_participants,
)

router = Router(tags=["participants"])

#: What ``null`` in the input stands for: the field's empty value.
_EMPTY_VALUES: dict[str, Any] = {
    f.name: f.default
    for f in dataclasses.fields(services.ParticipantData)
    if f.default is not dataclasses.MISSING
}


def participant_data_values(values: dict[str, Any]) -> dict[str, Any]:
    """Schema values as ``ParticipantData`` takes them: plain values, ``null`` as empty."""
    cleaned: dict[str, Any] = {}
    for name, value in values.items():
        if value is None:
            value = _EMPTY_VALUES.get(name, "")
        elif isinstance(value, enum.Enum):
            value = value.value
        cleaned[name] = value
    return cleaned


# --- keyset pagination --------------------------------------------------------------


def encode_cursor(participant: Participant) -> str:
    key = [participant.last_name, participant.first_name, str(participant.pk)]
    return base64.urlsafe_b64encode(json.dumps(key).encode()).decode()


def _rows_after(cursor: str) -> Q:
    """Participants after the one the cursor names, in (last name, first name, id) order."""
    try:
        last_name, first_name, pk = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        pk = uuid.UUID(pk)
        names = (last_name, first_name)
        if not all(isinstance(name, str) and "\x00" not in name for name in names):
            raise TypeError(cursor)
    except (ValueError, TypeError, AttributeError, binascii.Error) as exc:
        raise DomainError(_("The cursor is not valid."), field="cursor") from exc
    # The first term repeats what the others imply: it lets PostgreSQL start the
    # index scan at the cursor instead of filtering every row before it.
    return Q(last_name__gte=last_name) & (
        Q(last_name__gt=last_name)
        | Q(last_name=last_name, first_name__gt=first_name)
        | Q(last_name=last_name, first_name=first_name, id__gt=pk)
    )


def _page(rows: QuerySet[Participant], limit: int) -> dict[str, Any]:
    items = list(rows.prefetch_related("enrolments")[: limit + 1])
    has_more = len(items) > limit
    items = items[:limit]
    return {"items": items, "next_cursor": encode_cursor(items[-1]) if has_more else None}


# --- participants ------------------------------------------------------------------


@router.get(
    "/participants",
    response={200: ParticipantPageOut, 400: ErrorOut, 401: ErrorOut, 422: ValidationErrorOut},
    summary="List the participants you may see",
)
def list_participants(request: HttpRequest, filters: Query[ParticipantListQuery]) -> dict[str, Any]:
    """In name order, ``limit`` at a time; follow ``next_cursor`` until it is null."""
    if any(is_identity_number_term(word) for word in filters.q.split()):
        raise DomainError(
            _("Search by identity number with POST /participants/search: never in a URL."),
            field="q",
        )
    return _search(request, filters)


@router.post(
    "/participants/search",
    response={200: ParticipantPageOut, 400: ErrorOut, 401: ErrorOut, 422: ValidationErrorOut},
    summary="Search the participants you may see, also by identity number",
)
def search_participants_by_body(
    request: HttpRequest, filters: ParticipantListQuery
) -> dict[str, Any]:
    """As the list, with the criteria in the body: an identity number stays out of URLs and logs."""
    return _search(request, filters)


def _search(request: HttpRequest, filters: ParticipantListQuery) -> dict[str, Any]:
    criteria = ParticipantFilter(
        text=filters.q,
        target_group=filters.target_group.value if filters.target_group else "",
        status=filters.status or "",
        project_id=filters.project,
    )
    rows = search_participants(api_user(request), criteria)
    if filters.cursor:
        rows = rows.filter(_rows_after(filters.cursor))
    return _page(rows, filters.limit)


def _registering_organisation(user: User, organisation_id: int | None) -> Organisation:
    organisations = personal_data_organisations(user)
    if organisation_id is not None:
        organisation = organisations.filter(pk=organisation_id).first()
        if organisation is None:
            raise DomainError(
                _("You may not register participants in this organisation."),
                field="organisation",
            )
        return organisation
    candidates = list(organisations[:2])
    if not candidates:
        raise DomainError(
            _("You hold no role in which you may register participants."), field="organisation"
        )
    if len(candidates) > 1:
        raise DomainError(
            _("You work in more than one organisation: choose one."), field="organisation"
        )
    return candidates[0]


def _detailed(participant: Participant) -> Participant:
    prefetch_related_objects(
        [participant],
        "consents",
        "competences",
        "languages",
        "enrolments__project",
        "enrolments__activities",
        "enrolments__assessments__scale",
        "enrolments__follow_ups",
    )
    return participant


@router.post(
    "/participants",
    response={201: ParticipantDetailOut, **WRITE_ERRORS},
    summary="Register a participant",
)
def register_participant(
    request: HttpRequest, payload: ParticipantCreateIn
) -> tuple[int, Participant]:
    user = api_user(request)
    organisation = _registering_organisation(user, payload.organisation)
    values = participant_data_values(payload.dict(exclude={"organisation"}))
    participant = services.register_participant(
        user, organisation, services.ParticipantData(**values)
    )
    return 201, _detailed(participant)


@router.get(
    "/participants/{participant_id}",
    response={200: ParticipantDetailOut, **READ_ERRORS},
    summary="Show a participant with their competence profile and journey",
)
def get_participant(request: HttpRequest, participant_id: uuid.UUID) -> Participant:
    return _detailed(get_participant_for(api_user(request), participant_id))


@router.patch(
    "/participants/{participant_id}",
    response={200: ParticipantDetailOut, **WRITE_ERRORS},
    summary="Change some facts about a participant",
)
def update_participant(
    request: HttpRequest, participant_id: uuid.UUID, payload: PatchDict[ParticipantIn]
) -> Participant:
    """Only the fields sent change; ``null`` empties a field.

    Send the ``version`` you read as ``If-Match``: if somebody changed the
    participant since, the change is refused with 409 and nothing is lost.
    """
    user = api_user(request)
    participant = get_participant_for(user, participant_id)
    changes = participant_data_values(payload)
    if "identity_number" in changes and "birth_date" not in changes:
        changes["birth_date"] = None  # derived again from the new number
    data = dataclasses.replace(services.ParticipantData.from_participant(participant), **changes)
    version = _if_match(request)
    return _detailed(services.update_participant(user, participant, data, version=version))


def _if_match(request: HttpRequest) -> int | None:
    """The version in an ``If-Match`` header (``3`` or ``"3"``), None when there is none."""
    header = request.headers.get("If-Match", "").strip().removeprefix("W/").strip('"')
    if not header:
        return None
    if not header.isdigit():
        raise DomainError(_("If-Match takes the participant's version number."), field="If-Match")
    return int(header)


@router.put(
    "/participants/{participant_id}/competence-profile",
    response={200: CompetenceProfileOut, **WRITE_ERRORS},
    summary="Replace a participant's competence profile",
)
def save_competence_profile(
    request: HttpRequest, participant_id: uuid.UUID, payload: CompetenceProfileIn
) -> CompetenceProfileOut:
    user = api_user(request)
    participant = get_participant_for(user, participant_id)
    data = services.CompetenceData(
        hours_available_per_week=payload.hours_available_per_week,
        driving_licences=[licence.value for licence in payload.driving_licences],
        adaptations_needed=[adaptation.value for adaptation in payload.adaptations_needed],
        validation_needs=payload.validation_needs,
        competences=[(c.kind.value, c.code, c.label) for c in payload.competences],
        languages=[(lang.language, lang.level.value) for lang in payload.languages],
    )
    profile: CompetenceProfile = services.save_competence_profile(user, participant, data)
    return competence_profile_out(profile.participant)


# --- consent ----------------------------------------------------------------------


@router.post(
    "/participants/{participant_id}/consents",
    response={201: ConsentOut, **WRITE_ERRORS},
    summary="Record a participant's consent",
)
def record_consent(
    request: HttpRequest, participant_id: uuid.UUID, payload: ConsentIn
) -> tuple[int, Consent]:
    user = api_user(request)
    participant = get_participant_for(user, participant_id)
    return 201, services.record_consent(user, participant, payload.purpose.value, payload.given_on)


@router.post(
    "/consents/{consent_id}/withdraw",
    response={200: ConsentOut, **WRITE_ERRORS},
    summary="Withdraw a consent",
)
def withdraw_consent(
    request: HttpRequest, consent_id: RowId, payload: ConsentWithdrawalIn
) -> Consent:
    user = api_user(request)
    consent = get_object_or_404(
        Consent.objects.filter(participant__in=participants_for(user)).select_related(
            "participant__organisation"
        ),
        pk=consent_id,
    )
    return services.withdraw_consent(user, consent, payload.withdrawn_on)
