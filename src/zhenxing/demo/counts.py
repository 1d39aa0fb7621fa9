"""The names of the counts the demo's load records in its one audit event (demo.load), for the audit log."""

from zhenxing.core import audit_labels
from zhenxing.people.choices import CADRE_POSTS

COUNTS = {
    "households": "户", "persons": "人员", "party_members": "党员", "cadre_posts": "干部岗位",
    "seed": "随机种子", "scale": "规模系数", "streets": "街道", "villages": "村（社区）",
    "development_villages": "发展村", "groups": "村民小组", "grids": "网格", "party_orgs": "党组织",
    "industry_committees": "产业党委", "departments": "部门", "staff_sunk": "下沉人数", "parcels": "宗地",
    "houses": "房屋", "parcel_area_mu": "宗地面积（亩）", "idle_parcels": "闲置宗地",
    "revitalised_parcels": "已盘活宗地", "certified_parcels": "已确权宗地",
    "multi_parcel_households": "一户多宅户", "non_member_parcels": "非本村村民使用宗地",
    "ownerless_parcels": "无主宗地", "applications": "宅基地申请", "farmland_plots": "永久基本农田图斑",
    "transfer_contracts": "流转合同", "mortgages": "抵押", "exits": "自愿有偿退出",
    "exits_recovered": "已收回退出", "fee_bills": "有偿使用费账单", "fee_payments": "缴费记录",
    "revitalisation_projects": "盘活项目", "project_parcels": "项目宗地",
    "project_investment_yuan": "项目投资（元）", "idle_surveys": "闲置调查", "policies": "政策",
    "policy_versions": "政策版本", "policy_rules": "政策规则", "inspections": "巡查检查",
    "violations": "违法违规", "violations_closed": "已整改违法违规", "violations_overdue": "逾期未整改",
    "workflow_steps": "办理记录", "dispatch_categories": "派单目录事项", "cases": "案件",
    "cases_resolved": "已办结案件", "visits": "入户走访", "service_teams": "党员服务队",
    "assault_teams": "党员突击队", "team_members": "队员", "team_activities": "队伍活动",
    "volunteer_hours": "志愿服务时长（小时）", "mediation_points": "评理说事点", "mediators": "说事员",
    "disputes": "矛盾纠纷", "disputes_resolved": "已化解纠纷", "point_schemes": "积分方案",
    "point_items": "积分条目", "points_claims": "积分申报", "points_claims_approved": "已通过申报",
    "points_claims_pending": "待审核申报", "points_claims_rejected": "未通过申报",
    "points_claims_corrected": "已冲正申报", "points_accounts": "积分账户", "points_entries": "积分流水",
    "points_shops": "积分超市", "shop_goods": "兑换商品", "shop_stock_ins": "入库记录",
    "shop_redemptions": "兑换记录", "shop_points_redeemed": "已兑换积分",
    "task_plans": "任务清单", "task_items": "任务事项", "tasks": "任务", "task_reports": "任务进度报告",
    "duties": "包保责任", "liaison_villages": "区级领导联系点",
    "shop_demo_openings": "演示开设的超市",
}

audit_labels.declare({"demo.load": "载入演示数据", "demo.accounts": "生成演示账号"},
                     keys={**COUNTS, **dict(CADRE_POSTS), "created": "新建的账号"})
