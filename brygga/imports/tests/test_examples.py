"""The example files in docs/examples import cleanly, in order: the documentation is right."""

from __future__ import annotations

from pathlib import Path

import pytest

from brygga.core.models import Organisation, User
from brygga.journeys.models import Activity, Enrolment
from brygga.people.models import Participant
from brygga.projects.models import Project

from .helpers import errors_of, run

EXAMPLES = Path(__file__).resolve().parents[3] / "docs" / "examples"

pytestmark = pytest.mark.django_db


def test_the_example_files_import_without_errors(
    alice: User, boden: Organisation, asf: Organisation, project: Project
) -> None:
    for kind in ("participants", "enrolments", "activities", "exits"):
        job = run(alice, boden, kind, EXAMPLES / f"{kind}.csv", batch_size=100)
        assert errors_of(job) == [], kind
        assert job.imported_rows > 0
    assert Participant.objects.count() == 4
    assert Enrolment.objects.filter(exit_date__isnull=False).count() == 2
    assert Activity.objects.filter(provider=asf).count() == 1


def test_the_xlsx_example_imports_the_same_people(alice: User, boden: Organisation) -> None:
    job = run(alice, boden, "participants", EXAMPLES / "participants.xlsx", batch_size=100)
    assert errors_of(job) == []
    assert sorted(Participant.objects.values_list("last_name", flat=True)) == [
        "Berg",
        "Hassan",
        "Kovalenko",
        "Lindqvist",
    ]
