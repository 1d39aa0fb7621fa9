"""Imports of households (户) and persons (人员) from Excel/CSV.

Households come first (they reference villages, groups and grids already in the tree); persons
reference households already registered. Both check every reference against the import's scope
and report one outside it exactly like a missing one.
"""

import re
from dataclasses import dataclass

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from zhenxing.core import imports, personal
from zhenxing.core.idcard import IdNumberError, parse_id_number
from zhenxing.core.imports import CellError, ImportColumn, ImportErrors, ImportSpec, ParsedRow
from zhenxing.orgs.importers import check_scope, chunks, leading_code
from zhenxing.orgs.models import OrgUnit
from zhenxing.people import choices
from zhenxing.people.models import Household, Person

BATCH = 500
# Grids and groups are listed in the template only while the list stays usable as a drop-down.
MAX_TEMPLATE_UNITS = 5000


def _labels(pairs) -> tuple[str, ...]:
    return tuple(label for _, label in pairs)


def _key_parser(pairs):
    def parse(text: str) -> str:
        return choices.key_for(pairs, text)

    return parse


def _parse_id(text: str):
    try:
        return parse_id_number(text, today=timezone.localdate())
    except IdNumberError as exc:
        raise CellError(str(exc)) from exc


def _parse_birth(text: str):
    value = imports.parse_date(text)
    if value > timezone.localdate():
        raise CellError(f"出生日期“{value:%Y-%m-%d}”晚于今天")
    if value.year < 1900:
        raise CellError(f"出生日期“{value:%Y-%m-%d}”早于1900年")
    return value


def _parse_phone(text: str) -> str:
    digits = re.sub(r"[\s-]", "", text)
    if not re.fullmatch(r"1[3-9]\d{9}", digits):
        raise CellError("联系电话应为11位手机号码")
    return digits


@dataclass(frozen=True)
class _Unit:
    id: int
    code: str
    name: str
    level: str
    parent_id: int | None
    path: str


def _units_by_code(codes_wanted: set[str], scope_path: str) -> dict[str, _Unit]:
    found: dict[str, _Unit] = {}
    for part in chunks(sorted(codes_wanted)):
        for row in (OrgUnit.objects.filter(code__in=part, path__startswith=scope_path)
                    .values_list("id", "code", "name", "level", "parent_id", "path")):
            found[row[1]] = _Unit(*row)
    return found


