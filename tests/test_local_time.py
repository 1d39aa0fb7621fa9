"""Every list shows local time (Asia/Shanghai): each column of every register (orgs.registers.Register,
found by reading every module's `registers`) and of every indicator's drill-down, on the page, in the Excel
export and over the API.

The demo district is built (every module has records), then every stored moment is set to one instant,
01:07 Beijing time, which is 17:07 the day before in UTC. No cell may then read 17:07 or have turned into
the UTC date, and the case register (where times showed 8 hours behind the case page) must read 01:07.
A column that formats a time itself without converting it fails here; a column that returns the time
itself is converted by the page's filter, the export and the API."""

import importlib
import io
import pkgutil
from datetime import UTC, datetime, time, timedelta

import openpyxl
import pytest
from django.apps import apps
from django.db import DatabaseError, models, transaction
from django.utils import timezone

import zhenxing
from zhenxing.core import excel
from zhenxing.core.indicators import registry
from zhenxing.core.templatetags.zx import cell
from zhenxing.demo import generate
from zhenxing.orgs.access import ROLES, Actor, Grant
from zhenxing.orgs.models import OrgUnit
from zhenxing.orgs.register_api import json_value
from zhenxing.orgs.registers import Register
from zhenxing.stats.schemas import cell as api_cell
from zhenxing.testing import factories

pytestmark = pytest.mark.django_db

LOCAL_DAY = timezone.localdate()
INSTANT = timezone.make_aware(datetime.combine(LOCAL_DAY, time(1, 7)))  # 01:07 in the village
UTC_INSTANT = INSTANT.astimezone(UTC)  # 17:07 the day before
UTC_CLOCK, UTC_DAY = f"{UTC_INSTANT:%H:%M}", f"{UTC_INSTANT:%Y-%m-%d}"
LOCAL_TEXT = f"{INSTANT:%Y-%m-%d %H:%M}"
ROWS = 25  # per list


def registers() -> list[Register]:
    found = {}
    for module in pkgutil.walk_packages(zhenxing.__path__, "zhenxing."):
        if module.name.endswith(".registers"):
            for value in vars(importlib.import_module(module.name)).values():
                if isinstance(value, Register):
                    found[id(value)] = value
    return sorted(found.values(), key=lambda r: r.name)


def everyone(county: OrgUnit) -> Actor:
    """One actor holding every role over the whole district, so that every register shows its rows."""
    user = factories.user("district_admin", county, username="local-time-probe")
    return Actor(user, [Grant(role, county.path, capabilities) for role, (_, capabilities) in ROLES.items()])


def set_every_moment(instant) -> None:
    """Every stored date-time of the project's tables set to `instant` (one field at a time, in a savepoint:
    an append-only table refuses and keeps its own)."""
    for model in apps.get_models():
        if not model.__module__.startswith("zhenxing."):
            continue
        for f in model._meta.concrete_fields:
            if isinstance(f, models.DateTimeField):
                try:
                    with transaction.atomic():
                        model._base_manager.update(**{f.name: instant})
                except DatabaseError:
                    pass


def lists(actor, chosen: dict):
    """(list, column, record) for the first rows of every register and every drill-down; the same records
    again once `chosen` holds them (a list in order of time would now choose others)."""
    county = OrgUnit.objects.get(level="county")
    every = [(f"register {r.name}", r.columns, lambda r=r: r.rows(actor=actor, filters=r.filter_class()))
             for r in registers()]
    every += [(f"indicator {i.key}", i.columns, lambda i=i: i.drill(county.path)) for i in registry.all()]
    for name, columns, rows in every:
        records = rows().filter(pk__in=chosen[name]) if name in chosen else rows()[:ROWS]
        chosen.setdefault(name, [r.pk for r in records])
        for record in records:
            for column in columns:
                yield name, column, record


