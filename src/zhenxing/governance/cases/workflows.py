"""The case procedure of "街道吹哨、部门报到" (DOMAIN.md §5) as data (core.workflow).

Roles are what the actor is to this case (cases.services.roles_over): the village that handles it or
whistles (吹哨), the street that dispatches, gives the reporter feedback and follows up (派单、反馈、
回访), and the department it was dispatched to (报到、退单、办结). The handling limit comes from the case's
catalogue entry.

派 → 接 → 办 → 馈 → 访 (DOMAIN.md §5): once the department has resolved a case, the street tells the
reporter what was done (反馈, within a working day) and only then pays the follow-up visit that records
satisfaction (回访结案) or re-opens the case (重办); neither may skip the feedback.
"""

from zhenxing.core.workflow import Transition, Workflow

VILLAGE, STREET, DEPARTMENT = "village", "street", "department"
V, S, D = frozenset({VILLAGE}), frozenset({STREET}), frozenset({DEPARTMENT})
VILLAGE_HOURS = 48  # the village decides within two days whether it handles or whistles
FEEDBACK_WORKING_DAYS = 1  # the reporter hears back within a working day of 办结
FOLLOW_UP_WORKING_DAYS = 3  # the follow-up visit within three working days of the feedback


def response_hours(case) -> int:
    return case.category.response_hours if case.category_id else 2


def handling_hours(case) -> int | None:
    return case.category.limit_hours if case.category_id else None


def handling_days(case) -> int | None:
    if not case.category_id:
        return 7
    return case.category.limit_working_days if case.category.limit_hours is None else None


STATES = {
    "reported": "已上报",
    "whistled": "已吹哨（待派单）",
    "dispatched": "已派单（待报到）",
    "handling": "办理中",
    "resolved": "已办结（待反馈）",
    "fed_back": "已反馈（待回访）",
    "village_closed": "村级办结",
    "closed": "已结案",
}

CASE = Workflow(
    key="governance.case",
    label="吹哨报到",
    states=STATES,
    initial="reported",
    final=frozenset({"village_closed", "closed"}),
    transitions=(
        Transition("village_close", "村级办结", ("reported",), "village_closed", V,
                   required_fields=("result",)),
        Transition("whistle", "吹哨（报街道）", ("reported",), "whistled", V, hours=24,
                   comment_required=True),
        Transition("dispatch", "派单", ("whistled",), "dispatched", S, hours=response_hours,
                   required_fields=("lead_department",)),
        Transition("accept", "报到（接单）", ("dispatched",), "handling", D,
                   hours=handling_hours, working_days=handling_days),
        Transition("return", "退单", ("dispatched", "handling"), "whistled", D, hours=24,
                   comment_required=True, confirm="确定退单？案件将退回街道重新派单。"),
        Transition("resolve", "办结", ("handling",), "resolved", D, working_days=FEEDBACK_WORKING_DAYS,
                   required_fields=("result",), required_attachments=1),
        Transition("feedback", "反馈", ("resolved",), "fed_back", S, working_days=FOLLOW_UP_WORKING_DAYS,
                   required_fields=("feedback_method", "feedback")),
        Transition("close", "回访结案", ("fed_back",), "closed", S,
                   required_fields=("satisfaction", "evaluation")),
        Transition("reopen", "重办（不满意）", ("fed_back",), "handling", S,
                   hours=handling_hours, working_days=handling_days, comment_required=True,
                   confirm="确定重办？案件将退回主办部门重新办理，时限重新计算。"),
    ),
)

OPEN = frozenset(STATES) - CASE.final
# Which capability each step needs (the view refuses the others with 404, like anything out of reach).
CAPABILITY = {"village_close": "handle_case", "whistle": "handle_case", "dispatch": "dispatch_case",
              "feedback": "dispatch_case", "close": "dispatch_case", "reopen": "dispatch_case",
              "accept": "work_case", "return": "work_case", "resolve": "work_case"}
