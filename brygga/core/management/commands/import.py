"""``brygga import KIND …``: runs the ``import_KIND`` command of whichever app has it."""

from __future__ import annotations

from ._dispatch import DispatchCommand


class Command(DispatchCommand):
    help = "Run `import_KIND`: `brygga import KIND ARGS…` (see `brygga help import_KIND`)."
    verb = "import"
