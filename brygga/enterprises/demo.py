"""Demo data of the enterprises app: profiles of the seeded enterprises, actors
around them, guidance cases, support offers, partnerships and procurement needs.

Runs after ``brygga.devtools.demo.seed`` created the organisations; draws only
from ``rng``. Organisation numbers are generated, valid in format only.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal
from functools import lru_cache

from django.contrib.auth.hashers import make_password
from django.utils import timezone
from django.utils.text import slugify
from stdnum import luhn
from stdnum.dk import cvr

from brygga.core.models import Membership, Organisation, OrganisationKind, Role, User

from . import services
from .models import Stage

#: Seeded enterprise → (municipality, NACE codes, services).
PROFILES = {
    "Grön Framtid ASF": ("Boden", ["01.13", "81.3"], ["Vegetables", "Garden maintenance"]),
    "Växthuset Boden": ("Boden", ["01.13", "47.2"], ["Greenhouse vegetables", "Farm shop"]),
    "Returbutiken Norr": ("Luleå", ["47.79", "38.3"], ["Second-hand shop", "Furniture repair"]),
    "Café Bryggan": ("Boden", ["56.1", "56.2"], ["Lunch", "Catering"]),
    "Snickeriet i Råneå": ("Luleå", ["16.2", "43.3"], ["Carpentry", "Outdoor furniture"]),
    "Städkooperativet Luleå": ("Luleå", ["81.2"], ["Office cleaning", "Window cleaning"]),
    "Trädgårdsgänget": ("Boden", ["81.3"], ["Garden maintenance", "Snow clearing"]),
    "Cykelverkstan": ("Boden", ["95.29", "47.64"], ["Bicycle repair", "Bicycle rental"]),
}
DANISH = {
    "Havnens Café ApS": ("Jammerbugt", ["56.1"], ["Café", "Catering"], "dk_aps"),
    "Genbrug Nord": (
        "Frederikshavn",
        ["47.79"],
        ["Second-hand shop", "Small repairs"],
        "dk_forening",
    ),
    "Grøn Omsorg": (
        "Jammerbugt",
        ["81.3", "88.9"],
        ["Garden maintenance", "Small jobs"],
        "dk_selvejende",
    ),
}
LEGAL_FORMS = ["se_ab_svb", "se_ek_for", "se_ideell", "se_ab_svb"]


def swedish_orgnr(rng: random.Random) -> str:
    body = "55" + "".join(str(rng.randint(0, 9)) for _ in range(7))
    return body + luhn.calc_check_digit(body)


def danish_cvr(rng: random.Random) -> str:
    while True:
        body = str(rng.randint(1, 9)) + "".join(str(rng.randint(0, 9)) for _ in range(6))
        for digit in "0123456789":
            if cvr.is_valid(body + digit):
                return body + digit


@lru_cache(maxsize=1)
def _password_hash() -> str:
    """The demo password hashed once: hashing it for every user would take seconds."""
    from brygga.devtools.demo import DEMO_PASSWORD

    return make_password(DEMO_PASSWORD)


def _staff(organisation: Organisation, role: str = Role.ENTERPRISE_STAFF) -> User:
    existing = User.objects.filter(
        memberships__organisation=organisation, memberships__role__in=services.STAFF_ROLES
    ).first()
    if existing is not None:
        return existing
    return _user(f"personal.{slugify(organisation.name)[:30]}", organisation, role)


def _org(name: str, kind: str, country: str, municipality: str) -> Organisation:
    organisation, _created = Organisation.objects.get_or_create(
        name=name, defaults={"kind": kind, "country": country, "municipality": municipality}
    )
    return organisation


def _profile(
    rng: random.Random,
    organisation: Organisation,
    municipality: str,
    codes: list[str],
    offered: list[str],
    legal_form: str,
) -> None:
    user = _staff(organisation)
    number = danish_cvr(rng) if organisation.country == "DK" else swedish_orgnr(rng)
    checklist = ["purpose", "reinvested", "influence"]
    if rng.random() < 0.75:
        checklist.append("independent")
    profile = services.save_profile(
        user,
        organisation,
        services.ProfileData(
            org_number=number,
            municipality=municipality,
            legal_form=legal_form,
            description=f"{organisation.name}: " + ", ".join(offered).lower() + ".",
            email=f"info@{slugify(organisation.name)}.example",
            placements=rng.randint(2, 12),
            supervisors=rng.randint(1, 4),
            sectors=codes,
            services=offered,
            adaptations=rng.sample(
                ["reduced_hours", "quiet_workplace", "extra_supervision", "written_instructions"],
                2,
            ),
            checklist=checklist,
        ),
    )
    this_year = timezone.localdate().year
    earned = rng.uniform(0.3, 0.6)
    for year in range(this_year - 3, this_year):
        earned = min(0.95, max(0.1, earned + rng.uniform(-0.05, 0.12)))
        total = rng.randint(1_500, 6_000) * 1000
        sales = Decimal(round(total * earned, -3))
        public_share = Decimal(str(round(rng.uniform(0.2, 0.5), 2)))
        public_sales = (sales * public_share).quantize(Decimal(1))
        support = Decimal(total) - sales
        services.record_year(
            user,
            profile,
            services.YearData(
                year=year,
                private_sales=sales - public_sales,
                public_sales=public_sales,
                grants=(support * Decimal("0.4")).quantize(Decimal(1)),
                wage_subsidies=(support * Decimal("0.6")).quantize(Decimal(1)),
                employees=rng.randint(3, 15),
                participants=rng.randint(5, 40),
            ),
        )


def seed_demo(rng: random.Random) -> dict[str, str]:
    today = timezone.localdate()
    boden = Organisation.objects.get(name="Bodens kommun")
    boden.municipality = boden.municipality or "Boden"
    boden.save(update_fields=["municipality"])
    jammerbugt = Organisation.objects.get(name="Jammerbugt Kommune")
    jammerbugt.municipality = jammerbugt.municipality or "Jammerbugt"
    jammerbugt.save(update_fields=["municipality"])
    frederikshavn = _org(
        "Frederikshavn Kommune", OrganisationKind.MUNICIPALITY, "DK", "Frederikshavn"
    )
    erhvervshus = _org("Erhvervshus Nord", OrganisationKind.BUSINESS_DEVELOPMENT, "DK", "Aalborg")
    naringsliv = _org(
        "Bodens Näringslivsbolag", OrganisationKind.BUSINESS_DEVELOPMENT, "SE", "Boden"
    )
    coompanion = _org("Coompanion Norrbotten", OrganisationKind.BUSINESS_DEVELOPMENT, "SE", "Luleå")
    af = _org("Arbetsförmedlingen Norrbotten", OrganisationKind.AGENCY, "SE", "Luleå")
    sofs = Organisation.objects.get(name="Samordningsförbundet Södra Norrbotten")

    advisor_dk = _user("radgiver.erhvervshus", erhvervshus, Role.CASE_WORKER)
    advisor_se = _user("radgivare.naringsliv", naringsliv, Role.CASE_WORKER)
    buyer = _user("upphandlare.boden", boden, Role.CASE_WORKER)

    # Profiles ---------------------------------------------------------------------
    for name, (municipality, codes, offered) in PROFILES.items():
        organisation = Organisation.objects.filter(name=name).first()
        if organisation is not None:
            _profile(rng, organisation, municipality, codes, offered, rng.choice(LEGAL_FORMS))
    for name, (municipality, codes, offered, form) in DANISH.items():
        organisation = _org(name, OrganisationKind.SOCIAL_ENTERPRISE, "DK", municipality)
        _profile(rng, organisation, municipality, codes, offered, form)
    for i in range(1, 6):
        employer = Organisation.objects.filter(name=f"Arbetsgivare {i} AB").first()
        if employer is not None:
            services.save_profile(
                _staff(employer, Role.ORG_ADMIN),
                employer,
                services.ProfileData(
                    org_number=swedish_orgnr(rng),
                    municipality="Boden",
                    legal_form="se_ab",
                    placements=rng.randint(1, 4),
                    supervisors=1,
                    sectors=[rng.choice(["45.2", "49.4", "55.1", "86.1", "41.2"])],
                ),
            )

    # Guidance pipeline --------------------------------------------------------------
    ideas = [
        ("Café Havnen", "Mette Holm", None),
        ("Cykelværkstedet Fjerritslev", "Jonas Nielsen", None),
        ("Genbrug Nord", "Sofie Jensen", Organisation.objects.get(name="Genbrug Nord")),
        ("Grøn Omsorg", "Lars Petersen", Organisation.objects.get(name="Grøn Omsorg")),
        ("Havnens Café", "Mette Holm", Organisation.objects.get(name="Havnens Café ApS")),
        ("Strandrengøring", "Amina Hassan", None),
    ]
    stages = list(Stage.values)
    for index, (name, contact, enterprise) in enumerate(ideas):
        _case(rng, advisor_dk, erhvervshus, name, contact, enterprise, stages[index % 5], today)
    swedish_cases = [
        (
            "Växtzon odling",
            "Anna Lindqvist",
            Organisation.objects.filter(name="Växthuset Boden").first(),
        ),
        ("Tvätteriet Boden", "Fatima Hassan", None),
        ("Cykelverkstan", "Erik Berg", Organisation.objects.filter(name="Cykelverkstan").first()),
        ("Second hand Sävast", "Oksana Kovalenko", None),
        ("Café Bryggan", "Karin Holm", Organisation.objects.filter(name="Café Bryggan").first()),
        ("Ukrainsk bageri", "Olena Shevchenko", None),
    ]
    for index, (name, contact, enterprise) in enumerate(swedish_cases):
        _case(rng, advisor_se, naringsliv, name, contact, enterprise, stages[index % 5], today)

    # Support map --------------------------------------------------------------------
    offers = [
        (
            erhvervshus,
            advisor_dk,
            "business_development",
            "Vejledning for sociale iværksættere",
            ["idea", "pre_start", "start_up"],
            ["business_plan", "legal_form", "customers"],
            "DK",
            "",
        ),
        (
            erhvervshus,
            advisor_dk,
            "business_development",
            "Vækstforløb for socialøkonomiske virksomheder",
            ["established", "growing"],
            ["customers", "procurement", "network"],
            "DK",
            "",
        ),
        (
            jammerbugt,
            _staff(jammerbugt),
            "municipality",
            "Småjob via Jobcenter",
            ["start_up", "established", "growing"],
            ["staff"],
            "DK",
            "Jammerbugt",
        ),
        (
            frederikshavn,
            _staff(frederikshavn, Role.CASE_WORKER),
            "municipality",
            "Lokaler til socialøkonomi",
            ["pre_start", "start_up"],
            ["premises"],
            "DK",
            "Frederikshavn",
        ),
        (
            naringsliv,
            advisor_se,
            "business_development",
            "Affärsrådgivning för sociala företag",
            ["idea", "pre_start", "start_up", "established"],
            ["business_plan", "customers", "procurement"],
            "SE",
            "Boden",
        ),
        (
            coompanion,
            _staff(coompanion),
            "cooperative_development",
            "Starta kooperativ",
            ["idea", "pre_start"],
            ["legal_form", "business_plan", "funding"],
            "SE",
            "",
        ),
        (
            af,
            _staff(af),
            "employment_service",
            "Lönestöd och introduktionsjobb",
            ["start_up", "established", "growing"],
            ["staff", "funding"],
            "SE",
            "",
        ),
        (
            sofs,
            _staff(sofs, Role.ORG_ADMIN),
            "coordination_association",
            "Samverkan för ASF – finansiering av insatser",
            ["established", "growing"],
            ["funding", "network", "competence"],
            "SE",
            "Boden, Luleå, Älvsbyn, Kalix",
        ),
        (
            boden,
            buyer,
            "municipality",
            "Reserverade upphandlingar i Boden",
            ["established", "growing"],
            ["procurement", "customers"],
            "SE",
            "Boden",
        ),
    ]
    for provider, user, kind, title, offer_stages, needs, country, places in offers:
        services.save_support_offer(
            user,
            provider,
            services.SupportData(
                actor_kind=kind,
                title=title,
                description=title + ".",
                stages=offer_stages,
                needs=needs,
                country=country,
                municipalities=places,
                contact_email=f"kontakt@{slugify(provider.name)}.example",
            ),
        )

    # Partnerships ------------------------------------------------------------------
    enterprises = list(
        Organisation.objects.filter(kind=OrganisationKind.SOCIAL_ENTERPRISE, country="SE")
    )
    partners = [
        boden,
        Organisation.objects.filter(name="Norrbottens folkhögskola").first(),
        *list(Organisation.objects.filter(kind=OrganisationKind.EMPLOYER)[:6]),
    ]
    kinds = [
        "placement_agreement",
        "procurement_contract",
        "reserved_contract",
        "idea_based_partnership",
        "mentoring",
    ]
    for enterprise in enterprises[:-2]:  # the last two have no bridge yet
        for partner in rng.sample([p for p in partners if p is not None], 2):
            start = today - datetime.timedelta(days=rng.randint(30, 700))
            services.save_partnership(
                _staff(enterprise),
                services.PartnershipData(
                    enterprise=enterprise,
                    partner=partner,
                    kind=rng.choice(kinds),
                    start_date=start,
                    end_date=start + datetime.timedelta(days=rng.randint(400, 1200)),
                    value=Decimal(rng.randint(5, 60) * 10_000),
                    partner_unit="Fritidsförvaltningen" if partner == boden else "",
                    enterprise_contact="Verksamhetsledare",
                    partner_contact="Kontaktperson",
                ),
            )
    for enterprise in Organisation.objects.filter(
        kind=OrganisationKind.SOCIAL_ENTERPRISE, country="DK"
    )[:2]:
        services.save_partnership(
            _staff(enterprise),
            services.PartnershipData(
                enterprise,
                jammerbugt,
                "idea_based_partnership",
                today - datetime.timedelta(days=200),
            ),
        )

    # Procurement ---------------------------------------------------------------------
    services.post_need(
        buyer,
        boden,
        services.NeedData(
            "Skötsel av parker och grönytor",
            "garden maintenance, snow clearing",
            today + datetime.timedelta(days=60),
            ["81.3"],
            "Reserverat kontrakt.",
            "Boden",
            6,
            today + datetime.timedelta(days=60 + 730),
            True,
        ),
    )
    services.post_need(
        buyer,
        boden,
        services.NeedData(
            "Lunch till fritidsgårdar",
            "lunch, catering",
            today + datetime.timedelta(days=30),
            ["56.2"],
            "",
            "Boden",
            2,
        ),
    )
    return {
        "radgiver.erhvervshus": "business advisor, Erhvervshus Nord (guidance, support map)",
        "radgivare.naringsliv": "business advisor, Bodens Näringslivsbolag",
        "upphandlare.boden": "case worker and buyer, Bodens kommun (procurement needs)",
    }


def _user(username: str, organisation: Organisation, role: str) -> User:
    user = User.objects.create(username=username, password=_password_hash())
    Membership.objects.create(user=user, organisation=organisation, role=role)
    return user


def _case(
    rng: random.Random,
    advisor: User,
    advising: Organisation,
    name: str,
    contact: str,
    enterprise: Organisation | None,
    stage: str,
    today: datetime.date,
) -> None:
    opened = today - datetime.timedelta(days=rng.randint(60, 600))
    case = services.open_case(
        advisor, advising, name, Stage.IDEA, opened, enterprise=enterprise, contact_name=contact
    )
    order = list(Stage.values)
    moved = opened
    for next_stage in order[1 : order.index(stage) + 1]:
        moved = moved + datetime.timedelta(days=rng.randint(20, max(21, (today - moved).days // 2)))
        moved = min(moved, today)
        services.move_stage(advisor, case, next_stage, moved)
    topics = ["Business idea", "Budget", "Legal form", "Customers", "Funding", "Recruitment"]
    for n in range(rng.randint(1, 4)):
        held = min(today, opened + datetime.timedelta(days=30 * n + rng.randint(0, 20)))
        services.add_session(
            advisor,
            case,
            held,
            rng.choice(topics),
            "Notes of the session.",
            rng.choice(["Draft a budget", "Meet the bank", "Visit a buyer", "Write the plan"]),
        )
    goal = services.add_goal(
        advisor, case, "First paying customer", today + datetime.timedelta(days=90)
    )
    milestone = services.add_milestone(
        advisor, goal, "Offer sent", today - datetime.timedelta(days=10)
    )
    if rng.random() < 0.5:
        services.complete_milestone(advisor, milestone, today - datetime.timedelta(days=5))
    services.add_milestone(advisor, goal, "Contract signed", today + datetime.timedelta(days=60))
