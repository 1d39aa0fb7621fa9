"""积分申报 as data (core.workflow): proposed, then approved or rejected; an approved claim found wrong is
corrected by a reversing ledger entry (冲正), which ends it in `reversed`."""

from zhenxing.core.workflow import Transition, Workflow

APPROVER = "approver"  # who holds APPROVE_POINTS over the holder (and one of the item's approver roles)
A = frozenset({APPROVER})

STATES = {
    "proposed": "待审核",
    "approved": "已通过",
    "rejected": "未通过",
    "reversed": "已冲正",
}

CLAIM = Workflow(
    key="points.claim",
    label="积分申报",
    states=STATES,
    initial="proposed",
    final=frozenset({"rejected", "reversed"}),
    transitions=(
        Transition("approve", "通过", ("proposed",), "approved", A),
        Transition("reject", "不通过", ("proposed",), "rejected", A, comment_required=True,
                   confirm="确定不通过此申报？"),
        Transition("correct", "冲正", ("approved",), "reversed", A, comment_required=True,
                   confirm="确定冲正？已记入的积分将被扣回。"),
    ),
)
