"""Demo data of the matching app: opportunities at the seeded social enterprises and employers,
competence profiles, consents, referrals and one allocation run.

Called by ``brygga seed_demo`` after the organisations and participants exist; draws only from
``rng``, so the same seed gives the same world.
"""

from __future__ import annotations

import datetime
import random

from django.db.models import QuerySet
from django.utils import timezone

from brygga.core.models import Membership, Organisation, OrganisationKind, Role, User
from brygga.people.models import Participant
from brygga.people.selectors import participants_for
from brygga.people.services import CompetenceData, record_consent
from brygga.people.vocabularies import Adaptation
from brygga.taxonomy.models import Label
from brygga.taxonomy.services import MappedCompetence, save_competence_mapping

from . import services
from .models import Opportunity, OpportunityType
from .selectors import open_opportunities_for

#: field → (occupations, skills), by English preferred label of the starter vocabulary
FIELDS: dict[str, tuple[list[str], list[str]]] = {
    "cleaning": (
        ["building cleaner", "domestic cleaner", "room attendant", "window cleaner"],
        ["cleaning", "cleaning interior and exterior of buildings", "cleaning outdoor spaces",
         "washing and maintaining textiles", "complying with health and safety procedures"],
    ),
    "kitchen": (
        ["kitchen assistant", "kitchen porter", "cook", "barista", "waiter"],
        ["preparing food and drinks", "serving food and drinks", "food safety and hygiene",
         "customer service"],
    ),
    "warehouse": (
        ["warehouse worker", "order picker", "forklift operator", "hand packer",
         "materials handler"],
        ["loading and unloading goods", "moving and lifting", "sorting materials or products",
         "packaging objects", "operating lifting or moving equipment"],
    ),
    "retail": (
        ["shop assistant", "cashier", "shelf filler"],
        ["selling products or services", "executing financial transactions", "customer service",
         "communicating with colleagues and clients"],
    ),
    "care": (
        ["healthcare assistant", "nurse assistant", "home care aide", "child care worker"],
        ["assisting with personal needs", "assisting people with mobility",
         "providing general assistance to people", "providing basic nursing care",
         "caring for children"],
    ),
    "green": (
        ["horticulture worker", "garden labourer", "landscape gardener",
         "fruit and vegetable picker"],
        ["tending plants and crops", "planting, pruning and harvesting",
         "cultivating land and crops"],
    ),
    "construction": (
        ["building construction worker", "construction painter", "handyman"],
        ["building and repairing structures", "finishing interiors and exteriors",
         "using hand tools", "assembling furniture"],
    ),
    "driving": (
        ["delivery driver", "taxi driver", "lorry driver"],
        ["driving light vehicles", "driving heavy vehicles", "loading and unloading goods"],
    ),
    "recycling": (
        ["recycling worker"],
        ["sorting materials or products", "disposing of non-hazardous waste", "using hand tools"],
    ),
}  # fmt: skip
EVIDENCE = ["certificate", "tried_at_work", "self_reported"]
GENERIC = ["following instructions and procedures", "working with others", "working with computers"]

#: the seeded social enterprises: (field, municipality, title of a placement, title of a small job)
ENTERPRISES: dict[str, tuple[str, str, str, str]] = {
    "Grön Framtid ASF": ("green", "Boden", "Odlare i växthus", "Skördehjälp några timmar"),
    "Växthuset Boden": ("green", "Boden", "Arbetsträning i växthuset", "Plantering, småjobb"),
    "Returbutiken Norr": ("recycling", "Luleå", "Sortering i returbutiken", "Butiksbiträde"),
    "Café Bryggan": ("kitchen", "Boden", "Köksbiträde i caféet", "Diskhjälp vid evenemang"),
    "Snickeriet i Råneå": ("construction", "Råneå", "Snickeripraktik", "Möbelmontering, småjobb"),
    "Städkooperativet Luleå": ("cleaning", "Luleå", "Lokalvård, arbetsträning", "Fönsterputs"),
    "Trädgårdsgänget": ("green", "Piteå", "Trädgårdsskötsel", "Snöröjning och krattning"),
    "Cykelverkstan": ("construction", "Boden", "Verkstadspraktik", "Cykeltvätt, småjobb"),
}  # fmt: skip
EMPLOYER_TITLES = {
    "cleaning": "Lokalvårdare", "kitchen": "Restaurangbiträde", "warehouse": "Lagerarbetare",
    "retail": "Butikssäljare", "care": "Vårdbiträde", "green": "Trädgårdsarbetare",
    "construction": "Byggmedhjälpare", "driving": "Budbilsförare", "recycling": "Återvinnare",
}  # fmt: skip
SWEDISH_TOWNS = ["Boden", "Luleå", "Piteå", "Kalix", "Älvsbyn", "Boden", "Luleå"]
DANISH_TOWNS = ["Jammerbugt", "Aalborg", "Brovst", "Aabybro"]
LEVELS = ["A1", "A2", "A2", "B1", "B1", "B2", "C1", "C2"]
OTHER_LANGUAGES = ["uk", "ar", "so", "ti", "fa", "en", "pl", "ru", "ku"]


