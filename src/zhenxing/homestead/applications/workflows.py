"""The application procedure of 农经发〔2019〕6号 as data (core.workflow).

Roles are what the actor is to this application (services.workflow_roles): the applicant (the
household itself, or village staff filing for it), the village (村“两委” review and 公示), and the
street (受理, 联审, 批准, 三到场, 登记). The departments' signatures in the joint review are rows of
their own (ReviewOpinion), not steps: the street passes the review once all three have signed.
"""

from zhenxing.core.workflow import Transition, Workflow
from zhenxing.homestead.policies import rules

APPLICANT, VILLAGE, STREET = "applicant", "village", "street"
A, V, S = frozenset({APPLICANT}), frozenset({VILLAGE}), frozenset({STREET})


def _publicity_days(_record) -> int:
    return int(rules.value("publicity_working_days"))


STATES = {
    "draft": "待提交",
    "group_review": "村民小组讨论",
    "publicity": "公示中",
    "village_review": "村级审查",
    "joint_review": "街道联审",
    "approval": "待审批",
    "approved": "已批准（待放样）",
    "building": "建设中",
    "accepted": "已验收（待登记）",
    "registered": "已登记",
    "returned": "已退回",
    "rejected": "不予批准",
    "withdrawn": "已撤回",
}

APPLICATION = Workflow(
    key="homestead.application",
    label="宅基地申请审批",
    states=STATES,
    initial="draft",
    final=frozenset({"registered", "rejected", "withdrawn"}),
    transitions=(
        Transition("submit", "提交申请", ("draft", "returned"), "group_review", A,
                   working_days=10, required_attachments=1),
        Transition("withdraw", "撤回申请", ("draft", "returned"), "withdrawn", A,
                   confirm="确定撤回此申请？撤回后申请即办结，如仍需用地须重新申请。"),
        Transition("group_agree", "小组讨论通过，开始公示", ("group_review",), "publicity", V,
                   working_days=_publicity_days, required_fields=("meeting_date", "attendance", "votes_for")),
        Transition("publicity_end", "公示期满无异议", ("publicity",), "village_review", V, working_days=5),
        Transition("village_pass", "村级审查通过，报街道", ("village_review",), "joint_review", V,
                   working_days=15, required_fields=("review_date",)),
        Transition("village_return", "退回申请人", ("group_review", "publicity", "village_review"),
                   "returned", V, working_days=20, comment_required=True,
                   confirm="确定将申请退回申请人？申请人修改后须重新提交，重新走村民小组讨论。"),
        Transition("joint_pass", "联审通过（已到场踏勘）", ("joint_review",), "approval", S,
                   working_days=5, required_fields=("survey_date", "surveyors")),
        Transition("street_return", "联审退回", ("joint_review", "approval"), "returned", S,
                   working_days=20, comment_required=True,
                   confirm="确定退回此申请？申请人修改后须重新提交，重新走村民小组讨论。"),
        Transition("approve", "批准", ("approval",), "approved", S, working_days=20),
        Transition("reject", "不予批准", ("approval",), "rejected", S, comment_required=True,
                   confirm="确定不予批准？申请将办结，不能再继续办理。"),
        Transition("stake_out", "丈量批放（到场放样）", ("approved",), "building", S,
                   working_days=250, required_fields=("stake_date",)),
        Transition("inspect", "竣工验收（到场验收）", ("building",), "accepted", S, working_days=20,
                   required_fields=("inspection_date", "findings"), required_attachments=1),
        Transition("register", "不动产登记", ("accepted",), "registered", S,
                   required_fields=("certificate_number",)),
    ),
)

# Filed and not yet finished: what deadlines and the 督办 lists are about (a draft or a returned
# application waits on the applicant, who has no deadline).
IN_PROGRESS = frozenset(STATES) - APPLICATION.final - {"draft", "returned"}
