"""Synthetic data at national scale: ``brygga generate --participants N``.

Deterministic for a seed, streamed in batches (never the whole set in memory)
and written with PostgreSQL ``COPY`` or, on SQLite, batched ``INSERT``s. It
makes organisations (one municipality per 5 000 participants, up to 290, a
fifth of them Danish; social enterprises, employers, an education provider),
two projects per municipality, an admin and a case worker per municipality,
and participants with competence profiles, enrolments, activities, exits and
follow-up tasks. Everything is invented; identity numbers are valid in format.

It can also write the participant import file that the benchmark imports
(``write_participant_csv``), in the format of docs/import-formats.md.
"""

from __future__ import annotations

import csv
import datetime
import random
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dateutil.relativedelta import relativedelta
from django.contrib.auth.hashers import make_password
from django.db import connection, models, transaction
from django.utils import timezone

from brygga.core.models import Membership, Organisation, OrganisationKind, Role, User
from brygga.imports.bulk import reset_sequences, write_rows
from brygga.journeys.models import (
    Activity,
    ActivityKind,
    Enrolment,
    ExitOutcome,
    FollowUp,
    FollowUpKind,
    IncomeSource,
)
from brygga.people.identity import danish_number, swedish_number
from brygga.people.models import CompetenceProfile, Participant
from brygga.projects.models import Project

from .demo import DEMO_PASSWORD, ENTERPRISES, FIRST, LAST

#: One municipality per this many participants (at least 2, at most 290).
PARTICIPANTS_PER_MUNICIPALITY = 5_000
MAX_MUNICIPALITIES = 290
BATCH_SIZE = 5_000
#: Birth dates are spread over this many days (ages 16 to 64).
_AGE_SPAN_DAYS = 48 * 365
_DAY_STEP = 7_919  # prime, coprime to _AGE_SPAN_DAYS: spreads birth dates within an org

MUNICIPALITY_NAMES = [
    "Boden",
    "Luleå",
    "Piteå",
    "Kalix",
    "Älvsbyn",
    "Umeå",
    "Skellefteå",
    "Sundsvall",
    "Östersund",
    "Gävle",
    "Uppsala",
    "Västerås",
    "Örebro",
    "Karlstad",
    "Falun",
    "Linköping",
    "Norrköping",
    "Jönköping",
    "Växjö",
    "Kalmar",
    "Malmö",
    "Lund",
    "Helsingborg",
    "Göteborg",
    "Borås",
]
DANISH_NAMES = ["Jammerbugt", "Aalborg", "Hjørring", "Thisted", "Vesthimmerland", "Frederikshavn"]


@dataclass
class Generated:
    organisations: int = 0
    projects: int = 0
    participants: int = 0
    enrolments: int = 0
    activities: int = 0
    follow_ups: int = 0
    logins: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class _Home:
    organisation_id: int
    country: str
    municipality: str
    case_worker_id: int
    project_ids: tuple[int, ...]
    project_starts: tuple[datetime.date, ...]
    index: int  # position among municipalities


def _uuid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def _next_id(model: type[models.Model]) -> int:
    highest = model.objects.aggregate(m=models.Max("id"))["m"]  # type: ignore[attr-defined]
    return int(highest or 0) + 1


# --- the world ----------------------------------------------------------------------


