"""Funding, budgets, costs and special data through the services; indicators from journeys."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from pytest_django import DjangoAssertNumQueries

from brygga.core.errors import DomainError, NotPermitted
from brygga.core.models import Organisation, User
from brygga.journeys import services as journeys
from brygga.journeys.models import Enrolment, FollowUpKind
from brygga.people.models import Participant
from brygga.people.services import ParticipantData, register_participant
from brygga.projects import reports, selectors, services
from brygga.projects.kernel.funding import Reason, Verdict, check_cofinancing
from brygga.projects.models import Project, SpecialCategoryData

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def esf_project(project: Project) -> Project:
    project.eu_cofinancing_rate = Decimal(40)
    project.end_date = D(2026, 6, 30)
    project.save()
    return project


def fund(owen: User, project: Project, eu: int, national: int, year: int = 2025) -> None:
    eu_funder = services.add_funder(owen, project, "ESF+", "eu_fund")
    af = services.add_funder(owen, project, "Arbetsförmedlingen", "employment_service")
    services.set_funding(owen, eu_funder, year, Decimal(eu))
    services.set_funding(owen, af, year, Decimal(national))


def test_the_cofinancing_check_matches_the_eu_rate(owen: User, esf_project: Project) -> None:
    fund(owen, esf_project, 400_000, 600_000)
    checks = check_cofinancing(selectors.funding_rows(esf_project), esf_project.eu_cofinancing_rate)
    assert [(c.year, c.eu_share, c.verdict) for c in checks] == [
        (2025, Decimal("40.00"), Verdict.OK),
        (None, Decimal("40.00"), Verdict.OK),
    ]


def test_too_much_eu_money_is_an_error_and_too_little_a_warning(
    owen: User, esf_project: Project
) -> None:
    fund(owen, esf_project, 500_000, 500_000)
    af = esf_project.funders.get(kind="employment_service")
    services.set_funding(owen, af, 2024, Decimal(100_000))
    checks = check_cofinancing(selectors.funding_rows(esf_project), Decimal(40))
    by_year = {c.year: (c.verdict, c.reason) for c in checks}
    assert by_year[2025] == (Verdict.ERROR, Reason.EU_ABOVE_RATE)
    assert by_year[2024] == (Verdict.WARNING, Reason.NO_EU_FUNDING)
    assert by_year[None] == (Verdict.ERROR, Reason.EU_ABOVE_RATE)
    assert checks[-1].eu_share == Decimal("45.45")  # 500 000 of 1 100 000
    services.set_funding(owen, af, 2024, Decimal(250_000))
    services.set_funding(owen, esf_project.funders.get(kind="eu_fund"), 2024, Decimal(0))
    checks = check_cofinancing(selectors.funding_rows(esf_project), Decimal(40))
    assert (checks[-1].eu_share, checks[-1].reason) == (Decimal("40.00"), Reason.MATCHES)


def test_mixed_currencies_are_not_added(owen: User, esf_project: Project) -> None:
    fund(owen, esf_project, 400_000, 600_000)
    af = esf_project.funders.get(kind="employment_service")
    services.set_funding(owen, af, 2026, Decimal(1000), "DKK")
    eu = esf_project.funders.get(kind="eu_fund")
    services.set_funding(owen, eu, 2026, Decimal(1000), "SEK")
    checks = check_cofinancing(selectors.funding_rows(esf_project), Decimal(40))
    assert checks[-1].reason == Reason.MIXED_CURRENCIES and checks[-1].verdict == Verdict.ERROR


def test_only_the_owners_admins_change_funding(
    owen: User, adam: User, esf_project: Project
) -> None:
    with pytest.raises(NotPermitted):
        services.add_funder(adam, esf_project, "Bodens kommun", "municipality")
    funder = services.add_funder(owen, esf_project, "Bodens kommun", "municipality")
    with pytest.raises(DomainError) as caught:
        services.set_funding(owen, funder, 2031, Decimal(1))
    assert caught.value.field == "year"
    with pytest.raises(DomainError) as caught:
        services.add_funder(owen, esf_project, "Bodens kommun", "municipality")
    assert caught.value.field == "name"
    with pytest.raises(DomainError) as caught:
        services.record_cost(owen, esf_project, D(2023, 1, 1), "staff", Decimal(5))
    assert caught.value.field == "incurred_on"
    with pytest.raises(DomainError) as caught:
        services.add_budget_line(owen, esf_project, 2025, "staff", Decimal(-5))
    assert caught.value.field == "amount"


def test_the_model_checks_org_number_and_dates(samordningsforbund: Organisation) -> None:
    project = Project(
        owner=samordningsforbund,
        name="X",
        start_date=D(2025, 1, 1),
        end_date=D(2024, 1, 1),
        owner_org_number="2220002205",
        country="Sverige",
        nuts2_code="SE33",
    )
    with pytest.raises(ValidationError) as caught:
        project.full_clean()
    assert {"end_date", "owner_org_number"} <= set(caught.value.message_dict)


def register(alice: User, boden: Organisation, name: str, **facts: object) -> Participant:
    values: dict[str, object] = {
        "first_name": name,
        "last_name": "Test",
        "birth_date": D(1990, 1, 1),
        "gender": "man",
        "education_level": 3,
        "labour_market_status": "inactive",
    }
    values.update(facts)
    return register_participant(alice, boden, ParticipantData(**values))  # type: ignore[arg-type]


def test_indicators_from_journeys_with_reentry_and_special_data(
    alice: User, boden: Organisation, esf_project: Project
) -> None:
    sara = register(alice, boden, "Sara", gender="woman", labour_market_status="unemployed")
    omar = register(alice, boden, "Omar", education_level=None)
    first = journeys.enrol(alice, sara, esf_project, D(2024, 3, 1))
    journeys.exit_enrolment(alice, first, D(2024, 6, 1), "job_seeking")
    again = journeys.enrol(alice, sara, esf_project, D(2024, 9, 1))
    again = journeys.exit_enrolment(alice, again, D(2025, 1, 10), "job_seeking")
    follow_up = again.follow_ups.get(kind=FollowUpKind.DAYS_28)
    journeys.complete_follow_up(alice, follow_up, D(2025, 1, 30), "work")
    journeys.enrol(alice, omar, esf_project, D(2024, 4, 1))
    services.record_special_data(
        alice, sara, services.SpecialData(disability=True, minority=None, legal_basis="consent")
    )
    report = reports.esf_report(esf_project, D(2025, 6, 1), suppress=False)
    assert report.count("EECO01").by_gender == {"woman": 1, "man": 0, "non_binary": 0}
    assert report.count("EECO12").total == 1
    assert (report.count("EECR04").total, report.count("EECR01").total) == (1, 0)
    assert [i.missing for i in report.incomplete] == [("education_level",)]
    assert Enrolment.objects.filter(project=esf_project).count() == 2
    # Only the reader's own organisation's people are listed for completion.
    keys = [i.key for i in report.incomplete]
    assert [
        e.participant for e in selectors.incomplete_participants_for(alice, esf_project, keys)
    ] == [omar]


def test_special_data_needs_a_legal_basis_and_stays_in_the_organisation(
    alice: User, olga: User, bob: User, boden: Organisation
) -> None:
    sara = register(alice, boden, "Sara")
    with pytest.raises(DomainError) as caught:
        services.record_special_data(alice, sara, services.SpecialData(True, None, ""))
    assert caught.value.field == "legal_basis"
    with pytest.raises(NotPermitted):
        services.record_special_data(olga, sara, services.SpecialData(True, None, "consent"))
    services.record_special_data(alice, sara, services.SpecialData(True, False, "consent"))
    assert selectors.special_data_for(alice).count() == 1
    assert selectors.special_data_for(olga).count() == 0
    assert selectors.special_data_for(bob).count() == 0  # analysts never read it
    assert SpecialCategoryData.objects.get().legal_basis == "consent"


def test_the_demo_adds_funders_budgets_and_costs() -> None:
    from brygga.devtools.demo import seed

    logins = seed(participants=30)
    assert "projektagare" in logins
    esf = Project.objects.get(diarienummer="23-051-S06")
    yearly = {f.name: {a.year: a.amount for a in f.amounts.all()} for f in esf.funders.all()}
    assert yearly["Samordningsförbundet Södra Norrbotten"][2025] == Decimal(150_000)
    assert yearly["Arbetsförmedlingen"][2025] == Decimal(300_000)
    checks = check_cofinancing(selectors.funding_rows(esf), esf.eu_cofinancing_rate)
    assert all(c.verdict == Verdict.OK for c in checks)
    assert esf.budget_lines.exists() and esf.costs.exists()
    assert Project.objects.filter(funders__isnull=True).count() == 0


def test_the_indicator_rows_take_two_queries_however_many_participants(
    alice: User,
    boden: Organisation,
    esf_project: Project,
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    for i in range(12):
        person = register(alice, boden, f"P{i}")
        enrolment = journeys.enrol(alice, person, esf_project, D(2024, 3, 1))
        journeys.exit_enrolment(alice, enrolment, D(2024, 6, 1), "work")
    with django_assert_num_queries(2):
        rows = selectors.indicator_rows([esf_project], D(2025, 1, 1))
    assert len(rows) == 12 and all(r.exit_outcome == "work" for r in rows)


def test_indicators_for_the_target_group_at_entry(
    alice: User, boden: Organisation, esf_project: Project
) -> None:
    on_support = register(
        alice, boden, "Ali", income_support=True, income_support_since=D(2023, 1, 1)
    )
    other = register(alice, boden, "Nils")
    for person in (on_support, other):
        journeys.enrol(alice, person, esf_project, D(2024, 3, 1))
    everyone = reports.esf_report(esf_project, D(2025, 1, 1), suppress=False)
    group = reports.esf_report(
        esf_project, D(2025, 1, 1), suppress=False, target_group="income_support"
    )
    assert (everyone.count("EECO01").total, group.count("EECO01").total) == (2, 1)
    assert "target_group_at_entry,income_support" in reports.to_csv(group, esf_project)
