"""The four ``import_<kind>`` commands: ``brygga import KIND FILE --org ORG [--dry-run]``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

from brygga.core.errors import DomainError
from brygga.core.models import Organisation
from brygga.imports import services
from brygga.imports.models import ImportJob, ImportStatus


class ImportCommand(BaseCommand):
    kind = ""
    # Django's system checks import the whole URL configuration (seconds) and
    # concern serving requests, not importing a file; ``brygga check`` runs them.
    requires_system_checks: list[str] = []

    @property
    def help(self) -> str:  # type: ignore[override]
        return (
            f"Import {self.kind} from a CSV or XLSX file (docs/import-formats.md). "
            "Rows already imported are skipped; a killed run resumes when run again."
        )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--org", required=True, help="organisation: its id, number or exact name"
        )
        parser.add_argument("--user", help="act as this user (default: the org's first admin)")
        parser.add_argument("--dry-run", action="store_true", help="check every row, write none")
        parser.add_argument("--batch-size", type=int, default=services.BATCH_SIZE)
        parser.add_argument(
            "--errors", type=Path, help="write refused rows here (default: FILE.errors.csv)"
        )

    def organisation(self, reference: str) -> Organisation:
        match = Q(org_number=reference) | Q(name=reference)
        if reference.isdigit():
            match |= Q(pk=int(reference))
        found = list(Organisation.objects.filter(match)[:2])
        if len(found) != 1:
            raise CommandError(f"No single organisation matches {reference!r}.")
        return found[0]

    def handle(self, *args: Any, **options: Any) -> None:
        source: Path = options["file"]
        if not source.is_file():
            raise CommandError(f"No such file: {source}")
        organisation = self.organisation(options["org"])
        try:
            actor = services.acting_user_for(organisation, options["user"])
            job = services.start_import(
                actor, organisation, self.kind, source, source.name, dry_run=options["dry_run"]
            )
        except DomainError as exc:
            raise CommandError(str(exc.message)) from exc
        if job.processed_rows:
            self.stdout.write(f"Resuming after row {job.processed_rows} of an earlier run.")
        with Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            disable=not self.stdout.isatty(),
        ) as bar:
            task = bar.add_task(self.kind, total=None)

            def show(current: ImportJob) -> None:
                bar.update(task, total=current.total_rows, completed=current.processed_rows)

            job = services.run_import(job.pk, batch_size=options["batch_size"], progress=show)
        errors_path: Path = options["errors"] or source.with_name(source.name + ".errors.csv")
        if job.failed_rows:
            with errors_path.open("w", encoding="utf-8", newline="") as handle:
                handle.writelines(services.error_report(job))
        verb = "would be imported" if job.dry_run else "imported"
        self.stdout.write(
            f"{job.imported_rows} {verb}, {job.skipped_rows} already imported, "
            f"{job.failed_rows} refused"
            + (f" (see {errors_path})" if job.failed_rows else "")
            + "."
        )
        if job.status == ImportStatus.FAILED:
            raise CommandError(job.message)
