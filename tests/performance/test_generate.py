"""`brygga generate`: deterministic, valid by the services' rules, complete."""

from __future__ import annotations

import csv
import datetime
import random
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db.models import Count

from brygga.devtools.generate import PARTICIPANT_FILE_COLUMNS, people, write_participant_csv
from brygga.journeys.models import Activity, Enrolment, FollowUp
from brygga.journeys.services import _check_within_enrolment
from brygga.people.models import CompetenceProfile, Participant
from brygga.people.services import ParticipantData, _apply


def test_people_are_deterministic_for_a_seed() -> None:
    day = datetime.date(2026, 1, 1)
    homes = [("SE", "Boden"), ("DK", "Jammerbugt")]
    first = list(people(random.Random(7), 50, homes, day))
    again = list(people(random.Random(7), 50, homes, day))
    other = list(people(random.Random(8), 50, homes, day))
    assert first == again
    assert first != other


@pytest.mark.django_db
def test_generate_writes_a_valid_world() -> None:
    call_command("generate", participants=600, seed=3, batch_size=128)
    assert Participant.objects.count() == 600
    assert CompetenceProfile.objects.count() == 600
    per_org = Participant.objects.values("organisation").annotate(n=Count("id"))
    assert len(per_org) == 2
    numbers = [(p.organisation_id, p.identity_number) for p in Participant.objects.all()]
    assert len(set(numbers)) == 600  # identity numbers are unique within an organisation
    for participant in Participant.objects.select_related("organisation")[:200]:
        data = ParticipantData.from_participant(participant)
        data.birth_date = None  # derived from the number again
        _apply(Participant(organisation=participant.organisation), data)
    assert Enrolment.objects.count() > 400
    for enrolment in Enrolment.objects.prefetch_related("activities")[:200]:
        for activity in enrolment.activities.all():
            _check_within_enrolment(enrolment, activity.start_date, activity.end_date)
    exited = Enrolment.objects.filter(exit_date__isnull=False).count()
    assert FollowUp.objects.count() == 2 * exited
    assert Activity.objects.exists()
    # Id sequences continue after the generated rows: the ORM can add more.
    first = Enrolment.objects.first()
    assert first is not None
    added = Activity.objects.create(enrolment=first, kind="training", start_date=first.entry_date)
    assert added.pk > Activity.objects.exclude(pk=added.pk).order_by("-pk")[0].pk


def test_participant_file_has_the_documented_columns(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    write_participant_csv(path, 20, seed=1)
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert tuple(rows[0]) == PARTICIPANT_FILE_COLUMNS
    assert len(rows) == 20
    assert len({row["external_id"] for row in rows}) == 20
