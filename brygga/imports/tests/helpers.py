from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

from brygga.core.models import Organisation, User
from brygga.imports import services
from brygga.imports.models import ImportJob


def write_csv(path: Path, header: Sequence[str], rows: Sequence[Sequence[object]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def run(
    actor: User,
    organisation: Organisation,
    kind: str,
    path: Path,
    *,
    dry_run: bool = False,
    batch_size: int = 3,
) -> ImportJob:
    job = services.start_import(actor, organisation, kind, path, path.name, dry_run=dry_run)
    return services.run_import(job.pk, batch_size=batch_size)


def errors_of(job: ImportJob) -> list[tuple[int, str]]:
    return list(job.errors.values_list("row_number", "field"))
