"""Read queries for journeys, always through ``participants_for``."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from brygga.core import audit
from brygga.core.models import User
from brygga.core.selectors import personal_data_organisations
from brygga.people.models import Participant
from brygga.people.selectors import participants_for
from brygga.projects.models import Project

from .models import AssessmentScale, Enrolment, FollowUp


def enrolments_for(user: User | AnonymousUser) -> QuerySet[Enrolment]:
    return Enrolment.objects.filter(participant__in=participants_for(user))


def get_enrolment_for(user: User | AnonymousUser, enrolment_id: object) -> Enrolment:
    enrolment = get_object_or_404(
        enrolments_for(user).select_related("participant", "project"), pk=enrolment_id
    )
    _require_reason(user, enrolment.participant)
    return enrolment


def _require_reason(user: User | AnonymousUser, participant: Participant) -> None:
    if isinstance(user, User):
        audit.require_reason(user, participant.pk, participant.case_worker_id)


def follow_ups_for(user: User | AnonymousUser) -> QuerySet[FollowUp]:
    return FollowUp.objects.filter(enrolment__participant__in=participants_for(user))


def get_follow_up_for(user: User | AnonymousUser, follow_up_id: object) -> FollowUp:
    follow_up = get_object_or_404(
        follow_ups_for(user).select_related("enrolment__participant", "enrolment__project"),
        pk=follow_up_id,
    )
    _require_reason(user, follow_up.enrolment.participant)
    return follow_up


def projects_for(user: User | AnonymousUser) -> QuerySet[Project]:
    """Projects ``user``'s organisations own or take part in (to enrol participants)."""
    organisations = personal_data_organisations(user)
    return (
        Project.objects.filter(Q(owner__in=organisations) | Q(partners__in=organisations))
        .distinct()
        .order_by("name")
    )


def scales_for_organisation(organisation_id: int) -> QuerySet[AssessmentScale]:
    return AssessmentScale.objects.filter(
        Q(organisation__isnull=True) | Q(organisation_id=organisation_id)
    )
