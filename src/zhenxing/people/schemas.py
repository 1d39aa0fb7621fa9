"""API schemas for the people registers. ID numbers and phones appear only masked here; the unmasked
values come solely from the audited reveal endpoint."""

from datetime import date, datetime
from typing import Literal

from django.utils import timezone
from ninja import Field, Schema

from zhenxing.orgs.schemas import PageMeta
from zhenxing.people import choices


def _keys(pairs):
    # Literal built from the code lists, so OpenAPI shows the allowed values and bad ones answer 422.
    return Literal[tuple(p[0] for p in pairs)]


def _described(pairs) -> str:
    return "、".join(f"{p[0]}={p[1]}" for p in pairs)


Gender = _keys(choices.GENDERS)
PoliticalStatus = _keys(choices.POLITICAL_STATUS)
AgeBand = _keys(choices.AGE_BANDS)
PartyClass = _keys(choices.PARTY_CLASSES)
CadrePostKind = _keys(choices.CADRE_POSTS)

VILLAGE_HELP = "单位代码（村/社区、街道等），列出其下全部记录"


class PersonQuery(Schema):
    q: str = Field("", description="姓名（前缀匹配）或完整18位身份证号（精确匹配）")
    village: str = Field("", description=VILLAGE_HELP)
    political_status: PoliticalStatus | None = Field(
        None, description="政治面貌：" + _described(choices.POLITICAL_STATUS))
    gender: Gender | None = Field(None, description="性别：" + _described(choices.GENDERS))
    age_band: AgeBand | None = Field(None, description="年龄段：" + _described(choices.AGE_BANDS)
                                     + "（“80+”在查询串中须写作 80%2B）")


class HouseholdQuery(Schema):
    q: str = Field("", description="户编号或户主姓名（前缀匹配）")
    village: str = Field("", description=VILLAGE_HELP)


class PartyMemberQuery(Schema):
    classification: PartyClass | None = Field(
        None, description="党员分类：" + _described(choices.PARTY_CLASSES))
    village: str = Field("", description=VILLAGE_HELP)


class CadreQuery(Schema):
    post: CadrePostKind | None = Field(None, description="岗位：" + _described(choices.CADRE_POSTS))
    village: str = Field("", description=VILLAGE_HELP)


class PersonOut(Schema):
    id: int
    name: str
    gender: str
    gender_label: str
    birth_date: date
    age: int
    ethnicity: str
    education: str
    education_label: str
    political_status: str
    political_label: str
    id_number_masked: str = Field(..., description="身份证号（脱敏）")
    phone_masked: str = Field(..., description="联系电话（脱敏）")
    household_id: int | None
    household_number: str | None
    relation: str
    relation_label: str = Field(..., description="与户主关系")
    village_code: str | None
    village_name: str | None
    collective_member: bool = Field(..., description="集体经济组织成员")


class PartyMembershipOut(Schema):
    classification: str
    classification_label: str
    branch: str
    joined_on: date
    probationary: bool


class PostOut(Schema):
    post: str
    post_label: str
    title: str
    org_unit_code: str
    org_unit_name: str
    sending_unit: str
    started_on: date


class PersonDetail(PersonOut):
    org_unit_code: str
    org_unit_name: str
    party_member: PartyMembershipOut | None
    posts: list[PostOut] = Field(..., description="现任岗位")
    can_reveal: bool = Field(..., description="当前用户可否查看完整身份证号和电话（经 reveal 接口，留痕）")


class PersonPage(PageMeta):
    items: list[PersonOut]


class Revealed(Schema):
    id_number: str = Field(..., description="完整身份证号")
    phone: str = Field(..., description="完整联系电话")


class HouseholdOut(Schema):
    id: int
    number: str
    village_code: str
    village_name: str
    grid_code: str | None
    grid_name: str | None
    address: str
    head_id: int | None
    head_name: str | None
    collective_member: bool = Field(..., description="集体经济组织成员户")
    size: int = Field(..., description="人数")


class MemberOut(Schema):
    id: int
    name: str
    gender: str
    gender_label: str
    birth_date: date
    age: int
    relation: str
    relation_label: str
    political_status: str
    political_label: str
    id_number_masked: str = Field(..., description="身份证号（脱敏）")


