"""ESF+ indicator rules on hand-built participants, without a database."""

from __future__ import annotations

import ast
import datetime
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from brygga.projects.kernel import esf
from brygga.projects.kernel.esf import Observation, ParticipantRow, compute
from brygga.projects.kernel.followup import follow_up_report
from brygga.projects.kernel.suppress import suppress_row

D = datetime.date
AS_OF = D(2026, 6, 1)


def person(key: str = "p", **changes: object) -> ParticipantRow:
    values: dict[str, object] = {
        "key": key,
        "gender": "woman",
        "birth_date": D(1990, 5, 17),
        "education_level": 2,
        "labour_market_status": "unemployed",
        "entry_date": D(2025, 1, 10),
    }
    values.update(changes)
    return ParticipantRow(**values)  # type: ignore[arg-type]


def totals(report: esf.EsfReport) -> dict[str, int | None]:
    return {c.indicator.code: c.total for c in report.counts}


def test_statuses_are_mutually_exclusive_and_sum_to_the_total() -> None:
    rows = [
        person("a", labour_market_status="unemployed"),
        person("b", labour_market_status="long_term_unemployed", gender="man"),
        person("c", labour_market_status="inactive", gender="non_binary"),
        person("d", labour_market_status="employed"),
        person("e", labour_market_status="unemployed", long_term_unemployed=True, gender="man"),
    ]
    report = compute(rows, AS_OF)
    t = totals(report)
    assert t["EECO01"] == 5
    assert (t["EECO02"], t["EECO03"], t["EECO04"], t["EECO05"]) == (3, 2, 1, 1)
    assert t["EECO02"] + t["EECO04"] + t["EECO05"] == t["EECO01"]  # type: ignore[operator]
    assert report.count("EECO01").by_gender == {"woman": 2, "man": 2, "non_binary": 1}
    assert report.count("EECO02").by_gender == {"woman": 1, "man": 2, "non_binary": 0}


def test_age_and_education_bands_at_the_first_entry() -> None:
    rows = [
        person("a", birth_date=D(2007, 1, 11), entry_date=D(2025, 1, 10), education_level=1),
        person("b", birth_date=D(2007, 1, 10), entry_date=D(2025, 1, 10), education_level=3),
        person("c", birth_date=D(1995, 1, 11), entry_date=D(2025, 1, 10), education_level=4),
        person("d", birth_date=D(1970, 1, 10), entry_date=D(2025, 1, 10), education_level=8),
    ]
    t = totals(compute(rows, AS_OF))
    assert (t["EECO06"], t["EECO07"], t["EECO08"]) == (1, 2, 1)
    assert (t["EECO09"], t["EECO10"], t["EECO11"]) == (1, 2, 1)


def test_an_incomplete_record_is_counted_apart_and_listed() -> None:
    rows = [
        person("a"),
        person("b", education_level=None, gender=""),
        person("c", labour_market_status="", birth_date=None, exit_date=D(2025, 3, 1)),
    ]
    report = compute(rows, AS_OF)
    assert totals(report)["EECO01"] == 1
    assert [(i.key, i.missing) for i in report.incomplete] == [
        ("b", ("education_level", "gender")),
        ("c", ("labour_market_status", "birth_date")),
    ]
    assert report.left == 0  # the incomplete leaver is in no result either


def test_the_last_event_within_28_days_counts() -> None:
    exit_day = D(2025, 6, 1)
    job_found = Observation(exit_day + datetime.timedelta(days=20), "d28", "work")
    late = Observation(exit_day + datetime.timedelta(days=29), "d28", "work")
    rows = [
        person("a", exit_date=exit_day, exit_outcome="job_seeking", observations=(job_found,)),
        person("b", exit_date=exit_day, exit_outcome="job_seeking", observations=(late,)),
        person("c", exit_date=exit_day, exit_outcome="work"),
        person("d", exit_date=exit_day, exit_outcome="studies", qualification_gained=True),
    ]
    t = totals(compute(rows, AS_OF))
    assert (t["EECR01"], t["EECR04"], t["EECR02"], t["EECR03"]) == (1, 2, 1, 1)
    on_day_28 = Observation(exit_day + datetime.timedelta(days=28), "d28", "job_seeking")
    row = person("e", exit_date=exit_day, exit_outcome="work", observations=(on_day_28,))
    assert esf.situation_on_leaving(row) == "job_seeking"


