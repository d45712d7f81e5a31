"""The imports app's part of the demo world (called by ``brygga seed_demo``).

Bodens kommun has moved 40 people from its old spreadsheet: one finished import
job with two refused rows to look at (a wrong check digit and a missing name).
Deterministic: only ``rng`` is drawn from.
"""

from __future__ import annotations

import csv
import random
import tempfile
from pathlib import Path

from brygga.core.models import Organisation, User
from brygga.devtools.generate import PARTICIPANT_FILE_COLUMNS, write_participant_csv

from . import services

ROWS = 40


def seed_demo(rng: random.Random) -> dict[str, str]:
    boden = Organisation.objects.get(name="Bodens kommun")
    worker = User.objects.get(username="handlaggare.boden")
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "gamla-registret.csv"
        # Numbers from far in the generator's sequence: not the demo's own people.
        write_participant_csv(source, ROWS, seed=rng.randint(0, 10**6), first=10**6)
        with source.open(encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        number = rows[5]["identity_number"]
        rows[5]["identity_number"] = number[:-1] + str((int(number[-1]) + 1) % 10)
        rows[17]["first_name"] = ""
        with source.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=PARTICIPANT_FILE_COLUMNS)
            writer.writeheader()
            writer.writerows(rows)
        job = services.start_import(worker, boden, "participants", source, source.name)
        services.run_import(job.pk)
    return {}
