"""Template helpers of the journey pages: a participant's journeys as timelines."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django import template
from django.db.models import Model
from django.utils import timezone

from brygga.journeys.forms import step_name
from brygga.journeys.models import Enrolment, FollowUpStatus, IncomeSource, ProgressAssessment
from brygga.people.models import Participant

register = template.Library()

#: Order of events that fall on the same day.
_RANK = {"entry": 0, "reentry": 0, "activity": 1, "assessment": 2, "exit": 3, "follow_up": 4}


@dataclass(frozen=True)
class Event:
    """One dated point on a journey's timeline; ``item`` is the row it shows."""

    date: datetime.date
    kind: str
    item: Model
    status: FollowUpStatus | None = None


@dataclass
class Journey:
    enrolment: Enrolment
    events: list[Event] = field(default_factory=list)
    pending_follow_ups: list[Model] = field(default_factory=list)


def timeline(enrolment: Enrolment, today: datetime.date) -> Journey:
    """The enrolment's events in date order; reads only prefetched relations."""
    events = [Event(enrolment.entry_date, "entry", enrolment)]
    if enrolment.last_entry_date != enrolment.entry_date:
        events.append(Event(enrolment.last_entry_date, "reentry", enrolment))
    events += [Event(a.start_date, "activity", a) for a in enrolment.activities.all()]
    events += [Event(a.assessed_on, "assessment", a) for a in enrolment.assessments.all()]
    if enrolment.exit_date is not None:
        events.append(Event(enrolment.exit_date, "exit", enrolment))
    journey = Journey(enrolment)
    for follow_up in enrolment.follow_ups.all():
        status = follow_up.status(today)
        day = follow_up.completed_on or follow_up.due_date
        events.append(Event(day, "follow_up", follow_up, status))
        if status != FollowUpStatus.DONE:
            journey.pending_follow_ups.append(follow_up)
    journey.events = sorted(events, key=lambda e: (e.date, _RANK[e.kind]))
    return journey


@register.simple_tag
def journeys_of(participant: Participant) -> list[Journey]:
    """The participant's enrolments, newest entry first, each with its timeline.

    ``participant`` comes from ``get_participant_for``, so the data is already
    scoped to what the user may see; the query count does not grow with the journey.
    """
    enrolments = participant.enrolments.select_related("project").prefetch_related(
        "activities__provider", "assessments__scale", "follow_ups"
    )
    today = timezone.localdate()
    return [timeline(enrolment, today) for enrolment in enrolments]


@register.filter
def income_sources(codes: Iterable[str]) -> str:
    """Income-source codes as a comma-separated list of their labels."""
    labels = dict(IncomeSource.choices)
    return ", ".join(str(labels.get(code, code)) for code in codes)


@register.filter
def step_name_of(assessment: ProgressAssessment) -> str:
    """The translated name of the assessment's step ("" for a bare number)."""
    return step_name(assessment.scale, assessment.step)