def readings(column, record) -> dict[str, str]:
    """The cell as the page, the Excel export and the API give it, as text."""
    value = column.value(record)
    exported = excel._cell_value(value)
    assert not (isinstance(exported, datetime) and exported.tzinfo), "an export cell holds a local time"
    return {"page": str(cell(value, column.kind)), "export": str(exported),
            "api": str(json_value(column.kind, value) if column.key else api_cell(value))}


def add_publication(actor) -> None:
    """A 公示 with an answered 申诉 and a year's close, which the demo does not make at this size."""
    from zhenxing.people.models import Household
    from zhenxing.points.publish.models import Objection, Publication, YearClose

    household = Household.objects.select_related("village").first()
    village = household.village
    scheme = factories.points_scheme(village.parent.parent, code="LOCALTIME")
    publication = Publication.objects.create(
        scheme=scheme, org_unit=village, unit_key=f"org:{village.code}", unit_name=village.name,
        path=village.path, period="2024", period_label="2024年度", objection_until=timezone.now(),
        published_by=actor.user, rows=[])
    Objection.objects.create(publication=publication, household=household, holder_name="户主", text="有误",
                             path=village.path, filed_by=actor.user, resolved_at=timezone.now())
    YearClose.objects.create(scheme=scheme, county=village.parent.parent, path=village.parent.parent.path,
                             year=2023, title="文明家庭", state="done", finished_at=timezone.now())


@pytest.fixture(scope="module")
def district(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        generate.load_demo(seed=11, scale=0.01)
        actor = everyone(OrgUnit.objects.get(level="county"))
        add_publication(actor)
        chosen = {}
        before = {(name, c.header, r.pk): readings(c, r) for name, c, r in lists(actor, chosen)}
        set_every_moment(INSTANT)
        after = {(name, c.header, r.pk): readings(c, r) for name, c, r in lists(actor, chosen)}
        yield before, after, actor
        transaction.set_rollback(True)


def test_no_list_column_shows_a_time_in_utc(district):
    before, after, _ = district
    in_utc = [(key, where, text) for key, shown in after.items() for where, text in shown.items()
              if UTC_CLOCK in text or (UTC_DAY in text and UTC_DAY not in before[key][where])]
    assert in_utc == []


def test_every_register_had_rows_to_check(district):
    _, after, _ = district
    checked = {name for name, _, _ in after}
    # Neither shows a time (三会一课 by its day, a year's results by rank), and the demo makes none so small.
    unchecked = {"register meetings", "register year-results"}
    assert [r.name for r in registers() if f"register {r.name}" not in checked | unchecked] == []


def test_the_lists_do_show_the_moments_in_local_time(district):
    """The check above looked at times: columns of times exist in many lists and read 01:07."""
    _, after, _ = district
    local = {key[0] for key, shown in after.items() if LOCAL_TEXT in shown["page"]}
    assert {"register cases", "register claims", "register publications", "register objections",
            "register year-closes", "indicator governance.cases"} <= local
    assert len(local) >= 5
    reported = [s for (name, header, _), s in after.items()
                if (name, header) == ("register cases", "上报时间")]
    assert reported and all(s["page"] == LOCAL_TEXT for s in reported)
    assert all(s["export"] == f"{INSTANT.replace(tzinfo=None)}" for s in reported)


def test_the_case_register_page_and_its_export_read_local_time(district, client):
    _, _, actor = district
    client.force_login(actor.user)
    page = client.get("/governance/cases/").content.decode()
    assert LOCAL_TEXT in page and f"{UTC_DAY} {UTC_CLOCK}" not in page
    sheet = openpyxl.load_workbook(io.BytesIO(client.get("/governance/cases/?export=xlsx").content)).active
    headers = [c.value for c in sheet[1]]
    reported = sheet.cell(row=2, column=headers.index("上报时间") + 1)
    assert reported.value == INSTANT.replace(tzinfo=None) and reported.is_date
    assert reported.value - UTC_INSTANT.replace(tzinfo=None) == timedelta(hours=8)

