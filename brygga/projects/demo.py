"""The projects' part of the demo world: funding, budgets, costs, special data, ESF+ facts.

The ESF+ project 23-051-S06 is funded as seed text 003 describes such work:
the coordination association puts in 150 000 SEK a year and the employment
service 300 000 SEK a year; the municipality adds its share and ESF+ pays 40 %
(the record's EU co-financing rate). Every enrolment has its housing and area
at entry (the area derived from the municipality, a few set by a case worker);
the ESF+ project supported the municipality, the folk high school, social
enterprises and employers, and estimates minorities for its last half-year.
Everything is deterministic from ``rng``.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Sequence
from decimal import Decimal

from django.utils import timezone

from brygga.core.models import Membership, Organisation, OrganisationKind, Role, User
from brygga.journeys.models import Enrolment

from .models import (
    CostCategory,
    Degurba,
    FunderKind,
    HousingSituation,
    LegalBasis,
    Project,
    SpecialCategoryData,
)
from .services import (
    EntryFacts,
    EstimateData,
    add_budget_line,
    add_funder,
    add_supported_entity,
    record_cost,
    record_entry_situation,
    record_estimate,
    set_funding,
)

#: Yearly funding of a full project year (SEK or DKK), by funder.
ESF_FUNDING = [
    ("Europeiska socialfonden+ (ESF+)", FunderKind.EU_FUND, 400_000),
    ("Samordningsförbundet Södra Norrbotten", FunderKind.COORDINATION_ASSOCIATION, 150_000),
    ("Arbetsförmedlingen", FunderKind.EMPLOYMENT_SERVICE, 300_000),
    ("Bodens kommun", FunderKind.MUNICIPALITY, 150_000),
]
VAXTZON_FUNDING = [
    ("Bodens kommun", FunderKind.MUNICIPALITY, 900_000),
    ("Samordningsförbundet Södra Norrbotten", FunderKind.COORDINATION_ASSOCIATION, 150_000),
]
SMAJOB_FUNDING = [("Jammerbugt Kommune", FunderKind.MUNICIPALITY, 1_200_000)]
#: Budget shares of a year's funding, by category.
BUDGET_SHARES = [
    (CostCategory.STAFF, Decimal("0.60")),
    (CostCategory.EXTERNAL_SERVICES, Decimal("0.15")),
    (CostCategory.PREMISES, Decimal("0.08")),
    (CostCategory.PARTICIPANTS, Decimal("0.10")),
    (CostCategory.INDIRECT, Decimal("0.07")),
]


def _year_fraction(project: Project, year: int) -> Decimal:
    """The share of ``year`` the project runs (whole months)."""
    end = project.end_date or project.start_date
    first = project.start_date.month if year == project.start_date.year else 1
    last = end.month if year == end.year else 12
    return Decimal(last - first + 1) / 12


def _fund(project: Project, funding: Sequence[tuple[str, str, int]], currency: str) -> None:
    organisations = {o.name: o for o in Organisation.objects.all()}
    for name, kind, yearly in funding:
        funder = add_funder(None, project, name, kind, organisations.get(name))
        for year in project.years():
            amount = (Decimal(yearly) * _year_fraction(project, year)).quantize(Decimal(1))
            set_funding(None, funder, year, amount, currency)
    total = sum(y for _n, _k, y in funding)
    for year in project.years():
        for category, share in BUDGET_SHARES:
            amount = (Decimal(total) * share * _year_fraction(project, year)).quantize(Decimal(1))
            add_budget_line(None, project, year, category, amount, currency)


def _costs(project: Project, rng: random.Random, yearly: int, currency: str) -> None:
    """Monthly costs from the start to today (or the end), near the budget."""
    today = timezone.localdate()
    last = min(today, project.end_date or today)
    day = project.start_date.replace(day=1)
    while day <= last:
        booked = max(day, project.start_date)
        for category, share in BUDGET_SHARES:
            amount = Decimal(yearly) * share / 12 * Decimal(rng.uniform(0.8, 1.15))
            record_cost(None, project, booked, category, amount.quantize(Decimal(1)), currency)
        day = (day + datetime.timedelta(days=32)).replace(day=1)


def seed_demo(rng: random.Random) -> dict[str, str]:
    esf = Project.objects.get(diarienummer="23-051-S06")
    _fund(esf, ESF_FUNDING, "SEK")
    _costs(esf, rng, 1_000_000, "SEK")
    for project in Project.objects.exclude(pk=esf.pk).select_related("owner"):
        danish = project.owner.country == "DK"
        funding = SMAJOB_FUNDING if danish else VAXTZON_FUNDING
        _fund(project, funding, "DKK" if danish else "SEK")
        _costs(project, rng, sum(y for _n, _k, y in funding), "DKK" if danish else "SEK")
    # Disability and minority, recorded with consent for some of the ESF+ participants.
    participants = Enrolment.objects.filter(project=esf).values_list("participant_id", flat=True)
    for participant_id in participants:
        if rng.random() < 0.5:
            SpecialCategoryData.objects.create(
                participant_id=participant_id,
                disability=rng.random() < 0.2,
                minority=rng.random() < 0.1 if rng.random() < 0.8 else None,
                legal_basis=LegalBasis.EXPLICIT_CONSENT,
                basis_note="Skriftligt samtycke vid inskrivning (demo)",
            )
    _entry_situations(rng)
    _supported_entities(esf, rng)
    record_estimate(
        None,
        esf,
        EstimateData(
            code="EECO15",
            period_start=datetime.date(2026, 1, 1),
            period_end=esf.end_date or datetime.date(2026, 6, 30),
            share=Decimal("4.0"),
            basis="Anonym enkät till deltagarna våren 2026, 48 av 60 svarade (demo)",
        ),
    )
    owner = User.objects.create_user(username="projektagare", password=_password())
    Membership.objects.create(user=owner, organisation=esf.owner, role=Role.ORG_ADMIN)
    return {"projektagare": f"organisation admin, {esf.owner.name} (owns the ESF+ project)"}


#: Housing at entry: stable for most, not recorded for a few.
HOUSING = [
    (HousingSituation.STABLE, 0.84),
    (HousingSituation.HOUSING_EXCLUSION, 0.07),
    (HousingSituation.HOMELESS, 0.04),
    ("", 0.05),
]


def _entry_situations(rng: random.Random) -> None:
    """Housing and area at every entry; the area derived, now and then set by a case worker."""
    enrolments = Enrolment.objects.select_related(
        "participant", "participant__organisation"
    ).order_by("id")
    values, weights = zip(*HOUSING, strict=True)
    for enrolment in enrolments:
        housing = rng.choices(values, weights)[0]
        override = rng.random() < 0.06
        record_entry_situation(
            None,
            enrolment,
            EntryFacts(
                housing=housing,
                degurba=Degurba.RURAL if override else None,
                area_note="Bor i en by långt från tätorten (demo)" if override else "",
            ),
        )


def _supported_entities(project: Project, rng: random.Random) -> None:
    """The municipality, the folk high school, social enterprises and employers it supported."""
    organisations = list(Organisation.objects.order_by("name"))
    public = [o for o in organisations if o.name in ("Bodens kommun", "Norrbottens folkhögskola")]
    enterprises = [o for o in organisations if o.kind == OrganisationKind.SOCIAL_ENTERPRISE]
    employers = [o for o in organisations if o.kind == OrganisationKind.EMPLOYER]
    chosen: list[tuple[Organisation, bool | None]] = [(o, None) for o in public]
    chosen += [(o, None) for o in rng.sample(enterprises, min(3, len(enterprises)))]
    chosen += [(o, rng.random() < 0.8) for o in rng.sample(employers, min(5, len(employers)))]
    end = project.end_date or timezone.localdate()
    span = (end - project.start_date).days
    for organisation, sme in chosen:
        day = project.start_date + datetime.timedelta(days=rng.randrange(max(span, 1)))
        add_supported_entity(
            None, project, organisation, day, sme, "Handledning och samverkan (demo)"
        )


def _password() -> str:
    from brygga.devtools.demo import DEMO_PASSWORD

    return DEMO_PASSWORD
