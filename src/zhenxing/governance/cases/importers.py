"""Import of a 12345 hotline export: each work order becomes a case in 已上报 at its village, with the
order's number kept so that the same export read twice adds nothing twice."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from zhenxing.core import imports, personal, workflow
from zhenxing.core.imports import CellError, ImportColumn, ImportErrors, ImportSpec, ParsedRow
from zhenxing.core.numbering import save_with_code
from zhenxing.governance.cases.models import Case, DispatchCategory
from zhenxing.governance.cases.services import ancestors
from zhenxing.governance.cases.workflows import CASE
from zhenxing.orgs.importers import check_scope, chunks, leading_code
from zhenxing.orgs.models import OrgUnit


def _parse_time(text: str) -> datetime:
    for pattern in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d", "%Y/%m/%d %H:%M", "%Y/%m/%d"):
        try:
            moment = timezone.make_aware(datetime.strptime(text.strip(), pattern))
        except ValueError:
            continue
        if moment > timezone.now():
            raise CellError("受理时间不能晚于现在")
        return moment
    raise CellError(f"受理时间“{text}”应为 YYYY-MM-DD HH:MM")


class HotlineImport(ImportSpec):
    kind = "hotline_cases"
    title = "12345工单"
    columns = (
        ImportColumn("number", "工单编号", max_length=40, note="12345 平台的工单编号；已导入的跳过不得重复",
                     example="SY2024050600123"),
        ImportColumn("received_at", "受理时间", parse=_parse_time, note="YYYY-MM-DD HH:MM",
                     example="2024-05-06 09:30"),
        ImportColumn("reporter", "诉求人", required=False, max_length=50, example="张先生"),
        ImportColumn("phone", "联系电话", required=False, max_length=20, example="13800000000"),
        ImportColumn("place", "发生地代码", parse=leading_code, max_length=120,
                     note="村/社区或网格代码", example="210113001201"),
        ImportColumn("address", "地址", required=False, max_length=200, example="马刚村三组"),
        ImportColumn("category", "事项类别", required=False, max_length=100,
                     note="派单目录中的事项名称；不填由街道派单时确定", example="道路积水"),
        ImportColumn("description", "诉求内容", example="村口道路积水，出行不便"),
    )

    def prepare(self, *, actor, scope_path: str) -> dict:
        check_scope(actor, scope_path)
        return {"actor": actor, "scope_path": scope_path}

    def check_file(self, rows: list[ParsedRow], ctx: dict, errors: ImportErrors) -> None:
        scope = ctx["scope_path"]
        codes = sorted({r.values["place"] for r in rows if r.has("place")})
        units = {}
        for part in chunks(codes):
            units.update({u.code: u for u in OrgUnit.objects.filter(code__in=part, path__startswith=scope)
                          .select_related("parent")})
        # The catalogue is per county (plus the shared entries): a name is looked up in the order's county.
        categories = {(county, name): pk for county, name, pk in
                      DispatchCategory.objects.filter(active=True).values_list("county", "name", "pk")}
        counties = dict(OrgUnit.objects.filter(level="county").values_list("path", "pk"))
        first: dict[str, int] = {}
        for row in rows:
            v = row.values
            if row.has("place"):
                unit = units.get(v["place"])
                village = unit if unit and unit.level == "village" else (
                    unit.parent if unit and unit.level == "grid" else None)
                if village is None:
                    errors.add(row.number, self.header("place"),
                               f"“{v['place']}”不是您管辖范围内的村/社区或网格代码")
                else:
                    v["_unit"], v["_village"] = unit, village
            if row.has("category"):
                above = ancestors(v["_village"].path) if "_village" in v else []
                county = next((counties[p] for p in above if p in counties), None)
                found = categories.get((county, v["category"])) or categories.get((None, v["category"]))
                if found is None:
                    errors.add(row.number, self.header("category"), f"派单目录中没有事项“{v['category']}”")
                else:
                    v["_category"] = found
            if row.has("number"):
                if v["number"] in first:
                    errors.add(row.number, self.header("number"),
                               f"工单编号“{v['number']}”与第{first[v['number']]}行重复")
                else:
                    first[v["number"]] = row.number
        for part in chunks(sorted(first)):
            known = Case.objects.filter(hotline_number__in=part).values_list("hotline_number", flat=True)
            for number in known:
                errors.add(first[number], self.header("number"), f"工单编号“{number}”已导入")

    @transaction.atomic
    def write(self, rows: list[ParsedRow], ctx: dict, *, actor) -> int:
        check_scope(actor, ctx["scope_path"])
        for row in rows:
            v = row.values
            case = Case(source="hotline", hotline_number=v["number"], reporter_name=v.get("reporter") or "",
                        category_id=v.get("_category"),
                        description=v["description"], village=v["_village"], path=v["_unit"].path,
                        location=v.get("address") or "", created_by=actor.user, created_at=v["received_at"])
            personal.store(case, "reporter_phone", v.get("phone") or "")
            # The village's time to handle or whistle runs from now, when it first sees the order.
            workflow.start(workflow=CASE, record=case, deadline=CASE.transition("whistle"))
            save_with_code(case, "AJ", timezone.localtime(v["received_at"]).year)
        return len(rows)

    def audit_changes(self, rows: list[ParsedRow], ctx: dict) -> dict:
        return {"orders": len(rows), "villages": len({r.values["_village"].code for r in rows})}


imports.register(HotlineImport())
