"""Journeys over HTTP: enrolments, activities, assessments, exits and follow-ups.

Reads go through the journeys selectors (scoped by ``participants_for``), so an
outsider gets 404; writes go through ``services``.
"""

from __future__ import annotations

import datetime
import uuid
from typing import cast

from django.db.models import QuerySet, prefetch_related_objects
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import Query, Router

from brygga.api.auth import api_user
from brygga.core.errors import DomainError
from brygga.core.models import Organisation
from brygga.people.schemas import READ_ERRORS, WRITE_ERRORS, ErrorOut, RowId, ValidationErrorOut
from brygga.people.selectors import get_participant_for
from brygga.projects.models import Project

from . import services
from .models import (
    FOLLOW_UP_DUE_WINDOW_DAYS,
    Activity,
    Enrolment,
    FollowUp,
    FollowUpQuerySet,
    ProgressAssessment,
)
from .schemas import (
    ActivityIn,
    ActivityOut,
    AssessmentIn,
    AssessmentOut,
    EnrolmentIn,
    EnrolmentOut,
    ExitIn,
    FollowUpCompletionIn,
    FollowUpOut,
    FollowUpQuery,
    ProjectSummaryOut,
)
from .selectors import (
    enrolments_for,
    follow_ups_for,
    get_enrolment_for,
    get_follow_up_for,
    projects_for,
    scales_for_organisation,
)

router = Router(tags=["journeys"])

_ENROLMENT_DETAILS = ("project", "activities", "assessments__scale", "follow_ups")


def _detailed(enrolment: Enrolment) -> Enrolment:
    prefetch_related_objects([enrolment], *_ENROLMENT_DETAILS)
    return enrolment


@router.get(
    "/projects",
    response={200: list[ProjectSummaryOut], 401: ErrorOut},
    summary="List the projects you can enrol participants in",
)
def list_projects(request: HttpRequest) -> QuerySet[Project]:
    return projects_for(api_user(request))


# --- enrolments -------------------------------------------------------------------


@router.get(
    "/participants/{participant_id}/enrolments",
    response={200: list[EnrolmentOut], **READ_ERRORS},
    summary="List a participant's enrolments",
)
def list_enrolments(request: HttpRequest, participant_id: uuid.UUID) -> QuerySet[Enrolment]:
    user = api_user(request)
    participant = get_participant_for(user, participant_id)
    return (
        enrolments_for(user).filter(participant=participant).prefetch_related(*_ENROLMENT_DETAILS)
    )


@router.post(
    "/participants/{participant_id}/enrolments",
    response={201: EnrolmentOut, **WRITE_ERRORS},
    summary="Enrol a participant in a project",
)
def enrol(
    request: HttpRequest, participant_id: uuid.UUID, payload: EnrolmentIn
) -> tuple[int, Enrolment]:
    """A participant who left the project re-enters it; the first entry date stays."""
    user = api_user(request)
    participant = get_participant_for(user, participant_id)
    project = projects_for(user).filter(pk=payload.project).first()
    if project is None:
        raise DomainError(_("Unknown project."), field="project")
    enrolment = services.enrol(
        user,
        participant,
        project,
        payload.entry_date,
        [source.value for source in payload.income_sources_before],
    )
    return 201, _detailed(enrolment)


@router.get(
    "/enrolments/{enrolment_id}",
    response={200: EnrolmentOut, **READ_ERRORS},
    summary="Show an enrolment with its activities, assessments and follow-ups",
)
def get_enrolment(request: HttpRequest, enrolment_id: RowId) -> Enrolment:
    return _detailed(get_enrolment_for(api_user(request), enrolment_id))


@router.post(
    "/enrolments/{enrolment_id}/activities",
    response={201: ActivityOut, **WRITE_ERRORS},
    summary="Add an activity to an enrolment",
)
def add_activity(
    request: HttpRequest, enrolment_id: RowId, payload: ActivityIn
) -> tuple[int, Activity]:
    user = api_user(request)
    enrolment = get_enrolment_for(user, enrolment_id)
    provider = None
    if payload.provider is not None:
        provider = Organisation.objects.filter(pk=payload.provider).first()
        if provider is None:
            raise DomainError(_("Unknown organisation."), field="provider")
    activity = services.add_activity(
        user,
        enrolment,
        payload.kind.value,
        payload.start_date,
        payload.end_date,
        provider,
        payload.hours_per_week,
        payload.note,
    )
    return 201, activity


@router.post(
    "/enrolments/{enrolment_id}/assessments",
    response={201: AssessmentOut, **WRITE_ERRORS},
    summary="Record a progress assessment",
)
def record_assessment(
    request: HttpRequest, enrolment_id: RowId, payload: AssessmentIn
) -> tuple[int, ProgressAssessment]:
    user = api_user(request)
    enrolment = get_enrolment_for(user, enrolment_id)
    organisation_id = enrolment.participant.organisation_id
    scale = scales_for_organisation(organisation_id).filter(pk=payload.scale).first()
    if scale is None:
        raise DomainError(_("Unknown scale."), field="scale")
    assessment = services.record_assessment(
        user, enrolment, scale, payload.assessed_on, payload.step, payload.note
    )
    return 201, assessment


@router.post(
    "/enrolments/{enrolment_id}/exit",
    response={200: EnrolmentOut, **WRITE_ERRORS},
    summary="Record the exit from a project; the follow-ups are created",
)
def exit_enrolment(request: HttpRequest, enrolment_id: RowId, payload: ExitIn) -> Enrolment:
    user = api_user(request)
    enrolment = get_enrolment_for(user, enrolment_id)
    enrolment = services.exit_enrolment(
        user,
        enrolment,
        payload.exit_date,
        payload.outcome.value,
        payload.qualification_gained,
        [source.value for source in payload.income_sources_after],
    )
    return _detailed(enrolment)


# --- follow-ups -------------------------------------------------------------------


@router.get(
    "/follow-ups",
    response={200: list[FollowUpOut], 401: ErrorOut, 422: ValidationErrorOut},
    summary="List the follow-ups of the participants you may see",
)
def list_follow_ups(request: HttpRequest, filters: Query[FollowUpQuery]) -> QuerySet[FollowUp]:
    today = timezone.localdate()
    # The selector's queryset is a FollowUpQuerySet at run time; its annotation is wider.
    follow_ups = cast(FollowUpQuerySet, follow_ups_for(api_user(request))).select_related(
        "enrolment"
    )
    if filters.state == "due":
        follow_ups = follow_ups.due_by(today)
    elif filters.state == "upcoming":
        window = datetime.timedelta(days=FOLLOW_UP_DUE_WINDOW_DAYS)
        follow_ups = follow_ups.pending().filter(due_date__gt=today + window)
    elif filters.state == "done":
        follow_ups = follow_ups.filter(completed_on__isnull=False)
    return follow_ups.order_by("due_date", "id")


@router.post(
    "/follow-ups/{follow_up_id}/complete",
    response={200: FollowUpOut, **WRITE_ERRORS},
    summary="Record the participant's situation at a follow-up",
)
def complete_follow_up(
    request: HttpRequest, follow_up_id: RowId, payload: FollowUpCompletionIn
) -> FollowUp:
    user = api_user(request)
    follow_up = get_follow_up_for(user, follow_up_id)
    return services.complete_follow_up(
        user,
        follow_up,
        payload.completed_on,
        payload.situation.value,
        payload.better_situation,
        payload.note,
    )
