"""Fail when the message catalogues are stale or the Swedish one is incomplete.

Runs ``makemessages`` into a scratch copy of the source tree, compares the
message ids with the committed catalogues, checks that every Swedish message
is translated and that each committed ``.mo`` matches its ``.po``. Needs GNU
gettext (``xgettext``, ``msgfmt``). ``make messages`` brings catalogues up to date.

There is one catalogue per ``locale`` folder: ``brygga/locale`` holds the
strings of the apps without a folder of their own, and an app with
``brygga/<app>/locale`` keeps its strings there (Django's ``makemessages``
assigns each file to the nearest ``locale`` folder above it).
"""

from __future__ import annotations

import gettext
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "brygga"
#: Languages whose catalogue must be complete.
COMPLETE = ("sv",)
LANGUAGES = ("sv", "en", "da", "uk")


def message_ids(po_file: Path) -> set[str]:
    """The msgids of a .po file, read by compiling it with every entry kept."""
    with tempfile.TemporaryDirectory() as scratch:
        mo = Path(scratch) / "all.mo"
        # Copy every msgid into its msgstr so untranslated entries survive msgfmt.
        filled = Path(scratch) / "filled.po"
        subprocess.run(["msgen", "-o", str(filled), str(po_file)], check=True, capture_output=True)
        subprocess.run(["msgfmt", "-o", str(mo), str(filled)], check=True, capture_output=True)
        with mo.open("rb") as handle:
            catalog = gettext.GNUTranslations(handle)._catalog  # type: ignore[attr-defined]
    return {key if isinstance(key, str) else key[0] for key in catalog if key}


def untranslated(po_file: Path) -> str:
    result = subprocess.run(
        ["msgattrib", "--untranslated", "--no-obsolete", str(po_file)],
        check=True,
        capture_output=True,
        text=True,
    )
    fuzzy = subprocess.run(
        ["msgattrib", "--only-fuzzy", "--no-obsolete", str(po_file)],
        check=True,
        capture_output=True,
        text=True,
    )
    # msgattrib repeats the header entry (msgid ""); count only real messages.
    lines = (result.stdout + fuzzy.stdout).splitlines()
    return "\n".join(line for line in lines if line.startswith("msgid ") and line != 'msgid ""')


def locale_dirs(package: Path) -> list[Path]:
    """Every ``locale`` folder of the package, relative to it."""
    return sorted(
        path.relative_to(package)
        for path in package.rglob("locale")
        if path.is_dir() and "__pycache__" not in path.parts
    )


def main() -> int:
    problems: list[str] = []
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / "brygga"
        shutil.copytree(
            ROOT / "brygga", copy, ignore=shutil.ignore_patterns("__pycache__", "*.pyc")
        )
        (copy / "locale").mkdir(exist_ok=True)  # so makemessages writes into the copy
        args = ["makemessages", "--no-obsolete", "--no-location"]
        for language in LANGUAGES:
            args += ["-l", language]
        subprocess.run(
            [sys.executable, "-m", "django", *args],
            cwd=copy,
            check=True,
            capture_output=True,
            env={
                **os.environ,
                "DJANGO_SETTINGS_MODULE": "brygga.settings",
                "PYTHONPATH": str(ROOT),
            },
        )
        for locale in locale_dirs(copy):
            for language in LANGUAGES:
                for domain in ("django", "djangojs"):
                    fresh = copy / locale / language / "LC_MESSAGES" / f"{domain}.po"
                    committed = PACKAGE / locale / language / "LC_MESSAGES" / f"{domain}.po"
                    if not fresh.exists():
                        continue
                    if not committed.exists():
                        problems.append(f"{committed.relative_to(ROOT)} is missing")
                        continue
                    if message_ids(fresh) != message_ids(committed):
                        problems.append(f"{committed.relative_to(ROOT)} is stale")
    catalogues = [
        (language, PACKAGE / locale / language / "LC_MESSAGES" / "django.po")
        for locale in locale_dirs(PACKAGE)
        for language in LANGUAGES
    ]
    for language, po in catalogues:
        mo = po.with_suffix(".mo")
        if not po.exists():
            continue
        if language in COMPLETE and untranslated(po):
            problems.append(f"{po.relative_to(ROOT)} has untranslated or fuzzy messages")
        if not mo.exists() or mo.stat().st_size == 0:
            problems.append(f"{mo.relative_to(ROOT)} is missing: run make messages")
            continue
        with tempfile.TemporaryDirectory() as scratch:
            compiled = Path(scratch) / "django.mo"
            subprocess.run(["msgfmt", "-o", str(compiled), str(po)], check=True)
            if compiled.read_bytes() != mo.read_bytes():
                problems.append(f"{mo.relative_to(ROOT)} does not match its .po: run make messages")
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print("Run `make messages` and translate what is new.", file=sys.stderr)
        return 1
    print("Message catalogues are up to date.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
