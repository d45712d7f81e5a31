"""The registry record: the seed parsed with every field, checks per field, CSV, commands."""

from __future__ import annotations

import datetime
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from brygga.core.models import Organisation
from brygga.projects.models import Project
from brygga.projects.record import (
    FIELDS,
    ProjectRecord,
    RecordInvalid,
    parse_record_text,
    read_record_text,
    read_records_csv,
    record_to_text,
    records_to_csv,
    validate_record,
)
from brygga.projects.services import record_from_project

D = datetime.date


def expected_seed_record(description: str) -> ProjectRecord:
    return ProjectRecord(
        diarienummer="23-051-S06",
        name="Samverkan för ASF i södra Norrbotten 2.0",
        start_date=D(2024, 1, 2),
        end_date=D(2026, 6, 30),
        country="Sverige",
        fund="ESF+",
        programme_cci="2021SE05SFPR",
        owner_org_number="2220002204",
        owner_name="SAMORDNINGSFÖRBUNDET SÖDRA NORRBOTTEN",
        eu_cofinancing_rate=Decimal(40),
        programme_area="D",
        specific_objective="D1",
        child_poverty_theme=False,
        region="Övre Norrland",
        nuts2_code="SE33",
        beneficiary_postcode="97110",
        beneficiary_town="LULEÅ",
        intervention_type="175",
        participants_planned=0,
        strategic_importance=False,
        description=description,
    )


def test_the_seed_record_is_parsed_with_every_field(seed_record_text: str) -> None:
    record = read_record_text(seed_record_text)
    assert record.description.startswith("Majoriteten av de arbetslösa i Sverige")
    assert record.description.endswith("i det livslånga lärandet")
    assert "\n\nSyftet med projektet" in record.description
    assert record == expected_seed_record(record.description)
    # Every word of the description survives.
    body = seed_record_text.split("Nej\n\n", 2)[-1]
    assert record.description.split() == body.split()


def test_text_and_csv_round_trips_keep_every_field(seed_record_text: str) -> None:
    record = read_record_text(seed_record_text)
    assert read_record_text(record_to_text(record)) == record
    records, errors = read_records_csv(records_to_csv([record, record]))
    assert errors == []
    assert records == [record, record]


@pytest.mark.django_db
def test_the_seed_record_matches_the_demo_project(seed_record_text: str) -> None:
    from brygga.devtools.demo import seed

    seed(participants=0)
    project = Project.objects.get(diarienummer="23-051-S06")
    record = read_record_text(seed_record_text)
    demo = record_from_project(project)
    for field in FIELDS:
        if field != "description":
            assert getattr(demo, field) == getattr(record, field), field


def test_every_problem_is_reported_with_its_field() -> None:
    raw = {
        "diarienummer": "",
        "name": "Testprojekt",
        "start_date": "2024-05-01",
        "end_date": "2024-01-01",
        "country": "Sverige",
        "owner_org_number": "2220002205",
        "eu_cofinancing_rate": "140%",
        "nuts2_code": "DK01",
        "beneficiary_postcode": "9711",
        "programme_cci": "SE05",
        "child_poverty_theme": "kanske",
        "participants_planned": "-3",
    }
    with pytest.raises(RecordInvalid) as caught:
        validate_record(raw)
    fields = {e.field for e in caught.value.errors}
    assert fields == {
        "diarienummer",
        "end_date",
        "owner_org_number",
        "eu_cofinancing_rate",
        "nuts2_code",
        "beneficiary_postcode",
        "programme_cci",
        "child_poverty_theme",
        "participants_planned",
    }


def test_a_bad_date_and_a_missing_label_are_named(seed_record_text: str) -> None:
    with pytest.raises(RecordInvalid) as caught:
        read_record_text(seed_record_text.replace("2024-01-02", "2 januari 2024"))
    assert [e.field for e in caught.value.errors] == ["start_date"]
    with pytest.raises(RecordInvalid) as caught:
        parse_record_text(seed_record_text.replace("NUTS-2 kod:\n", ""))
    assert [e.field for e in caught.value.errors] == ["nuts2_code"]


def test_an_empty_value_is_read_as_empty() -> None:
    text = "X - Y\n\nDiarienummer:\n1-2\nNamn:\nY\nStartdatum:\n2024-01-01\nSlutdatum:\n"
    text += "".join(f"{label}:\n" for label in list(_labels())[4:])
    raw = parse_record_text(text)
    assert raw["end_date"] == ""
    record = validate_record(raw)
    assert record.end_date is None and record.eu_cofinancing_rate is None


def _labels() -> list[str]:
    from brygga.projects.record import LABELS

    return list(LABELS.values())


def test_rates_with_a_decimal_comma_and_danish_cvr() -> None:
    record = validate_record(
        {
            "diarienummer": "DK-1",
            "name": "Småjob",
            "start_date": "2025-01-01",
            "country": "Danmark",
            "owner_org_number": "29189587",
            "eu_cofinancing_rate": "42,5 %",
            "nuts2_code": "DK05",
        }
    )
    assert record.eu_cofinancing_rate == Decimal("42.5")
    assert "42,5%" in record_to_text(record)


def test_csv_reports_each_bad_row_and_keeps_the_good_ones(seed_record_text: str) -> None:
    good = read_record_text(seed_record_text)
    text = records_to_csv([good]) + "24-1,Annat,2024-13-01,,,,,,,,,,,,,,,,,,\n"
    records, errors = read_records_csv(text)
    assert records == [good]
    assert [(e.row, e.field) for e in errors] == [(3, "start_date")]
    _records, errors = read_records_csv("diarienummer;colour\n1;red\n")
    assert [e.field for e in errors] == ["colour"]


@pytest.mark.django_db
def test_the_command_imports_the_record_and_updates_it(
    seed_record_text: str, tmp_path: Path
) -> None:
    path = tmp_path / "record.txt"
    path.write_text(seed_record_text, encoding="utf-8")
    out = StringIO()
    call_command("import", "project-record", str(path))  # core's two-word dispatcher
    project = Project.objects.get()
    assert record_from_project(project) == read_record_text(seed_record_text)
    owner = Organisation.objects.get()
    assert (owner.org_number, owner.kind) == ("2220002204", "coordination_association")
    assert owner.name == "Samordningsförbundet Södra Norrbotten"
    path.write_text(seed_record_text.replace("Antal deltagare:\n0", "Antal deltagare:\n120"))
    call_command("import_project_record", str(path), stdout=out)
    assert "Updated 23-051-S06" in out.getvalue()
    assert Project.objects.get().participants_planned == 120
    exported = StringIO()
    call_command("export_project_record", "23-051-S06", stdout=exported)
    assert read_record_text(exported.getvalue()).participants_planned == 120


@pytest.mark.django_db
def test_the_command_refuses_a_bad_record_and_imports_nothing(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("diarienummer,name,start_date,owner_org_number\n1,A,2024-01-01,123\n")
    with pytest.raises(CommandError, match=r"row 2, Projektägare organisationsnummer"):
        call_command("import_project_record", str(path))
    assert not Project.objects.exists()
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_project_record", str(tmp_path / "missing.txt"))
