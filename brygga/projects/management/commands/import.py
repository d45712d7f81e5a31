"""``brygga import project-record FILE`` (and any other ``import_<thing>`` command)."""

from brygga.projects.management.dispatch import DispatchCommand


class Command(DispatchCommand):
    help = "Import data: brygga import THING ARGS runs brygga import_THING ARGS."
    verb = "import"