class HouseholdImport(ImportSpec):
    kind = "households"
    title = "户"
    columns = (
        ImportColumn("number", "户编号", max_length=32, note="全区唯一", example="2101130012010001"),
        ImportColumn("village", "村/社区代码", parse=leading_code, max_length=120,
                     note="12位村/社区代码；可从下拉列表选择", example="210113001201"),
        ImportColumn("group", "村民小组代码", required=False, parse=leading_code, max_length=120,
                     note="须属于该村/社区", example="210113001201Z001"),
        ImportColumn("grid", "网格代码", required=False, parse=leading_code, max_length=120,
                     note="须属于该村/社区", example="210113001201G001"),
        ImportColumn("address", "住址", max_length=200, example="马刚村一组18号"),
        ImportColumn("collective_member", "集体经济组织成员户", choices=imports.YES_NO,
                     parse=imports.parse_yes_no, example="是"),
    )

    def prepare(self, *, actor, scope_path: str) -> dict:
        check_scope(actor, scope_path)
        return {"actor": actor, "scope_path": scope_path}

    def check_file(self, rows: list[ParsedRow], ctx: dict, errors: ImportErrors) -> None:
        scope_path = ctx["scope_path"]
        wanted = {r.values[k] for r in rows for k in ("village", "group", "grid") if r.has(k)}
        units = _units_by_code(wanted, scope_path)
        for row in rows:
            self._check_units(row, units, errors)
        first_row: dict[str, int] = {}
        for row in rows:
            if not row.has("number"):
                continue
            number = row.values["number"]
            if number in first_row:
                errors.add(row.number, self.header("number"),
                           f"户编号“{number}”与第{first_row[number]}行重复")
            else:
                first_row[number] = row.number
        existing = set()
        for part in chunks(sorted(first_row)):
            existing.update(Household.objects.filter(number__in=part).values_list("number", flat=True))
        for number in sorted(existing):
            errors.add(first_row[number], self.header("number"), f"户编号“{number}”已存在")

    def _check_units(self, row: ParsedRow, units: dict[str, _Unit], errors: ImportErrors) -> None:
        v = row.values
        if not row.has("village"):
            return
        village = units.get(v["village"])
        if village is None:
            errors.add(row.number, self.header("village"),
                       f"村/社区“{v['village']}”不存在或不在您的管辖范围内")
            return
        if village.level != "village":
            errors.add(row.number, self.header("village"), f"“{v['village']}”不是村/社区代码")
            return
        v["_village"] = village
        for key, level, label in (("group", "group", "村民小组"), ("grid", "grid", "网格")):
            if not row.has(key):
                continue
            unit = units.get(v[key])
            if unit is None:
                errors.add(row.number, self.header(key), f"{label}“{v[key]}”不存在或不在您的管辖范围内")
            elif unit.level != level:
                errors.add(row.number, self.header(key), f"“{v[key]}”不是{label}代码")
            elif unit.parent_id != village.id:
                errors.add(row.number, self.header(key), f"{label}“{v[key]}”不属于{village.name}")
            else:
                v[f"_{key}"] = unit

    def write(self, rows: list[ParsedRow], ctx: dict, *, actor) -> int:
        check_scope(actor, ctx["scope_path"])
        written = 0
        for part in chunks(rows, BATCH):
            households = []
            for r in part:
                v = r.values
                village, group, grid = v["_village"], v.get("_group"), v.get("_grid")
                households.append(Household(
                    number=v["number"], village_id=village.id, group_id=group.id if group else None,
                    grid_id=grid.id if grid else None, path=(grid or village).path, address=v["address"],
                    collective_member=v["collective_member"],
                ))
            Household.objects.bulk_create(households)
            written += len(households)
        return written

    def template_lists(self, ctx: dict) -> dict[str, list[str]]:
        units = OrgUnit.objects.filter(path__startswith=ctx["scope_path"]).order_by("code")
        villages = units.filter(level="village").values_list("code", "name")
        lists = {"village": [f"{c} {n}" for c, n in villages]}
        for level in ("group", "grid"):
            below = units.filter(level=level)
            if below.count() <= MAX_TEMPLATE_UNITS:
                lists[level] = [f"{c} {n}" for c, n in below.values_list("code", "name")]
        return lists


@dataclass(frozen=True)
class _Home:
    id: int
    number: str
    path: str
    village_id: int
    grid_id: int | None
    head_id: int | None
    collective_member: bool


