"""自愿有偿退出 as a workflow: filed and submitted by the village, reviewed by the street, then paid and
recovered by whoever manages homesteads there.

The roles are the parts an actor plays over one application (see exits.services.roles_over):
- "village": a grant at the application's village holding APPLY_HOMESTEAD or MANAGE_HOMESTEAD;
- "street": a grant above the village (street or district) holding REVIEW_HOMESTEAD — a village
  secretary also holds that capability, but must not approve the village's own filing;
- "manager": MANAGE_HOMESTEAD over the village.
"""

from zhenxing.core.workflow import Transition, Workflow

VILLAGE, STREET, MANAGER = "village", "street", "manager"

EXIT = Workflow(
    key="homestead.exit",
    label="自愿有偿退出",
    states={
        "draft": "待提交",
        "reviewing": "审核中",
        "approved": "已通过",
        "rejected": "已驳回",
        "compensated": "已补偿",
        "recovered": "已收回",
    },
    initial="draft",
    transitions=(
        Transition("submit", "提交审核", ("draft",), "reviewing", frozenset({VILLAGE}), working_days=20),
        Transition("approve", "审核通过", ("reviewing",), "approved", frozenset({STREET}), working_days=30),
        Transition("reject", "驳回", ("reviewing",), "rejected", frozenset({STREET}), comment_required=True,
                   confirm="确定驳回此退出申请？驳回后申请即办结。"),
        Transition(
            "pay",
            "登记补偿支付",
            ("approved",),
            "compensated",
            frozenset({MANAGER}),
            working_days=20,
            required_fields=("amount", "paid_on"),
        ),
        Transition("recover", "集体收回", ("compensated",), "recovered", frozenset({MANAGER}),
                   confirm="确定由集体收回此宗地？收回后退出办结，不能撤销。"),
    ),
    final=frozenset({"rejected", "recovered"}),
)
