"""Importing participants: every row checked by the service's rules, nothing doubled."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import IntegrityError
from openpyxl import Workbook

from brygga.core.errors import NotPermitted
from brygga.core.models import Organisation, User
from brygga.imports import services
from brygga.imports.models import ExternalKey, ImportJob, ImportStatus
from brygga.people.models import CompetenceProfile, Participant

from .helpers import errors_of, run, write_csv

pytestmark = pytest.mark.django_db

HEADER = [
    "external_id",
    "first_name",
    "last_name",
    "identity_number",
    "birth_date",
    "gender",
    "labour_market_status",
    "labour_market_status_since",
    "sick_leave",
    "sick_leave_since",
]
GOOD = [
    ["A1", "Anna", "Berg", "19900517-1237", "", "woman", "unemployed", "2024-01-10", "no", ""],
    ["A2", "Erik", "Holm", "", "1985-02-03", "man", "", "", "no", ""],
    ["A3", "Maja", "Nilsson", "200001012384", "", "", "inactive", "", "yes", "2025-05-01"],
]
BAD = [
    # row 5: the number's check digit is wrong
    ["B1", "Bad", "Number", "19900517-1238", "", "", "", "", "no", ""],
    # row 6: no first name, a malformed date and an unknown gender: three fields
    ["B2", "", "Nameless", "", "03/02/1985", "robot", "", "", "no", ""],
    # row 7: the birth date contradicts the identity number (the service's rule)
    ["B3", "Wrong", "Birth", "19900517-1237", "1990-05-18", "", "", "", "no", ""],
    # row 8: the same number as A1 in the same file
    ["B4", "Twin", "Berg", "199005171237", "", "", "", "", "no", ""],
    # row 9: sick leave without a start date (the service's rule)
    ["B5", "Sick", "Day", "", "", "", "", "", "yes", ""],
    # row 10: the same external id twice
    ["A2", "Again", "Holm", "", "", "", "", "", "no", ""],
]
#: The (row, field) pairs GOOD + BAD is refused for.
BAD_FIELDS = [
    (5, "identity_number"),
    (6, "first_name"),
    (6, "birth_date"),
    (6, "gender"),
    (7, "birth_date"),
    (8, "identity_number"),
    (9, "sick_leave_since"),
    (10, "external_id"),
]


def test_good_rows_are_imported_and_bad_rows_reported_by_field(
    alice: User, boden: Organisation, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "people.csv", HEADER, GOOD + BAD)
    job = run(alice, boden, "participants", path)
    assert job.status == ImportStatus.FINISHED
    assert (job.imported_rows, job.skipped_rows, job.failed_rows) == (3, 0, 6)
    assert errors_of(job) == BAD_FIELDS
    anna = Participant.objects.get(first_name="Anna")
    assert anna.identity_number == "199005171237"
    assert anna.birth_date == datetime.date(1990, 5, 17)
    assert anna.organisation == boden
    assert CompetenceProfile.objects.filter(participant=anna).exists()
    assert ExternalKey.objects.get(external_id="A1").object_id == str(anna.pk)
    assert not Path(job.file_path).exists()  # the stored copy is removed when done
    report = "".join(services.error_report(job)).splitlines()
    assert report[0] == "row,external_id,field,value,message"
    assert report[1].startswith("5,B1,identity_number,19900517-1238,")


def test_running_the_same_file_again_adds_nothing(
    alice: User, boden: Organisation, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "people.csv", HEADER, GOOD)
    run(alice, boden, "participants", path)
    again = run(alice, boden, "participants", path, batch_size=2)
    assert (again.imported_rows, again.skipped_rows, again.failed_rows) == (0, 3, 0)
    assert Participant.objects.count() == 3


def test_a_number_registered_by_hand_is_refused(
    alice: User, boden: Organisation, participant: Participant, tmp_path: Path
) -> None:
    row = ["X", "Sara", "Lind", "199005171237", "", "", "", "", "no", ""]
    job = run(alice, boden, "participants", write_csv(tmp_path / "p.csv", HEADER, [row]))
    assert errors_of(job) == [(2, "identity_number")]
    assert Participant.objects.count() == 1


def test_dry_run_checks_but_writes_nothing(
    alice: User, boden: Organisation, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "people.csv", HEADER, GOOD + BAD)
    job = run(alice, boden, "participants", path, dry_run=True)
    assert (job.imported_rows, job.failed_rows) == (3, 6)
    assert not Participant.objects.exists()
    assert not ExternalKey.objects.exists()


def test_xlsx_files_are_read_with_typed_cells(
    alice: User, boden: Organisation, tmp_path: Path
) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["External ID", "First name", "Last name", "Birth date", "Income support"])
    sheet.append(
        [
            101,
            "Olena",
            "Kovalenko",
            datetime.datetime(1988, 4, 2, tzinfo=datetime.UTC).replace(tzinfo=None),
            True,
        ]
    )
    sheet.append([102, "Ali", "Hassan", "not a date", None])
    path = tmp_path / "people.xlsx"
    workbook.save(path)
    job = run(alice, boden, "participants", path)
    assert (job.imported_rows, job.failed_rows) == (1, 1)
    olena = Participant.objects.get(first_name="Olena")
    assert olena.birth_date == datetime.date(1988, 4, 2)
    assert olena.income_support is True
    assert errors_of(job) == [(3, "birth_date")]


def test_missing_columns_fail_the_job_with_a_reason(
    alice: User, boden: Organisation, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "people.csv", ["id", "name"], [["1", "Anna"]])
    job = run(alice, boden, "participants", path)
    assert job.status == ImportStatus.FAILED
    assert "external_id" in job.message
    assert not Path(job.file_path).exists()
    assert not Participant.objects.exists()


@pytest.mark.parametrize("who", ["olga", "bob", "charlie"])
def test_only_personal_data_roles_of_the_organisation_may_import(
    who: str, request: pytest.FixtureRequest, boden: Organisation, tmp_path: Path
) -> None:
    user = request.getfixturevalue(who)
    path = write_csv(tmp_path / "people.csv", HEADER, GOOD)
    with pytest.raises(NotPermitted):
        services.start_import(user, boden, "participants", path, path.name)
    assert not ImportJob.objects.exists()


def test_the_command_imports_resumes_and_writes_the_error_file(
    alice: User, boden: Organisation, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "people.csv", HEADER, GOOD + BAD)
    call_command("import_participants", str(path), "--org", str(boden.pk), "--user", "alice")
    assert Participant.objects.count() == 3
    errors = (tmp_path / "people.csv.errors.csv").read_text(encoding="utf-8").splitlines()
    assert len(errors) == 1 + 8
    call_command("import_participants", str(path), org="Bodens kommun")  # acts as alice
    assert Participant.objects.count() == 3


def test_a_batch_refused_by_a_concurrent_import_is_checked_again(
    alice: User, boden: Organisation, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "people.csv", HEADER, GOOD)
    job = services.start_import(alice, boden, "participants", path, path.name)
    calls: list[int] = []

    def handler(*args: object) -> services.BatchResult:
        calls.append(1)
        if len(calls) == 1:
            raise IntegrityError("another import registered the same person")
        return services.BatchResult(imported=1)

    services._commit(job, handler, alice, [(2, {})], 1, services.DryRunMemory())
    assert len(calls) == 2
    job.refresh_from_db()
    assert (job.processed_rows, job.imported_rows) == (1, 1)
