"""{{ step.actor|who }} → 王建国（马刚村·村党组织书记）; {{ bill.recorded_by|who_name }} → 王建国 (where
the unit is plain from the page). No actor shows the default: {{ step.actor|who:"系统（演示数据）" }}."""

from django import template

from zhenxing.orgs import names

register = template.Library()


@register.filter
def who(user, default=names.SYSTEM):
    return names.who(user or None, default)


@register.filter
def who_name(user, default=names.SYSTEM):
    return names.name(user or None, default)
