"""政策制度 over the API: the policy register with its writes, derived from the module's register and actions;
a policy's versions and the rules in force are hand-written over the same selectors as their pages."""

from datetime import date

from django.urls import reverse
from ninja import Field, Query, Router, Schema

from zhenxing.homestead.policies import registers as r
from zhenxing.homestead.policies import selectors as sel
from zhenxing.homestead.policies.schemas import RuleInForce, VersionOut
from zhenxing.orgs.actions import add_action
from zhenxing.orgs.register_api import add_register

router = Router(tags=["宅基地政策制度"])


class RulesQuery(Schema):
    on: date | None = Field(None, description="取值的日期（YYYY-MM-DD），默认今天")


# Before the register: its detail `/policies/{record_id}` would otherwise take "rules" for an id.
@router.get("/policies/rules", response=list[RuleInForce], summary="宅基地规则与取值",
            operation_id="zhenxing_homestead_api_policies_rules",
            description="每项规则在当日施行的取值和设定它的政策版本；未由政策设定时为默认值。"
                        "需要读取组织机构的权限（与页面相同）。")
def rules_in_force(request, query: Query[RulesQuery]):
    out = []
    for row in sel.rules_in_force(actor=request.actor, on=query.on):
        v = row["source"]
        out.append({**row, "source": v and {"policy_id": v.policy_id, "title": v.policy.title,
                                            "number": v.policy.number, "version": v.number,
                                            "effective_from": v.effective_from}})
    return out


add_register(router, r.POLICIES, app="homestead")
add_action(router, r.POLICIES, r.ADD_POLICY, app="homestead")
add_action(router, r.POLICIES, r.EDIT_POLICY, app="homestead")


@router.get("/policies/{record_id}/versions", response=list[VersionOut], summary="政策的各版本",
            operation_id="zhenxing_homestead_api_policies_versions_list",
            description="全部版本，最新的在前，各附设定的规则；政策不存在或不可见时返回 404。")
def policy_versions(request, record_id: int):
    policy = sel.policy(actor=request.actor, pk=record_id)
    return [{"number": v.number, "effective_from": v.effective_from, "effective_to": v.effective_to,
             "in_force": v.current, "text": v.text, "change_note": v.change_note,
             "attachment": reverse("homestead:policy_attachment", args=[v.file.pk]) if v.file else None,
             "attachment_name": v.file.name if v.file else None,
             "rules": [{"key": x.key, "label": x.label, "unit": x.unit, "value": x.value}
                       for x in v.rules.all()]}
            for v in sel.versions(policy=policy)]


add_action(router, r.POLICIES, r.ADD_VERSION, app="homestead")
