"""Commands of two words: ``brygga import KIND …`` runs ``import_KIND``, ``brygga report KIND …``
runs ``report_KIND`` (a hyphen in KIND becomes an underscore).

Each app adds its own ``import_<kind>`` or ``report_<kind>`` command; these
dispatchers find them, so ``brygga import participants FILE`` and
``brygga import_participants FILE`` are the same.
"""

from __future__ import annotations

from typing import Any

from django.core.management import call_command, get_commands, load_command_class
from django.core.management.base import BaseCommand, CommandError, CommandParser


class DispatchCommand(BaseCommand):
    #: "import" or "report": the first word.
    verb = ""

    def kinds(self) -> list[str]:
        prefix = f"{self.verb}_"
        names = [name for name in get_commands() if name.startswith(prefix)]
        return sorted(name[len(prefix) :].replace("_", "-") for name in names)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", help=f"one of: {', '.join(self.kinds())}")
        parser.add_argument("args", nargs="*", help=f"arguments of the {self.verb}_KIND command")

    def run_from_argv(self, argv: list[str]) -> None:
        # Everything after KIND belongs to the target command, options too.
        if len(argv) >= 3 and not argv[2].startswith("-"):
            name = f"{self.verb}_{argv[2].replace('-', '_')}"
            commands = get_commands()
            if name in commands:
                target = load_command_class(commands[name], name)
                target.run_from_argv([argv[0], name, *argv[3:]])
                return
        super().run_from_argv(argv)  # help, or a clear error for an unknown KIND

    def command_name(self, kind: str) -> str:
        name = f"{self.verb}_{kind.replace('-', '_')}"
        if name not in get_commands():
            raise CommandError(
                f"No such {self.verb}: {kind}. Choose one of: {', '.join(self.kinds())}"
            )
        return name

    def handle(self, *args: Any, **options: Any) -> None:
        # Hand on our streams so that output of call_command("import", …) can be captured.
        call_command(
            self.command_name(options["kind"]),
            *args,
            stdout=self.stdout._out,
            stderr=self.stderr._out,
        )
