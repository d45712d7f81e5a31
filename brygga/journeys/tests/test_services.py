"""The rules of a journey: enrol, activities, progress, exit and follow-up."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.utils import timezone

from brygga.core.errors import ConflictError, DomainError, NotPermitted
from brygga.core.models import Organisation, User
from brygga.journeys import services
from brygga.journeys.models import (
    AssessmentScale,
    Enrolment,
    FollowUp,
    FollowUpKind,
    FollowUpStatus,
)
from brygga.people.models import Participant
from brygga.projects.models import Project

D = datetime.date


@pytest.fixture
def distance_to_work(db: None) -> AssessmentScale:
    return AssessmentScale.objects.get(organisation=None, name="Distance to work")


def exited(alice: User, enrolment: Enrolment, on: datetime.date | None = None) -> Enrolment:
    """Exit on ``on`` (2024-08-31 unless given); the service returns the updated row."""
    return services.exit_enrolment(
        alice, enrolment, on or D(2024, 8, 31), "work", income_sources_after=["salary"]
    )


def follow_up(enrolment: Enrolment, kind: str) -> FollowUp:
    return enrolment.follow_ups.get(kind=kind)


# --- enrol ------------------------------------------------------------------------


def test_enrol_opens_an_enrolment(alice: User, participant: Participant, project: Project) -> None:
    enrolment = services.enrol(
        alice, participant, project, D(2024, 3, 1), ["income_support", "income_support"]
    )
    assert enrolment.entry_date == enrolment.last_entry_date == D(2024, 3, 1)
    assert enrolment.is_open
    assert enrolment.income_sources_before == ["income_support"]
    assert enrolment.created_by == alice


def test_enrol_refuses_a_project_the_organisation_does_not_take_part_in(
    alice: User, participant: Participant, jammerbugt: Organisation
) -> None:
    danish = Project.objects.create(
        owner=jammerbugt, name="Vejen til job", start_date=D(2024, 1, 1)
    )
    with pytest.raises(DomainError) as error:
        services.enrol(alice, participant, danish, D(2024, 3, 1))
    assert error.value.field == "project"


def test_enrol_refuses_an_entry_before_the_project_starts(
    alice: User, participant: Participant, project: Project
) -> None:
    with pytest.raises(DomainError) as error:
        services.enrol(alice, participant, project, D(2024, 1, 1))
    assert error.value.field == "entry_date"


def test_enrol_refuses_an_entry_after_the_project_ends(
    alice: User, participant: Participant, project: Project
) -> None:
    project.end_date = D(2024, 6, 30)
    project.save()
    with pytest.raises(DomainError) as error:
        services.enrol(alice, participant, project, D(2024, 7, 1))
    assert error.value.field == "entry_date"


def test_enrol_refuses_an_unknown_income_source(
    alice: User, participant: Participant, project: Project
) -> None:
    with pytest.raises(DomainError) as error:
        services.enrol(alice, participant, project, D(2024, 3, 1), ["lottery"])
    assert error.value.field == "income_sources_before"


def test_a_second_open_enrolment_in_the_same_project_is_a_conflict(
    alice: User, enrolment: Enrolment
) -> None:
    with pytest.raises(ConflictError):
        services.enrol(alice, enrolment.participant, enrolment.project, D(2024, 4, 1))


def test_re_entry_keeps_the_first_entry_and_drops_pending_follow_ups(
    alice: User, enrolment: Enrolment
) -> None:
    enrolment = exited(alice, enrolment, D(2024, 5, 31))
    services.complete_follow_up(
        alice, follow_up(enrolment, FollowUpKind.DAYS_28), D(2024, 6, 28), "job_seeking"
    )

    again = services.enrol(alice, enrolment.participant, enrolment.project, D(2024, 7, 1))

    assert again.pk == enrolment.pk
    assert again.entry_date == D(2024, 3, 1)
    assert again.last_entry_date == D(2024, 7, 1)
    assert again.exit_date is None
    assert again.exit_outcome == ""
    assert again.income_sources_after == []
    assert [f.kind for f in again.follow_ups.all()] == [FollowUpKind.DAYS_28]


@pytest.mark.parametrize("entry", [D(2024, 5, 30), D(2024, 5, 31)])
def test_re_entry_on_or_before_the_exit_is_refused(
    alice: User, enrolment: Enrolment, entry: datetime.date
) -> None:
    enrolment = exited(alice, enrolment, D(2024, 5, 31))
    with pytest.raises(DomainError) as error:
        services.enrol(alice, enrolment.participant, enrolment.project, entry)
    assert error.value.field == "entry_date"


# --- activities -------------------------------------------------------------------


def test_add_activity_records_it(alice: User, enrolment: Enrolment, asf: Organisation) -> None:
    activity = services.add_activity(
        alice, enrolment, "work_practice", D(2024, 4, 1), None, asf, Decimal(20), " Café "
    )
    assert activity.provider == asf
    assert activity.note == "Café"
    assert list(enrolment.activities.all()) == [activity]


def test_an_activity_before_the_entry_is_refused(alice: User, enrolment: Enrolment) -> None:
    with pytest.raises(DomainError) as error:
        services.add_activity(alice, enrolment, "training", D(2024, 2, 29))
    assert error.value.field == "start_date"


@pytest.mark.parametrize(
    ("start", "end", "field"),
    [
        (D(2024, 9, 1), D(2024, 9, 2), "start_date"),
        (D(2024, 8, 1), D(2024, 9, 1), "end_date"),
        (D(2024, 8, 1), None, "end_date"),
    ],
)
def test_an_activity_after_the_exit_is_refused(
    alice: User,
    enrolment: Enrolment,
    start: datetime.date,
    end: datetime.date | None,
    field: str,
) -> None:
    enrolment = exited(alice, enrolment)
    with pytest.raises(DomainError) as error:
        services.add_activity(alice, enrolment, "training", start, end)
    assert error.value.field == field


def test_an_activity_within_a_closed_enrolment_is_accepted(
    alice: User, enrolment: Enrolment
) -> None:
    enrolment = exited(alice, enrolment)
    activity = services.add_activity(alice, enrolment, "training", D(2024, 8, 1), D(2024, 8, 31))
    assert activity.end_date == D(2024, 8, 31)


def test_an_activity_ending_before_it_starts_is_refused(alice: User, enrolment: Enrolment) -> None:
    with pytest.raises(DomainError) as error:
        services.add_activity(alice, enrolment, "training", D(2024, 4, 2), D(2024, 4, 1))
    assert error.value.field == "end_date"


def test_an_unknown_activity_type_is_refused(alice: User, enrolment: Enrolment) -> None:
    with pytest.raises(DomainError) as error:
        services.add_activity(alice, enrolment, "holiday", D(2024, 4, 1))
    assert error.value.field == "kind"


@pytest.mark.parametrize(
    ("hours", "ok"), [("-0.5", False), ("0", True), ("80", True), ("80.5", False)]
)
def test_hours_a_week_lie_between_0_and_80(
    alice: User, enrolment: Enrolment, hours: str, ok: bool
) -> None:
    def add() -> object:
        return services.add_activity(
            alice, enrolment, "small_job", D(2024, 4, 1), hours_per_week=Decimal(hours)
        )

    if ok:
        add()
    else:
        with pytest.raises(DomainError) as error:
            add()
        assert error.value.field == "hours_per_week"


# --- progress ---------------------------------------------------------------------


def test_record_assessment_records_a_step(
    alice: User, enrolment: Enrolment, distance_to_work: AssessmentScale
) -> None:
    assessment = services.record_assessment(
        alice, enrolment, distance_to_work, D(2024, 4, 1), 5, "Ready"
    )
    assert assessment.step == 5
    assert assessment.recorded_by == alice
    assert distance_to_work.step_label(assessment.step) == "Work-ready"


@pytest.mark.parametrize("step", [0, 6])
def test_a_step_outside_the_scale_is_refused(
    alice: User, enrolment: Enrolment, distance_to_work: AssessmentScale, step: int
) -> None:
    with pytest.raises(DomainError) as error:
        services.record_assessment(alice, enrolment, distance_to_work, D(2024, 4, 1), step)
    assert error.value.field == "step"


def test_a_scale_of_another_organisation_is_refused(
    alice: User, enrolment: Enrolment, jammerbugt: Organisation
) -> None:
    danish = AssessmentScale.objects.create(organisation=jammerbugt, name="Trin", steps=["1", "2"])
    with pytest.raises(DomainError) as error:
        services.record_assessment(alice, enrolment, danish, D(2024, 4, 1), 1)
    assert error.value.field == "scale"


def test_a_scale_of_the_own_organisation_is_accepted(
    alice: User, enrolment: Enrolment, boden: Organisation
) -> None:
    own = AssessmentScale.objects.create(organisation=boden, name="Boden", steps=["low", "high"])
    assert services.record_assessment(alice, enrolment, own, D(2024, 4, 1), 2).step == 2


@pytest.mark.parametrize("day", [D(2024, 2, 29), D(2024, 9, 1)])
def test_an_assessment_outside_the_enrolment_is_refused(
    alice: User, enrolment: Enrolment, distance_to_work: AssessmentScale, day: datetime.date
) -> None:
    enrolment = exited(alice, enrolment)
    with pytest.raises(DomainError) as error:
        services.record_assessment(alice, enrolment, distance_to_work, day, 3)
    assert error.value.field == "assessed_on"


# --- exit -------------------------------------------------------------------------


def test_exit_creates_follow_ups_at_28_days_and_6_months(alice: User, enrolment: Enrolment) -> None:
    enrolment = exited(alice, enrolment, D(2024, 8, 31))
    assert enrolment.exit_outcome == "work"
    assert enrolment.income_sources_after == ["salary"]
    due = {f.kind: f.due_date for f in enrolment.follow_ups.all()}
    assert due == {FollowUpKind.DAYS_28: D(2024, 9, 28), FollowUpKind.MONTHS_6: D(2025, 2, 28)}


def test_exit_before_the_entry_is_refused(alice: User, enrolment: Enrolment) -> None:
    with pytest.raises(DomainError) as error:
        exited(alice, enrolment, D(2024, 2, 29))
    assert error.value.field == "exit_date"


def test_exit_in_the_future_is_refused(alice: User, enrolment: Enrolment) -> None:
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(DomainError) as error:
        exited(alice, enrolment, tomorrow)
    assert error.value.field == "exit_date"


def test_exit_twice_is_a_conflict(alice: User, enrolment: Enrolment) -> None:
    enrolment = exited(alice, enrolment)
    with pytest.raises(ConflictError):
        exited(alice, enrolment, D(2024, 9, 30))


def test_exit_refuses_an_unknown_outcome(alice: User, enrolment: Enrolment) -> None:
    with pytest.raises(DomainError) as error:
        services.exit_enrolment(alice, enrolment, D(2024, 8, 31), "lottery")
    assert error.value.field == "exit_outcome"


def test_exit_ends_open_activities_on_the_exit_date(alice: User, enrolment: Enrolment) -> None:
    ongoing = services.add_activity(alice, enrolment, "small_job", D(2024, 4, 1))
    ended = services.add_activity(alice, enrolment, "training", D(2024, 4, 1), D(2024, 5, 1))
    enrolment = exited(alice, enrolment, D(2024, 8, 31))
    ongoing.refresh_from_db()
    ended.refresh_from_db()
    assert ongoing.end_date == D(2024, 8, 31)
    assert ended.end_date == D(2024, 5, 1)


def test_exit_refuses_while_an_activity_continues_after_it(
    alice: User, enrolment: Enrolment
) -> None:
    services.add_activity(alice, enrolment, "job", D(2024, 4, 1), D(2024, 9, 30))
    with pytest.raises(DomainError) as error:
        exited(alice, enrolment, D(2024, 8, 31))
    assert error.value.field == "exit_date"
    enrolment.refresh_from_db()
    assert enrolment.is_open
    assert not enrolment.follow_ups.exists()


# --- follow-up status -------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "status"),
    [
        (D(2025, 2, 13), FollowUpStatus.UPCOMING),
        (D(2025, 2, 14), FollowUpStatus.DUE),  # 14 days before the due date
        (D(2025, 2, 28), FollowUpStatus.DUE),
        (D(2025, 3, 1), FollowUpStatus.OVERDUE),
    ],
)
def test_follow_up_status_at_its_boundaries(today: datetime.date, status: FollowUpStatus) -> None:
    assert FollowUp(due_date=D(2025, 2, 28)).status(today) == status


def test_a_completed_follow_up_is_done_whatever_the_day() -> None:
    done = FollowUp(due_date=D(2025, 2, 28), completed_on=D(2025, 3, 10))
    assert done.status(D(2026, 1, 1)) == FollowUpStatus.DONE


# --- completing a follow-up -------------------------------------------------------


def test_complete_follow_up_records_the_situation(alice: User, enrolment: Enrolment) -> None:
    enrolment = exited(alice, enrolment)
    task = follow_up(enrolment, FollowUpKind.MONTHS_6)
    done = services.complete_follow_up(alice, task, D(2025, 3, 1), "work", True, " Full time ")
    assert done.status() == FollowUpStatus.DONE
    assert (done.situation, done.better_situation, done.note) == ("work", True, "Full time")


def test_a_follow_up_is_completed_once(alice: User, enrolment: Enrolment) -> None:
    enrolment = exited(alice, enrolment)
    task = follow_up(enrolment, FollowUpKind.DAYS_28)
    services.complete_follow_up(alice, task, D(2024, 9, 28), "work")
    with pytest.raises(ConflictError):
        services.complete_follow_up(alice, task, D(2024, 9, 29), "work")


@pytest.mark.parametrize(
    ("day", "situation", "field"),
    [
        (D(2024, 9, 28), "lottery", "situation"),
        (D(2024, 8, 30), "work", "completed_on"),
        (datetime.date.max, "work", "completed_on"),
    ],
)
def test_complete_follow_up_refuses_bad_input(
    alice: User, enrolment: Enrolment, day: datetime.date, situation: str, field: str
) -> None:
    enrolment = exited(alice, enrolment)
    with pytest.raises(DomainError) as error:
        services.complete_follow_up(
            alice, follow_up(enrolment, FollowUpKind.DAYS_28), day, situation
        )
    assert error.value.field == field


# --- permissions ------------------------------------------------------------------


def test_an_analyst_may_not_change_journeys(
    bob: User, alice: User, enrolment: Enrolment, distance_to_work: AssessmentScale
) -> None:
    attempts: list[Callable[[], object]] = [
        lambda: services.enrol(bob, enrolment.participant, enrolment.project, D(2024, 4, 1)),
        lambda: services.add_activity(bob, enrolment, "training", D(2024, 4, 1)),
        lambda: services.record_assessment(bob, enrolment, distance_to_work, D(2024, 4, 1), 2),
        lambda: services.exit_enrolment(bob, enrolment, D(2024, 8, 31), "work"),
    ]
    for attempt in attempts:
        with pytest.raises(NotPermitted):
            attempt()
    enrolment = exited(alice, enrolment)
    with pytest.raises(NotPermitted):
        services.complete_follow_up(
            bob, follow_up(enrolment, FollowUpKind.DAYS_28), D(2024, 9, 28), "work"
        )


def test_an_outsider_may_not_change_journeys(olga: User, enrolment: Enrolment) -> None:
    with pytest.raises(NotPermitted):
        services.add_activity(olga, enrolment, "training", D(2024, 4, 1))
