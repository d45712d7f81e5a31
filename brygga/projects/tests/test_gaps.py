"""Housing and area at entry, supported organisations, estimates: services, pages, API, demo."""

from __future__ import annotations

import csv
import datetime
import io
import json
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook
from pytest_django import DjangoAssertNumQueries

from brygga.core.errors import DomainError, NotPermitted
from brygga.core.models import ApiToken, Organisation, OrganisationKind, User
from brygga.journeys import services as journeys
from brygga.journeys.models import Enrolment
from brygga.people.models import Participant
from brygga.people.services import ParticipantData, register_participant
from brygga.projects import reports, selectors, services
from brygga.projects.models import (
    AreaSource,
    Degurba,
    EntrySituation,
    IndicatorEstimate,
    Project,
    SupportedEntity,
)

pytestmark = pytest.mark.django_db
D = datetime.date
AS_OF = D(2025, 6, 1)


def person(alice: User, boden: Organisation, name: str, **facts: object) -> Participant:
    values: dict[str, object] = {
        "first_name": name,
        "last_name": "Test",
        "birth_date": D(1990, 1, 1),
        "gender": "woman",
        "education_level": 3,
        "labour_market_status": "unemployed",
        "municipality": "Boden",
    }
    values.update(facts)
    return register_participant(alice, boden, ParticipantData(**values))  # type: ignore[arg-type]


def org(name: str, kind: str) -> Organisation:
    return Organisation.objects.create(name=name, kind=kind)


def login(client: Client, user: User) -> Client:
    client.force_login(user)
    client.cookies["django_language"] = "en"
    return client


def api(client: Client, method: str, path: str, user: User, body: Any = None) -> Any:
    token = ApiToken.issue(user, "test")[1]
    kwargs: dict[str, Any] = {"headers": {"Authorization": f"Bearer {token}"}}
    if body is not None:
        kwargs.update(data=json.dumps(body), content_type="application/json")
    return getattr(client, method)(f"/api/v1/projects{path}", **kwargs)


# --- housing and area at entry ----------------------------------------------------------


def test_the_area_is_derived_from_the_municipality_or_set_by_the_case_worker(
    alice: User, boden: Organisation, project: Project
) -> None:
    town = journeys.enrol(alice, person(alice, boden, "Town"), project, D(2024, 3, 1))
    village = journeys.enrol(alice, person(alice, boden, "Village"), project, D(2024, 3, 1))
    unknown = journeys.enrol(
        alice, person(alice, boden, "Away", municipality="Atlantis"), project, D(2024, 3, 1)
    )
    derived = services.record_entry_situation(alice, town, services.EntryFacts(housing="homeless"))
    assert (derived.degurba, derived.area_source, derived.municipality) == (
        Degurba.TOWNS_AND_SUBURBS,
        AreaSource.MUNICIPALITY,
        "Boden",
    )
    assert derived.homeless is True and derived.rural is False
    set_by_hand = services.record_entry_situation(
        alice,
        village,
        services.EntryFacts(housing="stable", degurba=3, area_note="Lives in a far village"),
    )
    assert (set_by_hand.degurba, set_by_hand.area_source) == (3, AreaSource.CASE_WORKER)
    none_known = services.record_entry_situation(alice, unknown, services.EntryFacts())
    assert (none_known.degurba, none_known.area_source, none_known.homeless) == (None, "", None)
    report = reports.esf_report(project, AS_OF, suppress=False)
    assert (report.count("EECO16").total, report.count("EECO17").total) == (1, 1)
    assert report.count("EECO16").by_gender == {"woman": 1, "man": 0, "non_binary": 0}


