"""Scale-out on one PostgreSQL: several `db_worker` processes share the import jobs.

Each job is taken by exactly one worker (the queue is read with SKIP LOCKED),
so four files imported by two workers give every person once.
"""
# ruff: noqa: S603 - runs the project's own console script

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from brygga.core.models import Organisation, User
from brygga.devtools.generate import write_participant_csv
from brygga.imports import services
from brygga.imports.models import ImportJob, ImportStatus
from brygga.people.models import Participant

FILES = 4
ROWS = 400


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="several processes against one PostgreSQL",
)
@pytest.mark.django_db(transaction=True)
def test_two_task_workers_share_the_import_jobs(
    alice: User, boden: Organisation, tmp_path: Path
) -> None:
    jobs = []
    for n in range(FILES):
        source = tmp_path / f"part-{n}.csv"
        # Three files of different people, and a fourth with the people of the
        # first under other ids: imported at the same time, they must be refused.
        write_participant_csv(source, ROWS, seed=n % 3, first=ROWS * (n % 3))
        # Distinct external ids per file: prefix them.
        text = source.read_text(encoding="utf-8").replace("\nP", f"\nF{n}-P")
        source.write_text(text, encoding="utf-8")
        jobs.append(services.start_import(alice, boden, "participants", source, source.name))
    settings = connection.settings_dict
    url = f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "TASKS_BACKEND": "database",
        "BRYGGA_VAR_DIR": str(tmp_path / "var"),
    }
    brygga = str(Path(sys.executable).with_name("brygga"))
    ids = ", ".join(repr(str(job.pk)) for job in jobs)
    enqueue = (
        "from brygga.imports.tasks import run_import_job\n"
        f"for job_id in [{ids}]: run_import_job.enqueue(job_id)"
    )
    subprocess.run([brygga, "shell", "-c", enqueue], env=env, check=True)
    workers = [
        subprocess.Popen(
            [brygga, "db_worker", "--batch", "--no-startup-delay", "--worker-id", f"w{n}"],
            env=env,
        )
        for n in range(2)
    ]
    for worker in workers:
        assert worker.wait(timeout=300) == 0
    finished = ImportJob.objects.filter(pk__in=[j.pk for j in jobs])
    assert [job.status for job in finished] == [ImportStatus.FINISHED] * FILES, [
        (j.status, j.processed_rows, j.total_rows, j.message) for j in finished
    ]
    assert sum(job.imported_rows for job in finished) == 3 * ROWS
    assert sum(job.failed_rows for job in finished) == ROWS
    assert Participant.objects.filter(organisation=boden).count() == 3 * ROWS
