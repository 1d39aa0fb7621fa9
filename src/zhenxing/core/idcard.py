"""Resident identity numbers, GB 11643-1999: 6-digit region, 8-digit birth date, 3-digit sequence
(odd for men), and an ISO 7064 MOD 11-2 check character."""

from dataclasses import dataclass
from datetime import date

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"
# First two digits of province-level divisions (GB/T 2260).
PROVINCES = {
    "11",
    "12",
    "13",
    "14",
    "15",
    "21",
    "22",
    "23",
    "31",
    "32",
    "33",
    "34",
    "35",
    "36",
    "37",
    "41",
    "42",
    "43",
    "44",
    "45",
    "46",
    "50",
    "51",
    "52",
    "53",
    "54",
    "61",
    "62",
    "63",
    "64",
    "65",
    "71",
    "81",
    "82",
}


class IdNumberError(ValueError):
    pass


@dataclass(frozen=True)
class IdNumber:
    value: str
    region: str
    birth_date: date
    gender: str  # "M" or "F"


def check_char(first17: str) -> str:
    return CHECK_CHARS[sum(int(c) * w for c, w in zip(first17, WEIGHTS, strict=True)) % 11]


def parse_id_number(raw: str, today: date | None = None) -> IdNumber:
    """Validate and decode; the error message says in Chinese what is wrong."""
    value = (raw or "").strip().upper()
    if len(value) != 18:
        raise IdNumberError(f"身份证号应为18位，实际为{len(value)}位")
    if not value[:17].isdigit() or not (value[17].isdigit() or value[17] == "X"):
        raise IdNumberError("身份证号前17位应为数字，末位为数字或X")
    if value[:2] not in PROVINCES:
        raise IdNumberError(f"身份证号地区码“{value[:6]}”不存在")
    try:
        birth = date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError as exc:
        raise IdNumberError(f"身份证号中的出生日期“{value[6:14]}”无效") from exc
    today = today or date.today()
    if birth > today or birth.year < 1900:
        raise IdNumberError(f"身份证号中的出生日期“{value[6:14]}”不合理")
    if check_char(value[:17]) != value[17]:
        raise IdNumberError("身份证号校验位错误")
    return IdNumber(value, value[:6], birth, "M" if int(value[16]) % 2 else "F")


def make_id_number(region: str, birth: date, sequence: int, gender: str) -> str:
    """Build a valid number (for synthetic demo people); `sequence` 0-99 is widened by gender parity."""
    seq = sequence % 100 * 10 + (1 if gender == "M" else 0) + (sequence // 100 % 5) * 2
    first17 = f"{region}{birth:%Y%m%d}{seq:03d}"
    return first17 + check_char(first17)
