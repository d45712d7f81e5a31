from brygga.imports.models import ImportKind

from ._base import ImportCommand


class Command(ImportCommand):
    kind = ImportKind.EXITS
