"""``brygga backup FILE``: a consistent backup of the database in FILE (docs/backup.md)."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from brygga.core.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Back up the database to FILE: SQLite's online backup, or pg_dump's custom format "
        "for PostgreSQL. Safe while the server runs."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", type=Path, help="the backup file to write")
        parser.add_argument("--database", default="default", help="database alias")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            info = backup(options["file"], options["database"])
        except (BackupError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Backed up the {info.engine} database to {info.path} ({info.size} bytes)."
        )
