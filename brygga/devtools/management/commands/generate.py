"""`brygga generate --participants N [--seed S]`: synthetic data at national scale."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

from brygga.core.models import User
from brygga.devtools.generate import generate, write_participant_csv


class Command(BaseCommand):
    help = (
        "Create N synthetic participants with journeys, organisations and projects "
        "(deterministic for a seed), or with --csv write a participant import file."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--participants", type=int, required=True)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--batch-size", type=int, default=5_000)
        parser.add_argument(
            "--csv", type=Path, help="Write a participant import file here instead."
        )
        parser.add_argument("--country", choices=["SE", "DK"], default="SE")

    def handle(self, *args: Any, **options: Any) -> None:
        count: int = options["participants"]
        if count < 0:
            raise CommandError("--participants must be 0 or more.")
        started = time.perf_counter()
        if options["csv"] is not None:
            write_participant_csv(options["csv"], count, options["seed"], options["country"])
            self.stdout.write(f"Wrote {count} rows to {options['csv']}.")
            return
        if User.objects.filter(username="gen.admin.0").exists():
            raise CommandError("Generated data exists already in this database.")
        with Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            disable=not self.stdout.isatty(),
        ) as bar:
            task = bar.add_task("participants", total=count)
            result = generate(
                count,
                options["seed"],
                batch_size=options["batch_size"],
                progress=lambda n: bar.advance(task, n),
            )
        seconds = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"{result.participants} participants, {result.enrolments} enrolments, "
                f"{result.activities} activities, {result.follow_ups} follow-ups, "
                f"{result.organisations} organisations, {result.projects} projects "
                f"in {seconds:.1f} s."
            )
        )
        for username, role in result.logins.items():
            self.stdout.write(f"  {username:28} {role}")
