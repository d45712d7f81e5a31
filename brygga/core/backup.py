"""Backing up the database to one file and restoring it (``brygga backup`` / ``restore``).

* SQLite: SQLite's online backup API copies the database page by page through a
  connection of its own, so the copy is consistent while the server keeps writing
  (WAL mode); the copy is then checked with ``PRAGMA integrity_check``. Restoring
  copies the file back over the configured database the same way.
* PostgreSQL: ``pg_dump --format=custom`` (one consistent snapshot, also while the
  server runs) and ``pg_restore --clean --if-exists --single-transaction``, both
  found on ``PATH``; their absence is a clear error, not a traceback.

A backup holds personal data (identity numbers stay encrypted: keep the encryption
keys apart from the backups, and both safe). docs/backup.md says how to use them.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections

#: The first bytes of each kind of backup file.
SQLITE_MAGIC = b"SQLite format 3\x00"
PG_DUMP_MAGIC = b"PGDMP"


class BackupError(Exception):
    """A backup or restore that could not be made; the message says why."""


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    engine: str
    size: int


def _engine(alias: str) -> str:
    vendor = connections[alias].vendor
    if vendor not in ("sqlite", "postgresql"):
        raise BackupError(f"Backups of a {vendor} database are not supported.")
    return vendor


def backup(path: Path, alias: str = DEFAULT_DB_ALIAS) -> BackupInfo:
    """Write a backup of the database to ``path`` (replaced if it exists)."""
    engine = _engine(alias)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        if engine == "sqlite":
            _sqlite_backup(partial, alias)
        else:
            _pg_dump(partial, alias)
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    return BackupInfo(path=path, engine=engine, size=path.stat().st_size)


def restore(path: Path, alias: str = DEFAULT_DB_ALIAS) -> str:
    """Replace the database's contents with the backup at ``path``; return the engine."""
    engine = _engine(alias)
    if not path.is_file():
        raise BackupError(f"No backup file at {path}.")
    with path.open("rb") as handle:
        head = handle.read(len(SQLITE_MAGIC))
    expected = SQLITE_MAGIC if engine == "sqlite" else PG_DUMP_MAGIC
    if not head.startswith(expected):
        kind = "SQLite" if engine == "sqlite" else "pg_dump (custom format)"
        raise BackupError(f"{path} is not a {kind} backup; the database is {engine}.")
    connections[alias].close()
    if engine == "sqlite":
        _sqlite_restore(path, alias)
    else:
        _pg_restore(path, alias)
    connections[alias].close()
    return engine


# --- SQLite ---------------------------------------------------------------------------


def _sqlite_source(alias: str) -> sqlite3.Connection:
    """The live database's own connection (an in-memory test database has no file)."""
    connection = connections[alias]
    connection.ensure_connection()
    raw: Any = connection.connection
    if not isinstance(raw, sqlite3.Connection):
        raise BackupError("The SQLite connection is not a sqlite3 connection.")
    return raw


def _sqlite_backup(target: Path, alias: str) -> None:
    destination = sqlite3.connect(target)
    try:
        _sqlite_source(alias).backup(destination)
        destination.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        (verdict,) = destination.execute("PRAGMA integrity_check").fetchone()
    finally:
        destination.close()
    if verdict != "ok":
        raise BackupError(f"The backup failed its integrity check: {verdict}")


def _sqlite_restore(path: Path, alias: str) -> None:
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        (verdict,) = source.execute("PRAGMA integrity_check").fetchone()
        if verdict != "ok":
            raise BackupError(f"{path} failed its integrity check: {verdict}")
        source.backup(_sqlite_source(alias))
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{path} could not be restored: {exc}") from exc
    finally:
        source.close()


# --- PostgreSQL -----------------------------------------------------------------------


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            f"{name} was not found on PATH: install the PostgreSQL client tools "
            f"(Debian: apt-get install postgresql-client), of the server's major version."
        )
    return found


def _pg_arguments(alias: str) -> tuple[list[str], dict[str, str]]:
    settings = connections[alias].settings_dict
    arguments = []
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings.get(key):
            arguments.append(f"{flag}={settings[key]}")
    environment = dict(os.environ)
    if settings.get("PASSWORD"):
        environment["PGPASSWORD"] = str(settings["PASSWORD"])
    arguments.append(f"--dbname={settings['NAME']}")
    return arguments, environment


def _run(command: list[str], environment: dict[str, str]) -> None:
    result = subprocess.run(command, env=environment, capture_output=True, text=True, check=False)  # noqa: S603 - our own arguments
    if result.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {result.stderr.strip()}")


def _pg_dump(target: Path, alias: str) -> None:
    arguments, environment = _pg_arguments(alias)
    _run(
        [_tool("pg_dump"), "--format=custom", "--no-owner", f"--file={target}", *arguments],
        environment,
    )


def _pg_restore(path: Path, alias: str) -> None:
    arguments, environment = _pg_arguments(alias)
    _run(
        [
            _tool("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "--exit-on-error",
            *arguments,
            str(path),
        ],
        environment,
    )
