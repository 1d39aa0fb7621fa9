"""评理说事 as data (core.workflow): registration, mediation by one of the four ways, a written or oral
agreement, follow-up, closure; or failure and escalation to the level above.

The one-month limit runs from registration (and again from each escalation) across every open state,
so the services set `due_at` to the dispute's `limit_at` after each step instead of per-state limits.
"""

from zhenxing.core.workflow import Transition, Workflow

MEDIATOR = "mediator"  # who holds MEDIATE over the dispute's level
M = frozenset({MEDIATOR})

STATES = {
    "registered": "已登记",
    "mediating": "调解中",
    "agreed": "已达成协议",
    "failed": "调解不成",
    "escalated": "已升级（待上级调解）",
    "followed_up": "已回访",
    "closed": "已结案",
    "terminated": "调解终止",
}

DISPUTE = Workflow(
    key="governance.dispute",
    label="评理说事",
    states=STATES,
    initial="registered",
    final=frozenset({"closed", "terminated"}),
    transitions=(
        Transition("mediate", "开始调解", ("registered", "escalated"), "mediating", M,
                   required_fields=("way",)),
        Transition("agree", "达成协议", ("mediating",), "agreed", M,
                   required_fields=("agreement", "agreement_text")),
        Transition("fail", "调解不成", ("mediating",), "failed", M, comment_required=True,
                   confirm="确定记为调解不成？"),
        Transition("escalate", "升级到上一级调解", ("registered", "mediating", "failed"), "escalated", M,
                   comment_required=True),
        Transition("follow_up", "回访", ("agreed",), "followed_up", M,
                   required_fields=("performance", "follow_up")),
        Transition("close", "结案", ("followed_up",), "closed", M),
        Transition("terminate", "终止调解（告知诉讼等途径）", ("failed",), "terminated", M,
                   comment_required=True, confirm="确定终止调解？纠纷将办结，当事人可通过诉讼等途径解决。"),
    ),
)

OPEN_STATES = frozenset(STATES) - DISPUTE.final - {"agreed", "followed_up"}
RESOLVED_STATES = frozenset({"agreed", "followed_up", "closed"})

# 卷宗: the documents 人民调解法 lists for a case file, in the order of the file.
CASE_FILE = (
    ("registration", "调解申请书或口头申请登记"),
    ("rights_notice", "权利义务告知书"),
    ("identity", "当事人身份证明"),
    ("investigation", "调查记录"),
    ("evidence", "证据材料"),
    ("mediation_record", "调解笔录"),
    ("agreement", "调解协议书"),
    ("performance", "履行凭证"),
    ("follow_up", "回访记录"),
    ("judicial", "司法确认书"),
)
