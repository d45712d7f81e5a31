"""The import's fast path for Swedish numbers gives what python-stdnum's path gives.

``people.identity`` checks the two common forms (``YYYYMMDDNNNC``,
``YYYYMMDD-NNNC``) without stdnum's general clean-up, for the speed of bulk
imports; every answer — kind, number, birth date, or the refusal's message —
must be the general path's.
"""

from __future__ import annotations

import datetime

from hypothesis import example, given, settings
from hypothesis import strategies as st

from brygga.people import identity
from brygga.people.identity import InvalidIdentityNumber


def _answer(parse: object, text: str) -> object:
    try:
        found = parse(text)  # type: ignore[operator]
    except InvalidIdentityNumber as exc:
        return ("refused", str(exc.args[0]))
    return found


def _same(text: str) -> None:
    fast = _answer(identity._parse_swedish_12, text)
    if fast is None:  # another form: the general path takes it
        return
    assert fast == _answer(identity._parse_swedish_general, text), text


digits = st.text(alphabet="0123456789", min_size=12, max_size=12)


@settings(max_examples=3000, deadline=None)
@given(digits, st.sampled_from(["", "-", "+"]))
@example("199005171237", "")
@example("199005171238", "")  # wrong check digit
@example("199005771234", "")  # a coordination number (day + 60)
@example("000001010000", "")  # year 0
@example("199002300000", "")  # 30 February
def test_random_numbers_get_the_general_paths_answer(number: str, separator: str) -> None:
    _same(number[:8] + separator + number[8:])


@settings(max_examples=2000, deadline=None)
@given(
    st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2030, 12, 31)),
    st.integers(min_value=0, max_value=999),
    st.booleans(),
    st.sampled_from(["", "-", "+"]),
)
def test_valid_numbers_get_the_general_paths_answer(
    birth: datetime.date, serial: int, coordination: bool, separator: str
) -> None:
    number = identity.swedish_number(birth, serial, coordination=coordination)
    text = number[:8] + separator + number[8:]
    _same(text)
    parsed = identity.parse_identity_number(text, "SE")
    assert (parsed.number, parsed.birth_date) == (number, birth)


def test_other_forms_are_left_to_the_general_path() -> None:
    for text in ("9005171237", "900517-1237", "1990 05 17-1237", "١٩٩٠٠٥١٧١٢٣٧".ljust(12, "0")):
        assert identity._parse_swedish_12(text) is None
