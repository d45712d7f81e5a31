"""brygga import_taxonomy {esco DIR | jobtech FILE | starter | embed}"""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from brygga.taxonomy.loaders import (
    Batch,
    TaxonomyFileError,
    read_esco,
    read_jobtech,
    read_starter,
)
from brygga.taxonomy.search import ensure_embeddings, write_starter_cache
from brygga.taxonomy.services import load_batch


class Command(BaseCommand):
    help = "Load occupations and skills: ESCO (Tabiya CSV), JobTech JSON, the starter vocabulary."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="source", required=True)
        esco = sub.add_parser(
            "esco", help="ESCO: the Tabiya CSV layout, or the ESCO portal download (*_LANG.csv)"
        )
        esco.add_argument("directory", type=Path)
        esco.add_argument(
            "--language", default="en", help="language of the labels and portal files (default en)"
        )
        jobtech = sub.add_parser("jobtech", help="JobTech concept-to-taxonomy.json (Swedish)")
        jobtech.add_argument("file", type=Path)
        sub.add_parser("starter", help="Brygga's starter vocabulary")
        embed = sub.add_parser("embed", help="compute missing label embeddings for semantic search")
        embed.add_argument(
            "--write-starter-cache",
            action="store_true",
            help="(developers) rewrite data/starter_embeddings.npz from the starter vocabulary",
        )
        for p in (esco, jobtech):
            p.add_argument("--no-embed", action="store_true", help="skip computing embeddings")

    def handle(self, *args: Any, **options: Any) -> None:
        source = options["source"]
        if source == "embed":
            if options["write_starter_cache"]:
                self.stdout.write(f"wrote {write_starter_cache()} starter label embeddings")
            self.stdout.write(f"embedded {ensure_embeddings()} labels")
            return
        try:
            batch: Batch
            if source == "esco":
                batch = read_esco(options["directory"], options["language"])
            elif source == "jobtech":
                batch = read_jobtech(options["file"])
            else:
                batch = read_starter()
        except TaxonomyFileError as exc:
            raise CommandError(str(exc)) from exc
        report = load_batch(batch)
        for problem in report.problems[:50]:
            self.stderr.write(problem)
        if len(report.problems) > 50:
            self.stderr.write(f"... and {len(report.problems) - 50} more problems")
        self.stdout.write(
            f"{report.concepts_seen} concepts read, {report.concepts_created} new; "
            f"{report.labels_created} labels and {report.relations_created} relations added; "
            f"{len(report.problems)} problems; "
            f"{report.unresolved} relations to concepts not in the files skipped"
        )
        if not options.get("no_embed"):
            self.stdout.write(f"embedded {ensure_embeddings()} labels")
