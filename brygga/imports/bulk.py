"""Writing many rows at once: PostgreSQL ``COPY``, elsewhere one ``executemany``.

Rows are written as the model would save them: a column the caller leaves out
gets the field's default, a field derived from another on save (a look-up hash
of an encrypted value: it has ``source`` and ``pre_save``) is derived here too,
and a field with its own way into the database (encryption) takes it.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from types import SimpleNamespace
from typing import Any

from django.db import DatabaseError, connection, models, transaction
from django.db.models.lookups import Lookup

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


class Table:
    """How rows of ``model`` given as values of ``names`` are completed and encoded.

    ``fixed`` values are the same in every row (the organisation, the time of
    the batch): they are encoded once. Made once per batch, used for its rows,
    also in another process: encoding needs no database connection (only its
    vendor), so a checking process can encode rows while the main process
    writes the previous batch.
    """

    def __init__(
        self,
        model: type[models.Model],
        names: Sequence[str],
        fixed: dict[str, Any] | None = None,
    ) -> None:
        fixed = fixed or {}
        given, extra = _plan(model, [*names, *fixed])
        self.model = model
        self.postgres = connection.vendor == "postgresql"
        encoder = _copy_encoder if self.postgres else _saver
        self._positions = {f.attname: i for i, f in enumerate(given)}
        self._extra = extra
        self._varying = given[: len(names)]
        self._encoders = [encoder(f) for f in self._varying]
        constant = list(zip(given[len(names) :], fixed.values(), strict=True))
        constant += [(f, default) for f, source, default in extra if source is None]
        self._derived = [(f, source, encoder(f)) for f, source, _d in extra if source is not None]
        self.fields = self._varying + [f for f, _v in constant] + [f for f, _s, _e in self._derived]
        self._constant = [encoder(f)(value) for f, value in constant]
        if self.postgres:
            self._constant_text = "".join("\t" + text for text in self._constant)
        self._fixed = fixed

    def complete(self, row: Sequence[Any]) -> list[Any]:
        """``row`` with the values of the fields it leaves out: defaults and derived ones,
        in the order of ``_plan`` (for ``write_rows``)."""
        values = list(row)
        for field, source, default in self._extra:
            if source is None:
                values.append(default)
            else:
                stub = SimpleNamespace(**{source: row[self._positions[source]]})
                values.append(field.pre_save(stub, True))  # type: ignore[arg-type]
        return values

    def encode(self, row: Sequence[Any]) -> Any:
        """The row (values of ``names``) as it goes to the database, in the order of
        ``fields``: a line of ``COPY`` text on PostgreSQL (values as the fields prepare
        them for saving, encrypted ones encrypted), the list of parameters of an
        ``INSERT`` elsewhere."""
        encoded = [encode(v) for encode, v in zip(self._encoders, row, strict=True)]
        derived = []
        for field, source, encode in self._derived:
            position = self._positions[source]
            value = self._fixed[source] if position >= len(row) else row[position]
            stub = SimpleNamespace(**{source: value})
            derived.append(encode(field.pre_save(stub, True)))  # type: ignore[arg-type]
        if not self.postgres:
            return [*encoded, *self._constant, *derived]
        tail = "".join("\t" + text for text in derived)
        return "\t".join(encoded) + self._constant_text + tail + "\n"

    def write(self, encoded: Sequence[Any]) -> int:
        """Insert rows made by ``encode``: one ``COPY`` on PostgreSQL, one ``executemany``
        elsewhere."""
        if not encoded:
            return 0
        table = connection.ops.quote_name(self.model._meta.db_table)
        columns = ", ".join(connection.ops.quote_name(f.column) for f in self.fields)
        with connection.cursor() as cursor, connection.wrap_database_errors:
            if self.postgres:
                with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    copy.write("".join(encoded))
            else:
                placeholders = ", ".join(["%s"] * len(self.fields))
                cursor.executemany(
                    f"INSERT INTO {table} ({columns}) VALUES ({placeholders})",  # noqa: S608 - names from the model
                    encoded,
                )
        return len(encoded)


#: Characters PostgreSQL's COPY text format escapes with a backslash.
_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"})


def _copy_text(value: Any) -> str:
    """A value in the text format of ``COPY``: NULL as ``\\N``, booleans as t/f,
    dates and times in ISO 8601, everything else as its text, escaped."""
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, datetime.date):  # datetimes too, with their offset
        return _iso(value)
    text = value if isinstance(value, str) else str(value)
    if "\\" in text or "\t" in text or "\n" in text or "\r" in text:
        return text.translate(_COPY_ESCAPES)
    return text


@lru_cache(maxsize=8192)
def _iso(value: datetime.date) -> str:
    """Dates repeat (birth dates, the batch's time): each is formatted once."""
    return value.isoformat()


def _copy_json(value: Any) -> str:
    if value is None:
        return "\\N"
    if isinstance(value, list) and not value:
        return "[]"  # json.dumps([]), the common case, without the encoder
    return _copy_text(json.dumps(value))


def _copy_bool(value: Any) -> str:
    return "\\N" if value is None else "t" if value else "f"


def _copy_date(value: Any) -> str:
    return _iso(value) if isinstance(value, datetime.date) else _copy_text(value)


def _copy_encoder(field: models.Field[Any, Any]) -> Callable[[Any], str]:
    """What turns a Python value of ``field`` into its ``COPY`` text: as psycopg would
    send it for the plain field types, else as the field prepares it for saving."""
    if type(field) in _PLAIN:
        if isinstance(field, models.BooleanField):
            return _copy_bool
        if isinstance(field, models.DateField):  # and DateTimeField
            return _copy_date
        return _copy_text
    if isinstance(field, models.JSONField):
        return _copy_json
    return lambda value: _copy_text(field.get_db_prep_save(value, connection))


def _saver(field: models.Field[Any, Any]) -> Callable[[Any], Any]:
    return lambda value: field.get_db_prep_save(value, connection)


def write_rows(
    model: type[models.Model], names: Sequence[str], rows: Iterable[Sequence[Any]]
) -> int:
    """Insert ``rows`` (values in ``names`` order, attnames) into ``model``'s table.

    Values are Python values as the model holds them (dates, UUIDs, lists for
    JSON, plain text for an encrypted field).
    """
    plan = Table(model, names)
    given, extra = _plan(model, names)
    fields = given + [f for f, _s, _d in extra]  # the order of ``plan.complete``
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
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
                    values = plan.complete(row)
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
                    for f, v in zip(fields, plan.complete(row), strict=True)
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


class _AnyOf(Lookup):  # type: ignore[type-arg]
    """``column = ANY(%s)`` with the values as one array parameter (PostgreSQL)."""

    prepare_rhs = False

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s)", [*lhs_params, list(self.rhs)]


