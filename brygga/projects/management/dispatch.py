"""``brygga VERB THING ...`` runs the command ``VERB_THING`` (dashes become underscores).

Django names commands with one word, so ``brygga import project-record FILE``
is the ``import`` command handing over to ``import_project_record``. The
dispatch is generic: any app that adds ``import_<thing>`` or ``report_<thing>``
is reachable the same way, with no change here.
"""

from __future__ import annotations

from typing import Any

from django.core.management import call_command, get_commands, load_command_class
from django.core.management.base import BaseCommand, CommandError, CommandParser


class DispatchCommand(BaseCommand):
    verb = ""

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("thing", help="what to act on, e.g. project-record")
        parser.add_argument("rest", nargs="*", help="the arguments of that command")

    def _targets(self) -> list[str]:
        prefix = f"{self.verb}_"
        return sorted(
            name[len(prefix) :].replace("_", "-")
            for name in get_commands()
            if name.startswith(prefix)
        )

    def run_from_argv(self, argv: list[str]) -> None:
        if len(argv) < 3:
            raise SystemExit(
                f"Say what to {self.verb}: one of {', '.join(self._targets())}"
                f" (brygga {self.verb} THING --help tells more)"
            )
        if argv[2].startswith("-"):
            super().run_from_argv(argv)
            return
        name = f"{self.verb}_{argv[2].replace('-', '_')}"
        app = get_commands().get(name)
        if app is None:
            known = ", ".join(self._targets())
            raise SystemExit(f"Unknown: {self.verb} {argv[2]}. Known: {known}")
        load_command_class(app, name).run_from_argv([argv[0], name, *argv[3:]])

    def handle(self, *args: Any, **options: Any) -> None:
        # Reached through call_command("import", "project-record", ...), not the shell.
        name = f"{self.verb}_{options['thing'].replace('-', '_')}"
        if name not in get_commands():
            raise CommandError(f"Unknown: {self.verb} {options['thing']}")
        call_command(name, *options["rest"], stdout=self.stdout._out, stderr=self.stderr._out)
