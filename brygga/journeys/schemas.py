"""Shapes of journeys in the API: enrolments, activities, assessments, exits, follow-ups."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal
from typing import Literal

from ninja import Schema
from pydantic import Field

from brygga.people.schemas import Day, Note, ParticipantOut, RowId

from .models import (
    ActivityKind,
    ExitOutcome,
    FollowUp,
    FollowUpStatus,
    IncomeSource,
    ProgressAssessment,
)

IncomeSources = list[IncomeSource]

FollowUpState = Literal["due", "upcoming", "done"]


# --- input ------------------------------------------------------------------------


class EnrolmentIn(Schema):
    project: RowId
    entry_date: Day
    income_sources_before: IncomeSources = Field(default_factory=list, max_length=20)


class ActivityIn(Schema):
    kind: ActivityKind
    start_date: Day
    end_date: Day | None = None
    provider: RowId | None = Field(None, description="The organisation that provides it.")
    hours_per_week: Decimal | None = Field(None, ge=0, le=80, max_digits=3, decimal_places=1)
    note: Note = ""


class AssessmentIn(Schema):
    scale: RowId
    assessed_on: Day
    step: int = Field(ge=1, le=100, description="1 is the scale's lowest step.")
    note: Note = ""


class ExitIn(Schema):
    exit_date: Day
    outcome: ExitOutcome
    qualification_gained: bool = False
    income_sources_after: IncomeSources = Field(default_factory=list, max_length=20)


class FollowUpCompletionIn(Schema):
    completed_on: Day
    situation: ExitOutcome
    better_situation: bool | None = None
    note: Note = ""


class FollowUpQuery(Schema):
    state: FollowUpState | None = Field(
        None, description="due (includes overdue), upcoming or done; all when left out."
    )


# --- output -----------------------------------------------------------------------


class ProjectSummaryOut(Schema):
    id: int
    name: str
    diarienummer: str
    owner: int = Field(validation_alias="owner_id")
    start_date: datetime.date
    end_date: datetime.date | None


class ActivityOut(Schema):
    id: int
    kind: ActivityKind
    provider: int | None = Field(validation_alias="provider_id")
    start_date: datetime.date
    end_date: datetime.date | None
    hours_per_week: float | None
    note: str


class AssessmentOut(Schema):
    id: int
    scale: int = Field(validation_alias="scale_id")
    scale_name: str
    assessed_on: datetime.date
    step: int
    step_label: str
    note: str

    @staticmethod
    def resolve_scale_name(obj: ProgressAssessment) -> str:
        return obj.scale.name

    @staticmethod
    def resolve_step_label(obj: ProgressAssessment) -> str:
        return obj.scale.step_label(obj.step)


class FollowUpOut(Schema):
    id: int
    enrolment: int = Field(validation_alias="enrolment_id")
    participant: uuid.UUID
    kind: str
    due_date: datetime.date
    status: FollowUpStatus
    completed_on: datetime.date | None
    situation: str
    better_situation: bool | None
    note: str

    @staticmethod
    def resolve_participant(obj: FollowUp) -> uuid.UUID:
        return obj.enrolment.participant_id

    @staticmethod
    def resolve_status(obj: FollowUp) -> str:
        return obj.status().value


class EnrolmentOut(Schema):
    id: int
    participant: uuid.UUID = Field(validation_alias="participant_id")
    project: ProjectSummaryOut
    entry_date: datetime.date
    last_entry_date: datetime.date = Field(description="The latest re-entry; else the entry.")
    income_sources_before: list[str]
    exit_date: datetime.date | None
    exit_outcome: str
    qualification_gained: bool
    income_sources_after: list[str]
    activities: list[ActivityOut]
    assessments: list[AssessmentOut]
    follow_ups: list[FollowUpOut]


class ParticipantDetailOut(ParticipantOut):
    """A participant with competence profile, consents and journey."""

    enrolments: list[EnrolmentOut]
