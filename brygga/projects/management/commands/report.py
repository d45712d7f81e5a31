"""``brygga report esf --project DIARIENUMMER`` (and any other ``report_<thing>`` command)."""

from brygga.projects.management.dispatch import DispatchCommand


class Command(DispatchCommand):
    help = "Produce a report: brygga report THING ARGS runs brygga report_THING ARGS."
    verb = "report"
