"""The demo district's task list: 《抓党建促乡村振兴工作举措》 with 6 aspects and 56 items
(the seed's "明确6个方面56项具体内容"), one plan a year from 2023 to this year.

Each item has a lead department and a leader and is broken into tasks for the department, every street,
or the streets' liaison villages; the figures the platform counts (cases resolved, disputes agreed,
volunteer hours, visits) are measured from records. The units report their progress over the year: most
finish on time, some late, a few not at all; this year's reports run up to today."""

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from zhenxing.mechanisms.tasks import services
from zhenxing.mechanisms.tasks.models import Aspect, Item, Plan, Report, Task
from zhenxing.orgs.models import Department, OrgUnit

FIRST_YEAR = 2023
TITLE = "抓党建促乡村振兴工作举措"
LEADERS = ["区委书记", "区委副书记", "区委常委、组织部部长", "区委常委、副区长", "区政府副区长",
           "区委常委、政法委书记"]
# (aspect, [(item, lead department, whom: "dept" | "streets" | "villages", measured: (indicator, target))])
ASPECTS = [
    ("建机制 · 压实责任", [
        ("制定年度工作举措和任务清单", "农业农村局", "dept", None),
        ("区委书记带头包保乡村振兴联系点", "农业农村局", "villages", None),
        ("班子成员“包街联村”定期调研", "农业农村局", "streets", None),
        ("“区街搭擂台、比武促振兴”每季度一次", "农业农村局", "streets", None),
        ("抓党建促乡村振兴纳入年度述职评议", "农业农村局", "streets", None),
        ("重要工作推进情况纳入督办事项", "信访局", "dept", None),
        ("建立部门包保责任清单", "农业农村局", "dept", None),
        ("街道党工委书记每月专题研究乡村振兴", "农业农村局", "streets", None),
        ("完善考核评价办法，强化考核导向", "人社局", "dept", None),
    ]),
    ("抓队伍 · 锻造骨干", [
        ("选优配强村党组织书记", "农业农村局", "streets", None),
        ("村“两委”干部学历提升计划", "教育局", "streets", None),
        ("驻村第一书记领办项目", "农业农村局", "villages", None),
        ("第一书记每月驻村不少于20天", "农业农村局", "streets", None),
        ("后备干部储备每村2名以上", "人社局", "streets", None),
        ("乡村振兴专题培训全覆盖", "教育局", "dept", None),
        ("街道班子成员熟悉“三农”工作比例超过70%", "人社局", "streets", None),
        ("网格员队伍规范化管理", "民政局", "streets", None),
        ("党员分类管理和积分制管理", "民政局", "villages", None),
        ("年轻党员发展计划", "民政局", "streets", None),
    ]),
    ("筑堡垒 · 建强组织", [
        ("软弱涣散村党组织整顿", "民政局", "streets", None),
        ("“三会一课”规范化", "民政局", "villages", None),
        ("产业联合党委建设", "农业农村局", "dept", None),
        ("村级组织活动场所提升", "住建局", "streets", None),
        ("党员服务队和突击队常态化活动", "应急管理局", "streets",
         ("governance.volunteer_hours", Decimal("3000"))),
        ("党建示范村创建", "农业农村局", "villages", None),
        ("村务公开和民主管理", "民政局", "villages", None),
        ("清廉村居建设", "市场监管局", "streets", None),
        ("流动党员管理服务", "人社局", "streets", None),
        ("党员先锋岗设岗定责", "民政局", "villages", None),
    ]),
    ("兴产业 · 集体增收", [
        ("村集体经济收入增速25%", "农业农村局", "dept", None),
        ("消除集体收入10万元以下村", "农业农村局", "streets", None),
        ("闲置宅基地和农房盘活利用", "自然资源局", "streets", None),
        ("特色产业园区建设", "农业农村局", "dept", None),
        ("村企联建项目", "市场监管局", "streets", None),
        ("农村电商和直播带货培训", "文旅局", "dept", None),
        ("乡村旅游精品线路", "文旅局", "dept", None),
        ("高标准农田建设", "农业农村局", "dept", None),
        ("农民专业合作社规范提升", "农业农村局", "streets", None),
    ]),
    ("强治理 · 和谐稳定", [
        ("“吹哨报到”机制常态运行", "综合执法局", "dept", ("governance.cases_resolved", Decimal("1500"))),
        ("“评理说事点”村村全覆盖", "信访局", "streets", None),
        ("全年有效化解群众矛盾纠纷1200件以上", "信访局", "dept",
         ("governance.disputes_resolved", Decimal("1200"))),
        ("网格员入户走访全覆盖", "民政局", "dept", ("governance.visits", Decimal("5000"))),
        ("积分超市村村建立", "民政局", "streets", None),
        ("人居环境整治“三清一改”", "生态环境局", "villages", None),
        ("宅基地违法违规整治", "综合执法局", "streets", None),
        ("平安乡村建设", "公安分局", "dept", None),
        ("移风易俗和文明乡风", "文旅局", "villages", None),
        ("农村安全生产和防汛", "应急管理局", "streets", None),
    ]),
    ("强保障 · 落实落地", [
        ("乡村振兴专项资金保障", "农业农村局", "dept", None),
        ("涉农资金统筹整合", "农业农村局", "dept", None),
        ("部门干部下沉一线", "人社局", "dept", None),
        ("农村道路和供水设施", "交通局", "dept", None),
        ("农村电网改造", "供电公司", "dept", None),
        ("宣传报道和典型推广", "文旅局", "dept", None),
        ("工作台账和信息报送", "农业农村局", "streets", None),
        ("年度总结和考核", "人社局", "dept", None),
    ]),
]
OUTCOMES = ["按期完成", "已完成", "按要求落实", "已完成并报送材料"]
CONTENT = {"dept": "牵头推进{}，制定方案并督促落实", "streets": "组织辖区各村落实{}",
           "villages": "作为联系点村率先落实{}"}


