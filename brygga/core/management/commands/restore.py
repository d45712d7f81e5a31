"""``brygga restore FILE``: replace the database's contents with a backup (see docs/backup.md)."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from brygga.core.audit import verify_chain
from brygga.core.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore the database from a backup made by `brygga backup`, replacing everything "
        "in it; then verify the audit chain. Stop the server first."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", type=Path, help="the backup file to read")
        parser.add_argument("--database", default="default", help="database alias")
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="do not ask for confirmation",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["interactive"]:
            answer = input(
                "Everything in the database will be replaced by the backup. Type 'yes' to go on: "
            )
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled.")
        try:
            engine = restore(options["file"], options["database"])
        except (BackupError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        report = verify_chain()
        if not report.intact:
            raise CommandError(
                f"Restored, but the audit chain is broken at entry {report.first_broken} "
                f"({report.entries} entries checked)."
            )
        self.stdout.write(
            f"Restored the {engine} database from {options['file']}; "
            f"the audit chain is intact: {report.entries} entries."
        )
