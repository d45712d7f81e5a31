"""The imports part of the demo world."""

from __future__ import annotations

from typing import Any

import pytest

from brygga.imports.models import ImportJob, ImportStatus

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_finished_import_with_refused_rows(settings: Any, tmp_path: Any) -> None:
    from brygga.devtools.demo import seed

    settings.VAR_DIR = tmp_path
    seed(participants=30)
    job = ImportJob.objects.get()
    assert job.organisation.name == "Bodens kommun"
    assert job.status == ImportStatus.FINISHED
    assert (job.imported_rows, job.failed_rows) == (38, 2)
    assert sorted(job.errors.values_list("field", flat=True)) == ["first_name", "identity_number"]
