"""Writing many rows at once: PostgreSQL ``COPY``, elsewhere one ``executemany``.

Rows are written as the model would save them: a column the caller leaves out
gets the field's default, a field derived from another on save (a look-up hash
of an encrypted value: it has ``source`` and ``pre_save``) is derived here too,
and a field with its own way into the database (encryption) takes it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from types import SimpleNamespace
from typing import Any

from django.db import connection, models

#: Field classes whose Python values PostgreSQL's COPY takes as they are.
_PLAIN = frozenset(
    {
        models.AutoField,
        models.BigAutoField,
        models.BooleanField,
        models.CharField,
        models.DateField,
        models.DateTimeField,
        models.DecimalField,
        models.ForeignKey,
        models.IntegerField,
        models.OneToOneField,
        models.PositiveIntegerField,
        models.PositiveSmallIntegerField,
        models.SmallIntegerField,
        models.TextField,
        models.UUIDField,
    }
)


def _derived_from(field: models.Field[Any, Any]) -> str | None:
    source = getattr(field, "source", None)
    return source if isinstance(source, str) else None


def _plan(
    model: type[models.Model], names: Sequence[str]
) -> tuple[list[models.Field[Any, Any]], list[tuple[models.Field[Any, Any], str | None, Any]]]:
    """The given fields, and the others to fill: (field, source of a derived one, default)."""
    given = [model._meta.get_field(name) for name in names]
    given_names = {f.attname for f in given if isinstance(f, models.Field)}
    extra: list[tuple[models.Field[Any, Any], str | None, Any]] = []
    for field in model._meta.concrete_fields:
        if field.attname in given_names or (field.primary_key and field.auto_created):
            continue
        if isinstance(field, models.AutoField):
            continue
        source = _derived_from(field)
        default = None if source else field.get_default()
        extra.append((field, source, default))
    return [f for f in given if isinstance(f, models.Field)], extra


def write_rows(
    model: type[models.Model], names: Sequence[str], rows: Iterable[Sequence[Any]]
) -> int:
    """Insert ``rows`` (values in ``names`` order, attnames) into ``model``'s table.

    Values are Python values as the model holds them (dates, UUIDs, lists for
    JSON, plain text for an encrypted field).
    """
    given, extra = _plan(model, names)
    fields = given + [f for f, _s, _d in extra]
    positions = {f.attname: i for i, f in enumerate(given)}
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)

    def complete(row: Sequence[Any]) -> list[Any]:
        values = list(row)
        for field, source, default in extra:
            if source is None:
                values.append(default)
            else:
                stub = SimpleNamespace(**{source: row[positions[source]]})
                values.append(field.pre_save(stub, True))  # type: ignore[arg-type]
        return values

    postgres = connection.vendor == "postgresql"
    prepare = [
        None
        if postgres and type(f) in _PLAIN
        else "json"
        if postgres and isinstance(f, models.JSONField)
        else f
        for f in fields
    ]
    count = 0
    # ``copy`` is psycopg's own: wrap it so its errors become Django's (IntegrityError…).
    with connection.cursor() as cursor, connection.wrap_database_errors:
        if postgres:
            with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    values = complete(row)
                    for i, how in enumerate(prepare):
                        if how == "json":
                            values[i] = json.dumps(values[i])
                        elif how is not None:
                            values[i] = how.get_db_prep_save(values[i], connection)  # type: ignore[union-attr]
                    copy.write_row(values)
                    count += 1
        else:
            prepared = [
                [
                    f.get_db_prep_save(v, connection)
                    for f, v in zip(fields, complete(row), strict=True)
                ]
                for row in rows
            ]
            placeholders = ", ".join(["%s"] * len(fields))
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", prepared)  # noqa: S608 - names from the model
            count = len(prepared)
    return count


def lookup_values(
    model: type[models.Model], name: str, values: Iterable[str]
) -> tuple[str, list[Any]]:
    """The field to filter on to find rows whose ``name`` is one of ``values``.

    An encrypted field is found by the look-up hash derived from it; a plain
    field by itself.
    """
    for field in model._meta.concrete_fields:
        if _derived_from(field) == name:
            return field.name, [
                field.pre_save(SimpleNamespace(**{name: value}), True)  # type: ignore[arg-type]
                for value in values
            ]
    return name, list(values)


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
