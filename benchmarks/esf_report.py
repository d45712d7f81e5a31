"""Benchmark of the ESF+ indicator kernel against a direct count per indicator and gender.

Run: .venv/bin/python benchmarks/esf_report.py [PARTICIPANTS]
     .venv/bin/python benchmarks/esf_report.py --db  (a seeded database, e.g. after seed_demo)

The kernel makes one pass over the rows per indicator. The baseline is what a
report written without it tends to do: for every indicator and every gender,
filter the whole population again (and re-derive the 28-day situation each
time). Both run on the same synthetic rows in the same run; their numbers are
asserted equal. Target: 100 000 participants in under 2 s.
"""

from __future__ import annotations

import datetime
import random
import sys
import time

from brygga.projects.kernel import esf
from brygga.projects.kernel.esf import Observation, ParticipantRow

AS_OF = datetime.date(2026, 6, 1)


def synthetic(n: int, seed: int = 7) -> list[ParticipantRow]:
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        entry = datetime.date(2023, 1, 1) + datetime.timedelta(days=rng.randint(0, 1200))
        exit_date = (
            entry + datetime.timedelta(days=rng.randint(20, 400)) if rng.random() < 0.7 else None
        )
        observations: tuple[Observation, ...] = ()
        if exit_date is not None and rng.random() < 0.6:
            observations = (
                Observation(exit_date + datetime.timedelta(days=rng.randint(5, 40)), "d28",
                            rng.choice(["work", "studies", "job_seeking", "other"])),
                Observation(exit_date + datetime.timedelta(days=183), "m6",
                            rng.choice(["work", "job_seeking"]), rng.random() < 0.3),
            )  # fmt: skip
        rows.append(
            ParticipantRow(
                key=f"p{i if rng.random() > 0.02 else i // 2}",
                gender=rng.choice(["woman", "man", "non_binary", "woman", "man", ""]),
                birth_date=datetime.date(rng.randint(1960, 2008), rng.randint(1, 12), 1),
                education_level=rng.choice([None, 0, 1, 2, 3, 4, 5, 6, 7, 8]),
                labour_market_status=rng.choice(
                    ["unemployed", "long_term_unemployed", "inactive", "employed"]
                ),
                entry_date=entry,
                third_country_national=rng.random() < 0.2,
                foreign_background=rng.random() < 0.4,
                disability=rng.choice([None, True, False]),
                exit_date=exit_date,
                exit_outcome=rng.choice(
                    ["work", "self_employment", "studies", "job_seeking", "other"]
                ),
                qualification_gained=rng.random() < 0.2,
                observations=observations,
            )
        )
    return rows


def baseline(rows: list[ParticipantRow], as_of: datetime.date) -> dict[str, int | None]:
    """Per indicator and gender, a fresh filter over the whole population."""
    _version, indicators = esf.load_code_table()
    people = [r for r in esf.merge_reentries(rows) if r.entry_date <= as_of]
    totals: dict[str, int | None] = {}
    for indicator in indicators:
        if indicator.rule in esf.NOT_COUNTED:
            totals[indicator.code] = None
            continue
        if indicator.rule in esf.ENTITY_RULES:
            totals[indicator.code] = 0  # organisations, not participants: none here
            continue
        total = 0
        for gender in esf.GENDERS:
            for row in people:
                if row.missing() or row.gender != gender:
                    continue
                person = esf.derive(row, as_of)
                if indicator.group == "immediate" and not person.left:
                    continue
                if indicator.group == "longer_term" and not person.six_months_on:
                    continue
                total += esf.RULES[indicator.rule](person)
        totals[indicator.code] = total
    return totals


def database() -> None:
    """The database's counts, the rows from the database (two flat queries) for the kernel,
    and an object per enrolment (N+1)."""
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "brygga.settings")
    django.setup()
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    from brygga.journeys.models import Enrolment
    from brygga.projects.models import Project
    from brygga.projects.selectors import indicator_counts, indicator_rows

    projects = list(Project.objects.all())
    with CaptureQueriesContext(connection) as counted:
        start = time.perf_counter()
        in_database = esf.report(indicator_counts(projects, AS_OF), AS_OF)
        counted_s = time.perf_counter() - start
    with CaptureQueriesContext(connection) as flat:
        start = time.perf_counter()
        rows = indicator_rows(projects, AS_OF)
        in_kernel = esf.compute(rows, AS_OF)
        flat_s = time.perf_counter() - start
    assert in_database == in_kernel
    reset_queries()
    with CaptureQueriesContext(connection) as naive:
        start = time.perf_counter()
        touched = 0
        for enrolment in Enrolment.objects.filter(project__in=projects):
            participant = enrolment.participant
            touched += len(participant.first_name) > 0
            touched += sum(1 for _ in enrolment.follow_ups.all())
            touched += hasattr(participant, "esf_special_data")
        naive_s = time.perf_counter() - start
    print(f"Rows from the database for {len(rows):,} enrolments in {len(projects)} projects")
    queries = len(counted.captured_queries)
    print(f"  counted by the database {counted_s:8.3f} s   {queries:6d} queries"
          "   (what the reports use)")  # fmt: skip
    print(f"  flat queries + kernel   {flat_s:8.3f} s   {len(flat.captured_queries):6d} queries")
    print(f"  object per enrolment    {naive_s:8.3f} s   {len(naive.captured_queries):6d} queries"
          "   (reading only, no counting)")  # fmt: skip


def main() -> None:
    if sys.argv[1:] == ["--db"]:
        database()
        return
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    rows = synthetic(n)
    start = time.perf_counter()
    report = esf.compute(rows, AS_OF)
    kernel_s = time.perf_counter() - start
    start = time.perf_counter()
    expected = baseline(rows, AS_OF)
    baseline_s = time.perf_counter() - start
    assert {c.indicator.code: c.total for c in report.counts} == expected
    print(f"ESF+ indicators over {n:,} enrolments ({report.count('EECO01').total:,} complete, "
          f"{len(report.incomplete):,} incomplete)")  # fmt: skip
    print(f"  kernel      {kernel_s:8.3f} s   (target < 2 s)")
    print(f"  baseline    {baseline_s:8.3f} s   (a filter per indicator and gender)")
    print(f"  speed-up    {baseline_s / kernel_s:8.1f} ×")


if __name__ == "__main__":
    main()
