"""``brygga report KIND …``: runs the ``report_KIND`` command of whichever app has it."""

from __future__ import annotations

from ._dispatch import DispatchCommand


class Command(DispatchCommand):
    help = "Run `report_KIND`: `brygga report KIND ARGS…` (see `brygga help report_KIND`)."
    verb = "report"