class HouseholdDetail(HouseholdOut):
    group_code: str | None
    group_name: str | None
    members: list[MemberOut]


class HouseholdPage(PageMeta):
    items: list[HouseholdOut]


class PartyMemberOut(Schema):
    id: int
    person_id: int
    name: str
    gender_label: str
    birth_date: date
    classification: str
    classification_label: str
    branch: str
    joined_on: date
    probationary: bool


class PartyMemberPage(PageMeta):
    items: list[PartyMemberOut]


class CadreOut(PostOut):
    id: int
    person_id: int
    name: str
    gender_label: str
    familiar_with_agriculture: bool = Field(..., description="熟悉“三农”工作")


class CadrePage(PageMeta):
    items: list[CadreOut]


def age(born: date, today: date | None = None) -> int:
    today = today or timezone.localdate()
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def unit_ref(unit, prefix: str) -> dict:
    return {f"{prefix}_code": unit.code if unit else None, f"{prefix}_name": unit.name if unit else None}


def person_out(p) -> dict:
    return {
        "id": p.pk, "name": p.name, "gender": p.gender, "gender_label": p.gender_label,
        "birth_date": p.birth_date, "age": age(p.birth_date), "ethnicity": p.ethnicity,
        "education": p.education, "education_label": p.education_label,
        "political_status": p.political_status, "political_label": p.political_label,
        "id_number_masked": p.id_number_masked, "phone_masked": p.phone_masked,
        "household_id": p.household_id, "household_number": p.household.number if p.household_id else None,
        "relation": p.relation, "relation_label": p.relation_label,
        **unit_ref(p.village, "village"), "collective_member": p.collective_member,
    }


def member_out(p) -> dict:
    return {
        "id": p.pk, "name": p.name, "gender": p.gender, "gender_label": p.gender_label,
        "birth_date": p.birth_date, "age": age(p.birth_date), "relation": p.relation,
        "relation_label": p.relation_label, "political_status": p.political_status,
        "political_label": p.political_label, "id_number_masked": p.id_number_masked,
    }


def membership_out(m) -> dict:
    return {
        "classification": m.classification, "classification_label": m.classification_label,
        "branch": m.branch.name, "joined_on": m.joined_on, "probationary": m.probationary,
    }


def post_out(c) -> dict:
    return {
        "post": c.post, "post_label": c.post_label, "title": c.title, "org_unit_code": c.org_unit.code,
        "org_unit_name": c.org_unit.name, "sending_unit": c.sending_unit, "started_on": c.started_on,
    }


def household_out(h, size: int | None = None) -> dict:
    return {
        "id": h.pk, "number": h.number, **unit_ref(h.village, "village"), **unit_ref(h.grid, "grid"),
        "address": h.address, "head_id": h.head_id, "head_name": h.head.name if h.head_id else None,
        "collective_member": h.collective_member, "size": h.size if size is None else size,
    }


def party_member_out(m) -> dict:
    return {
        "id": m.pk, "person_id": m.person_id, "name": m.person.name, "gender_label": m.person.gender_label,
        "birth_date": m.person.birth_date, "classification": m.classification,
        "classification_label": m.classification_label, "branch": m.branch.name, "joined_on": m.joined_on,
        "probationary": m.probationary,
    }


def cadre_out(c) -> dict:
    return {
        **post_out(c), "id": c.pk, "person_id": c.person_id, "name": c.person.name,
        "gender_label": c.person.gender_label, "familiar_with_agriculture": c.familiar_with_agriculture,
    }


class AttachmentOut(Schema):
    id: int
    name: str = Field(..., description="文件名")
    content_type: str
    size: int = Field(..., description="字节数")
    sha256: str
    created_at: datetime = Field(..., description="上传时间")
    url: str = Field(..., description="下载地址（API）")


def attachment_out(a) -> dict:
    return {"id": a.pk, "name": a.name, "content_type": a.content_type, "size": a.size, "sha256": a.sha256,
            "created_at": a.created_at, "url": f"/api/v1/attachments/{a.pk}"}
