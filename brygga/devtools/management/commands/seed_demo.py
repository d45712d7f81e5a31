"""`brygga seed_demo`: deterministic synthetic demo data (see brygga.devtools.demo)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from brygga.core.models import Organisation
from brygga.devtools.demo import DEMO_PASSWORD, seed


class Command(BaseCommand):
    help = "Create synthetic demo data: organisations, users, projects, participants, journeys."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--participants", type=int, default=500)

    def handle(self, *args: Any, **options: Any) -> None:
        if Organisation.objects.filter(name="Bodens kommun").exists():
            self.stdout.write("Demo data exists already; nothing to do.")
            return
        logins = seed(participants=options["participants"])
        self.stdout.write(self.style.SUCCESS("Demo data created. Logins (all synthetic):"))
        for username, role in logins.items():
            self.stdout.write(f"  {username:28} {role}")
        self.stdout.write(f"Password for every demo user: {DEMO_PASSWORD} (demo only)")