class PersonImport(ImportSpec):
    kind = "persons"
    title = "人员"
    columns = (
        ImportColumn("household", "户编号", max_length=32, required_message="人员必须属于一个户：户编号为空",
                     note="须为已登记的户（请先导入户）", example="2101130012010001"),
        ImportColumn("name", "姓名", max_length=50, example="张三"),
        ImportColumn("id_number", "身份证号", parse=_parse_id, note="18位，末位可为X",
                     example="210113197005010015"),
        ImportColumn("gender", "性别", choices=_labels(choices.GENDERS), parse=_key_parser(choices.GENDERS),
                     note="须与身份证号一致", example="男"),
        ImportColumn("birth_date", "出生日期", parse=_parse_birth, number_format="yyyy-mm-dd",
                     note="YYYY-MM-DD，须与身份证号一致", example="1970-05-01"),
        ImportColumn("ethnicity", "民族", choices=tuple(choices.ETHNICITIES), example="汉族"),
        ImportColumn("education", "文化程度", choices=_labels(choices.EDUCATION),
                     parse=_key_parser(choices.EDUCATION), example="初中"),
        ImportColumn("political_status", "政治面貌", choices=_labels(choices.POLITICAL_STATUS),
                     parse=_key_parser(choices.POLITICAL_STATUS), example="群众"),
        ImportColumn("relation", "与户主关系", choices=_labels(choices.RELATIONS),
                     parse=_key_parser(choices.RELATIONS), note="每户只能有一位户主", example="户主"),
        ImportColumn("phone", "联系电话", required=False, parse=_parse_phone, max_length=20,
                     note="11位手机号码", example="13800000000"),
    )

    def prepare(self, *, actor, scope_path: str) -> dict:
        check_scope(actor, scope_path)
        return {"actor": actor, "scope_path": scope_path}

    def check_row(self, row: ParsedRow, ctx: dict, errors: ImportErrors) -> None:
        v = row.values
        if row.has("id_number", "gender") and v["id_number"].gender != v["gender"]:
            errors.add(row.number, self.header("gender"), "性别与身份证号第17位不符")
        if row.has("id_number", "birth_date") and v["id_number"].birth_date != v["birth_date"]:
            errors.add(row.number, self.header("birth_date"),
                       f"出生日期与身份证号不符（身份证号中为{v['id_number'].birth_date:%Y-%m-%d}）")

    def check_file(self, rows: list[ParsedRow], ctx: dict, errors: ImportErrors) -> None:
        self._check_households(rows, ctx["scope_path"], errors)
        self._check_id_numbers(rows, errors)
        self._check_heads(rows, errors)

    def _check_households(self, rows, scope_path, errors) -> None:
        numbers = sorted({r.values["household"] for r in rows if r.has("household")})
        homes: dict[str, _Home] = {}
        for part in chunks(numbers):
            for row in (Household.objects.filter(number__in=part, path__startswith=scope_path)
                        .values_list("id", "number", "path", "village_id", "grid_id", "head_id",
                                     "collective_member")):
                homes[row[1]] = _Home(*row)
        for row in rows:
            if not row.has("household"):
                continue
            home = homes.get(row.values["household"])
            if home is None:
                errors.add(row.number, self.header("household"),
                           f"户编号“{row.values['household']}”不存在或不在您的管辖范围内（请先导入户）")
            else:
                row.values["_home"] = home

    def _check_id_numbers(self, rows, errors) -> None:
        header = self.header("id_number")
        first_row: dict[str, int] = {}
        for row in rows:
            if not row.has("id_number"):
                continue
            value = row.values["id_number"].value
            if value in first_row:
                errors.add(row.number, header, f"身份证号与第{first_row[value]}行重复")
            else:
                first_row[value] = row.number
        by_hash = {personal.lookup_hash(value): n for value, n in first_row.items()}
        for part in chunks(sorted(by_hash)):
            found = Person.objects.filter(id_number_hash__in=part).values_list("id_number_hash", flat=True)
            for id_hash in found:
                errors.add(by_hash[id_hash], header, "该身份证号已登记")

    def _check_heads(self, rows, errors) -> None:
        header = self.header("relation")
        head_row: dict[str, int] = {}
        for row in rows:
            home = row.values.get("_home")
            if home is None or row.values.get("relation") != "head":
                continue
            if home.head_id:
                errors.add(row.number, header, f"户“{home.number}”已有户主")
            elif home.number in head_row:
                errors.add(row.number, header, f"户“{home.number}”已有户主（第{head_row[home.number]}行）")
            else:
                head_row[home.number] = row.number

    def write(self, rows: list[ParsedRow], ctx: dict, *, actor) -> int:
        check_scope(actor, ctx["scope_path"])
        written = 0
        heads: set[int] = set()  # households that get their head from this file
        for part in chunks(rows, BATCH):
            people = []
            for r in part:
                v, home = r.values, r.values["_home"]
                # As in people.services.add_person: a person sits where their household sits.
                person = Person(
                    name=v["name"], gender=v["id_number"].gender, birth_date=v["id_number"].birth_date,
                    ethnicity=v["ethnicity"], education=v["education"],
                    political_status=v["political_status"], household_id=home.id, relation=v["relation"],
                    org_unit_id=home.grid_id or home.village_id,
                    village_id=home.village_id, path=home.path, collective_member=home.collective_member,
                )
                person.set_id_number(v["id_number"].value)
                if v.get("phone"):
                    person.set_phone(v["phone"])
                if v["relation"] == "head":
                    heads.add(home.id)
                people.append(person)
            Person.objects.bulk_create(people)
            written += len(people)
        self._set_heads(heads)
        return written

    @staticmethod
    def _set_heads(household_ids: set[int]) -> None:
        # One UPDATE per chunk with a subquery. The households had no head and the file holds at most
        # one head per household (both checked); newest first, in case an older member still carries
        # the relation "head" from a head who was removed.
        head = (Person.objects.filter(household_id=OuterRef("pk"), relation="head")
                .order_by("-id").values("id")[:1])
        for part in chunks(sorted(household_ids)):
            Household.objects.filter(pk__in=part, head__isnull=True).update(head_id=Subquery(head))

    def audit_changes(self, rows: list[ParsedRow], ctx: dict) -> dict:
        return {"households": len({r.values["household"] for r in rows}),
                "heads": sum(1 for r in rows if r.values["relation"] == "head")}


imports.register(HouseholdImport())
imports.register(PersonImport())
