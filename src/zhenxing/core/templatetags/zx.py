"""The site's template filters. Numbers go through core.numbers: one way to read a rate, an area, an amount
everywhere, with the exact value on hover (title); times are shown in local time (Asia/Shanghai)."""

from datetime import date, datetime

from django import template
from django.utils import timezone
from django.utils.html import format_html

from zhenxing.core import numbers

register = template.Library()


def local_text(value: datetime) -> str:
    """A moment as a list shows it: in local time, to the minute."""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.strftime("%Y-%m-%d %H:%M")


def _html(shown: numbers.Shown, *, with_unit: bool = True):
    """The number, its exact value on hover, its unit (and the same figure in another unit) after it."""
    number = format_html('<span class="fig" title="{}">{}</span>', shown.exact, shown.text) if shown.exact \
        else format_html("{}", shown.text)
    if not with_unit:
        return number
    unit = format_html(" {}", shown.unit) if shown.unit else ""
    aside = format_html('<span class="aside">（{}）</span>', shown.aside) if shown.aside else ""
    return format_html("{}{}{}", number, unit, aside)


@register.filter
def cell(value, kind=None):
    """A register cell: ISO dates (what staff type in Excel), local times, 是/否, blanks for None, and a
    number as its column's kind reads (the column's header names the unit)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime):
        return local_text(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(kind, numbers.Kind) and value != "":
        return _html(kind.show(value), with_unit=False)
    return value


@register.filter
def figure(value, of):
    """A figure with its unit as an indicator (or a core.numbers.Kind) reads it: 28,849.21 亩（1,923.28
    公顷）, 9,800 万元, 12%, 142,485 户."""
    if value is None:
        return ""
    if hasattr(of, "shown"):
        return _html(of.shown(value))
    return _html((of if isinstance(of, numbers.Kind) else numbers.NUMBER).show(value))


@register.filter
def num(value):
    """142485 → 142,485; a decimal to two places, its exact value on hover when rounded."""
    if value is None or isinstance(value, bool):
        return "" if value is None else value
    text = numbers.grouped(value)
    exact = numbers.as_decimal(value)
    rounded = exact is not None and numbers.as_decimal(text.replace(",", "")) != exact
    return _html(numbers.Shown(text, exact=str(value) if rounded else ""))


@register.filter
def pct(value):
    """A ratio as a percentage: 0.12 → 12%, the ratio on hover."""
    return "" if value is None else _html(numbers.PERCENT.show(value))


@register.filter
def mu(value):
    """An area in m² read in 亩 (公顷 beside a large one), the m² on hover."""
    return "" if value is None else _html(numbers.AREA.show(value))


@register.filter
def wanyuan(value):
    """An amount of 元 read in 万元 (98000000 → 9,800 万元), the 元 on hover."""
    return "" if value is None else _html(numbers.MONEY.show(value, "万元"))


@register.filter
def yuan(value):
    """An amount of 元 with separators and cents: 12,345.00 元."""
    return "" if value is None else _html(numbers.YUAN.show(value))


@register.filter
def get_item(mapping, key):
    """mapping[key] in a template (labels of states and the like), '' when absent."""
    return mapping.get(key, "") if hasattr(mapping, "get") else ""


@register.filter
def thousands(value):
    """142485 → 142,485: how a county clerk reads a count."""
    return f"{value:,}" if isinstance(value, int) and not isinstance(value, bool) else value