def _uris(labels: list[str], kind: str) -> list[str]:
    found = dict(
        Label.objects.filter(
            language="en", preferred=True, text__in=labels, concept__kind=kind
        ).values_list("text", "concept__uri")
    )
    return [found[label] for label in labels if label in found]


def _staff(organisation: Organisation, username: str) -> User:
    user = (
        User.objects.filter(memberships__organisation=organisation, memberships__role__in=[
            Role.ENTERPRISE_STAFF, Role.ORG_ADMIN, Role.CASE_WORKER]).order_by("pk").first()
    )  # fmt: skip
    if user is not None:
        return user
    from brygga.devtools.demo import DEMO_PASSWORD

    user = User.objects.create_user(username=username, password=DEMO_PASSWORD)
    Membership.objects.create(user=user, organisation=organisation, role=Role.ENTERPRISE_STAFF)
    return user


def _opportunity(
    rng: random.Random,
    actor: User,
    organisation: Organisation,
    field: str,
    title: str,
    kind: str,
    municipality: str,
    danish: bool,
    adaptations: int,
) -> Opportunity:
    occupations, skills = FIELDS[field]
    today = timezone.localdate()
    language = "da" if danish else "sv"
    hours = (
        rng.choice([6, 8, 10]) if kind == OpportunityType.SMALL_JOB else rng.choice([20, 30, 40])
    )
    return services.create_opportunity(
        actor,
        organisation,
        services.OpportunityData(
            title=title,
            type=kind,
            description="",
            required_skills=_uris(rng.sample(skills, k=min(2, len(skills))), "skill"),
            desired_skills=_uris(rng.sample(GENERIC, k=1), "skill"),
            occupations=_uris(rng.sample(occupations, k=min(2, len(occupations))), "occupation"),
            languages_required={language: rng.choice(["A1", "A2", "A2"])}
            if rng.random() < 0.6
            else {},
            languages_desired={language: "B1"},
            hours_per_week=hours,
            municipality=municipality,
            seats=rng.randint(1, 4),
            adaptations_offered=sorted(rng.sample(Adaptation.values, k=adaptations)),
            start_date=today - datetime.timedelta(days=rng.randint(0, 30)),
            end_date=today + datetime.timedelta(days=rng.randint(90, 365)),
        ),
    )


def _map(rng: random.Random, worker: User, participant: Participant, danish: bool) -> None:
    field = rng.choice(sorted(FIELDS))
    occupations, skills = FIELDS[field]
    some_occupations = rng.sample(occupations, k=rng.randint(0, min(2, len(occupations))))
    mapped = [
        MappedCompetence("occupation", uri, rng.choice(["tried_at_work", "self_reported"]))
        for uri in _uris(some_occupations, "occupation")
    ] + [
        MappedCompetence("skill", uri, rng.choice(EVIDENCE))
        for uri in _uris(rng.sample(skills, k=rng.randint(1, min(3, len(skills))))
                         + rng.sample(GENERIC, k=rng.randint(0, 1)), "skill")
    ]  # fmt: skip
    languages = [("da" if danish else "sv", rng.choice(LEVELS))]
    if rng.random() < 0.6:
        languages.append((rng.choice(OTHER_LANGUAGES), rng.choice(["B2", "C1", "C2"])))
    save_competence_mapping(
        worker,
        participant,
        mapped,
        CompetenceData(
            hours_available_per_week=rng.choice([10, 20, 20, 30, 40, 40, None]),
            driving_licences=["B"] if rng.random() < 0.35 else [],
            adaptations_needed=[rng.choice(Adaptation.values)] if rng.random() < 0.25 else [],
            validation_needs="Yrkeserfarenhet från hemlandet att validera"
            if rng.random() < 0.15
            else "",
            languages=languages,
        ),
        language="da" if danish else "sv",
    )
    if rng.random() < 0.6:
        given = timezone.localdate() - datetime.timedelta(days=rng.randint(1, 300))
        record_consent(worker, participant, "referral", given)


