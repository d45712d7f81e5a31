"""Identity numbers: Swedish personnummer and samordningsnummer, Danish CPR (no database)."""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from brygga.people.identity import (
    IdentityKind,
    InvalidIdentityNumber,
    danish_number,
    parse_identity_number,
    swedish_number,
)

D = datetime.date


@pytest.mark.parametrize(
    "raw",
    ["19900517-1237", "199005171237", "900517-1237", "9005171237", " 19900517-1237 "],
)
def test_a_swedish_number_in_any_common_form_gives_one_canonical_number(raw: str) -> None:
    identity = parse_identity_number(raw, "SE")
    assert identity.kind == IdentityKind.SE_PERSONNUMMER
    assert identity.number == "199005171237"
    assert identity.birth_date == D(1990, 5, 17)


def test_a_plus_sign_marks_a_person_of_a_hundred_or_more() -> None:
    identity = parse_identity_number("200517+1232", "SE")
    assert identity.birth_date == D(1920, 5, 17)
    assert identity.number == "192005171232"


def test_a_coordination_number_has_its_day_moved_by_sixty() -> None:
    number = swedish_number(D(1985, 11, 3), 412, coordination=True)
    assert number[6:8] == "63"
    identity = parse_identity_number(number, "SE")
    assert identity.kind == IdentityKind.SE_SAMORDNINGSNUMMER
    assert identity.birth_date == D(1985, 11, 3)
    assert identity.number == number


@pytest.mark.parametrize(
    ("raw", "country"),
    [
        ("19900517-1238", "SE"),  # wrong check digit
        ("19901317-1236", "SE"),  # no 13th month
        ("1990051712", "SE"),  # too short once the century is there
        ("abc", "SE"),
        ("", "SE"),
        ("198511631234", "SE"),  # coordination number with a wrong check digit
        ("19851192-4121", "SE"),  # day 92 - 60 = 32 does not exist
        ("3213901234", "DK"),  # no 32nd day
        ("01019", "DK"),
        ("19900517-1237", "NO"),  # a country we do not know
    ],
)
def test_invalid_numbers_are_refused_with_a_reason(raw: str, country: str) -> None:
    with pytest.raises(InvalidIdentityNumber) as refusal:
        parse_identity_number(raw, country)
    assert str(refusal.value.args[0])


def test_a_danish_cpr_number_gives_its_birth_date() -> None:
    identity = parse_identity_number("150594-1237", "DK")
    assert identity.kind == IdentityKind.DK_CPR
    assert identity.number == "1505941237"
    assert identity.birth_date == D(1994, 5, 15)


BIRTH_DATES = st.dates(D(1940, 1, 1), D(2015, 12, 31))


@given(BIRTH_DATES, st.integers(0, 999), st.booleans())
def test_generated_swedish_numbers_are_valid_and_give_back_their_birth_date(
    birth_date: datetime.date, serial: int, coordination: bool
) -> None:
    identity = parse_identity_number(
        swedish_number(birth_date, serial, coordination=coordination), "SE"
    )
    assert identity.birth_date == birth_date
    expected = IdentityKind.SE_SAMORDNINGSNUMMER if coordination else IdentityKind.SE_PERSONNUMMER
    assert identity.kind == expected


@given(BIRTH_DATES, st.integers(0, 999))
def test_generated_danish_numbers_are_valid_and_give_back_their_birth_date(
    birth_date: datetime.date, serial: int
) -> None:
    assert parse_identity_number(danish_number(birth_date, serial), "DK").birth_date == birth_date


@given(BIRTH_DATES, st.integers(0, 999), st.integers(0, 9))
def test_changing_the_check_digit_of_a_swedish_number_makes_it_invalid(
    birth_date: datetime.date, serial: int, other: int
) -> None:
    number = swedish_number(birth_date, serial)
    if int(number[-1]) == other:
        return
    with pytest.raises(InvalidIdentityNumber):
        parse_identity_number(number[:-1] + str(other), "SE")
