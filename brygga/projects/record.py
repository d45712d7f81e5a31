"""The public ESF+ project-registry record: read it, check it, write it again.

Svenska ESF-rådet's project bank publishes each project as text: a heading
``DIARIENUMMER - NAME``, then one ``Label:`` line followed by its value for
every field, then the project description in paragraphs. ``parse_record_text``
reads that form, ``validate_record`` turns the raw strings into typed values and
collects *every* problem with the field it concerns, and ``record_to_text`` /
``records_to_csv`` write records out again (a round trip keeps every field).

No database here: the services turn a ``ProjectRecord`` into a ``Project``.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

from .validators import (
    cci_problem,
    compact_org_number,
    country_code,
    nuts2_problem,
    org_number_problem,
    postcode_problem,
)

#: Field name → the label the published record uses, in the record's order.
LABELS: dict[str, str] = {
    "diarienummer": "Diarienummer",
    "name": "Namn",
    "start_date": "Startdatum",
    "end_date": "Slutdatum",
    "country": "Land som berörs",
    "fund": "Berörd fond",
    "programme_cci": "Program CCI",
    "owner_org_number": "Projektägare organisationsnummer",
    "owner_name": "Projektägare",
    "eu_cofinancing_rate": "Unionens medfinansieringsgrad",
    "programme_area": "Programområde",
    "specific_objective": "Specifikt mål",
    "child_poverty_theme": "Sekundärtema - Motverka barnfattigdom",
    "region": "Region",
    "nuts2_code": "NUTS-2 kod",
    "beneficiary_postcode": "Stödmottagare postnr",
    "beneficiary_town": "Stödmottagare ort",
    "intervention_type": "Interventionstyp",
    "participants_planned": "Antal deltagare",
    "strategic_importance": "Insats av strategisk betydelse",
}
FIELDS: tuple[str, ...] = (*LABELS, "description")
REQUIRED: frozenset[str] = frozenset({"diarienummer", "name", "start_date"})
_FIELD_BY_LABEL = {label.casefold(): field for field, label in LABELS.items()}
_TRUE = frozenset({"ja", "yes", "true", "1", "j", "y"})
_FALSE = frozenset({"nej", "no", "false", "0", "n"})


@dataclass(frozen=True)
class ProjectRecord:
    """Every field of a registry record, typed. Optional fields are None or ``""``."""

    diarienummer: str
    name: str
    start_date: datetime.date
    end_date: datetime.date | None = None
    country: str = ""
    fund: str = ""
    programme_cci: str = ""
    owner_org_number: str = ""
    owner_name: str = ""
    eu_cofinancing_rate: Decimal | None = None
    programme_area: str = ""
    specific_objective: str = ""
    child_poverty_theme: bool | None = None
    region: str = ""
    nuts2_code: str = ""
    beneficiary_postcode: str = ""
    beneficiary_town: str = ""
    intervention_type: str = ""
    participants_planned: int | None = None
    strategic_importance: bool | None = None
    description: str = ""

    def as_dict(self) -> dict[str, object]:
        return dataclasses.asdict(self)


@dataclass(frozen=True)
class FieldError:
    field: str
    message: StrOrPromise
    row: int | None = None

    def __str__(self) -> str:
        where = f"row {self.row}: " if self.row is not None else ""
        return f"{where}{self.field}: {self.message}"


class RecordInvalid(Exception):
    """A record (or file of records) with problems; ``errors`` names each field."""

    def __init__(self, errors: list[FieldError]) -> None:
        super().__init__("; ".join(str(e) for e in errors))
        self.errors = errors


# --- the published text form -----------------------------------------------------


def _label_of(line: str) -> str | None:
    stripped = line.strip()
    if not stripped.endswith(":"):
        return None
    return _FIELD_BY_LABEL.get(stripped[:-1].strip().casefold())


def parse_record_text(text: str) -> dict[str, str]:
    """The raw field values of a published record (strings, not yet checked).

    Raises ``RecordInvalid`` when a label is missing or appears twice.
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    raw: dict[str, str] = {}
    errors: list[FieldError] = []
    index = 0
    last_field_line = -1
    while index < len(lines):
        field = _label_of(lines[index])
        if field is None:
            index += 1
            continue
        if field in raw:
            errors.append(FieldError(field, _("The field appears twice in the record.")))
        value_index = index + 1
        # The value is the next line, unless it is already the next label (an empty value).
        if value_index < len(lines) and _label_of(lines[value_index]) is None:
            raw[field] = lines[value_index].strip()
            last_field_line = value_index
            index = value_index + 1
        else:
            raw[field] = ""
            last_field_line = index
            index += 1
    for field in LABELS:
        if field not in raw:
            errors.append(FieldError(field, _("The field is missing from the record.")))
    if errors:
        raise RecordInvalid(errors)
    paragraphs = re.split(r"\n\s*\n", "\n".join(lines[last_field_line + 1 :]).strip())
    raw["description"] = "\n\n".join(p.strip() for p in paragraphs if p.strip())
    return raw


def _format_rate(rate: Decimal) -> str:
    text = format(rate.normalize(), "f")
    return text.replace(".", ",") + "%"


def _format_bool(value: bool | None) -> str:
    return "" if value is None else ("Ja" if value else "Nej")


