"""``brygga verify_audit``: recompute the audit log's hash chain; exit 1 if it is broken."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from brygga.core.audit import verify_chain


class Command(BaseCommand):
    help = "Verify that no audit entry was changed, inserted or removed (hash chain)."

    def handle(self, *args: Any, **options: Any) -> None:
        report = verify_chain()
        if not report.intact:
            raise CommandError(
                f"The audit chain is broken at entry {report.first_broken} "
                f"({report.entries} entries checked)."
            )
        self.stdout.write(f"The audit chain is intact: {report.entries} entries.")
