"""Participants checked in a second process while the main one writes: the same
results as checking in turn, and a failure of either side leaves whole batches only."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from django.utils import translation

from brygga.core.models import Organisation, User
from brygga.devtools.generate import write_participant_csv
from brygga.imports import readers, services
from brygga.imports.models import ExternalKey, ImportJob, ImportRowError, ImportStatus
from brygga.people.models import CompetenceProfile, Participant

from .helpers import errors_of, run, write_csv
from .test_participants import BAD, BAD_FIELDS, GOOD, HEADER

pytestmark = pytest.mark.django_db

ROWS = 60
BATCH = 10


@pytest.fixture(params=[True, False], ids=["pipeline", "in-turn"])
def pipeline(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[bool]:
    monkeypatch.setattr(services, "PIPELINE", request.param)
    yield request.param


def _whole(organisation: Organisation) -> int:
    """Participants of ``organisation``, after checking each has its key and profile."""
    people = Participant.objects.filter(organisation=organisation)
    count = people.count()
    assert ExternalKey.objects.filter(organisation=organisation).count() == count
    assert CompetenceProfile.objects.filter(participant__in=people).count() == count
    return count


def test_both_ways_give_the_same_rows_and_errors(
    pipeline: bool, alice: User, boden: Organisation, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "people.csv", HEADER, GOOD + BAD)
    job = run(alice, boden, "participants", path, batch_size=4)
    assert (job.imported_rows, job.skipped_rows, job.failed_rows) == (3, 0, 6)
    assert errors_of(job) == BAD_FIELDS
    assert _whole(boden) == 3


def test_a_bad_row_in_the_middle_of_a_large_batch_is_reported_alone(
    pipeline: bool, alice: User, boden: Organisation, tmp_path: Path
) -> None:
    path = tmp_path / "people.csv"
    write_participant_csv(path, ROWS, seed=5)
    lines = path.read_text(encoding="utf-8").splitlines()
    # Row 32 of the file (line 32, the header is row 1): a 30 February.
    cells = lines[31].split(",")
    cells[5] = "1990-02-30"
    lines[31] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    job = run(alice, boden, "participants", path, batch_size=1_000)
    assert (job.imported_rows, job.failed_rows) == (ROWS - 1, 1)
    error = job.errors.get()
    assert (error.row_number, error.field, error.value) == (32, "birth_date", "1990-02-30")
    assert error.external_id == cells[0]
    assert _whole(boden) == ROWS - 1


def test_running_again_with_another_batch_size_never_doubles(
    pipeline: bool, alice: User, boden: Organisation, tmp_path: Path
) -> None:
    path = tmp_path / "people.csv"
    write_participant_csv(path, ROWS, seed=6)
    first = run(alice, boden, "participants", path, batch_size=7)
    again = run(alice, boden, "participants", path, batch_size=25)
    assert (first.imported_rows, again.imported_rows, again.skipped_rows) == (ROWS, 0, ROWS)
    assert _whole(boden) == ROWS


def test_names_with_tabs_newlines_and_backslashes_are_stored_as_given(
    pipeline: bool, alice: User, boden: Organisation, tmp_path: Path
) -> None:
    odd = ["Ann\tMarie", "Lind\\qvist", "Per\nOla", "\\N"]
    rows = [[f"T{n}", name, "Berg", "", "", "", "", "", "no", ""] for n, name in enumerate(odd)]
    job = run(alice, boden, "participants", write_csv(tmp_path / "p.csv", HEADER, rows))
    assert errors_of(job) == []
    stored = set(
        Participant.objects.filter(organisation=boden).values_list("first_name", flat=True)
    )
    assert stored == {name.strip() for name in odd}


def _failing_after(batches: int, how: str) -> services.Checker:
    """A check that passes ``batches`` batches, then fails as ``how`` says."""
    calls: list[int] = []
    check = services.check_participant_rows

    def failing(job: ImportJob, rows: Sequence[readers.Row]) -> Any:
        calls.append(1)
        if len(calls) > batches:
            if how == "crash":
                os._exit(3)  # the checking process dies without a word
            raise KeyError("a bug in the check")
        return check(job, rows)

    return failing


@pytest.mark.parametrize("how", ["error", "crash"])
def test_a_failing_check_stops_before_the_next_commit_and_the_job_resumes(
    how: str, alice: User, boden: Organisation, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(services, "PIPELINE", True)
    path = tmp_path / "people.csv"
    write_participant_csv(path, ROWS, seed=7)
    checkers = {**services.CHECKERS, "participants": _failing_after(2, how)}
    monkeypatch.setattr(services, "CHECKERS", checkers)
    job = services.start_import(alice, boden, "participants", path, path.name)
    with translation.override("en"):
        job = services.run_import(job.pk, batch_size=BATCH)
    assert job.status == ImportStatus.FAILED
    reason = "KeyError" if how == "error" else "the checking process ended"
    assert job.message == f"The import stopped: {reason}. Run it again to resume."
    # Two whole batches, each with its keys, profiles and counter; nothing of the third.
    assert (job.processed_rows, job.imported_rows) == (2 * BATCH, 2 * BATCH)
    assert _whole(boden) == 2 * BATCH
    assert Path(job.file_path).exists()  # kept to resume

    monkeypatch.setattr(
        services, "CHECKERS", {**checkers, "participants": services.check_participant_rows}
    )
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.RUNNING)
    again = services.start_import(alice, boden, "participants", path, path.name)
    assert again.pk == job.pk
    again = services.run_import(again.pk, batch_size=BATCH)
    assert again.status == ImportStatus.FINISHED
    assert (again.processed_rows, again.imported_rows, again.failed_rows) == (ROWS, ROWS, 0)
    assert _whole(boden) == ROWS
    assert not ImportRowError.objects.exists()


def test_a_file_that_turns_unreadable_is_refused_after_the_batches_before(
    pipeline: bool, alice: User, boden: Organisation, tmp_path: Path
) -> None:
    path = tmp_path / "people.csv"
    write_participant_csv(path, 300, seed=8)
    lines = path.read_bytes().splitlines(keepends=True)
    # Not UTF-8 at row 250, past the first blocks the reader decodes.
    path.write_bytes(b"".join(lines[:249]) + b"X9,\xff\xfe,Berg\n" + b"".join(lines[249:]))
    job = services.start_import(alice, boden, "participants", path, path.name)
    with translation.override("en"):
        job = services.run_import(job.pk, batch_size=BATCH)
    assert job.status == ImportStatus.FAILED
    assert job.message == "The file is not CSV text in UTF-8."
    assert 0 < job.processed_rows < 249
    assert job.processed_rows % BATCH == 0
    assert _whole(boden) == job.processed_rows == job.imported_rows


def test_bulk_one_of_finds_each_value_once_past_a_chunk(boden: Organisation) -> None:
    from brygga.imports import bulk

    values = [f"K{n}" for n in range(bulk.IN_CHUNK + 20)]
    ExternalKey.objects.bulk_create(
        ExternalKey(organisation=boden, kind="participants", external_id=v, object_id="x")
        for v in values[::3]
    )
    keys = ExternalKey.objects.filter(organisation=boden)
    found = bulk.one_of(keys, "external_id", [*values, "missing"])
    assert sorted(found) == sorted(values[::3])
    assert bulk.one_of(keys, "external_id", []) == []
