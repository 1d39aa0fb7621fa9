"""How a number reads to the people who use it: 142,485 with separators, 12% for a rate, the areas of a
county, street or village in 亩 (with 公顷 beside a large one), its money in 万元, each with the exact
value for the hover; exports and the API keep the exact number.

A `Kind` says what a number is. A register's column (`core.indicators.Column.kind`) and an indicator
(`Indicator.kind`) declare one; the pages render through the `zx` template filters, the Excel export takes
the kind's number format, and the API reads `Kind.json` for the value's JSON type.

Records keep the units they are registered in (a parcel's m², a bill's 元); the figures that add many
records up (a county's area, a street's investment) read in the units officials report them in.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

SQM_PER_MU = Decimal(2000) / Decimal(3)  # 1 亩 = 666.67 m²
SQM_PER_HECTARE = Decimal(10000)
YUAN_PER_WAN = Decimal(10000)
# From 1,000 公顷 an area is also given in 公顷, as the land statistics give large areas.
HECTARES_BESIDE_MU = Decimal(15000)


def as_decimal(value) -> Decimal | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def grouped(value, places: int = 2, *, fixed: bool = False) -> str:
    """19232809.55 → "19,232,809.55"; a whole number has no decimals ("142,485", "9,800") unless `fixed`,
    others `places` of them, rounded half up as on paper."""
    number = as_decimal(value)
    if number is None:
        return "" if value is None else str(value)
    rounded = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    if not fixed and rounded == rounded.to_integral_value():
        return f"{rounded:,.0f}"
    return f"{rounded:,.{places}f}"


@dataclass(frozen=True)
class Shown:
    """A number as a page shows it."""

    text: str  # "28,849.21"
    unit: str = ""  # "亩"; empty when the text holds it ("12%") or a header names it
    exact: str = ""  # the exact value with its unit, for the hover: "19,232,809.55 平方米"
    aside: str = ""  # the same figure in another unit, beside a large one: "1,923.28 公顷"


@dataclass(frozen=True)
class Kind:
    name: str
    json: type  # the value's JSON type (int, Decimal …): the API's schema
    excel_format: str | Callable  # its export cells' number format, or value -> one ("" for Excel's own)
    show: Callable[..., Shown]  # (value, unit="") -> Shown; `unit` fixes the unit for a whole column
    unit_for: Callable[[Iterable], str] = lambda values: ""  # the unit a set of values reads best in


def _count(value, unit: str = "") -> Shown:
    return Shown(grouped(value))


def _percent(value, unit: str = "") -> Shown:
    """A ratio (0.12) as a percentage ("12%"), to one decimal when it has one."""
    number = as_decimal(value)
    if number is None:
        return Shown("")
    return Shown(grouped(number * 100, 1) + "%", exact=str(value))


def _square_metres(value, unit: str = "") -> Shown:
    """A record's area stays in m², as registered (its list has a column in 亩 where that is wanted)."""
    number = as_decimal(value)
    return Shown(grouped(number, 2, fixed=True), "m²") if number is not None else Shown("")


def _yuan(value, unit: str = "") -> Shown:
    number = as_decimal(value)
    return Shown(grouped(number, 2, fixed=True), "元") if number is not None else Shown("")


def _area(value, unit: str = "") -> Shown:
    """An area added up over a unit: in 亩, with 公顷 beside from 1,000 公顷; the hover gives the m²."""
    number = as_decimal(value)
    if number is None:
        return Shown("")
    mu = number / SQM_PER_MU
    aside = f"{grouped(number / SQM_PER_HECTARE, 2)} 公顷" if abs(mu) >= HECTARES_BESIDE_MU else ""
    return Shown(grouped(mu, 2), "亩", f"{grouped(number, 2, fixed=True)} 平方米", aside)


def _money_unit(values: Iterable) -> str:
    numbers = [abs(n) for n in map(as_decimal, values) if n is not None]
    return "万元" if numbers and max(numbers) >= YUAN_PER_WAN else "元"


def _money(value, unit: str = "") -> Shown:
    """Money added up over a unit: in 万元 from 10,000 元 (a column of them all in the unit of its
    largest), the hover gives the 元."""
    number = as_decimal(value)
    if number is None:
        return Shown("")
    unit = unit or _money_unit([number])
    exact = f"{grouped(number, 2, fixed=True)} 元"
    if unit == "万元":
        return Shown(grouped(number / YUAN_PER_WAN, 2), "万元", exact)
    return Shown(grouped(number, 2), "元", exact)


def _whole_or_cents(value) -> str:
    number = as_decimal(value)
    return "#,##0" if number is None or number == number.to_integral_value() else "#,##0.00"


COUNT = Kind("count", int, "#,##0", _count)  # people, households, cases: 142,485
NUMBER = Kind("number", Decimal, _whole_or_cents, _count)  # a figure's default: 25,296 or 12.50 (hours)
PERCENT = Kind("percent", Decimal, "0%", _percent)  # a ratio 0.12 read as 12% (ratios have two places)
SQUARE_METRES = Kind("m2", Decimal, "#,##0.00", _square_metres)  # one record's area
YUAN = Kind("yuan", Decimal, "#,##0.00", _yuan)  # one record's money
AREA = Kind("area", Decimal, "#,##0.00", _area, lambda values: "亩")  # a unit's area: 亩
MONEY = Kind("money", Decimal, "#,##0.00", _money, _money_unit)  # a unit's money: 万元


def json_type(kind) -> type:
    """A column's JSON type: its kind's, or the kind itself when a column declares a bare type."""
    return kind.json if isinstance(kind, Kind) else kind


def excel_format(kind, value) -> str:
    """The number format of one export cell of this kind ("" for Excel's own)."""
    if not isinstance(kind, Kind):
        return ""
    return kind.excel_format(value) if callable(kind.excel_format) else kind.excel_format
