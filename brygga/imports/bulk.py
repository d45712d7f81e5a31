"""Writing many rows at once: PostgreSQL ``COPY``, elsewhere one ``executemany``."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection, models


def _columns(model: type[models.Model], names: Sequence[str]) -> list[models.Field[Any, Any]]:
    return [model._meta.get_field(name) for name in names]  # type: ignore[misc]


def write_rows(
    model: type[models.Model], names: Sequence[str], rows: Iterable[Sequence[Any]]
) -> int:
    """Insert ``rows`` (values in ``names`` order, attnames) into ``model``'s table.

    PostgreSQL: one ``COPY``; other databases: one ``executemany``. Values are
    Python values as Django would store them (dates, UUIDs, lists for JSON).
    """
    fields = _columns(model, names)
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    json_positions = [i for i, f in enumerate(fields) if isinstance(f, models.JSONField)]
    count = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    values = list(row)
                    for i in json_positions:
                        values[i] = json.dumps(values[i])
                    copy.write_row(values)
                    count += 1
        else:
            prepared = [
                [
                    f.get_db_prep_save(value, connection)
                    for f, value in zip(fields, row, strict=True)
                ]
                for row in rows
            ]
            placeholders = ", ".join(["%s"] * len(fields))
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", prepared)  # noqa: S608 - names from the model
            count = len(prepared)
    return count


def reset_sequences(*models_: type[models.Model]) -> None:
    """After rows were written with explicit integer ids, move the id sequences past them."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in models_:
            table = model._meta.db_table
            quoted = connection.ops.quote_name(table)
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence(%s, 'id'), "  # noqa: S608 - model's table
                f"COALESCE((SELECT MAX(id) FROM {quoted}), 0) + 1, false)",
                [table],
            )
