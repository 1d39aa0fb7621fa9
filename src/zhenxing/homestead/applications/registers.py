"""申请审批's register, declared once: the page, the Excel export and the API's data-exchange stream beside
the hand-written list and detail of applications/api.py."""

from zhenxing.homestead.applications import selectors
from zhenxing.homestead.applications.indicators import APPLICATION_COLUMNS, application_url
from zhenxing.homestead.applications.workflows import STATES
from zhenxing.orgs.registers import Filter, Register

DEADLINES = (("overdue", "已超期"), ("near", "两日内到期"))

APPLICATIONS = Register(
    name="applications", title="宅基地申请审批", item="宅基地申请", rows=selectors.applications,
    filter_class=selectors.ApplicationFilter,
    filters=(
        Filter("q", "申请编号或户主"),
        Filter("village", "村/社区", "village"),
        Filter("state", "状态", "select", tuple(STATES.items())),
        Filter("deadline", "时限", "select", DEADLINES),
    ),
    columns=APPLICATION_COLUMNS, url_of=application_url,
    description="调用者可见的申请（村民只见本户，部门只见联审中的）",
)
