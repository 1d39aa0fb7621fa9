"""Values the use-rights modules (流转, 有偿使用, 退出) check alike: amounts of yuan, dates, and the
identifiers of a contract's party (a resident ID number, or a 统一社会信用代码 checked by GB 32100)."""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError

from zhenxing.core.idcard import IdNumberError, parse_id_number

CENTS = Decimal("0.01")
# GB 32100-2015 统一社会信用代码: 31 characters (no I, O, Z, S, V) and a weighted check character.
CREDIT_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
# GB 11714 组织机构代码 (characters 9–17 of the credit code) has its own check character.
ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def credit_check_char(first17: str) -> str:
    total = sum(CREDIT_CHARS.index(c) * w for c, w in zip(first17, CREDIT_WEIGHTS, strict=True))
    return CREDIT_CHARS[(31 - total % 31) % 31]


def org_check_char(first8: str) -> str:
    total = sum(CREDIT_CHARS.index(c) * w for c, w in zip(first8, ORG_WEIGHTS, strict=True))
    value = 11 - total % 11
    return {10: "X", 11: "0"}.get(value, str(value))


def check_credit_code(raw: str) -> str:
    """A unified social credit code, upper-cased; ValueError says in Chinese what is wrong."""
    value = (raw or "").strip().upper()
    if len(value) != 18:
        raise ValueError(f"统一社会信用代码应为18位，实际为{len(value)}位")
    bad = sorted({c for c in value if c not in CREDIT_CHARS})
    if bad:
        raise ValueError(f"统一社会信用代码含有不允许的字符“{''.join(bad)}”（不用I、O、Z、S、V）")
    if not value[2:8].isdigit():
        raise ValueError("统一社会信用代码第3-8位应为行政区划代码（6位数字）")
    if org_check_char(value[8:16]) != value[16]:
        raise ValueError("统一社会信用代码中的组织机构代码校验位错误")
    if credit_check_char(value[:17]) != value[17]:
        raise ValueError("统一社会信用代码校验位错误")
    return value


def make_credit_code(region: str, sequence: int) -> str:
    """A valid code for a synthetic enterprise (demo and tests): 法人 registered with 市场监管 (91)."""
    org = f"{sequence % 10**8:08d}"
    first17 = f"91{region}{org}{org_check_char(org)}"
    return first17 + credit_check_char(first17)


def check_party_id(kind: str, raw: str) -> str:
    """The transferee's identifier: a resident ID number for a person, a credit code for an enterprise."""
    try:
        if kind == "person":
            return parse_id_number(raw).value
        return check_credit_code(raw)
    except (IdNumberError, ValueError) as exc:
        raise ValidationError({"transferee_id": f"证件号码：{exc}"}) from exc


def money(value, field: str, label: str, *, positive: bool = False) -> Decimal:
    """A non-negative amount of yuan in cents, or a ValidationError naming the field."""
    try:
        amount = Decimal(str(value).strip()) if value not in (None, "") else None
    except InvalidOperation:
        amount = None
    if amount is None or not amount.is_finite():
        raise ValidationError({field: f"{label}应为金额（元），如 1200.00"})
    if amount < 0 or (positive and amount == 0):
        raise ValidationError({field: f"{label}应{'大于' if positive else '不小于'}0"})
    if amount != amount.quantize(CENTS):
        raise ValidationError({field: f"{label}最多保留两位小数（分）"})
    if amount >= Decimal("1e12"):
        raise ValidationError({field: f"{label}过大"})
    return amount.quantize(CENTS)


def require_date(value, field: str, label: str) -> date:
    if not isinstance(value, date):
        raise ValidationError({field: f"{label}：请填写日期（如 2024-05-01）"})
    return value


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)
