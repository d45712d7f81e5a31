"""Read queries for participants.

``participants_for(user)`` is the one door to participant data: every view,
API call, export and search starts from it, so that a user only ever sees the
participants of organisations in which they hold a personal-data role.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from brygga.core import audit
from brygga.core.crypto import lookup_hash
from brygga.core.models import User
from brygga.core.selectors import personal_data_organisations

from . import rules
from .identity import InvalidIdentityNumber, parse_identity_number
from .models import Participant
from .rules import TargetGroup


def participants_for(user: User | AnonymousUser) -> QuerySet[Participant]:
    """All participants ``user`` may see as persons."""
    # The organisations are fetched first (a user has a few): with their ids as
    # constants PostgreSQL walks the (organisation, last name, first name) index
    # in order and stops after a page, instead of sorting a whole organisation
    # (docs/performance.md has both plans).
    organisation_ids = list(personal_data_organisations(user).values_list("pk", flat=True))
    return Participant.objects.filter(organisation_id__in=organisation_ids)


def get_participant_for(user: User | AnonymousUser, participant_id: object) -> Participant:
    """One participant ``user`` may see, or 404 (an outsider cannot tell it exists).

    Opening a record in another case worker's caseload needs a reason
    (``audit.ReasonRequired`` until one is given).
    """
    participant = get_object_or_404(
        participants_for(user).select_related("organisation", "case_worker"), pk=participant_id
    )
    if isinstance(user, User):
        audit.require_reason(user, participant.pk, participant.case_worker_id)
    return participant


def _born_on_or_before(day: datetime.date, years: int) -> Q:
    """People at least ``years`` old on ``day``."""
    return Q(birth_date__lte=day - relativedelta(years=years))


def _born_after(day: datetime.date, years: int) -> Q:
    """People younger than ``years`` on ``day``."""
    return Q(birth_date__gt=day - relativedelta(years=years))


def target_group_q(group: TargetGroup, on: datetime.date) -> Q:
    """The database form of ``rules.target_groups`` for one group on day ``on``."""
    if group == TargetGroup.YOUNG_OUTSIDE_SCHOOL:
        return (
            _born_on_or_before(on, rules.YOUNG_MIN_AGE)
            & _born_after(on, rules.YOUNG_MAX_AGE + 1)
            & Q(in_upper_secondary_school=False)
            & (Q(education_level__isnull=True) | Q(education_level__lt=rules.UPPER_SECONDARY_ISCED))
        )
    if group == TargetGroup.INCOME_SUPPORT:
        return (
            Q(income_support=True)
            & _born_on_or_before(on, rules.INCOME_SUPPORT_MIN_AGE)
            & _born_after(on, rules.INCOME_SUPPORT_MAX_AGE + 1)
        )
    if group == TargetGroup.LONG_TERM_UNEMPLOYED:
        young = _born_after(on, rules.LONG_TERM_UNEMPLOYED_YOUNG_BELOW_AGE)
        unemployed_since = Q(labour_market_status="unemployed")
        return (
            Q(labour_market_status="long_term_unemployed")
            | (
                unemployed_since
                & young
                & Q(
                    labour_market_status_since__lte=on
                    - relativedelta(months=rules.LONG_TERM_UNEMPLOYED_MONTHS_YOUNG)
                )
            )
            | (
                unemployed_since
                & ~young
                & Q(
                    labour_market_status_since__lte=on
                    - relativedelta(months=rules.LONG_TERM_UNEMPLOYED_MONTHS)
                )
            )
        )
    if group == TargetGroup.LONG_TERM_SICK_LEAVE:
        return Q(
            sick_leave=True,
            sick_leave_since__lte=on - datetime.timedelta(days=rules.LONG_TERM_SICK_LEAVE_DAYS),
        )
    if group == TargetGroup.FOREIGN_BACKGROUND:
        return Q(foreign_background=True)
    if group == TargetGroup.THIRD_COUNTRY_NATIONAL:
        return Q(third_country_national=True)
    raise ValueError(group)


class ParticipantStatus:
    """Where a participant stands, derived from enrolments."""

    REGISTERED = "registered"
    ACTIVE = "active"
    EXITED = "exited"

    CHOICES = (
        (REGISTERED, _("Registered, not enrolled")),
        (ACTIVE, _("Active")),
        (EXITED, _("Exited")),
    )


@dataclass(frozen=True)
class ParticipantFilter:
    text: str = ""
    target_group: str = ""
    status: str = ""
    project_id: int | None = None


def is_identity_number_term(term: str) -> bool:
    """A search word that may be an identity number (10 or more digits, maybe with - or +)."""
    digits = term.replace("-", "").replace("+", "")
    return digits.isdigit() and len(digits) >= 10


def identity_number_hashes(term: str) -> list[str]:
    """Look-up hashes of ``term`` read as a Swedish or a Danish identity number.

    Numbers are stored encrypted, so a search finds a person by the whole
    number (in any of its usual forms), never by a part of it.
    """
    hashes = []
    for country in ("SE", "DK"):
        try:
            hashes.append(lookup_hash(parse_identity_number(term, country).number))
        except InvalidIdentityNumber:
            continue
    return hashes


def search_participants(
    user: User | AnonymousUser, criteria: ParticipantFilter, on: datetime.date | None = None
) -> QuerySet[Participant]:
    """Participants visible to ``user`` that meet ``criteria``, in name order."""
    # Imported here: journeys depends on people, not the other way round at import time.
    from brygga.journeys.models import Enrolment

    on = on or timezone.localdate()
    qs = participants_for(user)
    for term in criteria.text.split():
        term_q = Q(first_name__icontains=term) | Q(last_name__icontains=term)
        if is_identity_number_term(term):
            term_q |= Q(identity_number_hash__in=identity_number_hashes(term))
        qs = qs.filter(term_q)
    if criteria.target_group:
        qs = qs.filter(target_group_q(TargetGroup(criteria.target_group), on))
    enrolments = Enrolment.objects.filter(participant=OuterRef("pk"))
    if criteria.status == ParticipantStatus.REGISTERED:
        qs = qs.filter(~Exists(enrolments))
    elif criteria.status == ParticipantStatus.ACTIVE:
        qs = qs.filter(Exists(enrolments.filter(exit_date__isnull=True)))
    elif criteria.status == ParticipantStatus.EXITED:
        qs = qs.filter(Exists(enrolments)).exclude(
            Exists(enrolments.filter(exit_date__isnull=True))
        )
    if criteria.project_id is not None:
        qs = qs.filter(Exists(enrolments.filter(project_id=criteria.project_id)))
    return qs.order_by("last_name", "first_name", "id")


def participant_status(participant: Participant) -> str:
    enrolments = list(participant.enrolments.all())
    if not enrolments:
        return ParticipantStatus.REGISTERED
    if any(e.exit_date is None for e in enrolments):
        return ParticipantStatus.ACTIVE
    return ParticipantStatus.EXITED
