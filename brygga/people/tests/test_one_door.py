"""Participant data has one door: ``selectors.participants_for(user)``.

Only the people app's selectors and services touch the ``Participant`` manager
directly (the services to check a number is unique within an organisation).
Every other module — views, API routers, forms, reports, exports, tasks of any
app, now or later — must start from the scoped selectors, so this test reads
the source of the whole package and fails on any other direct access.
"""

from __future__ import annotations

import ast
from pathlib import Path

import brygga

PACKAGE = Path(brygga.__file__).parent

#: Modules allowed to use the manager, relative to the package.
ALLOWED = {
    Path("people/selectors.py"),  # the door itself
    Path("people/services.py"),  # uniqueness of an identity number inside one organisation
    Path("core/audit.py"),  # the organisation of participants already read, for the log
    Path("people/privacy.py"),  # retention erases on a schedule, acting for no user
}
MANAGERS = {"objects", "_default_manager", "_base_manager"}


def direct_accesses(source: str) -> list[int]:
    """Lines where ``Participant.<manager>`` or ``get_model(..., "Participant")`` occurs."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if (
            isinstance(node, ast.Attribute)
            and node.attr in MANAGERS
            and isinstance(node.value, ast.Name)
            and node.value.id == "Participant"
        ):
            lines.append(node.lineno)
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "get_model"
            and any(isinstance(a, ast.Constant) and a.value == "Participant" for a in node.args)
        ):
            lines.append(node.lineno)
    return lines


def modules() -> list[Path]:
    return [
        path
        for path in PACKAGE.rglob("*.py")
        if not {"tests", "migrations"} & set(path.relative_to(PACKAGE).parts)
    ]


def test_no_module_but_the_selectors_and_services_reads_participants_directly() -> None:
    offenders = [
        f"{path.relative_to(PACKAGE)}:{line}"
        for path in modules()
        if path.relative_to(PACKAGE) not in ALLOWED
        for line in direct_accesses(path.read_text(encoding="utf-8"))
    ]
    assert offenders == [], "read participants through people.selectors.participants_for"


def test_the_guard_finds_a_direct_access() -> None:
    assert direct_accesses("Participant.objects.all()\n") == [1]
    assert direct_accesses("x = apps.get_model('people', 'Participant')\n") == [1]
    assert direct_accesses("participants_for(user).filter(pk=1)\n") == []
    assert (PACKAGE / "people" / "views.py") in modules()