def test_entry_facts_are_refused_outside_the_organisation_and_when_unknown(
    alice: User, olga: User, bob: User, enrolment: Enrolment
) -> None:
    with pytest.raises(NotPermitted):
        services.record_entry_situation(olga, enrolment, services.EntryFacts(housing="homeless"))
    with pytest.raises(NotPermitted):  # analysts do not handle personal data
        services.record_entry_situation(bob, enrolment, services.EntryFacts(housing="homeless"))
    with pytest.raises(DomainError) as caught:
        services.record_entry_situation(alice, enrolment, services.EntryFacts(housing="castle"))
    assert caught.value.field == "housing"
    with pytest.raises(DomainError) as caught:
        services.record_entry_situation(alice, enrolment, services.EntryFacts(degurba=4))
    assert caught.value.field == "degurba"
    services.record_entry_situation(alice, enrolment, services.EntryFacts(housing="homeless"))
    assert selectors.entry_situations_for(alice).count() == 1
    assert selectors.entry_situations_for(olga).count() == 0
    assert selectors.entry_situations_for(bob).count() == 0


def test_erasing_the_person_keeps_the_facts_the_indicators_count(
    adam: User, alice: User, participant: Participant, enrolment: Enrolment, project: Project
) -> None:
    from brygga.people.privacy import erase_person

    services.record_entry_situation(
        alice, enrolment, services.EntryFacts(housing="homeless", degurba=3, area_note="By")
    )
    erase_person(adam, participant, "The person asked")
    row = EntrySituation.objects.get()
    assert (row.housing, row.degurba, row.municipality, row.area_note) == ("homeless", 3, "", "")
    report = reports.esf_report(project, AS_OF, suppress=False)
    assert (report.count("EECO16").total, report.count("EECO17").total) == (1, 1)


def test_the_operator_derives_missing_areas(
    alice: User, boden: Organisation, project: Project
) -> None:
    journeys.enrol(alice, person(alice, boden, "A"), project, D(2024, 3, 1))
    journeys.enrol(
        alice, person(alice, boden, "B", municipality="Atlantis"), project, D(2024, 3, 1)
    )
    assert services.derive_entry_areas(project) == 1
    assert services.derive_entry_areas(project) == 0  # already there
    assert EntrySituation.objects.get().area_source == AreaSource.MUNICIPALITY


