"""The demo district's 30 homestead reform policies (宅基地改革制度30项) with their versions and rules.

Titles follow the real documents the district applies (national law and notices, 辽宁省 and 沈阳市
documents, and 沈北新区's own measures); the district's document numbers and all texts are synthetic.
The rules in force today carry exactly the values the rest of the demo assumes (the configured area
cap, 5 working days of 公示, the default fees), so loading the policies changes no other figure.
"""

from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings

from zhenxing.homestead.policies.models import Policy, PolicyRule, PolicyVersion
from zhenxing.orgs.models import OrgUnit

NATIONAL, PROVINCE, CITY, DISTRICT = "national", "province", "city", "district"
SB = "沈阳市沈北新区人民政府"


def _cap():
    return Decimal(settings.ZHENXING_HOMESTEAD_AREA_CAP_M2)


# (title, 文号, issuing body, level, category, [(effective_from, change note, rules)], repealed_on)
def catalogue() -> list[tuple]:
    cap = _cap()
    fees_2020 = {
        "fee_over_area_yuan_per_m2": 4,
        "fee_multiple_yuan_per_m2": 2,
        "fee_non_member_yuan_per_m2": 3,
    }
    fees_2023 = {
        "fee_over_area_yuan_per_m2": Decimal("5.00"),
        "fee_multiple_yuan_per_m2": Decimal("3.00"),
        "fee_non_member_yuan_per_m2": Decimal("4.00"),
    }
    return [
        (
            "中华人民共和国土地管理法（2019年修正）",
            "中华人民共和国主席令第三十二号",
            "全国人民代表大会常务委员会",
            NATIONAL,
            "general",
            [(date(2020, 1, 1), "", {})],
            None,
        ),
        (
            "中华人民共和国土地管理法实施条例",
            "中华人民共和国国务院令第743号",
            "国务院",
            NATIONAL,
            "general",
            [(date(2021, 9, 1), "", {})],
            None,
        ),
        (
            "关于进一步加强农村宅基地管理的通知",
            "农经发〔2019〕6号",
            "农业农村部 自然资源部",
            NATIONAL,
            "approval",
            [(date(2019, 9, 11), "", {})],
            None,
        ),
        (
            "关于积极稳妥开展农村闲置宅基地和闲置住宅盘活利用工作的通知",
            "农经发〔2019〕4号",
            "农业农村部",
            NATIONAL,
            "revitalise",
            [(date(2019, 9, 10), "", {})],
            None,
        ),
        (
            "关于保障农村村民住宅建设合理用地的通知",
            "自然资发〔2020〕128号",
            "自然资源部 农业农村部",
            NATIONAL,
            "approval",
            [(date(2020, 7, 29), "", {})],
            None,
        ),
        (
            "不动产登记暂行条例",
            "中华人民共和国国务院令第656号",
            "国务院",
            NATIONAL,
            "general",
            [(date(2015, 3, 1), "", {}), (date(2019, 3, 24), "依国务院令第710号修订", {})],
            None,
        ),
        (
            "关于加强村庄规划促进乡村振兴的通知",
            "自然资办发〔2019〕35号",
            "自然资源部办公厅",
            NATIONAL,
            "general",
            [(date(2019, 5, 29), "", {})],
            None,
        ),
        (
            "辽宁省实施《中华人民共和国土地管理法》办法",
            "辽宁省人民代表大会常务委员会公告",
            "辽宁省人民代表大会常务委员会",
            PROVINCE,
            "general",
            [(date(2014, 10, 1), "", {}), (date(2021, 12, 1), "依新土地管理法修订", {})],
            None,
        ),
        (
            "辽宁省农村宅基地管理办法（试行）",
            "辽农经发〔2020〕117号",
            "辽宁省农业农村厅 辽宁省自然资源厅",
            PROVINCE,
            "approval",
            [(date(2020, 9, 1), "", {})],
            None,
        ),
        (
            "辽宁省农村闲置宅基地和闲置住宅盘活利用指导意见",
            "辽农经发〔2021〕45号",
            "辽宁省农业农村厅",
            PROVINCE,
            "revitalise",
            [(date(2021, 5, 1), "", {})],
            None,
        ),
        (
            "关于规范农村宅基地审批管理的实施意见",
            "辽自然资发〔2020〕98号",
            "辽宁省自然资源厅 辽宁省农业农村厅",
            PROVINCE,
            "approval",
            [(date(2020, 8, 15), "", {})],
            None,
        ),
        (
            "沈阳市农村宅基地审批管理办法",
            "沈政办发〔2020〕21号",
            "沈阳市人民政府办公室",
            CITY,
            "approval",
            [(date(2020, 10, 1), "", {}), (date(2022, 7, 1), "联审联办与“三到场”要求细化", {})],
            None,
        ),
        (
            "沈阳市农村宅基地和农房规划建设管理实施意见",
            "沈自然资发〔2021〕16号",
            "沈阳市自然资源局",
            CITY,
            "approval",
            [(date(2021, 4, 1), "", {})],
            None,
        ),
        (
            "沈阳市农村乱占耕地建房问题整治工作方案",
            "沈农发〔2021〕30号",
            "沈阳市农业农村局",
            CITY,
            "supervision",
            [(date(2021, 6, 1), "", {})],
            None,
        ),
        (
            "沈阳市农村宅基地和集体建设用地使用权确权登记工作方案",
            "沈自然资发〔2019〕55号",
            "沈阳市自然资源局",
            CITY,
            "general",
            [(date(2019, 8, 1), "", {})],
            None,
        ),
        (
            "沈北新区农村宅基地管理暂行规定",
            "沈北政发〔2015〕9号",
            SB,
            DISTRICT,
            "general",
            [(date(2015, 5, 1), "", {"publicity_working_days": 7})],
            date(2020, 4, 30),
        ),
        (
            "沈北新区农村宅基地制度改革试点实施方案",
            "沈北政发〔2020〕11号",
            SB,
            DISTRICT,
            "general",
            [(date(2020, 5, 1), "", {})],
            None,
        ),
        (
            "沈北新区农村宅基地审批管理办法",
            "沈北政办发〔2020〕15号",
            "沈阳市沈北新区人民政府办公室",
            DISTRICT,
            "approval",
            [
                (date(2020, 5, 1), "", {"area_cap_m2": cap, "publicity_working_days": 7}),
                (
                    date(2022, 9, 1),
                    "公示期由7个工作日调整为5个工作日",
                    {"area_cap_m2": cap, "publicity_working_days": 5},
                ),
            ],
            None,
        ),
        (
            "沈北新区农村宅基地有偿使用管理办法",
            "沈北政办发〔2020〕16号",
            "沈阳市沈北新区人民政府办公室",
            DISTRICT,
            "paid_use",
            [(date(2020, 7, 1), "", fees_2020), (date(2023, 1, 1), "调整有偿使用费标准", fees_2023)],
            None,
        ),
        (
            "沈北新区农村宅基地自愿有偿退出管理办法",
            "沈北政办发〔2020〕17号",
            "沈阳市沈北新区人民政府办公室",
            DISTRICT,
            "exit",
            [(date(2020, 7, 1), "", {})],
            None,
        ),
        (
            "沈北新区农村宅基地使用权流转管理办法",
            "沈北政办发〔2020〕18号",
            "沈阳市沈北新区人民政府办公室",
            DISTRICT,
            "transfer",
            [(date(2020, 7, 1), "", {})],
            None,
        ),
        (
            "沈北新区农村闲置宅基地和闲置住宅盘活利用实施办法",
            "沈北政办发〔2021〕6号",
            "沈阳市沈北新区人民政府办公室",
            DISTRICT,
            "revitalise",
            [(date(2021, 3, 1), "", {})],
            None,
        ),
        (
            "沈北新区农村宅基地监管办法",
            "沈北政办发〔2021〕7号",
            "沈阳市沈北新区人民政府办公室",
            DISTRICT,
            "supervision",
            [
                (date(2021, 3, 1), "", {"rectify_working_days": 30}),
                (date(2023, 3, 1), "整改期限由30个工作日缩短为20个工作日", {"rectify_working_days": 20}),
            ],
            None,
        ),
        (
            "沈北新区农村宅基地资格权认定办法",
            "沈北政办发〔2020〕19号",
            "沈阳市沈北新区人民政府办公室",
            DISTRICT,
            "general",
            [(date(2020, 8, 1), "", {})],
            None,
        ),
        (
            "沈北新区农村宅基地审批联审联办工作制度",
            "沈北农发〔2020〕8号",
            "沈北新区农业农村局",
            DISTRICT,
            "approval",
            [(date(2020, 6, 1), "", {})],
            None,
        ),
        (
            "沈北新区农村宅基地“三到场”工作规程",
            "沈北农发〔2020〕9号",
            "沈北新区农业农村局",
            DISTRICT,
            "approval",
            [(date(2020, 6, 1), "", {})],
            None,
        ),
        (
            "沈北新区农村宅基地违法违规行为查处办法",
            "沈北政办发〔2021〕8号",
            "沈阳市沈北新区人民政府办公室",
            DISTRICT,
            "supervision",
            [(date(2021, 3, 1), "", {})],
            None,
        ),
        (
            "沈北新区农村宅基地动态巡查制度",
            "沈北农发〔2021〕3号",
            "沈北新区农业农村局",
            DISTRICT,
            "supervision",
            [(date(2021, 4, 1), "", {})],
            None,
        ),
        (
            "沈北新区农村宅基地使用权抵押贷款管理办法（试行）",
            "沈北政办发〔2021〕12号",
            "沈阳市沈北新区人民政府办公室",
            DISTRICT,
            "transfer",
            [(date(2021, 6, 1), "", {})],
            None,
        ),
        (
            "沈北新区农村宅基地统计台账管理制度",
            "沈北农发〔2022〕2号",
            "沈北新区农业农村局",
            DISTRICT,
            "general",
            [(date(2022, 1, 1), "", {})],
            None,
        ),
    ]


