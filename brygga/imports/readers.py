"""Rows of a CSV or XLSX file as dictionaries of text, one at a time."""

from __future__ import annotations

import csv
import datetime
import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from brygga.core.errors import DomainError

#: A row as read: its number in the file (the header is row 1) and its cells by column.
Row = tuple[int, dict[str, str]]


def file_format(name: str) -> str:
    suffix = Path(name).suffix.lower()
    if suffix in (".csv", ".txt"):
        return "csv"
    if suffix == ".xlsx":
        return "xlsx"
    raise DomainError(_("Give a CSV or XLSX file."), field="file")


@contextmanager
def _readable(fmt: str) -> Iterator[None]:
    """Turn what a damaged or mislabelled file makes the CSV reader or openpyxl raise
    (bad UTF-8, NUL bytes, a broken zip, malformed XML, …) into a ``DomainError``."""
    try:
        yield
    except DomainError:
        raise
    except (csv.Error, UnicodeDecodeError) as exc:
        raise DomainError(_("The file is not CSV text in UTF-8."), field="file") from exc
    except Exception as exc:
        if fmt != "xlsx":
            raise
        raise DomainError(_("The file is not a readable XLSX workbook."), field="file") from exc


def checksum(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _header(cells: list[str]) -> list[str]:
    return [cell.strip().lower().replace(" ", "_") for cell in cells]


def read_rows(path: Path, name: str | None = None) -> Iterator[Row]:
    """Rows of ``path`` (a CSV in UTF-8 with , ; or tab, or the first sheet of an XLSX)."""
    fmt = file_format(name or path.name)
    with _readable(fmt):
        if fmt == "xlsx":
            yield from _xlsx_rows(path)
        else:
            yield from _csv_rows(path)


def header(path: Path, name: str | None = None) -> list[str]:
    fmt = file_format(name or path.name)
    with _readable(fmt):
        return _header_of(path, fmt)


def _header_of(path: Path, fmt: str) -> list[str]:
    if fmt == "xlsx":
        from openpyxl import load_workbook

        workbook = load_workbook(path, read_only=True, data_only=True)
        try:
            first = next(workbook.worksheets[0].iter_rows(max_row=1, values_only=True), ())
            return _header([_text(value) for value in first])
        finally:
            workbook.close()
    with path.open(encoding="utf-8-sig", newline="") as handle:
        line = handle.readline()
    return _header(next(csv.reader([line], delimiter=_delimiter(line)), []))


def count_rows(path: Path, name: str | None = None) -> int:
    """Data rows in the file (for progress), without reading it into memory."""
    fmt = file_format(name or path.name)
    if fmt == "xlsx":
        from openpyxl import load_workbook

        with _readable(fmt):
            workbook = load_workbook(path, read_only=True, data_only=True)
            try:
                return max(0, (workbook.worksheets[0].max_row or 1) - 1)
            finally:
                workbook.close()
    lines = 0
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            lines += block.count(b"\n")
    return max(0, lines - 1)


def _delimiter(line: str) -> str:
    return max((",", ";", "\t"), key=line.count)


def _csv_rows(path: Path) -> Iterator[Row]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        first = handle.readline()
        delimiter = _delimiter(first)
        names = _header(next(csv.reader([first], delimiter=delimiter), []))
        for number, cells in enumerate(csv.reader(handle, delimiter=delimiter), start=2):
            if not any(cell.strip() for cell in cells):
                continue
            yield number, dict(zip(names, (cell.strip() for cell in cells), strict=False))


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _xlsx_rows(path: Path) -> Iterator[Row]:
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        rows = workbook.worksheets[0].iter_rows(values_only=True)
        names = _header([_text(value) for value in next(rows, ())])
        for number, values in enumerate(rows, start=2):
            cells = [_text(value) for value in values]
            if not any(cells):
                continue
            yield number, dict(zip(names, cells, strict=False))
    finally:
        workbook.close()
