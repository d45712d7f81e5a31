"""Housing and rural residence, entity indicators, estimates and complementary suppression."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from brygga.projects.kernel import esf
from brygga.projects.kernel.degurba import degurba_of, normalise
from brygga.projects.kernel.esf import EntityRow, Estimate, compute
from brygga.projects.kernel.suppress import TOTAL, complete, suppress_table

from .test_kernel_esf import AS_OF, D, person, totals


def test_homelessness_and_rural_residence_count_only_when_recorded_true() -> None:
    rows = [
        person("a", homeless=True, rural=True),
        person("b", homeless=False, rural=None, gender="man"),
        person("c", homeless=None, rural=True, gender="man"),
        person("d", homeless=True, rural=False, gender="non_binary"),
    ]
    report = compute(rows, AS_OF)
    assert report.count("EECO16").by_gender == {"woman": 1, "man": 0, "non_binary": 1}
    assert report.count("EECO17").by_gender == {"woman": 1, "man": 1, "non_binary": 0}
    assert (totals(report)["EECO16"], totals(report)["EECO17"]) == (2, 2)


def test_a_reentry_keeps_housing_and_area_of_the_first_entry() -> None:
    rows = [
        person("a", entry_date=D(2025, 1, 10), exit_date=D(2025, 3, 1), homeless=True, rural=True),
        person("a", entry_date=D(2025, 6, 1), homeless=False, rural=False),
    ]
    report = compute(rows, AS_OF)
    t = totals(report)
    assert (t["EECO01"], t["EECO16"], t["EECO17"]) == (1, 1, 1)


def test_entity_indicators_count_each_supported_organisation_once() -> None:
    entities = [
        EntityRow("1", "municipality", D(2025, 2, 1)),
        EntityRow("1", "municipality", D(2025, 9, 1)),  # the same organisation again
        EntityRow("2", "agency", D(2025, 3, 1)),
        EntityRow("3", "coordination_association", D(2025, 3, 1)),
        EntityRow("4", "education_provider", D(2025, 3, 1)),
        EntityRow("5", "social_enterprise", D(2025, 3, 1)),  # SME unless recorded as not
        EntityRow("6", "social_enterprise", D(2025, 3, 1), sme=False),
        EntityRow("7", "employer", D(2025, 3, 1), sme=True),
        EntityRow("8", "employer", D(2025, 3, 1)),  # not recorded as an SME
        EntityRow("9", "business_development", D(2025, 3, 1), sme=True),
        EntityRow("10", "municipality", D(2026, 7, 1)),  # after the report date
    ]
    report = compute([], AS_OF, entities)
    assert (totals(report)["EECO18"], totals(report)["EECO19"]) == (4, 2)
    assert not report.count("EECO18").by_gender_known
    before = compute([], D(2025, 2, 15), entities)
    assert (totals(before)["EECO18"], totals(before)["EECO19"]) == (1, 0)


def test_the_estimate_in_force_on_the_report_date_replaces_the_count() -> None:
    rows = [person(str(i), disability=i < 2) for i in range(20)]
    estimates = [
        Estimate("EECO12", D(2025, 1, 1), D(2025, 12, 31), share=25.0, basis="survey 2025"),
        Estimate("EECO12", D(2026, 1, 1), D(2026, 12, 31), count=7, basis="staff judgement"),
        Estimate("EECO15", D(2026, 7, 1), D(2026, 12, 31), count=3, basis="not begun"),
    ]
    in_2025 = compute(rows, D(2025, 6, 1), estimates=estimates)
    assert in_2025.count("EECO12").total == 5  # 25 % of 20
    assert in_2025.count("EECO12").estimate is estimates[0]
    assert not in_2025.count("EECO12").by_gender_known
    in_2026 = compute(rows, AS_OF, estimates=estimates)
    assert in_2026.count("EECO12").total == 7 and in_2026.count("EECO12").estimate is estimates[1]
    # After the last period the last estimate stays in force (cumulative figures).
    assert compute(rows, D(2027, 3, 1), estimates=estimates).count("EECO12").total == 7
    # No estimate has begun: the recorded data counts.
    assert in_2026.count("EECO15").estimate is None and in_2026.count("EECO15").by_gender_known
    assert compute(rows, AS_OF).count("EECO12").total == 2


def test_degurba_table_finds_municipalities_by_name_and_code() -> None:
    assert normalise("  Jammerbugt   Kommune ") == "jammerbugt"
    assert degurba_of("Jammerbugt", "DK") == 3
    assert degurba_of("Bodens kommun") == degurba_of("Boden", "SE") == 2
    assert degurba_of("2582", "SE") == 2
    assert degurba_of("Boden", "DK") is None  # not a Danish municipality
    assert degurba_of("Atlantis") is None and degurba_of("") is None


# --- complementary suppression across rows --------------------------------------------


def _row(woman: int, man: int, non_binary: int) -> dict[str, int | None]:
    return {"woman": woman, "man": man, "non_binary": non_binary, TOTAL: woman + man + non_binary}


PARTITION = [(("band_0_2", "band_3_4", "band_5_8"), "all")]


def test_a_lone_hidden_band_is_protected_by_hiding_the_next_smallest_band() -> None:
    # Men: 3 + 20 + 10 = 33. Row-wise the 3 is protected in its own row (its
    # total 3 is small too), but the column would give it away: 33 - 20 - 10.
    table = {
        "all": _row(40, 33, 0),
        "band_0_2": _row(0, 3, 0),
        "band_3_4": _row(25, 20, 0),
        "band_5_8": _row(15, 10, 0),
    }
    shown = suppress_table(table, PARTITION)
    assert shown["band_0_2"]["man"] is None and shown["band_0_2"][TOTAL] is None
    # Complementary: the next-smallest band of the men's column is hidden …
    assert shown["band_5_8"]["man"] is None
    # … and so is the total column's (73 - 45 - 25 would give the 3 back).
    assert shown["band_5_8"][TOTAL] is None
    assert shown["band_5_8"]["woman"] == 15  # two unknowns in its row: nothing to protect
    assert shown["all"] == {"woman": 40, "man": 33, "non_binary": 0, TOTAL: 73}
    _assert_no_group_has_one_hidden_cell(table, shown)


def test_without_the_partition_only_rows_are_protected() -> None:
    table = {
        "all": _row(40, 33, 0),
        "band_0_2": _row(0, 3, 0),
        "band_3_4": _row(25, 20, 0),
        "band_5_8": _row(15, 10, 0),
    }
    shown = suppress_table(table)
    assert shown["band_5_8"]["man"] == 10  # 33 - 20 - 10 = 3 could be computed back


def test_the_total_is_hidden_when_no_other_part_is_non_zero() -> None:
    values = {"a": 3, "b": 0, "t": 3 + 0 + 7, "c": 7}
    shown = complete(values, [(("a", "b"), "t")])
    assert shown == {"a": None, "b": 0, "t": None, "c": 7}


def _assert_no_group_has_one_hidden_cell(
    table: dict[str, dict[str, int | None]], shown: dict[str, dict[str, int | None]]
) -> None:
    groups = [[(r, c) for c in cells] for r, cells in table.items()]
    for parts, total in PARTITION:
        for column in table[total]:
            groups.append([*((p, column) for p in parts), (total, column)])
    for group in groups:
        hidden = [cell for cell in group if shown[cell[0]][cell[1]] is None]
        assert len(hidden) != 1, (group, hidden)


cells = st.integers(0, 30)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(cells, cells, cells), min_size=3, max_size=3))
def test_no_row_or_partition_column_is_left_with_one_hidden_cell(
    bands: list[tuple[int, int, int]],
) -> None:
    table = {f"band_{i}": _row(*band) for i, band in enumerate(bands)}
    table["all"] = _row(*(sum(b[g] for b in bands) for g in range(3)))
    partition = [(("band_0", "band_1", "band_2"), "all")]
    shown = suppress_table(table, partition)
    for row, values in table.items():
        for column, value in values.items():
            if value is not None and 0 < value < 5:
                assert shown[row][column] is None
            if value == 0:
                assert shown[row][column] == 0  # zero tells nothing and stays shown
    groups = [[(r, c) for c in cells_] for r, cells_ in table.items()]
    for column in table["all"]:
        groups.append([("band_0", column), ("band_1", column), ("band_2", column), ("all", column)])
    for group in groups:
        hidden = [cell for cell in group if shown[cell[0]][cell[1]] is None]
        assert len(hidden) != 1, (group, hidden)


def test_the_code_table_names_the_partitions_that_add_up() -> None:
    partitions = esf.load_partitions()
    assert (("EECO02", "EECO04", "EECO05"), "EECO01") in partitions
    assert (("EECO09", "EECO10", "EECO11"), "EECO01") in partitions
