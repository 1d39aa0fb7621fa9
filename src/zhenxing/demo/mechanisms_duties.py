"""The demo district's 包保 since 1 January 2023: ten district leaders, each with a 联系点 (the liaison
village of a street, as the task list names them) and the street around it (包街联村); a street leader for
every village (街道干部包村); the secretaries of development villages answering for their collective
economy project; and each department's part of the 工作格局."""

from datetime import date

from zhenxing.mechanisms.duties.models import Duty
from zhenxing.orgs.models import Department, OrgUnit
from zhenxing.people.models import CadrePost

SINCE = date(2023, 1, 1)
LEADERS = [("张立国", "区委书记"), ("刘振华", "区委副书记、区长"), ("王海峰", "区委副书记"),
           ("李春明", "区委常委、组织部部长"), ("赵文涛", "区委常委、常务副区长"),
           ("陈建军", "区委常委、政法委书记"), ("孙丽娟", "区委常委、宣传部部长"),
           ("周国庆", "区委常委、纪委书记"), ("吴志强", "副区长"), ("郑红梅", "副区长")]
DEFAULT_DUTY = "有关部门各负其责：按职责分工落实乡村振兴任务"
DEPARTMENT_DUTIES = {
    "农业农村局": "具体实施：统筹推进乡村振兴各项任务，承担任务清单的日常调度",
    "自然资源局": "宅基地审批、确权登记和闲置宅基地盘活的用地保障",
    "民政局": "村务公开、网格化管理和积分制管理的指导",
    "信访局": "矛盾纠纷排查化解和“评理说事点”建设",
    "综合执法局": "“吹哨报到”联合执法和宅基地违法违规查处",
}


def _duty(kind: str, unit: OrgUnit, name: str, title: str, subject: str, **more) -> Duty:
    return Duty(kind=kind, org_unit=unit, path=unit.path, holder_name=name, holder_title=title,
                subject=subject, started_on=SINCE, synthetic=True, **more)


def load(*, seed: int, county: OrgUnit) -> dict:
    streets = list(OrgUnit.objects.filter(parent=county, level="town").order_by("code"))
    duties = []
    for (name, title), street in zip(LEADERS, streets, strict=False):
        liaison = (OrgUnit.objects.filter(parent=street, level="village")
                   .order_by("-development_village", "code").first())
        duties.append(_duty("street", street, name, title, f"包街联村：{street.name}"))
        if liaison is not None:
            duties.append(_duty("liaison", liaison, name, title, "乡村振兴联系点"))
    posts = CadrePost.objects.filter(ended_on__isnull=True, path__startswith=county.path)
    posts = posts.select_related("person")
    leaders, secretaries = {}, {}
    for post in posts.filter(post__in=("street_leader", "village_secretary")).order_by("pk"):
        if post.post == "street_leader":
            leaders.setdefault(post.org_unit_id, []).append(post)
        else:
            secretaries[post.org_unit_id] = post
    for street in streets:
        mine = leaders.get(street.pk, [])
        for i, village in enumerate(OrgUnit.objects.filter(parent=street, level="village").order_by("code")):
            if mine:
                post = mine[i % len(mine)]
                duties.append(_duty("village", village, post.person.name, post.title or "街道班子成员",
                                    "包村：任务清单落实和矛盾纠纷化解"))
            secretary = secretaries.get(village.pk)
            if village.development_village and secretary is not None:
                duties.append(_duty("secretary", village, secretary.person.name, "村党组织书记",
                                    "村集体经济发展项目"))
    for department in Department.objects.filter(path=county.path).order_by("name"):
        duties.append(_duty("department", county, department.name, "",
                            DEPARTMENT_DUTIES.get(department.name, DEFAULT_DUTY), department=department))
    Duty.objects.bulk_create(duties)
    return {"duties": len(duties), "liaison_villages": sum(d.kind == "liaison" for d in duties)}
