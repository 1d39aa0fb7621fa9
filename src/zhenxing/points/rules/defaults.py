"""The two schemes a district starts with (issue 5 §1): party member points and household 七色积分.

Pure data plus one writer that takes the model classes, so that the service (current models) and the data
migration (historical models) write the same thing. Every figure is a starting point: the district changes
it by making a new version of its rule book, a village within `min_points`..`max_points` and the caps.
Sources: 中央农办 2020 (积分制 items quantified, shops), the article's 党员积分 (base 60, floor 0, classified
management) and "七色积分"; the item wording follows published village 积分细则, the values are ours.
"""

from datetime import date

PARTY_ROLES = ["village_secretary", "village_cadre", "first_secretary"]
HOUSEHOLD_ROLES = ["grid_worker", "village_cadre", "village_secretary"]
APPROVERS = ["village_secretary"]

# (code, name, points, min, max, unit, cap, cap_period, evidence, source)
PARTY = {
    "code": "party", "name": "党员积分", "subject": "member", "floor": 0, "year_end": "reset",
    "spendable": False, "title": "党员积分管理细则",
    # people.choices.PARTY_CLASSES: each class has its own base, "" for anyone unclassified.
    "bases": {"": 60, "in_village": 60, "mobile": 60, "elderly_infirm": 70, "cadre": 60, "pioneer": 60},
    "proposers": PARTY_ROLES, "approvers": APPROVERS,
    "categories": [
        ("study", "政治学习", "#b71c1c", [
            ("P101", "参加集中学习（党员大会、专题学习）", 2, 1, 3, "time", 8, "month", False, ""),
            ("P102", "完成线上学习任务（学习强国等）", 1, 1, 2, "time", 2, "month", False, ""),
        ]),
        ("org_life", "组织生活", "#c62828", [
            ("P201", "三会一课出勤", 2, 1, 3, "time", 12, "month", False, "attendance"),
            ("P202", "参加主题党日活动", 2, 1, 3, "time", 4, "month", False, ""),
            ("P203", "按时足额交纳党费", 1, 1, 2, "time", 1, "month", False, ""),
        ]),
        ("service", "服务群众", "#e65100", [
            ("P301", "志愿服务每小时", 1, 1, 2, "hour", 20, "month", True, "volunteer"),
            ("P302", "党群共富责任区结对帮扶", 3, 2, 5, "time", 12, "quarter", True, ""),
            ("P303", "为村级发展建言献策被采纳", 5, 3, 8, "time", 10, "year", True, ""),
        ]),
        ("urgent", "急难险重", "#ad1457", [
            ("P401", "急难险重任务", 5, 3, 10, "time", 40, "year", True, "mission"),
            ("P402", "防汛、防火等应急值守", 3, 2, 5, "time", 15, "quarter", True, ""),
        ]),
        ("deduct", "扣分事项", "#424242", [
            ("P501", "无故缺席三会一课", -3, -5, -2, "time", None, "", False, ""),
            ("P502", "未按时交纳党费", -2, -3, -1, "time", None, "", False, ""),
            ("P503", "违反村规民约造成不良影响", -10, -20, -5, "time", None, "", True, ""),
            ("P504", "受到党纪处分", -30, None, None, "time", None, "", True, ""),
        ]),
    ],
}

