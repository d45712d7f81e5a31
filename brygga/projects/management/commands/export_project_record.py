"""``brygga export_project_record DIARIENUMMER [--format text|csv]``: write a record out."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from brygga.projects.models import Project
from brygga.projects.record import record_to_text, records_to_csv
from brygga.projects.services import record_from_project


class Command(BaseCommand):
    help = "Write projects' registry records in the published text form or as CSV."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("diarienummer", nargs="*", help="projects to export (all when none)")
        parser.add_argument("--format", choices=["text", "csv"], default="text")

    def handle(self, *args: Any, **options: Any) -> None:
        numbers: list[str] = options["diarienummer"]
        projects = Project.objects.exclude(diarienummer="").order_by("diarienummer")
        if numbers:
            projects = projects.filter(diarienummer__in=numbers)
            missing = set(numbers) - set(projects.values_list("diarienummer", flat=True))
            if missing:
                raise CommandError(f"No project with diarienummer {', '.join(sorted(missing))}")
        records = [record_from_project(p) for p in projects]
        if options["format"] == "csv":
            self.stdout.write(records_to_csv(records), ending="")
        else:
            self.stdout.write("\n".join(record_to_text(r) for r in records), ending="")