def _cohort(worker: User) -> QuerySet[Participant]:
    return participants_for(worker).order_by("created_at", "last_name", "first_name")


def seed_demo(rng: random.Random) -> dict[str, str]:
    """Opportunities, competence profiles, consents, referrals and an allocation run."""
    logins: dict[str, str] = {}
    social = {
        o.name: o for o in Organisation.objects.filter(kind=OrganisationKind.SOCIAL_ENTERPRISE)
    }
    for n, (name, (field, town, placement, small_job)) in enumerate(ENTERPRISES.items()):
        organisation = social.get(name)
        if organisation is None:
            continue
        staff = _staff(organisation, f"asf.{n + 1}")
        for title, kind in ((placement, OpportunityType.PLACEMENT), (small_job, OpportunityType.SMALL_JOB)):  # fmt: skip  # noqa: E501
            _opportunity(
                rng, staff, organisation, field, title, kind, town, False, rng.randint(2, 5)
            )
    employers = Organisation.objects.filter(kind=OrganisationKind.EMPLOYER).order_by("name", "pk")
    for n, employer in enumerate(employers):
        danish = n % 5 == 4
        staff = _staff(employer, f"arbetsgivare.{n + 1}")
        field = rng.choice(sorted(FIELDS))
        kind = rng.choice([OpportunityType.JOB, OpportunityType.INTERNSHIP, OpportunityType.JOB,
                           OpportunityType.VALIDATION])  # fmt: skip
        town = rng.choice(DANISH_TOWNS if danish else SWEDISH_TOWNS)
        _opportunity(
            rng, staff, employer, field, EMPLOYER_TITLES[field], kind, town, danish,
            rng.randint(0, 2),
        )  # fmt: skip
        if n == 0:
            logins[staff.username] = f"enterprise staff, {employer.name} (receives referrals)"

    workers = {
        name: User.objects.filter(username=name).first()
        for name in ("handlaggare.boden", "sagsbehandler.jammerbugt")
    }
    boden_worker = workers["handlaggare.boden"]
    for name, worker in workers.items():
        if worker is None:
            continue
        danish = name.startswith("sags")
        people = list(_cohort(worker))
        for participant in people[: max(1, int(len(people) * 0.6))]:
            _map(rng, worker, participant, danish)

    if boden_worker is not None:
        referred = 0
        for participant in services.with_profiles(_cohort(boden_worker)):
            if referred >= 6 or not services.has_referral_consent(participant):
                continue
            suggestions = services.suggest_opportunities(boden_worker, participant, 3)
            if not suggestions or suggestions[0].opportunity is None:
                continue
            referral = services.refer(
                boden_worker, participant, suggestions[0].opportunity, "Motiverad och pålitlig."
            )
            referred += 1
            if referred <= 2:
                receiver = _staff(referral.opportunity.organisation, "unused")
                services.answer_referral(receiver, referral, accept=referred == 1,
                                         note="Välkommen på besök" if referred == 1 else "Fullt just nu")  # fmt: skip  # noqa: E501
        first = participants_for(boden_worker).first()
        if first is not None:
            services.run_allocation(
                boden_worker,
                first.organisation,
                "Vårens placeringar",
                participants_for(boden_worker),
                open_opportunities_for(boden_worker),
                min_score=0.4,
            )
    return logins
