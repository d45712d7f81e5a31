"""Deterministic synthetic demo data: organisations, users, projects, participants, journeys.

Everything is invented; identity numbers are valid in format but generated.
"""

from __future__ import annotations

import datetime
import importlib
import importlib.util
import random
from decimal import Decimal

from django.apps import apps
from django.db import transaction
from django.utils import timezone

from brygga.core.models import Membership, Organisation, OrganisationKind, Role, User
from brygga.journeys import services as journeys
from brygga.journeys.models import ActivityKind, AssessmentScale, ExitOutcome
from brygga.people.identity import danish_number, swedish_number
from brygga.people.services import ParticipantData, register_participant
from brygga.projects.models import Project

DEMO_PASSWORD = "brygga-demo"  # noqa: S105 - demo only, printed by the command

FIRST = [
    "Anna",
    "Erik",
    "Sara",
    "Mohamed",
    "Fatima",
    "Oksana",
    "Olena",
    "Ahmed",
    "Mette",
    "Lars",
    "Sofie",
    "Jonas",
    "Amina",
    "Dmytro",
    "Hodan",
    "Karin",
    "Ali",
    "Maja",
    "Nils",
]
LAST = [
    "Lindqvist",
    "Johansson",
    "Nilsson",
    "Hassan",
    "Kovalenko",
    "Shevchenko",
    "Jensen",
    "Nielsen",
    "Warsame",
    "Al-Sayed",
    "Berg",
    "Holm",
    "Ibrahim",
    "Petersen",
    "Bondarenko",
]
ENTERPRISES = [
    "Grön Framtid ASF",
    "Växthuset Boden",
    "Returbutiken Norr",
    "Café Bryggan",
    "Snickeriet i Råneå",
    "Städkooperativet Luleå",
    "Trädgårdsgänget",
    "Cykelverkstan",
]


def _org(name: str, kind: str, country: str = "SE", org_number: str = "") -> Organisation:
    return Organisation.objects.create(name=name, kind=kind, country=country, org_number=org_number)


def _user(username: str, organisation: Organisation, role: str) -> User:
    user = User.objects.create_user(username=username, password=DEMO_PASSWORD)
    Membership.objects.create(user=user, organisation=organisation, role=role)
    return user