def test_six_month_results_wait_for_six_months() -> None:
    exit_day = D(2025, 12, 1)
    six = Observation(D(2026, 6, 1), "m6", "work", better_situation=True)
    rows = [
        person("a", exit_date=exit_day, exit_outcome="job_seeking", observations=(six,)),
        person("b", exit_date=D(2025, 12, 2), exit_outcome="work"),
    ]
    report = compute(rows, AS_OF)
    assert report.six_months_on == 1
    assert (totals(report)["EECR05"], totals(report)["EECR06"]) == (1, 1)
    earlier = compute(rows, D(2026, 5, 31))
    assert (earlier.six_months_on, totals(earlier)["EECR05"]) == (0, 0)


def test_a_reentry_is_one_participant_with_the_first_entry_and_the_latest_results() -> None:
    first = person("a", entry_date=D(2024, 2, 1), exit_date=D(2024, 5, 1), exit_outcome="work")
    again = person(
        "a", entry_date=D(2025, 1, 1), exit_date=D(2025, 3, 1), exit_outcome="job_seeking"
    )
    report = compute([first, again], AS_OF)
    assert totals(report)["EECO01"] == 1
    assert (totals(report)["EECR01"], totals(report)["EECR04"]) == (1, 0)
    back_in = person("a", entry_date=D(2025, 1, 1), birth_date=D(2006, 3, 1))
    merged = esf.merge_reentries([first, back_in])
    assert merged[0].entry_date == D(2024, 2, 1)
    report = compute([first, back_in], AS_OF)
    assert report.left == 0  # back in the project: no results until they leave again
    assert totals(report)["EECO06"] == 1  # aged 17 at the first entry


def test_results_after_the_report_date_are_not_known_yet() -> None:
    row = person("a", exit_date=D(2026, 7, 1), exit_outcome="work")
    report = compute([row], AS_OF)
    assert (report.left, totals(report)["EECR04"]) == (0, 0)


def test_special_category_characteristics_count_only_when_recorded_true() -> None:
    rows = [
        person("a", disability=True, minority=None),
        person("b", disability=None, minority=True),
        person("c", disability=False, minority=False),
    ]
    report = compute(rows, AS_OF)
    assert (totals(report)["EECO12"], totals(report)["EECO15"]) == (1, 1)
    assert report.count("EECO16").collected and report.count("EECO16").total == 0


def test_the_code_table_has_every_code_once_and_known_rules() -> None:
    version, indicators = esf.load_code_table()
    codes = [i.code for i in indicators]
    assert version and len(codes) == len(set(codes)) == 25
    assert codes[0] == "EECO01" and codes[-1] == "EECR06"
    assert all(i.labels.get("sv") and i.labels.get("en") for i in indicators)


def test_suppression_hides_small_counts_and_what_would_reveal_them() -> None:
    assert suppress_row({"woman": 3, "man": 10, "non_binary": 0}, 13) == (
        {"woman": None, "man": None, "non_binary": 0},
        13,
    )
    assert suppress_row({"woman": 3, "man": 0, "non_binary": 0}, 3) == (
        {"woman": None, "man": 0, "non_binary": 0},
        None,
    )
    assert suppress_row({"woman": 3, "man": 0, "non_binary": 0}, 6) == (
        {"woman": None, "man": 0, "non_binary": 0},
        None,
    )
    assert suppress_row({"woman": 6, "man": 9, "non_binary": 2}, 17) == (
        {"woman": None, "man": 9, "non_binary": None},
        17,
    )
    assert suppress_row({"woman": 6, "man": 9}, 15) == ({"woman": 6, "man": 9}, 15)


def test_the_follow_up_report_counts_before_and_after() -> None:
    rows = [
        person(
            "a",
            exit_date=D(2025, 4, 10),
            exit_outcome="self_employment",
            income_sources_before=("income_support",),
            income_sources_after=("salary",),
            observations=(Observation(D(2025, 10, 10), "m6", "work"),),
        ),
        person("b", exit_date=D(2026, 3, 10), exit_outcome="job_seeking"),
        person("c"),
    ]
    report = follow_up_report(rows, AS_OF)
    assert (report.left, report.still_in) == (2, 1)
    assert report.outcome == {"work": 1, "studies": 0, "job_seeking": 1, "other": 0}
    assert report.income_before == {"income_support": 1, "not_recorded": 1}
    assert report.income_after == {"salary": 1, "not_recorded": 1}
    assert report.situation_six_months["work"] == 1 and report.six_months_recorded == 1
    assert report.duration["under_3_months"] == 1 and report.duration["12_months_or_more"] == 1
    assert report.median_days == (90 + 424) / 2


def test_the_kernel_imports_no_django() -> None:
    kernel = Path(esf.__file__).parent
    for path in kernel.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import | ast.ImportFrom):
                names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
                module = getattr(node, "module", None) or ""
                for name in [module, *names]:
                    assert not name.startswith(("django", "brygga")), (path, name)


