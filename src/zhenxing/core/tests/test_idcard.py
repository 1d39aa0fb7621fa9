from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zhenxing.core.idcard import IdNumberError, check_char, make_id_number, parse_id_number

VALID = "11010519491231002X"  # the standard's own example


def test_standard_example_is_valid():
    parsed = parse_id_number(VALID)
    assert parsed.birth_date == date(1949, 12, 31)
    assert parsed.gender == "F"
    assert parsed.region == "110105"


def test_lowercase_x_is_accepted():
    assert parse_id_number(VALID.lower()).value == VALID


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("110105194912310021", "校验位错误"),
        ("11010519491231002", "应为18位"),
        ("1101051949123100AX", "前17位应为数字"),
        ("990105194912310029", "地区码"),
        ("110105194902300021", "出生日期"),
    ],
)
def test_invalid_numbers_say_what_is_wrong(value, message):
    with pytest.raises(IdNumberError, match=message):
        parse_id_number(value)


def test_birth_date_in_the_future_is_rejected():
    first17 = "21011320300101001"
    with pytest.raises(IdNumberError, match="不合理"):
        parse_id_number(first17 + check_char(first17), today=date(2024, 1, 1))


@given(
    birth=st.dates(min_value=date(1920, 1, 1), max_value=date(2023, 12, 31)),
    sequence=st.integers(min_value=0, max_value=499),
    gender=st.sampled_from(["M", "F"]),
)
def test_made_numbers_parse_back(birth, sequence, gender):
    parsed = parse_id_number(make_id_number("210113", birth, sequence, gender))
    assert (parsed.birth_date, parsed.gender, parsed.region) == (birth, gender, "210113")


@given(st.integers(min_value=0, max_value=16), st.integers(min_value=1, max_value=9))
def test_any_single_digit_change_is_caught(position, delta):
    number = make_id_number("210113", date(1980, 6, 15), 42, "M")
    digit = (int(number[position]) + delta) % 10
    changed = number[:position] + str(digit) + number[position + 1 :]
    with pytest.raises(IdNumberError):
        parse_id_number(changed)
