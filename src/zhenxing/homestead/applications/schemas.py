"""API schemas of 申请审批: the application list, detail, new application and step bodies."""

from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from ninja import Field, Schema

from zhenxing.homestead.applications.models import Application
from zhenxing.homestead.applications.workflows import STATES
from zhenxing.homestead.parcels.schemas import VILLAGE_HELP, described, keys_of
from zhenxing.orgs.schemas import PageMeta, decimal_between

State = keys_of(list(STATES.items()))


class ApplicationQuery(Schema):
    q: str = Field("", description="申请编号或户主姓名（前缀）")
    village: str = Field("", description=VILLAGE_HELP)
    state: State | None = Field(None, description="状态：" + described(list(STATES.items())))
    deadline: Literal["overdue", "near"] | None = Field(
        None, description="时限：overdue=已超期、near=两日内到期")


class ApplicationIn(Schema):
    household: str = Field("", description="申请户户编号；村民为本户申请时可不填")
    kind: keys_of(Application.KINDS) = Field(..., description="申请类型：" + described(Application.KINDS))
    reason: str
    location: str = Field(..., description="拟用地坐落")
    geometry: dict = Field(..., description="用地范围，GeoJSON 面（Polygon），EPSG:4490 经纬度")
    building_area_m2: decimal_between(1, 2000) = Field(..., description="拟建房屋建筑面积（平方米），1–2000，"
                                                                        "最多两位小数")
    floors: int = Field(..., ge=1, le=5)
    old_parcel: str = Field("", description="原宅基地宗地代码（翻建、异址新建、改扩建时必填）")
    east: str = ""
    south: str = ""
    west: str = ""
    north: str = ""


class StepIn(Schema):
    comment: str = Field("", description="意见；退回、不予批准时必填")
    data: dict[str, str] = Field(default_factory=dict, description="该环节要求填写的字段，如 meeting_date")
    attachment_ids: list[int] = Field(default_factory=list, description="本环节所附材料（已上传的附件编号）")


class ApplicationOut(Schema):
    id: int
    code: str
    village_code: str
    village_name: str
    household_number: str
    applicant: str | None
    kind: str
    state: str
    state_label: str
    due_at: datetime | None
    site_area_m2: Decimal
    building_area_m2: Decimal
    floors: int
    approval_number: str
    approved_on: date | None
    parcel_code: str | None


class CheckOut(Schema):
    label: str
    passed: bool | None
    detail: str


class StepOut(Schema):
    transition: str
    from_state: str
    to_state: str
    actor: str | None = Field(None, description="办理人的账号（登录名）；系统办理时为 null")
    actor_name: str = Field(..., description="办理人姓名和单位，如 王建国（马刚村·村党组织书记）；"
                                             "系统办理为“系统”")
    comment: str
    data: dict
    created_at: datetime


class TransitionOut(Schema):
    name: str
    label: str
    required_fields: list[str]
    required_attachments: int
    comment_required: bool


class ApplicationDetail(ApplicationOut):
    reason: str
    location: str
    geometry: dict | None
    checks: list[CheckOut] = Field(..., description="自动核查结果；只给审核人员，申请人为空列表")
    history: list[StepOut]
    transitions: list[TransitionOut] = Field(..., description="调用者当前可办理的环节")


class ApplicationPage(PageMeta):
    items: list[ApplicationOut]


def application_out(a: Application) -> dict:
    head = a.household.head
    return {
        "id": a.pk, "code": a.code, "village_code": a.village.code, "village_name": a.village.name,
        "household_number": a.household.number, "applicant": head.name if head else None, "kind": a.kind,
        "state": a.state, "state_label": STATES[a.state], "due_at": a.due_at, "site_area_m2": a.site_area_m2,
        "building_area_m2": a.building_area_m2, "floors": a.floors, "approval_number": a.approval_number,
        "approved_on": a.approved_on, "parcel_code": a.parcel.code if a.parcel_id else None,
    }


# --- the application page's other records: files, 公示 objections, 联审 opinions ---------------------------

class FileOut(Schema):
    id: int = Field(..., description="材料 id（办理环节的 attachment_ids 用它）")
    name: str
    size: int = Field(..., description="字节数")
    content_type: str
    uploaded_at: datetime
    url: str = Field(..., description="下载地址")


class ObjectionOut(Schema):
    id: int
    raised_by: str = Field(..., description="异议人")
    raised_on: date = Field(..., description="提出日期")
    content: str = Field(..., description="异议内容")
    upheld: bool | None = Field(None, description="异议是否成立；为 null 时尚未处理")
    resolution: str = Field(..., description="处理意见")
    resolved_at: datetime | None = None


class OpinionOut(Schema):
    round: int = Field(..., description="联审轮次（退回后重审为下一轮）")
    part: str = Field(..., description="审查部门：natural_resources=自然资源、housing=住房和城乡建设、"
                                        "agriculture=农业农村")
    part_label: str
    department: str = Field(..., description="签署的部门")
    agree: bool
    opinion: str = Field(..., description="审查意见")
    signed_at: datetime


def file_out(application_pk: int, att) -> dict:
    from django.urls import reverse

    return {"id": att.pk, "name": att.name, "size": att.size, "content_type": att.content_type,
            "uploaded_at": att.created_at,
            "url": reverse("api:homestead_application_file",
                           kwargs={"application_id": application_pk, "file_id": att.pk})}


def objection_out(o) -> dict:
    return {"id": o.pk, "raised_by": o.raised_by, "raised_on": o.raised_on, "content": o.content,
            "upheld": o.upheld, "resolution": o.resolution, "resolved_at": o.resolved_at}


def opinion_out(o) -> dict:
    return {"round": o.round, "part": o.part, "part_label": o.get_part_display(),
            "department": o.department.name, "agree": o.agree, "opinion": o.opinion, "signed_at": o.signed_at}
