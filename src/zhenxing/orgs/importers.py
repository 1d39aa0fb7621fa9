"""Import of org units (组织单元) from Excel/CSV, and the scope rule shared by every import.

An import runs inside one subtree (its scope path) where the actor holds access.IMPORT. A row may
only reference units inside that subtree; a reference outside it is reported exactly like a
missing one, so that an import never reveals what exists elsewhere.
"""

from collections import Counter

from django.http import Http404

from zhenxing.core import imports
from zhenxing.core.imports import CellError, ImportColumn, ImportErrors, ImportSpec, ParsedRow
from zhenxing.orgs import access, codes
from zhenxing.orgs.models import OrgUnit

CHUNK = 900  # rows per `__in` lookup; below SQLite's bound-parameter limit on old builds


def check_scope(actor, scope_path: str) -> None:
    """The actor may import into `scope_path` (a superuser anywhere); otherwise 404, like a missing unit."""
    if getattr(actor.user, "is_superuser", False):
        return
    if not scope_path:
        raise Http404
    access.require(actor, access.IMPORT, scope_path)


def chunks(items: list, size: int = CHUNK):
    for i in range(0, len(items), size):
        yield items[i:i + size]


def leading_code(text: str) -> str:
    """A code cell may hold "code" or the drop-down's "code name"; the code is the first word."""
    return text.split()[0].upper()


def parse_org_code(text: str) -> str:
    code = text.strip().upper()
    try:
        codes.level_of(code)
    except codes.CodeError as exc:
        raise CellError(str(exc)) from exc
    return code


def unit_label(code: str) -> str:
    return codes.LEVEL_LABELS[codes.level_of(code)]


class OrgUnitImport(ImportSpec):
    kind = "org_units"
    title = "组织单元"
    columns = (
        ImportColumn("code", "代码", parse=parse_org_code, max_length=16,
                     note="12位统计用区划代码；村民小组、网格为村代码加 Z（小组）或 G（网格）和3位序号",
                     example="210113001201 或 210113001201Z001"),
        ImportColumn("name", "名称", max_length=100, example="马刚村"),
        ImportColumn("development_village", "具备发展条件村", required=False, choices=imports.YES_NO,
                     parse=imports.parse_yes_no, note="仅村/社区填写；不填视为“否”", example="是"),
    )

    def prepare(self, *, actor, scope_path: str) -> dict:
        check_scope(actor, scope_path)
        return {"actor": actor, "scope_path": scope_path}

    def check_row(self, row: ParsedRow, ctx: dict, errors: ImportErrors) -> None:
        v = row.values
        if v.get("development_village") and row.has("code") and codes.level_of(v["code"]) != "village":
            errors.add(row.number, self.header("development_village"), "只有村/社区可以标记为具备发展条件村")

    def check_file(self, rows: list[ParsedRow], ctx: dict, errors: ImportErrors) -> None:
        scope_path, actor = ctx["scope_path"], ctx["actor"]
        header = self.header("code")
        first_row: dict[str, int] = {}
        candidates = []  # rows whose parent lies inside the scope
        for row in rows:
            if not row.has("code"):
                continue
            code = row.values["code"]
            if code in first_row:
                errors.add(row.number, header, f"代码“{code}”与第{first_row[code]}行重复")
                continue
            first_row[code] = row.number
            parent = codes.parent_code(code)
            if parent is None:
                if not actor.user.is_superuser:
                    errors.add(row.number, header, "省级单位只能由系统管理员建立")
                    continue
            elif not codes.path_for(parent).startswith(scope_path):
                errors.add(row.number, header, f"上级单位“{parent}”不存在或不在您的管辖范围内")
                continue
            candidates.append(row)
        wanted = sorted({r.values["code"] for r in candidates}
                        | {codes.parent_code(r.values["code"]) for r in candidates} - {None})
        existing = set()
        for part in chunks(wanted):
            existing.update(OrgUnit.objects.filter(code__in=part, path__startswith=scope_path)
                            .values_list("code", flat=True))
        for row in candidates:
            code = row.values["code"]
            parent = codes.parent_code(code)
            if code in existing:
                errors.add(row.number, header, f"代码“{code}”已存在")
            elif parent and parent not in existing and parent not in first_row:
                errors.add(row.number, header, f"上级单位“{parent}”不存在或不在您的管辖范围内")

    def write(self, rows: list[ParsedRow], ctx: dict, *, actor) -> int:
        check_scope(actor, ctx["scope_path"])
        # Parents first: each level is created before the one below it looks up its parents' ids.
        by_level: dict[str, list[ParsedRow]] = {}
        for row in rows:
            by_level.setdefault(codes.level_of(row.values["code"]), []).append(row)
        written = 0
        for level in codes.LEVELS:
            level_rows = sorted(by_level.get(level, []), key=lambda r: r.values["code"])
            if not level_rows:
                continue
            parent_codes = sorted({codes.parent_code(r.values["code"]) for r in level_rows} - {None})
            parent_ids = {}
            for part in chunks(parent_codes):
                parent_ids.update(OrgUnit.objects.filter(code__in=part).values_list("code", "id"))
            for part in chunks(level_rows, 1000):
                units = [
                    OrgUnit(
                        code=r.values["code"], name=r.values["name"], level=level,
                        parent_id=parent_ids.get(codes.parent_code(r.values["code"])),
                        path=codes.path_for(r.values["code"]),
                        development_village=bool(r.values.get("development_village")),
                    )
                    for r in part
                ]
                OrgUnit.objects.bulk_create(units)
                written += len(units)
        return written

    def audit_changes(self, rows: list[ParsedRow], ctx: dict) -> dict:
        counts = Counter(unit_label(r.values["code"]) for r in rows)
        return {"levels": dict(counts)}


imports.register(OrgUnitImport())
