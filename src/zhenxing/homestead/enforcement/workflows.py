"""执法监管: the rectification of a violation (违法违规整改) as a workflow.

The village reports progress; the street (审核员 or 管理员) or the district checks and closes the case,
which needs closure evidence (整改照片、拆除或补办材料) and a note. A case reported rectified that is
not can be sent back. The deadline is the rectification deadline (整改期限) set when the case is
recorded, in working days from a rule (homestead.policies.rules, `rectify_working_days`); the service keeps it
on the record while the case is open, since it does not restart with each step.
"""

from zhenxing.core.workflow import Transition, Workflow

VILLAGE = frozenset({"village_secretary"})
STREET = frozenset({"street_reviewer", "street_admin", "district_admin"})

RECTIFICATION = Workflow(
    key="homestead.violation",
    label="违法违规整改",
    states={"pending": "待整改", "rectifying": "整改中", "rectified": "已整改", "closed": "已结案"},
    initial="pending",
    transitions=(
        Transition("start", "开始整改", ("pending",), "rectifying", VILLAGE | STREET),
        Transition("report", "报告整改完成", ("pending", "rectifying"), "rectified", VILLAGE | STREET),
        Transition("send_back", "退回继续整改", ("rectified",), "rectifying", STREET, comment_required=True,
                   confirm="确定退回继续整改？"),
        Transition(
            "close", "结案", ("rectified",), "closed", STREET, required_attachments=1, comment_required=True
        ),
    ),
    final=frozenset({"closed"}),
)
OPEN = ("pending", "rectifying")  # the deadline runs in these states
