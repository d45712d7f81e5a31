"""``brygga apply_retention``: erase people whose last event is past the retention period.

Run it daily (cron, a systemd timer, or a Kubernetes CronJob); see docs/security.md.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from brygga.people.privacy import RETENTION_YEARS, apply_retention


class Command(BaseCommand):
    help = f"Erase the personal data of people with no event in {RETENTION_YEARS} years."

    def handle(self, *args: Any, **options: Any) -> None:
        erased = apply_retention()
        self.stdout.write(f"Retention: {erased} people erased.")
