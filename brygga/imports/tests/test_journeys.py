"""Importing enrolments, activities and exits: each row through the journeys services."""

from __future__ import annotations

from pathlib import Path

import pytest

from brygga.core.models import Organisation, User
from brygga.journeys.models import Activity, Enrolment, FollowUp
from brygga.people.models import Participant
from brygga.projects.models import Project

from .helpers import errors_of, run, write_csv

pytestmark = pytest.mark.django_db


@pytest.fixture
def people_file(alice: User, boden: Organisation, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "people.csv",
        ["external_id", "first_name", "last_name", "identity_number"],
        [["P1", "Anna", "Berg", "19900517-1237"], ["P2", "Erik", "Holm", ""]],
    )
    assert run(alice, boden, "participants", path).imported_rows == 2


def test_enrolments_activities_and_exits_go_through_the_services(
    alice: User,
    boden: Organisation,
    asf: Organisation,
    project: Project,
    people_file: None,
    tmp_path: Path,
) -> None:
    enrolments = write_csv(
        tmp_path / "enrolments.csv",
        [
            "external_id",
            "participant_external_id",
            "identity_number",
            "project",
            "entry_date",
            "income_sources_before",
        ],
        [
            ["E1", "P1", "", "23-051-S06", "2024-03-01", "income_support;other"],
            ["E2", "", "199005171237", str(project.pk), "2024-04-01", ""],  # already enrolled
            ["E3", "P2", "", "23-051-S06", "2023-01-01", ""],  # before the project starts
            ["E4", "P9", "", "23-051-S06", "2024-03-01", ""],  # no such participant
            ["E5", "P2", "", "NO-SUCH", "2024-03-01", "salary;bread"],  # two bad cells
            ["E6", "P2", "", "23-051-S06", "2024-05-02", ""],
        ],
    )
    job = run(alice, boden, "enrolments", enrolments)
    assert (job.imported_rows, job.failed_rows) == (2, 4)
    assert errors_of(job) == [
        (3, "project"),
        (4, "entry_date"),
        (5, "participant_external_id"),
        (6, "project"),
        (6, "income_sources_before"),
    ]
    anna = Enrolment.objects.get(participant__first_name="Anna")
    assert anna.income_sources_before == ["income_support", "other"]

    activities = write_csv(
        tmp_path / "activities.csv",
        [
            "external_id",
            "enrolment_external_id",
            "kind",
            "start_date",
            "end_date",
            "hours_per_week",
            "provider",
        ],
        [
            ["A1", "E1", "training", "2024-03-05", "2024-04-30", "20", "Grön Framtid ASF"],
            ["A2", "E1", "work_practice", "2024-02-01", "", "20", ""],  # before the enrolment
            ["A3", "E6", "job", "2024-06-01", "", "90", ""],  # too many hours
            ["A4", "E6", "job", "2024-06-01", "", "40", "Nobody AB"],
            ["A5", "E6", "job", "2024-06-01", "", "40,5", ""],
        ],
    )
    job = run(alice, boden, "activities", activities)
    assert errors_of(job) == [(3, "start_date"), (4, "hours_per_week"), (5, "provider")]
    assert Activity.objects.count() == 2
    assert Activity.objects.get(kind="training").provider == asf

    exits = write_csv(
        tmp_path / "exits.csv",
        ["enrolment_external_id", "exit_date", "outcome", "qualification_gained"],
        [
            ["E1", "2024-06-01", "work", "yes"],
            ["E6", "2024-05-01", "studies", "no"],  # before the entry
            ["E6", "2024-08-01", "party", "no"],  # unknown outcome
        ],
    )
    job = run(alice, boden, "exits", exits)
    assert errors_of(job) == [(3, "exit_date"), (4, "outcome")]
    exited = Enrolment.objects.get(pk=anna.pk)
    assert exited.exit_outcome == "work" and exited.qualification_gained
    assert FollowUp.objects.filter(enrolment=exited).count() == 2

    again = run(alice, boden, "exits", exits)
    assert (again.imported_rows, again.skipped_rows) == (0, 1)
    assert Enrolment.objects.count() == 2


def test_a_dry_run_of_enrolments_writes_nothing(
    alice: User, boden: Organisation, project: Project, people_file: None, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "enrolments.csv",
        ["external_id", "participant_external_id", "project", "entry_date"],
        [["E1", "P1", "23-051-S06", "2024-03-01"], ["E1", "P2", "23-051-S06", "2024-03-01"]],
    )
    job = run(alice, boden, "enrolments", path, dry_run=True)
    assert (job.imported_rows, job.failed_rows) == (1, 1)
    assert not Enrolment.objects.exists()


def test_participants_of_another_organisation_cannot_be_reached(
    olga: User, jammerbugt: Organisation, project: Project, people_file: None, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "enrolments.csv",
        ["external_id", "participant_external_id", "identity_number", "project", "entry_date"],
        [
            ["E1", "P1", "", "23-051-S06", "2024-03-01"],
            ["E2", "", "199005171237", str(project.pk), "2024-03-01"],
        ],
    )
    job = run(olga, jammerbugt, "enrolments", path)
    assert errors_of(job) == [(2, "participant_external_id"), (3, "identity_number")]
    assert Participant.objects.filter(organisation=jammerbugt).count() == 0
    assert not Enrolment.objects.exists()
