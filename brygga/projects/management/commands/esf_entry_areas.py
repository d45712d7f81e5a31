"""``brygga esf_entry_areas [DIARIENUMMER…]``: derive missing areas at entry from municipalities."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from brygga.projects.models import Project
from brygga.projects.services import derive_entry_areas


class Command(BaseCommand):
    help = (
        "For enrolments without a recorded situation at entry, derive the degree of "
        "urbanisation (EECO17) from the participant's municipality with the DEGURBA table."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("diarienummer", nargs="*", help="projects (all when none)")

    def handle(self, *args: Any, **options: Any) -> None:
        numbers: list[str] = options["diarienummer"]
        projects = Project.objects.order_by("diarienummer", "pk")
        if numbers:
            projects = projects.filter(diarienummer__in=numbers)
            missing = set(numbers) - set(projects.values_list("diarienummer", flat=True))
            if missing:
                raise CommandError(f"No project with diarienummer {', '.join(sorted(missing))}")
        for project in projects:
            created = derive_entry_areas(project)
            self.stdout.write(f"{project.diarienummer or project.pk}: {created} areas derived")