@transaction.atomic
def seed(participants: int = 500, seed_value: int = 2026) -> dict[str, str]:
    """Create the demo world; return the logins (username → role)."""
    rng = random.Random(seed_value)
    today = timezone.localdate()
    boden = _org("Bodens kommun", OrganisationKind.MUNICIPALITY, "SE", "2120002841")
    jammerbugt = _org("Jammerbugt Kommune", OrganisationKind.MUNICIPALITY, "DK", "29189587")
    sofs = _org(
        "Samordningsförbundet Södra Norrbotten",
        OrganisationKind.COORDINATION_ASSOCIATION,
        "SE",
        "2220002204",
    )
    providers = [_org(n, OrganisationKind.SOCIAL_ENTERPRISE) for n in ENTERPRISES]
    providers += [_org(f"Arbetsgivare {i + 1} AB", OrganisationKind.EMPLOYER) for i in range(20)]
    providers.append(_org("Norrbottens folkhögskola", OrganisationKind.EDUCATION_PROVIDER))
    logins = {
        "handlaggare.boden": "case worker, Bodens kommun",
        "admin.boden": "organisation admin, Bodens kommun",
        "sagsbehandler.jammerbugt": "case worker, Jammerbugt Kommune",
        "admin.jammerbugt": "organisation admin, Jammerbugt Kommune",
        "analytiker": "analyst, Samordningsförbundet Södra Norrbotten",
        "asf.personal": "enterprise staff, Grön Framtid ASF",
    }
    se_worker = _user("handlaggare.boden", boden, Role.CASE_WORKER)
    _user("admin.boden", boden, Role.ORG_ADMIN)
    dk_worker = _user("sagsbehandler.jammerbugt", jammerbugt, Role.CASE_WORKER)
    _user("admin.jammerbugt", jammerbugt, Role.ORG_ADMIN)
    _user("analytiker", sofs, Role.ANALYST)
    _user("asf.personal", providers[0], Role.ENTERPRISE_STAFF)

    esf = Project.objects.create(
        owner=sofs,
        name="Samverkan för ASF i södra Norrbotten 2.0",
        diarienummer="23-051-S06",
        start_date=datetime.date(2024, 1, 2),
        end_date=datetime.date(2026, 6, 30),
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
    )
    esf.partners.add(boden)
    vaxtzon = Project.objects.create(
        owner=boden,
        name="Växtzon – vägen till arbete",
        start_date=today - datetime.timedelta(days=900),
        end_date=today + datetime.timedelta(days=700),
    )
    socialt = Project.objects.create(
        owner=jammerbugt,
        name="Socialøkonomiske småjob",
        start_date=today - datetime.timedelta(days=900),
        end_date=today + datetime.timedelta(days=700),
    )
    scales = list(AssessmentScale.objects.filter(organisation=None))
    for i in range(participants):
        danish = i % 5 >= 3
        org, worker = (jammerbugt, dk_worker) if danish else (boden, se_worker)
        birth = today - datetime.timedelta(days=rng.randint(16 * 365 + 5, 64 * 365))
        number = ""
        if rng.random() > 0.05:
            number = (
                danish_number(birth, i)
                if danish
                else swedish_number(birth, i, coordination=rng.random() < 0.1)
            )
        status = rng.choice(["unemployed", "long_term_unemployed", "inactive", "unemployed"])
        sick = rng.random() < 0.15
        person = register_participant(
            worker,
            org,
            ParticipantData(
                first_name=rng.choice(FIRST),
                last_name=rng.choice(LAST),
                identity_number=number,
                identity_country="DK" if danish else "SE",
                birth_date=None if number else birth,
                gender=rng.choice(["woman", "man", "woman", "man", "non_binary"]),
                municipality="Jammerbugt" if danish else "Boden",
                foreign_background=rng.random() < 0.4,
                third_country_national=rng.random() < 0.25,
                education_level=rng.randint(1, 6),
                labour_market_status=status,
                labour_market_status_since=today - datetime.timedelta(days=rng.randint(30, 1500)),
                income_support=rng.random() < 0.4,
                income_support_since=today - datetime.timedelta(days=rng.randint(30, 800)),
                sick_leave=sick,
                sick_leave_since=today - datetime.timedelta(days=rng.randint(10, 400))
                if sick
                else None,
            ),
        )
        if rng.random() < 0.1:
            continue
        project = socialt if danish else (esf if rng.random() < 0.3 else vaxtzon)
        last = min(today, project.end_date or today)
        entry = last - datetime.timedelta(days=rng.randint(60, 700))
        entry = max(entry, project.start_date)
        enrolment = journeys.enrol(worker, person, project, entry, ["income_support"])
        start = entry + datetime.timedelta(days=rng.randint(0, 20))
        end = min(start + datetime.timedelta(days=rng.randint(20, 90)), last)
        journeys.add_activity(
            worker,
            enrolment,
            rng.choice(ActivityKind.values),
            start,
            end,
            rng.choice(providers),
            Decimal(rng.choice([10, 20, 30, 40])),
        )
        journeys.record_assessment(worker, enrolment, rng.choice(scales), start, rng.randint(1, 5))
        if project is esf or rng.random() < 0.5:
            exit_date = min(end + datetime.timedelta(days=rng.randint(0, 60)), last)
            enrolment = journeys.exit_enrolment(
                worker,
                enrolment,
                exit_date,
                rng.choice(ExitOutcome.values),
                rng.random() < 0.3,
                ["salary"],
            )
            for follow_up in enrolment.follow_ups.filter(due_date__lt=today):
                if rng.random() < 0.6:
                    journeys.complete_follow_up(
                        worker, follow_up, follow_up.due_date, rng.choice(ExitOutcome.values)
                    )
    logins.update(seed_apps(rng))
    return logins


def seed_apps(rng: random.Random) -> dict[str, str]:
    """Let every Brygga app with a ``demo`` module add its part of the demo world.

    Each such module has ``seed_demo(rng) -> dict[str, str]`` (extra logins). They
    run after the organisations, projects and participants above exist, in the
    order of ``INSTALLED_APPS``, and draw from the same seeded generator.
    """
    logins: dict[str, str] = {}
    for config in apps.get_app_configs():
        module_name = f"{config.name}.demo"
        if not config.name.startswith("brygga.") or config.name == "brygga.devtools":
            continue
        if importlib.util.find_spec(module_name) is None:
            continue
        logins.update(importlib.import_module(module_name).seed_demo(rng))
    return logins
