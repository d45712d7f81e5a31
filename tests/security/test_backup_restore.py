"""Backup and restore: every record and the audit chain come back from a backup.

Runs on the database the suite runs on: SQLite (the online backup API) always, and
PostgreSQL (pg_dump / pg_restore) when DATABASE_URL points there.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from brygga.core.audit import acting, verify_chain
from brygga.core.backup import BackupError, _tool
from brygga.core.models import AuditEntry, Organisation, User
from brygga.journeys import services as journeys
from brygga.people.models import Participant
from brygga.people.selectors import participants_for
from brygga.people.services import ParticipantData, register_participant

from .helpers import FIGURES

# pg_dump sees only committed data: the test's data is committed, then flushed away.
pytestmark = pytest.mark.django_db(transaction=True)


def snapshot() -> dict[str, list[str]]:
    """Every row of every table, as text, sorted: what a restore must give back."""
    rows: dict[str, list[str]] = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy or not model._meta.managed:
            continue
        values = model._base_manager.values_list(*[f.attname for f in model._meta.concrete_fields])
        rows[model._meta.label] = sorted(repr(row) for row in values)
    return rows


@pytest.fixture
def data(alice: User, boden: Organisation, enrolment: Any, olga: User) -> None:
    """Participants, journeys and audit entries (writes and reads)."""
    with acting(alice, reason="backup test"):
        for number in range(5):
            person = register_participant(
                alice,
                boden,
                ParticipantData(
                    first_name=f"Backup{number}",
                    last_name="Persson",
                    birth_date=datetime.date(1980 + number, 1, 1),
                    gender="woman",
                    municipality="Boden",
                ),
            )
            enrolled = journeys.enrol(
                alice, person, enrolment.project, datetime.date(2024, 4, 1), ["income_support"]
            )
            journeys.add_activity(
                alice,
                enrolled,
                "work_practice",
                datetime.date(2024, 4, 2),
                datetime.date(2024, 5, 2),
                boden,
                Decimal(20),
            )
        list(participants_for(alice))  # reads are audited too


def test_a_restored_backup_has_every_record_and_an_intact_audit_chain(
    data: None, tmp_path: Path
) -> None:
    before = snapshot()
    chain = verify_chain()
    assert chain.intact and chain.entries >= 10
    assert Participant.objects.count() == 6
    path = tmp_path / "brygga.backup"
    out = StringIO()
    call_command("backup", str(path), stdout=out)
    assert path.stat().st_size > 0 and connection.vendor in out.getvalue()

    call_command("flush", interactive=False, verbosity=0)  # a fresh, empty database
    assert not Participant.objects.exists() and not AuditEntry.objects.exists()

    out = StringIO()
    call_command("restore", str(path), interactive=False, stdout=out)
    after = snapshot()
    assert after == before
    assert sum(len(rows) for rows in after.values()) > 50
    restored = verify_chain()
    assert restored.intact and restored.entries == chain.entries
    assert f"{chain.entries} entries" in out.getvalue()
    call_command("verify_audit", stdout=StringIO())
    FIGURES[f"backup/restore ({connection.vendor}): rows compared"] = sum(
        len(rows) for rows in after.values()
    )


def test_restore_refuses_a_file_that_is_not_a_backup_and_changes_nothing(
    data: None, tmp_path: Path
) -> None:
    before = snapshot()
    path = tmp_path / "not-a-backup"
    path.write_bytes(b"PK\x03\x04 certainly not a database")
    with pytest.raises(CommandError, match="is not a"):
        call_command("restore", str(path), interactive=False)
    with pytest.raises(CommandError, match="No backup file"):
        call_command("restore", str(tmp_path / "missing"), interactive=False)
    assert snapshot() == before


def test_restore_asks_before_replacing_the_database(
    data: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "brygga.backup"
    call_command("backup", str(path), stdout=StringIO())
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    with pytest.raises(CommandError, match="cancelled"):
        call_command("restore", str(path))
    assert Participant.objects.count() == 6


def test_missing_postgresql_tools_are_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(BackupError, match="pg_dump was not found on PATH"):
        _tool("pg_dump")
