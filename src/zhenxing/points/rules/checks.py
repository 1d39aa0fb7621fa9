"""What a rule book's items and bases must satisfy (积分细则): a district item's fields, a village item
against the district's item (points in range, a cap no higher, evidence and approvers kept), a period cap,
the roles that may propose or approve, the party member bases. Every message is in Chinese and names its
field; rules.services writes only what passes.
"""

from django.core.exceptions import ValidationError

from zhenxing.orgs import access
from zhenxing.people.choices import PARTY_CLASSES
from zhenxing.points.rules.models import Category, RuleBook, RuleItem

MAX_POINTS = 1000


def clean_bases(raw: dict | None) -> dict:
    known = {"", *(k for k, _ in PARTY_CLASSES)}
    labels = {"": "默认", **dict(PARTY_CLASSES)}
    out = {}
    for key, value in (raw or {}).items():
        if key not in known:
            raise ValidationError({"bases": f"未知的党员分类“{key}”"})
        if value in (None, ""):
            continue
        try:
            number = int(value)
        except (TypeError, ValueError):
            raise ValidationError({"bases": f"{labels[key]}的基础分应为整数"}) from None
        if not 0 <= number <= MAX_POINTS:
            raise ValidationError({"bases": f"{labels[key]}的基础分应在 0–{MAX_POINTS} 之间"})
        out[key] = number
    return out


def clean_roles(value, field: str, label: str, capability: str) -> list[str]:
    roles = list(value or [])
    allowed = [r for r, (_name, caps) in access.ROLES.items() if capability in caps]
    wrong = [r for r in roles if r not in allowed]
    if wrong:
        names = "、".join(access.role_label(r) for r in wrong)
        raise ValidationError({field: f"{label}中的角色无此权限：{names}"})
    if not roles:
        raise ValidationError({field: f"请至少选择一个{label}"})
    return sorted(set(roles), key=allowed.index)


def check_district(book: RuleBook, v: dict, item: RuleItem | None) -> dict:
    errors = {}
    v["code"] = (v.get("code") or "").strip()
    v["name"] = (v.get("name") or "").strip()
    if not v["code"]:
        errors["code"] = "请填写编号"
    elif len(v["code"]) > 16:
        errors["code"] = "编号不超过 16 个字符"
    elif book.items.filter(code=v["code"]).exclude(pk=item.pk if item else None).exists():
        errors["code"] = f"本版细则已有编号为“{v['code']}”的条目"
    if not v["name"]:
        errors["name"] = "请填写事项"
    category = v.get("category")
    if not isinstance(category, Category) or category.scheme_id != book.scheme_id:
        errors["category"] = "请选择本方案的积分类别"
    points, low, high = v.get("points"), v.get("min_points"), v.get("max_points")
    if points is None:
        errors["points"] = "请填写分值"
    elif points == 0 or abs(points) > MAX_POINTS:
        errors["points"] = f"分值不能为 0，绝对值不超过 {MAX_POINTS}（扣分填负数）"
    elif (low is None) != (high is None):
        errors["min_points"] = "村级可调范围须同时填写下限和上限（都不填表示村级不可调整）"
    elif low is not None:
        if not low <= points <= high:
            errors["min_points"] = f"村级可调范围 {low}–{high} 须包含分值 {points}"
        elif (points > 0 and low <= 0) or (points < 0 and high >= 0):
            errors["min_points"] = "村级可调范围不能跨过 0：加分项的下限须大于 0，扣分项的上限须小于 0"
    if v.get("unit") not in dict(RuleItem.UNITS):
        errors["unit"] = "请选择计分单位"
    if v.get("source", "") not in dict(RuleItem.SOURCES):
        errors["source"] = "请选择自动生成来源"
    return errors


def check_cap(v: dict) -> dict:
    cap, period = v.get("cap"), v.get("cap_period") or ""
    if cap is not None and not 0 < cap <= 100 * MAX_POINTS:
        return {"cap": "周期上限应为正整数"}
    if cap is not None and period not in dict(RuleItem.PERIODS):
        return {"cap_period": "填写周期上限时请选择上限周期"}
    if cap is None and period:
        return {"cap": "选择了上限周期，请填写周期上限"}
    return {}


def check_village(v: dict, district: RuleItem) -> dict:
    """A village's item against the district's: points in range, a cap no higher (on the same period),
    evidence kept where the district requires it, approvers among the district's."""
    errors = {}
    label = f"“{district.code} {district.name}”"
    points = v.get("points")
    low, high = district.min_points, district.max_points
    if points is None:
        errors["points"] = f"{label}：请填写分值"
    elif low is None or high is None:
        if points != district.points:
            errors["points"] = f"{label}的分值由区级统一规定为 {district.points}，村级不可调整"
    elif not low <= points <= high:
        errors["points"] = f"{label}的分值应在区级规定的 {low}–{high} 之间，不能为 {points}"
    cap = v.get("cap")
    if district.cap is not None:
        limit = f"{label}的周期上限不得高于区级的{district.get_cap_period_display()} {district.cap} 分"
        if cap is None:
            errors["cap"] = f"{limit}，不能不设上限"
        elif cap > district.cap:
            errors["cap"] = f"{limit}，不能为 {cap}"
        v["cap_period"] = district.cap_period
    elif cap is not None and not 0 < cap:
        errors["cap"] = f"{label}的周期上限应为正整数"
    # A village may ask for more, never for less: evidence the district requires, and its approvers.
    if district.evidence_required and not v.get("evidence_required"):
        errors["evidence_required"] = f"{label}区级要求佐证材料，村级不能取消"
    approvers = v.get("approvers")
    if district.approvers and approvers is not None and not set(approvers) <= set(district.approvers):
        names = "、".join(access.role_label(r) for r in district.approvers)
        errors["approvers"] = f"{label}的审核角色只能从区级规定的{names}中选择"
    return errors


def clamp(points: int, district: RuleItem) -> int:
    if district.min_points is None or district.max_points is None:
        return district.points
    return min(max(points, district.min_points), district.max_points)
