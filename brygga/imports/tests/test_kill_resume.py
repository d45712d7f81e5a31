"""An import killed mid-way (SIGKILL) and run again: no duplicate, no loss.

Runs the real command line in subprocesses against a database file of its own.
"""
# ruff: noqa: S603 - runs the project's own console script

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from brygga.devtools.generate import write_participant_csv

ROWS = 6_000

SETUP = """
from brygga.core.models import Membership, Organisation, User
org = Organisation.objects.create(name="Testkommun", kind="municipality", country="SE")
user = User.objects.create_user(username="importer")
Membership.objects.create(user=user, organisation=org, role="case_worker")
"""


def _children(pid: int) -> list[int]:
    """Processes whose parent is ``pid`` (Linux /proc; empty elsewhere)."""
    found = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(
                line.split(":\t", 1) for line in status.read_text().splitlines() if ":\t" in line
            )
        except OSError:
            continue
        if fields.get("PPid", "").strip() == str(pid):
            found.append(int(status.parent.name))
    return found


def _ended(pid: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            state = (Path("/proc") / str(pid) / "stat").read_text().split()[2]
        except OSError:
            return True
        if state == "Z":  # ended, waiting for its new parent to collect it
            return True
        time.sleep(0.05)
    return False


def _count(database: Path, sql: str) -> int:
    with sqlite3.connect(database, timeout=30) as connection:
        return int(connection.execute(sql).fetchone()[0])


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_a_killed_import_resumes_with_no_duplicate_and_no_loss(tmp_path: Path) -> None:
    database = tmp_path / "brygga.sqlite3"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "BRYGGA_VAR_DIR": str(tmp_path / "var"),
    }
    brygga = str(Path(sys.executable).with_name("brygga"))
    subprocess.run([brygga, "migrate", "-v0"], env=env, check=True)
    subprocess.run([brygga, "shell", "-c", SETUP], env=env, check=True)
    source = tmp_path / "participants.csv"
    write_participant_csv(source, ROWS, seed=11)
    command = [brygga, "import", "participants", str(source), "--org", "Testkommun"]
    command += ["--batch-size", "250"]

    first = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    imported = 0
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and first.poll() is None:
        try:
            imported = _count(database, "SELECT COUNT(*) FROM people_participant")
        except sqlite3.OperationalError:
            imported = 0
        if imported >= 1_000:
            break
        time.sleep(0.05)
    checking = _children(first.pid)
    if sys.platform == "linux":
        assert len(checking) == 1, "the checking process runs beside the import"
    first.send_signal(signal.SIGKILL)
    first.wait()
    assert first.returncode == -signal.SIGKILL, "the import ended before it could be killed"
    # The checking process finds its pipe closed and ends; it does not linger.
    assert all(_ended(pid, 30) for pid in checking), checking
    killed_at = _count(database, "SELECT COUNT(*) FROM people_participant")
    assert 0 < killed_at < ROWS
    # Whole batches only: every participant has its key, nothing half-written.
    assert _count(database, "SELECT COUNT(*) FROM imports_externalkey") == killed_at
    assert killed_at % 250 == 0

    second = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    assert "Resuming after row" in second.stdout

    assert _count(database, "SELECT COUNT(*) FROM people_participant") == ROWS
    # Every person once: by the look-up hash where numbers are stored encrypted.
    with sqlite3.connect(database) as connection:
        columns = {row[1] for row in connection.execute("PRAGMA table_info(people_participant)")}
    number = "identity_number_hash" if "identity_number_hash" in columns else "identity_number"
    assert _count(database, f"SELECT COUNT(DISTINCT {number}) FROM people_participant") == ROWS  # noqa: S608
    assert _count(database, "SELECT COUNT(DISTINCT external_id) FROM imports_externalkey") == ROWS
    assert _count(database, "SELECT COUNT(*) FROM people_competenceprofile") == ROWS
    assert _count(database, "SELECT COUNT(*) FROM imports_importrowerror") == 0

    third = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    assert f"0 imported, {ROWS} already imported, 0 refused" in third.stdout
    assert _count(database, "SELECT COUNT(*) FROM people_participant") == ROWS
