"""brygga match {suggest,allocate}: matching from the command line, JSON in and out.

    brygga match suggest PROBLEM.json [--k 10] [--min-score 0]
    brygga match suggest --participant UUID --as USERNAME [--k 10]
    brygga match allocate PROBLEM.json [--k 50] [--min-score 0] [--method optimal|greedy]
    brygga match allocate --graph GRAPH.json [--min-score 0] [--method optimal|greedy]

Formats: docs/matching-formats.md.
"""

from __future__ import annotations

import json
import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from brygga.matching.kernel import MODEL_NAME, MODEL_VERSION, solve_graph
from brygga.matching.kernel.inputs import allocate_json, problem_from_json, suggest_json


def _read(path: str) -> Any:
    try:
        text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
        return json.loads(text)
    except OSError as exc:
        raise CommandError(f"cannot read {path}: {exc.strerror}") from exc
    except ValueError as exc:
        raise CommandError(f"{path} is not JSON: {exc}") from exc


class Command(BaseCommand):
    help = "Suggest matches or allocate places (JSON in and out; see docs/matching-formats.md)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        suggest = sub.add_parser("suggest", help="top-k both ways, explained")
        suggest.add_argument("problem", nargs="?", help="problem JSON file ('-' for stdin)")
        suggest.add_argument("--participant", help="a participant's id, read from the database")
        suggest.add_argument("--as", dest="username", help="the user whose view is used")
        suggest.add_argument("--k", type=int, default=10)
        suggest.add_argument("--min-score", type=float, default=0.0)
        allocate = sub.add_parser("allocate", help="optimal allocation of seats")
        allocate.add_argument("problem", nargs="?", help="problem JSON file ('-' for stdin)")
        allocate.add_argument("--graph", help="a bare candidate graph JSON file")
        allocate.add_argument("--k", type=int, default=50, help="candidates kept per person")
        allocate.add_argument("--min-score", type=float, default=0.0)
        allocate.add_argument(
            "--method",
            choices=["optimal", "greedy", "small_jobs"],
            default="optimal",
            help="small_jobs: several places each within the person's hours (problem files only)",
        )
        allocate.add_argument("--max-places", type=int, help="small_jobs: places per person")

    def handle(self, *args: Any, **options: Any) -> None:
        if not 0.0 <= options["min_score"] <= 1.0:
            raise CommandError("--min-score must lie between 0 and 1")
        if options.get("k") is not None and options["k"] < 1:
            raise CommandError("--k must be at least 1")
        try:
            if options["action"] == "suggest":
                result = self._suggest(options)
            else:
                result = self._allocate(options)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))

    def _suggest(self, options: dict[str, Any]) -> dict[str, Any]:
        if options["participant"]:
            return self._suggest_participant(options)
        if not options["problem"]:
            raise CommandError("give a problem file, or --participant and --as")
        problem = problem_from_json(_read(options["problem"]))
        return suggest_json(problem, k=options["k"], min_score=options["min_score"])

    def _suggest_participant(self, options: dict[str, Any]) -> dict[str, Any]:
        from django.core.exceptions import ValidationError
        from django.http import Http404

        from brygga.core.models import User
        from brygga.matching.services import suggest_opportunities, with_profiles
        from brygga.people.selectors import get_participant_for, participants_for

        user = User.objects.filter(username=options["username"] or "").first()
        if user is None:
            raise CommandError("--as must name a user (whose organisations bound what is seen)")
        try:
            participant = get_participant_for(user, options["participant"])
        except (Http404, ValidationError) as exc:
            raise CommandError("no such participant for this user") from exc
        participant = with_profiles(participants_for(user)).get(pk=participant.pk)
        suggestions = suggest_opportunities(user, participant, options["k"])
        return {
            "participant": str(participant.pk),
            "suggestions": [
                {
                    "opportunity": s.opportunity.pk if s.opportunity else None,
                    "title": s.opportunity.title if s.opportunity else "",
                    "score": round(s.match.score, 6),
                    "explanation": s.parts,
                }
                for s in suggestions
                if s.match.score >= options["min_score"]
            ],
            "model": MODEL_NAME,
            "version": MODEL_VERSION,
        }

    def _allocate(self, options: dict[str, Any]) -> dict[str, Any]:
        if options["graph"]:
            if options["method"] == "small_jobs":
                raise CommandError("small_jobs needs hours: give a problem file, not --graph")
            if options["problem"]:
                raise CommandError("give either a problem file or --graph, not both")
            return solve_graph(
                _read(options["graph"]), min_score=options["min_score"], method=options["method"]
            )
        if not options["problem"]:
            raise CommandError("give a problem file or --graph FILE.json")
        problem = problem_from_json(_read(options["problem"]))
        return allocate_json(
            problem,
            k=options["k"],
            min_score=options["min_score"],
            method=options["method"],
            max_places=options["max_places"],
        )
