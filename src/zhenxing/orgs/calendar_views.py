from datetime import date, timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils import timezone

from zhenxing.core import audit, workdays
from zhenxing.core.feedback import flash_errors
from zhenxing.core.models import Holiday
from zhenxing.orgs import access


@transaction.atomic
def enter_holiday(*, actor, day: date, name: str, is_workday: bool) -> Holiday:
    access.require(actor, access.MANAGE_CALENDAR)
    if workdays.is_official(day.year):
        raise ValidationError({"date": f"{day.year} 年使用国务院公布的节假日安排，无需手工录入"})
    if not name.strip():
        raise ValidationError({"name": "请填写名称"})
    holiday, _ = Holiday.objects.update_or_create(
        date=day, defaults={"name": name.strip(), "is_workday": is_workday}
    )
    audit.record(
        actor=actor.user,
        action="calendar.enter",
        obj=holiday,
        changes={"date": day, "name": name, "is_workday": is_workday},
    )
    return holiday


def calendar(request):
    # The system administrator keeps the calendar without seeing the dashboard's business figures.
    if not request.actor.can(access.MANAGE_CALENDAR):
        access.require(request.actor, access.VIEW_DASHBOARD)
    try:
        year = int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    if request.method == "POST":
        try:
            day = date.fromisoformat(request.POST.get("date", ""))
            enter_holiday(
                actor=request.actor,
                day=day,
                name=request.POST.get("name", ""),
                is_workday=request.POST.get("is_workday") == "1",
            )
            messages.success(request, f"已录入 {day:%Y-%m-%d}。")
            year = day.year
        except ValueError:
            messages.error(request, "日期格式应为 YYYY-MM-DD")
        except ValidationError as exc:
            flash_errors(request, exc)
        return redirect(f"{request.path}?year={year}")
    official = workdays.is_official(year)
    start = date(year, 1, 1)
    days = [start + timedelta(days=i) for i in range((date(year + 1, 1, 1) - start).days)]
    off_weekdays = [d for d in days if d.weekday() < 5 and not workdays.is_workday(d)]
    on_weekends = [d for d in days if d.weekday() >= 5 and workdays.is_workday(d)]
    return render(
        request,
        "orgs/calendar.html",
        {
            "year": year,
            "official": official,
            "years": workdays.official_years(),
            "holidays": off_weekdays,
            "workdays_on_weekend": on_weekends,
            "entered": Holiday.objects.filter(date__year=year).order_by("date"),
            "total_workdays": sum(1 for d in days if workdays.is_workday(d)),
            "can_manage": request.actor.can(access.MANAGE_CALENDAR),
        },
    )