def _municipality_count(participants: int) -> int:
    return max(2, min(MAX_MUNICIPALITIES, -(-participants // PARTICIPANTS_PER_MUNICIPALITY)))


def _create_world(
    rng: random.Random, municipalities: int, today: datetime.date, result: Generated
) -> tuple[list[_Home], list[int]]:
    """Organisations, users and projects (few rows: through the ORM)."""
    providers = [
        Organisation.objects.create(name=f"{name} (gen)", kind=OrganisationKind.SOCIAL_ENTERPRISE)
        for name in ENTERPRISES
    ]
    providers += [
        Organisation.objects.create(
            name=f"Arbetsgivare {i + 1} AB (gen)", kind=OrganisationKind.EMPLOYER
        )
        for i in range(20)
    ]
    providers.append(
        Organisation.objects.create(
            name="Folkhögskolan (gen)", kind=OrganisationKind.EDUCATION_PROVIDER
        )
    )
    homes: list[_Home] = []
    password = make_password(DEMO_PASSWORD)  # hashed once: hashing is slow on purpose
    for index in range(municipalities):
        danish = index % 5 == 4
        names = DANISH_NAMES if danish else MUNICIPALITY_NAMES
        base = names[index % len(names)]
        rounds = index // (len(names) * (5 if not danish else 1))
        municipality = f"{base} {rounds + 1}" if rounds else base
        org = Organisation.objects.create(
            name=f"{municipality} {'Kommune' if danish else 'kommun'} (gen {index})",
            kind=OrganisationKind.MUNICIPALITY,
            country="DK" if danish else "SE",
            municipality=municipality,
        )
        admin = User.objects.create(username=f"gen.admin.{index}", password=password)
        Membership.objects.create(user=admin, organisation=org, role=Role.ORG_ADMIN)
        worker = User.objects.create(username=f"gen.case.{index}", password=password)
        Membership.objects.create(user=worker, organisation=org, role=Role.CASE_WORKER)
        projects = []
        for p in range(2):
            start = today - datetime.timedelta(days=rng.randint(1500, 2500))
            projects.append(
                Project.objects.create(
                    owner=org,
                    name=f"{'Vägen till arbete' if p == 0 else 'ESF+ Steget'} {municipality}",
                    diarienummer=f"GEN-{index:03d}-{p}",
                    start_date=start,
                    end_date=today + datetime.timedelta(days=rng.randint(200, 900)),
                    fund="ESF+" if p == 1 else "",
                )
            )
        homes.append(
            _Home(
                organisation_id=org.pk,
                country=org.country,
                municipality=municipality,
                case_worker_id=worker.pk,
                project_ids=tuple(p.pk for p in projects),
                project_starts=tuple(p.start_date for p in projects),
                index=index,
            )
        )
    result.organisations += municipalities + len(providers)
    result.projects += 2 * municipalities
    result.logins.update(
        {"gen.admin.0": "organisation admin, first generated municipality"}
        | {"gen.case.0": "case worker, first generated municipality"}
    )
    return homes, [p.pk for p in providers]


# --- participants -------------------------------------------------------------------


@dataclass(frozen=True)
class PersonRow:
    """One synthetic person: what the participant table and the import file hold."""

    id: uuid.UUID
    home: int  # index into the municipalities
    serial: int  # position within the municipality
    first_name: str
    last_name: str
    identity_kind: str
    identity_number: str
    birth_date: datetime.date
    gender: str
    municipality: str
    foreign_background: bool
    third_country_national: bool
    education_level: int
    labour_market_status: str
    labour_market_status_since: datetime.date
    income_support: bool
    income_support_since: datetime.date | None
    sick_leave: bool
    sick_leave_since: datetime.date | None


def people(
    rng: random.Random,
    count: int,
    homes: Sequence[tuple[str, str]],
    today: datetime.date,
    first: int = 0,
) -> Iterator[PersonRow]:
    """``count`` synthetic people, spread round-robin over ``homes`` ((country, municipality)).

    Identity numbers are unique within a home: the j-th person of a home gets a
    distinct (birth date, serial) pair. ``first`` starts further on, for files
    of other people.
    """
    oldest = today - datetime.timedelta(days=64 * 365)
    for i in range(first, first + count):
        home = i % len(homes)
        j = i // len(homes)
        country, municipality = homes[home]
        birth = oldest + datetime.timedelta(days=(j * _DAY_STEP + home) % _AGE_SPAN_DAYS)
        serial = (j // _AGE_SPAN_DAYS) % 1000
        coordination = country == "SE" and rng.random() < 0.05
        if country == "DK":
            number, kind = danish_number(birth, serial), "dk_cpr"
        else:
            number = swedish_number(birth, serial, coordination=coordination)
            kind = "se_samordningsnummer" if coordination else "se_personnummer"
        status = rng.choice(["unemployed", "long_term_unemployed", "inactive", "unemployed"])
        status_since = max(birth, today - datetime.timedelta(days=rng.randint(30, 1500)))
        income_support = rng.random() < 0.4
        sick = rng.random() < 0.15
        yield PersonRow(
            id=_uuid(rng),
            home=home,
            serial=j,
            first_name=rng.choice(FIRST),
            last_name=rng.choice(LAST),
            identity_kind=kind,
            identity_number=number,
            birth_date=birth,
            gender=rng.choice(["woman", "man", "woman", "man", "non_binary"]),
            municipality=municipality,
            foreign_background=rng.random() < 0.4,
            third_country_national=rng.random() < 0.25,
            education_level=rng.randint(1, 6),
            labour_market_status=status,
            labour_market_status_since=status_since,
            income_support=income_support,
            income_support_since=max(birth, today - datetime.timedelta(days=rng.randint(30, 800)))
            if income_support
            else None,
            sick_leave=sick,
            sick_leave_since=max(birth, today - datetime.timedelta(days=rng.randint(10, 400)))
            if sick
            else None,
        )


PARTICIPANT_COLUMNS = (
    "id",
    "organisation_id",
    "case_worker_id",
    "first_name",
    "last_name",
    "identity_kind",
    "identity_number",
    "birth_date",
    "gender",
    "municipality",
    "foreign_background",
    "third_country_national",
    "in_upper_secondary_school",
    "education_level",
    "labour_market_status",
    "labour_market_status_since",
    "income_support",
    "income_support_since",
    "sick_leave",
    "sick_leave_since",
    "created_at",
    "updated_at",
)


def _batches(items: Iterable[PersonRow], size: int) -> Iterator[list[PersonRow]]:
    batch: list[PersonRow] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def generate(
    participants: int,
    seed: int = 2026,
    *,
    progress: Callable[[int], None] | None = None,
    batch_size: int = BATCH_SIZE,
) -> Generated:
    """Write a synthetic world with ``participants`` participants; return the counts."""
    rng = random.Random(seed)  # noqa: S311 - synthetic data, seeded on purpose
    today = timezone.localdate()
    now = timezone.now()
    result = Generated()
    with transaction.atomic():
        homes, providers = _create_world(rng, _municipality_count(participants), today, result)
    next_enrolment = _next_id(Enrolment)
    next_activity = _next_id(Activity)
    next_follow_up = _next_id(FollowUp)
    next_profile = _next_id(CompetenceProfile)
    kinds = ActivityKind.values
    outcomes = ExitOutcome.values
    sources = [IncomeSource.INCOME_SUPPORT, IncomeSource.UNEMPLOYMENT_BENEFIT, IncomeSource.NONE]
    stream = people(rng, participants, [(h.country, h.municipality) for h in homes], today)
    for batch in _batches(stream, batch_size):
        enrolments: list[list[Any]] = []
        activities: list[list[Any]] = []
        follow_ups: list[list[Any]] = []
        for person in batch:
            home = homes[person.home]
            if rng.random() < 0.1:
                continue  # registered, not (yet) enrolled
            which = 1 if rng.random() < 0.4 else 0
            start = home.project_starts[which]
            span = (today - start).days
            entry = start + datetime.timedelta(days=rng.randint(0, max(0, span - 60)))
            exited = rng.random() < 0.55
            exit_date = (
                min(today, entry + datetime.timedelta(days=rng.randint(30, 400)))
                if exited
                else None
            )
            enrolment_id = next_enrolment
            next_enrolment += 1
            enrolments.append(
                [
                    enrolment_id,
                    person.id,
                    home.project_ids[which],
                    entry,
                    entry,
                    [rng.choice(sources)],
                    exit_date,
                    rng.choice(outcomes) if exited else "",
                    exited and rng.random() < 0.3,
                    [IncomeSource.SALARY] if exited and rng.random() < 0.4 else [],
                    home.case_worker_id,
                    now,
                ]
            )
            activity_start = entry
            for _n in range(rng.randint(1, 3)):
                last = exit_date or today
                if activity_start > last:
                    break
                end = min(last, activity_start + datetime.timedelta(days=rng.randint(14, 120)))
                open_ended = exit_date is None and end == today and rng.random() < 0.5
                activities.append(
                    [
                        next_activity,
                        enrolment_id,
                        rng.choice(kinds),
                        rng.choice(providers),
                        activity_start,
                        None if open_ended else end,
                        rng.choice([10, 20, 30, 40]),
                        "",
                    ]
                )
                next_activity += 1
                activity_start = end + datetime.timedelta(days=1)
            if exit_date is not None:
                for kind, delay in (
                    (FollowUpKind.DAYS_28, relativedelta(days=28)),
                    (FollowUpKind.MONTHS_6, relativedelta(months=6)),
                ):
                    due = exit_date + delay
                    done = due < today and rng.random() < 0.6
                    follow_ups.append(
                        [
                            next_follow_up,
                            enrolment_id,
                            kind,
                            due,
                            due if done else None,
                            rng.choice(outcomes) if done else "",
                            (rng.random() < 0.5) if done else None,
                            "",
                        ]
                    )
                    next_follow_up += 1
        with transaction.atomic():
            write_rows(
                Participant,
                PARTICIPANT_COLUMNS,
                (
                    (
                        p.id,
                        homes[p.home].organisation_id,
                        homes[p.home].case_worker_id,
                        p.first_name,
                        p.last_name,
                        p.identity_kind,
                        p.identity_number,
                        p.birth_date,
                        p.gender,
                        p.municipality,
                        p.foreign_background,
                        p.third_country_national,
                        False,
                        p.education_level,
                        p.labour_market_status,
                        p.labour_market_status_since,
                        p.income_support,
                        p.income_support_since,
                        p.sick_leave,
                        p.sick_leave_since,
                        now,
                        now,
                    )
                    for p in batch
                ),
            )
            write_rows(
                CompetenceProfile,
                (
                    "id",
                    "participant_id",
                    "driving_licences",
                    "adaptations_needed",
                    "validation_needs",
                    "updated_at",
                ),
                ((next_profile + n, p.id, [], [], "", now) for n, p in enumerate(batch)),
            )
            next_profile += len(batch)
            write_rows(Enrolment, ENROLMENT_COLUMNS, enrolments)
            write_rows(Activity, ACTIVITY_COLUMNS, activities)
            write_rows(FollowUp, FOLLOW_UP_COLUMNS, follow_ups)
        result.participants += len(batch)
        result.enrolments += len(enrolments)
        result.activities += len(activities)
        result.follow_ups += len(follow_ups)
        if progress is not None:
            progress(len(batch))
    reset_sequences(CompetenceProfile, Enrolment, Activity, FollowUp)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return result


ENROLMENT_COLUMNS = (
    "id",
    "participant_id",
    "project_id",
    "entry_date",
    "last_entry_date",
    "income_sources_before",
    "exit_date",
    "exit_outcome",
    "qualification_gained",
    "income_sources_after",
    "created_by_id",
    "created_at",
)
ACTIVITY_COLUMNS = (
    "id",
    "enrolment_id",
    "kind",
    "provider_id",
    "start_date",
    "end_date",
    "hours_per_week",
    "note",
)
FOLLOW_UP_COLUMNS = (
    "id",
    "enrolment_id",
    "kind",
    "due_date",
    "completed_on",
    "situation",
    "better_situation",
    "note",
)

#: The columns of a participant import file (docs/import-formats.md).
PARTICIPANT_FILE_COLUMNS = (
    "external_id",
    "first_name",
    "last_name",
    "identity_number",
    "identity_country",
    "birth_date",
    "gender",
    "municipality",
    "foreign_background",
    "third_country_national",
    "in_upper_secondary_school",
    "education_level",
    "labour_market_status",
    "labour_market_status_since",
    "income_support",
    "income_support_since",
    "sick_leave",
    "sick_leave_since",
)


def _yes(value: bool) -> str:
    return "yes" if value else "no"


def _day(value: datetime.date | None) -> str:
    return value.isoformat() if value else ""


def write_participant_csv(
    path: Path,
    count: int,
    seed: int = 2026,
    country: str = "SE",
    municipality: str = "Boden",
    first: int = 0,
) -> int:
    """Write a participant import file of ``count`` rows for one organisation; return rows."""
    rng = random.Random(seed)  # noqa: S311 - synthetic data, seeded on purpose
    today = timezone.localdate()
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(PARTICIPANT_FILE_COLUMNS)
        for p in people(rng, count, [(country, municipality)], today, first):
            writer.writerow(
                (
                    f"P{p.serial:07d}",
                    p.first_name,
                    p.last_name,
                    p.identity_number,
                    country,
                    "",
                    p.gender,
                    p.municipality,
                    _yes(p.foreign_background),
                    _yes(p.third_country_national),
                    "no",
                    p.education_level,
                    p.labour_market_status,
                    _day(p.labour_market_status_since),
                    _yes(p.income_support),
                    _day(p.income_support_since),
                    _yes(p.sick_leave),
                    _day(p.sick_leave_since),
                )
            )
    return count