def format_value(record: ProjectRecord, field: str) -> str:
    """A field's value as the published record writes it."""
    value = getattr(record, field)
    if value is None:
        return ""
    if field == "eu_cofinancing_rate":
        return _format_rate(value)
    if isinstance(value, bool):
        return _format_bool(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def record_to_text(record: ProjectRecord) -> str:
    """The published text form of ``record`` (``parse_record_text`` reads it back)."""
    parts = [f"{record.diarienummer} - {record.name}", ""]
    for field, label in LABELS.items():
        parts += [f"{label}:", format_value(record, field)]
    if record.description:
        parts += ["", record.description]
    return "\n".join(parts) + "\n"


# --- checking raw values -----------------------------------------------------------


def _parse_date(value: str) -> datetime.date:
    return datetime.date.fromisoformat(value.strip())


def _parse_rate(value: str) -> Decimal:
    cleaned = value.replace("%", "").replace(",", ".").replace(" ", "").replace("\xa0", "")
    return Decimal(cleaned)


def _parse_bool(value: str) -> bool:
    key = value.strip().casefold()
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    raise ValueError(value)


def validate_record(raw: Mapping[str, str], row: int | None = None) -> ProjectRecord:
    """Typed record from raw strings; ``RecordInvalid`` lists every problem by field."""
    errors: list[FieldError] = []
    values: dict[str, object] = {}

    def fail(field: str, message: StrOrPromise) -> None:
        errors.append(FieldError(field, message, row))

    text = {field: (raw.get(field) or "").strip() for field in FIELDS}
    for field in REQUIRED:
        if not text[field]:
            fail(field, _("This field is required."))
    for field in ("start_date", "end_date"):
        if text[field]:
            try:
                values[field] = _parse_date(text[field])
            except ValueError:
                fail(field, _("Write the date as YYYY-MM-DD."))
    start, end = values.get("start_date"), values.get("end_date")
    if isinstance(start, datetime.date) and isinstance(end, datetime.date) and end < start:
        fail("end_date", _("The end date is before the start date."))
    country = text["country"]
    if text["eu_cofinancing_rate"]:
        try:
            rate = _parse_rate(text["eu_cofinancing_rate"])
        except InvalidOperation:
            fail("eu_cofinancing_rate", _("Write the rate as a percentage, like 40%."))
        else:
            if not Decimal(0) <= rate <= Decimal(100):
                fail("eu_cofinancing_rate", _("The rate must be between 0 and 100 %."))
            else:
                values["eu_cofinancing_rate"] = rate
    for field in ("child_poverty_theme", "strategic_importance"):
        if text[field]:
            try:
                values[field] = _parse_bool(text[field])
            except ValueError:
                fail(field, _("Answer Ja or Nej."))
    if text["participants_planned"]:
        try:
            planned = int(text["participants_planned"].replace(" ", ""))
        except ValueError:
            planned = -1
        if planned < 0:
            fail("participants_planned", _("Write a whole number, zero or more."))
        else:
            values["participants_planned"] = planned
    if text["owner_org_number"]:
        problem = org_number_problem(text["owner_org_number"], country)
        if problem is not None:
            fail("owner_org_number", problem)
        values["owner_org_number"] = compact_org_number(text["owner_org_number"])
    checks = (
        ("nuts2_code", nuts2_problem),
        ("beneficiary_postcode", postcode_problem),
    )
    for field, check in checks:
        if text[field] and (problem := check(text[field], country)) is not None:
            fail(field, problem)
    if text["programme_cci"] and (problem := cci_problem(text["programme_cci"])) is not None:
        fail("programme_cci", problem)
    if country_code(country) == "SE" and text["beneficiary_postcode"]:
        values["beneficiary_postcode"] = text["beneficiary_postcode"].replace(" ", "")
    limits = {"diarienummer": 50, "name": 300, "owner_name": 300, "region": 100, "country": 100}
    for field, limit in limits.items():
        if len(text[field]) > limit:
            fail(field, _("The value is too long."))
    if errors:
        raise RecordInvalid(errors)
    for field in FIELDS:
        values.setdefault(field, text[field] if field not in _TYPED else None)
    return ProjectRecord(**values)  # type: ignore[arg-type]


_TYPED = frozenset(
    {
        "start_date",
        "end_date",
        "eu_cofinancing_rate",
        "child_poverty_theme",
        "strategic_importance",
        "participants_planned",
    }
)


def read_record_text(text: str) -> ProjectRecord:
    """Parse and check one published record."""
    return validate_record(parse_record_text(text))


# --- CSV ---------------------------------------------------------------------------


def _header_field(name: str) -> str | None:
    key = name.strip().casefold()
    if key in FIELDS:
        return key
    return _FIELD_BY_LABEL.get(key.rstrip(":").strip())


def read_records_csv(text: str) -> tuple[list[ProjectRecord], list[FieldError]]:
    """Records from CSV (a header row of field names or the record's labels).

    Returns the good records and the problems of the bad rows (numbered as in
    a spreadsheet, the header being row 1); a bad row does not stop the others.
    """
    sample = text[:4096]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""), dialect)
    header = next(reader, None)
    if header is None:
        return [], [FieldError("file", _("The file is empty."), 1)]
    columns = [_header_field(name) for name in header]
    unknown = [name for name, field in zip(header, columns, strict=True) if field is None]
    if unknown:
        return [], [
            FieldError(name, _("Unknown column; use the field names of the export."), 1)
            for name in unknown
        ]
    records: list[ProjectRecord] = []
    errors: list[FieldError] = []
    for number, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        raw = {field: cell for field, cell in zip(columns, cells, strict=False) if field}
        try:
            records.append(validate_record(raw, row=number))
        except RecordInvalid as exc:
            errors += exc.errors
    return records, errors


def records_to_csv(records: Iterable[ProjectRecord]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(FIELDS)
    for record in records:
        writer.writerow(
            [
                format_value(record, f) if f != "eu_cofinancing_rate" else _csv_rate(record)
                for f in FIELDS
            ]
        )
    return out.getvalue()


def _csv_rate(record: ProjectRecord) -> str:
    rate = record.eu_cofinancing_rate
    return "" if rate is None else format(rate.normalize(), "f")