HOUSEHOLD = {
    "code": "household", "name": "七色积分", "subject": "household", "floor": 0, "year_end": "carry",
    "spendable": True, "title": "七色积分管理细则", "bases": {},
    "proposers": HOUSEHOLD_ROLES, "approvers": APPROVERS,
    "categories": [
        ("red", "党建引领", "#d7191c", [
            ("R01", "参加村党组织组织的集体活动", 2, 1, 3, "time", 8, "month", False, ""),
            ("R02", "党员户亮身份、作表率", 3, 2, 5, "time", 3, "month", True, ""),
        ]),
        ("orange", "孝老爱亲", "#f28e1c", [
            ("O01", "孝敬老人、照顾病残家人", 5, 3, 8, "time", 10, "quarter", True, ""),
            ("O02", "获评“好媳妇”“好婆婆”等", 10, 5, 15, "time", 15, "year", True, ""),
        ]),
        ("yellow", "产业致富", "#f2c500", [
            ("Y01", "发展庭院经济、特色种养", 5, 3, 8, "time", 10, "year", True, ""),
            ("Y02", "带动他户增收", 10, 5, 15, "time", 20, "year", True, ""),
            ("Y03", "参加技能培训", 2, 1, 3, "time", 6, "quarter", False, ""),
        ]),
        ("green", "人居环境", "#1a9641", [
            ("G01", "获评“美丽庭院”", 10, 5, 15, "time", 10, "year", True, ""),
            ("G02", "门前三包落实到位", 2, 1, 3, "time", 2, "month", False, ""),
            ("G03", "垃圾分类投放", 1, 1, 2, "time", 4, "month", False, ""),
            ("G04", "柴草乱堆乱放", -2, -5, -1, "time", None, "", True, ""),
        ]),
        ("cyan", "平安法治", "#00a6ca", [
            ("C01", "参加治安巡逻、矛盾调解", 2, 1, 3, "time", 8, "month", False, ""),
            ("C02", "报告安全隐患经核实", 3, 2, 5, "time", 9, "quarter", True, ""),
            ("C03", "违法违规受到处理", -10, -20, -5, "time", None, "", True, ""),
        ]),
        ("blue", "志愿服务", "#2c7bb6", [
            ("B01", "志愿服务每小时", 1, 1, 2, "hour", 20, "month", True, "volunteer"),
            ("B02", "参加“置顶行动”等集中志愿活动", 3, 2, 5, "time", 9, "month", True, ""),
        ]),
        ("purple", "乡风文明", "#7b3294", [
            ("V01", "婚事新办、丧事简办", 5, 3, 8, "time", 5, "year", True, ""),
            ("V02", "参加村里文体活动", 1, 1, 2, "time", 4, "month", False, ""),
            ("V03", "大操大办、封建迷信", -5, -10, -3, "time", None, "", True, ""),
        ]),
    ],
}

SCHEMES = [PARTY, HOUSEHOLD]


def write(county, *, models, today: date, created_by=None) -> dict:
    """Create each default scheme not configured yet (by code; idempotent) at `county`: the scheme, its
    categories and the first version of the district's book, effective from 1 January of `today`'s year.
    `models` gives Scheme, Category, RuleBook and RuleItem. Returns what was created."""
    Scheme, Category, RuleBook, RuleItem = (models[n] for n in ("Scheme", "Category", "RuleBook", "RuleItem"))
    created = {"schemes": [], "categories": 0, "books": 0, "items": 0}
    for spec in SCHEMES:
        if Scheme.objects.filter(org_unit=county, code=spec["code"]).exists():
            continue  # configured already (perhaps changed since): leave it alone
        scheme = Scheme.objects.create(
            code=spec["code"], name=spec["name"], subject=spec["subject"], org_unit=county,
            path=county.path, floor=spec["floor"], year_end=spec["year_end"], spendable=spec["spendable"])
        created["schemes"].append(scheme.code)
        categories = {}
        for order, (code, name, colour, _items) in enumerate(spec["categories"], start=1):
            categories[code] = Category.objects.create(scheme=scheme, code=code, name=name, colour=colour,
                                                       order=order)
            created["categories"] += 1
        book = RuleBook.objects.create(
            scheme=scheme, org_unit=county, path=county.path, version=1,
            title=f"{county.name}{spec['title']}", effective_from=date(today.year, 1, 1),
            bases=dict(spec["bases"]), note="系统初始配置；按民主程序修订后发布新版本。",
            created_by=created_by)
        created["books"] += 1
        items = []
        for code, _name, _colour, rows in spec["categories"]:
            for (item_code, name, points, low, high, unit, cap, period, evidence, source) in rows:
                items.append(RuleItem(
                    book=book, category=categories[code], code=item_code, name=name, points=points,
                    min_points=low, max_points=high, unit=unit, cap=cap, cap_period=period,
                    evidence_required=evidence, proposers=list(spec["proposers"]),
                    approvers=list(spec["approvers"]), source=source))
        RuleItem.objects.bulk_create(items)
        created["items"] += len(items)
    return created