#: Values per ``IN (…)`` list where each value is a parameter (SQLite).
IN_CHUNK = 500


def one_of(
    queryset: models.QuerySet[Any], name: str, values: Sequence[Any], *fields: str
) -> list[Any]:
    """``fields`` (default: ``name``) of the rows of ``queryset`` whose ``name`` is one
    of ``values``: tuples when several fields are asked for, else plain values.

    On PostgreSQL one query with the values as one array (an ``IN`` list of ten
    thousand parameters costs more to build and parse than to run), planned
    for index probes (``random_page_cost`` 1.1 for this transaction: otherwise
    the planner prefers to scan every row of the organisation and filter,
    which makes each batch of an import cost more than the one before);
    elsewhere ``IN`` lists of ``IN_CHUNK``.
    """
    if not values:
        return []
    wanted = fields or (name,)
    flat = len(wanted) == 1
    queryset = queryset.order_by()
    if connection.vendor == "postgresql":
        if connection.in_atomic_block:
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL random_page_cost = 1.1")
        condition = _AnyOf(models.F(name), list(values))
        return list(queryset.filter(condition).values_list(*wanted, flat=flat))
    found: list[Any] = []
    for start in range(0, len(values), IN_CHUNK):
        chunk = values[start : start + IN_CHUNK]
        found += queryset.filter(**{f"{name}__in": chunk}).values_list(*wanted, flat=flat)
    return found


def analyze(*tables: tuple[type[models.Model], Sequence[str]]) -> bool:
    """Bring the planner's statistics of these (model, column names) up to date (PostgreSQL).

    A bulk load outruns autovacuum: while an import fills a new organisation
    the planner still believes it nearly empty and looks rows up by scanning
    the organisation, each batch then costing as much as all before it.
    Only the columns the look-ups filter on are analysed. Needs the table
    owner's right; False when refused (nothing else changes).
    """
    if connection.vendor != "postgresql":
        return False
    quote = connection.ops.quote_name
    targets = ", ".join(
        f"{quote(model._meta.db_table)} ({', '.join(quote(column) for column in columns)})"
        for model, columns in tables
    )
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {targets}")
    except DatabaseError:
        return False
    return True


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
