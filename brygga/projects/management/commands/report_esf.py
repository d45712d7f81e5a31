"""``brygga report_esf --project DIARIENUMMER --format csv|json|xlsx``.

The same as ``brygga report esf ...``.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from brygga.projects import reports
from brygga.projects.models import Project


class Command(BaseCommand):
    help = (
        "Write a project's ESF+ common indicators (by gender) as CSV, JSON or XLSX. "
        "Use --suppress for a copy that leaves the owning organisation."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--project", required=True, help="the project's diarienummer")
        parser.add_argument("--format", choices=["csv", "json", "xlsx"], default="csv")
        parser.add_argument("--as-of", type=datetime.date.fromisoformat, default=None)
        parser.add_argument("--output", type=Path, help="file to write (XLSX needs one)")
        parser.add_argument(
            "--target-group", default="", help="only participants in this target group at entry"
        )
        parser.add_argument(
            "--suppress", action="store_true", help="hide counts below 5 (for outside readers)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        project = Project.objects.filter(diarienummer=options["project"]).first()
        if project is None:
            raise CommandError(f"No project with diarienummer {options['project']}")
        on = options["as_of"] or timezone.localdate()
        report = reports.esf_report(
            project, on, suppress=options["suppress"], target_group=options["target_group"]
        )
        output: Path | None = options["output"]
        if options["format"] == "xlsx":
            if output is None:
                raise CommandError("XLSX is binary: name a file with --output")
            output.write_bytes(reports.to_xlsx(report, project))
            self.stdout.write(f"Wrote {output}")
            return
        text = (
            reports.to_csv(report, project)
            if options["format"] == "csv"
            else reports.to_json(report, project)
        )
        if output is None:
            self.stdout.write(text, ending="")
        else:
            output.write_text(text, encoding="utf-8")
            self.stdout.write(f"Wrote {output}")
