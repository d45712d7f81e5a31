"""Every change of a journey: enrol, add activities, assess progress, exit, follow up."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from brygga.core.errors import ConflictError, DomainError
from brygga.core.models import Organisation, User
from brygga.people.models import Participant
from brygga.people.services import check_personal_data_access
from brygga.projects.models import Project

from .models import (
    Activity,
    ActivityKind,
    AssessmentScale,
    Enrolment,
    ExitOutcome,
    FollowUp,
    FollowUpKind,
    IncomeSource,
    ProgressAssessment,
)

#: When the follow-up tasks created on exit fall due (ESF+ immediate and
#: longer-term results, Regulation (EU) 2021/1057 Annex I).
FOLLOW_UP_DELAYS: dict[str, relativedelta] = {
    FollowUpKind.DAYS_28: relativedelta(days=28),
    FollowUpKind.MONTHS_6: relativedelta(months=6),
}


def _not_in_future(day: datetime.date, field: str) -> None:
    if day > timezone.localdate():
        raise DomainError(_("The date is in the future."), field=field)


def _check_income_sources(sources: Sequence[str], field: str) -> list[str]:
    unknown = set(sources) - set(IncomeSource.values)
    if unknown:
        raise DomainError(_("Unknown income source."), field=field)
    return sorted(set(sources))


def project_open_to(project: Project, organisation: Organisation) -> bool:
    return (
        project.owner_id == organisation.pk or project.partners.filter(pk=organisation.pk).exists()
    )


@transaction.atomic
def enrol(
    actor: User,
    participant: Participant,
    project: Project,
    entry_date: datetime.date,
    income_sources_before: Sequence[str] = (),
) -> Enrolment:
    """Enrol ``participant`` in ``project``; a re-entry reopens the earlier enrolment."""
    check_personal_data_access(actor, participant.organisation)
    if not project_open_to(project, participant.organisation):
        raise DomainError(
            _("The participant's organisation does not take part in this project."),
            field="project",
        )
    _not_in_future(entry_date, "entry_date")
    if entry_date < project.start_date or (project.end_date and entry_date > project.end_date):
        raise DomainError(_("The entry date is outside the project's period."), field="entry_date")
    sources = _check_income_sources(income_sources_before, "income_sources_before")
    existing = (
        Enrolment.objects.select_for_update()
        .filter(participant=participant, project=project)
        .first()
    )
    if existing is None:
        return Enrolment.objects.create(
            participant=participant,
            project=project,
            entry_date=entry_date,
            last_entry_date=entry_date,
            income_sources_before=sources,
            created_by=actor,
        )
    if existing.exit_date is None:
        raise ConflictError(
            _("The participant is already enrolled in this project."), field="project"
        )
    if entry_date <= existing.exit_date:
        raise DomainError(_("A re-entry must come after the previous exit."), field="entry_date")
    # Re-entry: the same participant in the same project keeps the first entry
    # date; the exit and its results are recorded anew.
    existing.last_entry_date = entry_date
    existing.exit_date = None
    existing.exit_outcome = ""
    existing.qualification_gained = False
    existing.income_sources_after = []
    existing.save()
    existing.follow_ups.filter(completed_on__isnull=True).delete()
    return existing


def _check_within_enrolment(
    enrolment: Enrolment, start: datetime.date, end: datetime.date | None
) -> None:
    if start < enrolment.entry_date:
        raise DomainError(_("The activity starts before the enrolment."), field="start_date")
    if enrolment.exit_date is not None:
        if start > enrolment.exit_date:
            raise DomainError(_("The activity starts after the exit."), field="start_date")
        if end is None or end > enrolment.exit_date:
            raise DomainError(_("The activity ends after the exit."), field="end_date")
    if end is not None and end < start:
        raise DomainError(_("The end date is before the start date."), field="end_date")


@transaction.atomic
def add_activity(
    actor: User,
    enrolment: Enrolment,
    kind: str,
    start_date: datetime.date,
    end_date: datetime.date | None = None,
    provider: Organisation | None = None,
    hours_per_week: Decimal | None = None,
    note: str = "",
) -> Activity:
    check_personal_data_access(actor, enrolment.participant.organisation)
    if kind not in ActivityKind.values:
        raise DomainError(_("Unknown type of activity."), field="kind")
    _check_within_enrolment(enrolment, start_date, end_date)
    if hours_per_week is not None and not Decimal(0) <= hours_per_week <= Decimal(80):
        raise DomainError(_("Hours must be between 0 and 80."), field="hours_per_week")
    return Activity.objects.create(
        enrolment=enrolment,
        kind=kind,
        provider=provider,
        start_date=start_date,
        end_date=end_date,
        hours_per_week=hours_per_week,
        note=note.strip(),
    )


@transaction.atomic
def record_assessment(
    actor: User,
    enrolment: Enrolment,
    scale: AssessmentScale,
    assessed_on: datetime.date,
    step: int,
    note: str = "",
) -> ProgressAssessment:
    organisation = enrolment.participant.organisation
    check_personal_data_access(actor, organisation)
    if scale.organisation_id not in (None, organisation.pk):
        raise DomainError(_("This scale belongs to another organisation."), field="scale")
    if not 1 <= step <= scale.step_count:
        raise DomainError(
            _("Choose a step from 1 to %(count)d.") % {"count": scale.step_count}, field="step"
        )
    _not_in_future(assessed_on, "assessed_on")
    if assessed_on < enrolment.entry_date or (
        enrolment.exit_date is not None and assessed_on > enrolment.exit_date
    ):
        raise DomainError(_("The date is outside the enrolment."), field="assessed_on")
    return ProgressAssessment.objects.create(
        enrolment=enrolment,
        scale=scale,
        assessed_on=assessed_on,
        step=step,
        note=note.strip(),
        recorded_by=actor,
    )


@transaction.atomic
def exit_enrolment(
    actor: User,
    enrolment: Enrolment,
    exit_date: datetime.date,
    outcome: str,
    qualification_gained: bool = False,
    income_sources_after: Sequence[str] = (),
) -> Enrolment:
    """Record the exit; open-ended activities end on the exit date; follow-ups are created."""
    check_personal_data_access(actor, enrolment.participant.organisation)
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if enrolment.exit_date is not None:
        raise ConflictError(_("The participant has already left this project."))
    if outcome not in ExitOutcome.values:
        raise DomainError(_("Choose an outcome."), field="exit_outcome")
    if exit_date < enrolment.last_entry_date:
        raise DomainError(_("The exit date is before the entry date."), field="exit_date")
    _not_in_future(exit_date, "exit_date")
    if enrolment.activities.filter(
        Q(start_date__gt=exit_date) | Q(end_date__gt=exit_date)
    ).exists():
        raise DomainError(
            _("An activity continues after this exit date; change the activity first."),
            field="exit_date",
        )
    enrolment.activities.filter(end_date__isnull=True).update(end_date=exit_date)
    enrolment.exit_date = exit_date
    enrolment.exit_outcome = outcome
    enrolment.qualification_gained = qualification_gained
    enrolment.income_sources_after = _check_income_sources(
        income_sources_after, "income_sources_after"
    )
    enrolment.save()
    enrolment.follow_ups.filter(completed_on__isnull=True).delete()
    for kind, delay in FOLLOW_UP_DELAYS.items():
        FollowUp.objects.update_or_create(
            enrolment=enrolment,
            kind=kind,
            defaults={"due_date": exit_date + delay, "completed_on": None},
        )
    return enrolment


@transaction.atomic
def complete_follow_up(
    actor: User,
    follow_up: FollowUp,
    completed_on: datetime.date,
    situation: str,
    better_situation: bool | None = None,
    note: str = "",
) -> FollowUp:
    enrolment = follow_up.enrolment
    check_personal_data_access(actor, enrolment.participant.organisation)
    if follow_up.completed_on is not None:
        raise ConflictError(_("This follow-up is already done."))
    if situation not in ExitOutcome.values:
        raise DomainError(_("Choose the participant's situation."), field="situation")
    _not_in_future(completed_on, "completed_on")
    if enrolment.exit_date is None or completed_on < enrolment.exit_date:
        raise DomainError(_("A follow-up is recorded after the exit."), field="completed_on")
    follow_up.completed_on = completed_on
    follow_up.situation = situation
    follow_up.better_situation = better_situation
    follow_up.note = note.strip()
    follow_up.save()
    return follow_up