def _text(title: str, issuer: str, number: int) -> str:
    return (
        f"{title}\n\n（演示用合成文本，第{number}版）\n\n"
        f"第一条 为规范农村宅基地管理，保障农民合法权益，由{issuer}制定本文件。\n"
        "第二条 农村村民一户只能拥有一处宅基地，面积不得超过规定的标准。\n"
        "第三条 宅基地申请、审批、使用、流转、退出及监督管理，依照本文件执行。\n"
        "第四条 本文件自施行之日起施行。"
    )


def load(*, county: OrgUnit) -> dict:
    entries = catalogue()
    policies = Policy.objects.bulk_create(
        [
            Policy(
                title=t,
                number=n,
                issuer=i,
                level=lv,
                category=c,
                org_unit=county,
                path=county.path,
                status="repealed" if repealed else "current",
                repealed_on=repealed,
            )
            for t, n, i, lv, c, _, repealed in entries
        ]
    )
    versions, rule_sets = [], []
    for policy, (title, _, issuer, _, _, history, repealed) in zip(policies, entries, strict=True):
        for k, (start, note, rules) in enumerate(history):
            end = history[k + 1][0] - timedelta(days=1) if k + 1 < len(history) else repealed
            versions.append(
                PolicyVersion(
                    policy=policy,
                    number=k + 1,
                    effective_from=start,
                    effective_to=end,
                    text=_text(title, issuer, k + 1),
                    change_note=note,
                )
            )
            rule_sets.append(rules)
    PolicyVersion.objects.bulk_create(versions)
    rules = [
        PolicyRule(
            version=v,
            key=key,
            value=Decimal(value),
            effective_from=v.effective_from,
            effective_to=v.effective_to,
        )
        for v, chosen in zip(versions, rule_sets, strict=True)
        for key, value in chosen.items()
    ]
    PolicyRule.objects.bulk_create(rules)
    return {"policies": len(policies), "policy_versions": len(versions), "policy_rules": len(rules)}
