"""``brygga import_project_record FILE``: import a published ESF+ registry record or a CSV."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from brygga.core.errors import DomainError
from brygga.projects.record import LABELS, RecordInvalid
from brygga.projects.services import import_record_file


class Command(BaseCommand):
    help = (
        "Import a project from its published ESF+ registry record (text) or from a CSV "
        "of records (.csv). The project with the same diarienummer is updated."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="the record (.txt) or a CSV of records (.csv)")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            content = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"Cannot read {path}: {exc}") from exc
        try:
            results = import_record_file(path.name, content)
        except RecordInvalid as exc:
            lines = [f"{path}: nothing imported, the record has problems:"]
            for error in exc.errors:
                where = f"row {error.row}, " if error.row is not None else ""
                label = LABELS.get(error.field, error.field)
                lines.append(f"  {where}{label} ({error.field}): {error.message}")
            raise CommandError("\n".join(lines)) from exc
        except DomainError as exc:
            raise CommandError(f"{path}: {exc.field or ''} {exc.message}") from exc
        for project, created in results:
            verb = "Created" if created else "Updated"
            self.stdout.write(f"{verb} {project.diarienummer} {project.name} (id {project.pk})")