def _at_ten(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10)))


def load(*, seed: int, county: OrgUnit) -> dict:
    rng = random.Random(f"zhenxing-demo:{seed}:tasks")
    today = timezone.localdate()
    departments = {d.name: d for d in Department.objects.filter(path=county.path)}
    streets = list(OrgUnit.objects.filter(parent=county, level="town").order_by("code"))
    # The liaison villages (联系点): one per street, the first development village there.
    liaison = [OrgUnit.objects.filter(parent=s, level="village").order_by("-development_village", "code")
               .first() for s in streets]
    counts = {"task_plans": 0, "task_items": 0, "tasks": 0, "task_reports": 0}
    for year in range(FIRST_YEAR, today.year + 1):
        plan = Plan.objects.create(year=year, title=TITLE, org_unit=county, path=county.path,
                                   created_at=_at_ten(date(year, 1, 10)), synthetic=True)
        tasks = []
        number = 0
        for a_no, (aspect_name, items) in enumerate(ASPECTS, start=1):
            aspect = Aspect.objects.create(plan=plan, number=a_no, name=aspect_name)
            for title, lead, whom, measured in items:
                number += 1
                item = Item.objects.create(plan=plan, aspect=aspect, number=number, title=title,
                                           lead_department=departments.get(lead), path=plan.path,
                                           leader=LEADERS[number % len(LEADERS)])
                tasks += _tasks(rng, item, year, whom, measured, departments.get(lead), streets, liaison,
                                county)
        Task.objects.bulk_create(tasks)
        counts["task_plans"] += 1
        counts["task_items"] += number
        counts["tasks"] += len(tasks)
        counts["task_reports"] += _reports(rng, plan, today)
    services.measure_all()
    return counts


def _tasks(rng, item, year, whom, measured, department, streets, liaison, county) -> list[Task]:
    due = date(year, rng.choice((6, 9, 11, 12)), 30 if rng.random() < 0.5 else 28)
    base = {"item": item, "starts_on": date(year, 1, 15), "due_on": due, "due_at": services.end_of(due),
            "content": CONTENT[whom].format(item.title), "expected": "按期完成，报送佐证材料",
            "synthetic": True}
    if measured:
        indicator, target = measured
        grown = (target * Decimal("1.04") ** (year - FIRST_YEAR)).quantize(Decimal("1"))
        end = date(year, 12, 31)
        measured = {"due_on": end, "due_at": services.end_of(end), "expected": f"全年不少于{grown}",
                    "content": f"{item.title}（按平台统计）"}
        return [Task(**{**base, **measured}, org_unit=county, path=county.path, indicator=indicator,
                     target=grown)]
    if whom == "dept" and department is not None:
        return [Task(**base, department=department, path=department.path)]
    units = streets if whom == "streets" else [v for v in liaison if v is not None]
    return [Task(**base, org_unit=u, path=u.path) for u in units]


def _reports(rng, plan, today) -> int:
    """Each reported task's reports: one to three over its span, up to today; most reach 100% by the
    deadline, some after it, some stop short."""
    reports, done = [], []
    for task in Task.objects.filter(item__plan=plan, indicator="").order_by("pk"):
        fate = rng.random()
        finish = task.due_on - timedelta(days=rng.randint(3, 40)) if fate < 0.8 else \
            task.due_on + timedelta(days=rng.randint(5, 30)) if fate < 0.92 else None
        steps = rng.randint(1, 3)
        span = (task.due_on - task.starts_on).days
        for n in range(1, steps + 1):
            day = task.starts_on + timedelta(days=span * n // (steps + 1))
            if day > today:
                break
            percent = Decimal(min(90, 100 * n // (steps + 1)))
            reports.append(Report(task=task, percent=percent, text=f"第{n}阶段推进中，已完成{percent}%",
                                  reported_on=day, path=task.path, created_at=_at_ten(day)))
        last = reports[-1] if reports and reports[-1].task_id == task.pk else None
        if finish is not None and finish <= today:
            reports.append(Report(task=task, percent=Decimal(100), text=rng.choice(OUTCOMES),
                                  reported_on=finish, path=task.path,
                                  created_at=_at_ten(finish)))
            last = reports[-1]
            done.append(task.pk)
        if last is not None:
            Task.objects.filter(pk=task.pk).update(
                progress=last.percent, progress_note=last.text, progress_at=last.created_at,
                completed_on=last.reported_on if last.percent == 100 else None)
    Report.objects.bulk_create(reports)
    return len(reports)