def test_indicator_rows_still_take_two_queries(
    alice: User,
    boden: Organisation,
    project: Project,
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    for i in range(6):
        enrolment = journeys.enrol(alice, person(alice, boden, f"P{i}"), project, D(2024, 3, 1))
        services.record_entry_situation(alice, enrolment, services.EntryFacts(housing="stable"))
    with django_assert_num_queries(2):
        rows = selectors.indicator_rows([project], AS_OF)
    assert [r.homeless for r in rows] == [False] * 6 and [r.rural for r in rows] == [False] * 6


# --- supported organisations ----------------------------------------------------------------


def test_supported_organisations_count_as_public_bodies_and_smes(
    owen: User, alice: User, boden: Organisation, project: Project
) -> None:
    school = org("Folkhögskolan", OrganisationKind.EDUCATION_PROVIDER)
    asf = org("Kooperativet", OrganisationKind.SOCIAL_ENTERPRISE)
    small = org("Liten AB", OrganisationKind.EMPLOYER)
    large = org("Stor AB", OrganisationKind.EMPLOYER)
    services.add_supported_entity(owen, project, boden, D(2024, 5, 1))
    services.add_supported_entity(owen, project, school, D(2024, 5, 1))
    services.add_supported_entity(owen, project, asf, D(2024, 6, 1))
    services.add_supported_entity(owen, project, small, D(2024, 6, 1), sme=True)
    services.add_supported_entity(owen, project, large, D(2025, 9, 1), sme=False)
    with pytest.raises(DomainError) as caught:
        services.add_supported_entity(owen, project, boden, D(2024, 7, 1))
    assert caught.value.field == "organisation"
    with pytest.raises(DomainError) as caught:
        services.add_supported_entity(owen, project, school, D(2024, 7, 1), sme=True)
    with pytest.raises(DomainError) as caught:
        services.add_supported_entity(owen, project, large, D(2020, 1, 1))
    assert caught.value.field == "supported_on"
    with pytest.raises(NotPermitted):  # a partner's case worker does not change the project
        services.add_supported_entity(alice, project, large, D(2025, 1, 1))
    report = reports.esf_report(project, AS_OF, suppress=True)
    assert (report.count("EECO18").total, report.count("EECO19").total) == (2, 2)
    rows = list(csv.reader(io.StringIO(reports.to_csv(report, project))))
    eeco18 = next(r for r in rows if r and r[0] == "EECO18")
    assert eeco18[3:] == ["", "", "", "2", "no", "organisations"]
    data = reports.as_data(report, project)
    eeco19 = next(i for i in data["indicators"] if i["code"] == "EECO19")  # type: ignore[attr-defined]
    assert (eeco19["total"], eeco19["by_gender"], eeco19["source"]) == (2, None, "organisations")
    sheet = load_workbook(io.BytesIO(reports.to_xlsx(report, project))).active
    assert sheet is not None
    cells = {row[0]: row for row in sheet.iter_rows(values_only=True) if row and row[0]}
    assert cells["EECO18"][6] == 2 and cells["EECO19"][8] == "organisations"


# --- estimates --------------------------------------------------------------------------------


def test_an_estimate_is_checked_and_marked_in_every_output(
    owen: User, alice: User, boden: Organisation, project: Project
) -> None:
    for i in range(10):
        journeys.enrol(alice, person(alice, boden, f"P{i}"), project, D(2024, 3, 1))

    def estimate(**changes: object) -> IndicatorEstimate:
        values: dict[str, object] = {
            "code": "EECO12",
            "period_start": D(2025, 1, 1),
            "period_end": D(2025, 12, 31),
            "basis": "Anonymous survey, spring 2025",
            "share": Decimal(30),
        }
        values.update(changes)
        return services.record_estimate(owen, project, services.EstimateData(**values))  # type: ignore[arg-type]

    cases: list[tuple[dict[str, object], str]] = [
        ({"code": "EECO13"}, "code"),
        ({"period_end": D(2024, 12, 31)}, "period_end"),
        ({"count": 3}, "count"),  # both a count and a share
        ({"share": None}, "count"),  # neither
        ({"share": Decimal(101)}, "share"),
        ({"basis": "  "}, "basis"),
    ]
    for bad, field in cases:
        with pytest.raises(DomainError) as caught:
            estimate(**bad)
        assert caught.value.field == field, bad
    with pytest.raises(NotPermitted):
        services.record_estimate(
            alice,
            project,
            services.EstimateData("EECO12", D(2025, 1, 1), D(2025, 2, 1), "x", count=1),
        )
    estimate()
    with pytest.raises(DomainError) as caught:
        estimate(period_start=D(2025, 6, 1), period_end=D(2026, 6, 1))
    assert caught.value.field == "period_start"  # overlaps
    full = reports.esf_report(project, AS_OF, suppress=False)
    assert full.count("EECO12").total == 3 and full.count("EECO12").estimate is not None
    assert full.count("EECO15").estimate is None
    assert reports.esf_report(project, D(2024, 6, 1), suppress=False).count("EECO12").total == 0
    # With a target group the estimate (of all participants) does not apply.
    grouped = reports.esf_report(project, AS_OF, suppress=False, target_group="young")
    assert grouped.count("EECO12").estimate is None
    hidden = reports.esf_report(project, AS_OF, suppress=True)
    assert hidden.count("EECO12").total is None  # 3 is below 5
    with translation.override("en"):
        text = reports.to_csv(full, project)
    assert "EECO12,Participants with disabilities,output,,,,3,yes,estimate" in text
    assert 'estimate_EECO12,"30 % of participants, 2025-01-01–2025-12-31: Anonymous' in text
    data = reports.as_data(full, project)
    eeco12 = next(i for i in data["indicators"] if i["code"] == "EECO12")  # type: ignore[attr-defined]
    assert eeco12["source"] == "estimate" and eeco12["estimate"]["share_percent"] == 30.0


def test_suppression_protects_a_band_that_the_total_would_reveal(
    alice: User, anna: User, boden: Organisation, project: Project
) -> None:
    # Women: 2 with ISCED 0–2, 6 with 3–4, 5 with 5–8. EECO09 women (2) is hidden; without
    # complementary suppression 13 − 6 − 5 would give it back.
    for i, level in enumerate([2] * 2 + [3] * 6 + [6] * 5):
        journeys.enrol(
            alice, person(alice, boden, f"P{i}", education_level=level), project, D(2024, 3, 1)
        )
    report = reports.esf_report(project, AS_OF, suppress=True)
    women = {code: report.count(code).by_gender["woman"] for code in ("EECO09", "EECO10", "EECO11")}
    assert report.count("EECO01").by_gender["woman"] == 13
    assert women == {"EECO09": None, "EECO10": 6, "EECO11": None}


# --- pages and API: outsiders refused, owners write -----------------------------------------


def test_an_outsider_gets_404_from_every_new_page(
    client: Client, olga: User, project: Project, enrolment: Enrolment, owen: User
) -> None:
    entity = services.add_supported_entity(owen, project, project.owner, D(2024, 5, 1))
    estimate = services.record_estimate(
        owen,
        project,
        services.EstimateData("EECO12", D(2025, 1, 1), D(2025, 2, 1), "x", count=1),
    )
    login(client, olga)
    p = project.pk
    for method, url in [
        ("get", reverse("projects:supported_entities", args=[p])),
        ("get", reverse("projects:supported_entity_add", args=[p])),
        ("post", reverse("projects:supported_entity_add", args=[p])),
        ("post", reverse("projects:supported_entity_remove", args=[p, entity.pk])),
        ("get", reverse("projects:estimates", args=[p])),
        ("get", reverse("projects:estimate_add", args=[p])),
        ("post", reverse("projects:estimate_add", args=[p])),
        ("post", reverse("projects:estimate_remove", args=[p, estimate.pk])),
        ("get", reverse("projects:entry_situation", args=[enrolment.pk])),
        ("post", reverse("projects:entry_situation", args=[enrolment.pk])),
    ]:
        assert getattr(client, method)(url).status_code == 404, url
    assert SupportedEntity.objects.count() == IndicatorEstimate.objects.count() == 1


def test_an_outsider_gets_404_from_every_new_operation(
    client: Client, olga: User, project: Project
) -> None:
    p = project.pk
    for method, path, body in [
        ("get", f"/{p}/entities", None),
        ("post", f"/{p}/entities", {"organisation_id": 1, "supported_on": "2025-01-01"}),
        ("get", f"/{p}/estimates", None),
        (
            "post",
            f"/{p}/estimates",
            {
                "code": "EECO12",
                "period_start": "2025-01-01",
                "period_end": "2025-02-01",
                "count": 1,
                "basis": "x",
            },
        ),
    ]:
        assert api(client, method, path, olga, body).status_code == 404, path


def test_owners_record_organisations_and_estimates_on_the_pages(
    client: Client, owen: User, anna: User, project: Project
) -> None:
    employer = org("Liten AB", OrganisationKind.EMPLOYER)
    login(client, owen)
    url = reverse("projects:supported_entity_add", args=[project.pk])
    response = client.post(url, {"organisation": employer.pk, "supported_on": "2020-01-01"})
    assert response.status_code == 200 and b"outside the project" in response.content
    response = client.post(
        url, {"organisation": employer.pk, "supported_on": "2025-01-01", "sme": "yes"}
    )
    assert response.status_code == 302
    assert SupportedEntity.objects.get().sme is True
    page = client.get(reverse("projects:supported_entities", args=[project.pk]))
    assert b"Liten AB" in page.content
    response = client.post(
        reverse("projects:estimate_add", args=[project.pk]),
        {
            "code": "EECO15",
            "period_start": "2025-01-01",
            "period_end": "2025-12-31",
            "share": "5",
            "basis": "Survey",
        },
    )
    assert response.status_code == 302 and IndicatorEstimate.objects.get().code == "EECO15"
    report = client.get(reverse("projects:esf_report", args=[project.pk]) + "?as_of=2025-06-01")
    assert b"Informed estimate for 2025-01-01" in report.content
    assert b"Organisations the project supported" in report.content
    # The owner removes what was recorded.
    estimate = IndicatorEstimate.objects.get()
    client.post(reverse("projects:estimate_remove", args=[project.pk, estimate.pk]))
    assert not IndicatorEstimate.objects.exists()
    # An analyst of the owner sees the lists but may not add.
    login(client, anna)
    assert client.get(reverse("projects:estimates", args=[project.pk])).status_code == 200
    assert client.get(reverse("projects:estimate_add", args=[project.pk])).status_code == 403
    assert client.post(
        reverse("projects:supported_entity_remove", args=[project.pk, 1]),
    ).status_code in (403, 404)
    assert SupportedEntity.objects.count() == 1


def test_a_case_worker_records_the_situation_at_entry(
    client: Client, alice: User, enrolment: Enrolment
) -> None:
    login(client, alice)
    url = reverse("projects:entry_situation", args=[enrolment.pk])
    assert client.get(url).status_code == 200
    special = client.get(reverse("projects:special_data", args=[enrolment.participant_id]))
    assert url.encode() in special.content
    response = client.post(url, {"housing": "housing_exclusion", "degurba": ""})
    assert response.status_code == 302
    row = EntrySituation.objects.get()
    assert (row.housing, row.degurba, row.area_source) == ("housing_exclusion", 2, "municipality")
    page = client.get(url).content.decode()
    assert "Towns and suburbs" in page and "Derived from the municipality" in page
    client.post(url, {"housing": "stable", "degurba": "3", "area_note": "Far village"})
    row.refresh_from_db()
    assert (row.degurba, row.area_source, row.area_note) == (3, "case_worker", "Far village")


def test_the_api_lists_and_adds_organisations_and_estimates(
    client: Client, owen: User, anna: User, project: Project
) -> None:
    asf = org("Kooperativet", OrganisationKind.SOCIAL_ENTERPRISE)
    body = {"organisation_id": asf.pk, "supported_on": "2025-01-01"}
    assert api(client, "post", f"/{project.pk}/entities", anna, body).status_code == 403
    created = api(client, "post", f"/{project.pk}/entities", owen, body)
    assert created.status_code == 201 and created.json()["organisation_name"] == "Kooperativet"
    again = api(client, "post", f"/{project.pk}/entities", owen, body)
    assert again.status_code == 400 and again.json()["field"] == "organisation"
    listed = api(client, "get", f"/{project.pk}/entities?as_of=2025-06-01", anna).json()
    assert (listed["eeco18_public_administrations"], listed["eeco19_smes"]) == (0, 1)
    estimate = {
        "code": "EECO12",
        "period_start": "2025-01-01",
        "period_end": "2025-12-31",
        "count": 8,
        "basis": "Register",
    }
    assert api(client, "post", f"/{project.pk}/estimates", owen, estimate).status_code == 201
    bad = api(client, "post", f"/{project.pk}/estimates", owen, {**estimate, "code": "EECO01"})
    assert bad.status_code == 400
    assert [e["count"] for e in api(client, "get", f"/{project.pk}/estimates", anna).json()] == [8]
    esf = api(client, "get", f"/{project.pk}/esf?as_of=2025-06-01", anna).json()
    eeco12 = next(i for i in esf["indicators"] if i["code"] == "EECO12")
    assert (eeco12["total"], eeco12["source"]) == (8, "estimate")


def test_the_demo_records_entry_facts_organisations_and_an_estimate() -> None:
    from brygga.devtools.demo import seed

    seed(participants=30)
    esf = Project.objects.get(diarienummer="23-051-S06")
    assert EntrySituation.objects.count() == Enrolment.objects.count() > 0
    assert EntrySituation.objects.filter(area_source=AreaSource.MUNICIPALITY).exists()
    report = reports.esf_report(esf, D(2026, 7, 1), suppress=False)
    assert report.count("EECO17").collected and report.count("EECO16").collected
    assert report.count("EECO18").total == 2  # the municipality and the folk high school
    assert (report.count("EECO19").total or 0) >= 3  # three social enterprises at least
    assert report.count("EECO15").estimate is not None


def test_the_command_derives_missing_areas_per_project(
    alice: User, boden: Organisation, project: Project
) -> None:
    from django.core.management import CommandError, call_command

    journeys.enrol(alice, person(alice, boden, "A"), project, D(2024, 3, 1))
    out = io.StringIO()
    call_command("esf_entry_areas", "23-051-S06", stdout=out)
    assert out.getvalue() == "23-051-S06: 1 areas derived\n"
    with pytest.raises(CommandError):
        call_command("esf_entry_areas", "00-000-X")