# --- property: the totals equal a direct count ---------------------------------------

days = st.dates(min_value=D(2023, 1, 1), max_value=D(2026, 12, 31))
rows_strategy = st.lists(
    st.builds(
        ParticipantRow,
        key=st.sampled_from([f"p{i}" for i in range(40)]),
        gender=st.sampled_from(["woman", "man", "non_binary", ""]),
        birth_date=st.one_of(st.none(), st.dates(min_value=D(1950, 1, 1), max_value=D(2010, 1, 1))),
        education_level=st.one_of(st.none(), st.integers(0, 8)),
        labour_market_status=st.sampled_from(
            ["unemployed", "long_term_unemployed", "inactive", "employed", ""]
        ),
        entry_date=days,
        exit_date=st.one_of(st.none(), days),
        exit_outcome=st.sampled_from(
            ["work", "self_employment", "studies", "job_seeking", "other"]
        ),
        observations=st.lists(
            st.builds(
                Observation,
                on=days,
                kind=st.sampled_from(["d28", "m6"]),
                situation=st.sampled_from(["work", "studies", "job_seeking", "other"]),
            ),
            max_size=2,
        ).map(tuple),
    ),
    max_size=60,
)


@settings(max_examples=150, deadline=None)
@given(rows=rows_strategy, as_of=days)
def test_indicator_totals_equal_a_direct_count(
    rows: list[ParticipantRow], as_of: datetime.date
) -> None:
    report = compute(rows, as_of)
    # Direct count: the latest stay of each participant who entered by as_of.
    # The status at entry is the first stay's.
    latest: dict[str, ParticipantRow] = {}
    first: dict[str, ParticipantRow] = {}
    for row in rows:
        if row.key not in first or row.entry_date < first[row.key].entry_date:
            first[row.key] = row
        if row.key not in latest or row.entry_date >= latest[row.key].entry_date:
            latest[row.key] = row
    first_entry = {k: r.entry_date for k, r in first.items()}
    status = {k: r.labour_market_status for k, r in first.items()}
    entered = [k for k in latest if first_entry[k] <= as_of]
    complete = [
        k
        for k in entered
        if latest[k].gender
        and latest[k].birth_date
        and latest[k].education_level is not None
        and status[k]
    ]
    t = totals(report)
    assert t["EECO01"] == len(complete)
    assert len(report.incomplete) == len(entered) - len(complete)
    for gender in esf.GENDERS:
        assert report.count("EECO01").by_gender[gender] == sum(
            latest[k].gender == gender for k in complete
        )
    assert t["EECO02"] + t["EECO04"] + t["EECO05"] == t["EECO01"]  # type: ignore[operator]
    assert t["EECO09"] + t["EECO10"] + t["EECO11"] == t["EECO01"]  # type: ignore[operator]
    left = [k for k in complete if latest[k].exit_date and latest[k].exit_date <= as_of]  # type: ignore[operator]
    assert report.left == len(left)
    assert t["EECR01"] + t["EECR02"] + t["EECR04"] <= len(left)  # type: ignore[operator]


@given(
    as_of=st.dates(D(2020, 1, 1), D(2030, 12, 31)),
    exit_date=st.dates(D(2019, 1, 1), D(2030, 12, 31)),
)
def test_six_months_on_is_an_exit_on_or_before_one_cutoff(
    as_of: datetime.date, exit_date: datetime.date
) -> None:
    cutoff = esf.six_months_cutoff(as_of)
    assert (esf.add_months(exit_date, esf.SIX_MONTHS) <= as_of) == (exit_date <= cutoff)


def test_the_six_month_cutoff_at_the_end_of_february() -> None:
    assert esf.six_months_cutoff(D(2026, 2, 28)) == D(2025, 8, 31)
    assert esf.six_months_cutoff(D(2024, 2, 29)) == D(2023, 8, 31)
    assert esf.six_months_cutoff(D(2024, 2, 28)) == D(2023, 8, 28)
    assert esf.six_months_cutoff(D(2025, 6, 15)) == D(2024, 12, 15)


def test_compute_is_the_report_of_the_tallies() -> None:
    rows = [
        person("a"),
        person("b", gender="man", exit_date=D(2026, 3, 1), exit_outcome="work"),
        person("c", education_level=None),
    ]
    tallies = esf.tally(rows, AS_OF)
    assert (tallies.output, tallies.left, tallies.six_months_on) == (2, 1, 0)
    assert tallies.by_rule["employed_on_leaving"] == {"woman": 0, "man": 1, "non_binary": 0}
    assert esf.report(tallies, AS_OF) == compute(rows, AS_OF)
