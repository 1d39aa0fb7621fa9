"""People register endpoints; every read goes through people.selectors with the request's actor, so the
API sees exactly what the pages see."""

from django.http import FileResponse, Http404
from ninja import File, Query, Router, Status
from ninja.files import UploadedFile

from zhenxing.core import attachments
from zhenxing.orgs import access
from zhenxing.orgs.register_api import add_register
from zhenxing.orgs.schemas import FILE_RESPONSES, PageParams, paginate
from zhenxing.people import registers as r
from zhenxing.people import schemas, selectors, services
from zhenxing.people.schemas import (
    CadrePage,
    CadreQuery,
    HouseholdDetail,
    HouseholdPage,
    HouseholdQuery,
    PartyMemberPage,
    PartyMemberQuery,
    PersonDetail,
    PersonPage,
    PersonQuery,
    Revealed,
)

router = Router(tags=["人员"])
# The registers' data-exchange streams, before the hand-written `/{id}` routes that would take "export".
for register in (r.PERSONS, r.HOUSEHOLDS, r.PARTY_MEMBERS, r.CADRES):
    add_register(router, register, app="people", parts=("export",))


@router.get("/persons", response=PersonPage, summary="人员台账",
            description="权限范围内的人员，可按姓名/身份证号、单位、政治面貌、性别、年龄段筛选，分页。"
                        "身份证号和电话只给脱敏值。")
def list_persons(request, filters: Query[PersonQuery], pager: Query[PageParams]):
    f = selectors.PersonFilter(
        q=filters.q, village=filters.village, political_status=filters.political_status or "",
        gender=filters.gender or "", age_band=filters.age_band or "",
    )
    return paginate(selectors.persons(actor=request.actor, filters=f), pager, schemas.person_out)


@router.get("/persons/{person_id}", response=PersonDetail, summary="人员详情",
            description="一名人员的信息、党员身份与现任岗位；身份证号和电话为脱敏值。"
                        "不存在或不在权限范围内均返回 404。")
def get_person(request, person_id: int):
    actor = request.actor
    p = selectors.person(actor=actor, pk=person_id)
    membership = selectors.party_member_of(person=p)
    # Same as the person page: the current posts of a person already in scope.
    posts = selectors.current_posts(person=p)
    return {
        **schemas.person_out(p), "org_unit_code": p.org_unit.code, "org_unit_name": p.org_unit.name,
        "party_member": schemas.membership_out(membership) if membership else None,
        "posts": [schemas.post_out(c) for c in posts],
        "can_reveal": actor.can(access.VIEW_PERSONAL, p.path),
    }


@router.post("/persons/{person_id}/reveal", response=Revealed, summary="查看完整身份证号和电话",
             description="返回未脱敏的身份证号和电话，每次调用都记入审计日志（person.reveal）。"
                         "无“查看个人信息”权限或不在权限范围内返回 404。会话认证时须带 CSRF 令牌。")
def reveal_person(request, person_id: int):
    p = selectors.person(actor=request.actor, pk=person_id)
    return services.reveal_personal(actor=request.actor, person=p)


@router.get("/households", response=HouseholdPage, summary="户籍台账",
            description="权限范围内的户，可按户编号/户主姓名、单位筛选，分页。")
def list_households(request, filters: Query[HouseholdQuery], pager: Query[PageParams]):
    qs = selectors.households(actor=request.actor, q=filters.q, village=filters.village)
    return paginate(qs, pager, schemas.household_out)


@router.get("/households/{household_id}", response=HouseholdDetail, summary="户详情",
            description="一户的信息及其成员（含与户主关系）；不存在或不在权限范围内均返回 404。")
def get_household(request, household_id: int):
    h = selectors.household(actor=request.actor, pk=household_id)
    members = selectors.members(household=h)
    return {
        **schemas.household_out(h, size=len(members)),
        **schemas.unit_ref(h.group, "group"),
        "members": [schemas.member_out(m) for m in members],
    }


@router.get("/party-members", response=PartyMemberPage, summary="党员名册",
            description="权限范围内的党员，可按分类、单位筛选，分页。")
def list_party_members(request, filters: Query[PartyMemberQuery], pager: Query[PageParams]):
    qs = selectors.party_members(actor=request.actor, classification=filters.classification or "",
                                 village=filters.village)
    return paginate(qs, pager, schemas.party_member_out)


@router.get("/cadres", response=CadrePage, summary="干部名册",
            description="权限范围内的现任干部岗位，可按岗位、单位筛选，分页。")
def list_cadres(request, filters: Query[CadreQuery], pager: Query[PageParams]):
    qs = selectors.cadre_posts(actor=request.actor, post=filters.post or "", village=filters.village)
    return paginate(qs, pager, schemas.cadre_out)


# --- a household's evidence, the attachments' files, a villager's own household ----------------------------

@router.get("/households/{household_id}/attachments", response=list[schemas.AttachmentOut],
            summary="户的附件", description="户口簿、承诺书等附件，与户详情页相同；不在权限范围内返回 404。")
def list_household_attachments(request, household_id: int):
    h = selectors.household(actor=request.actor, pk=household_id)
    return [schemas.attachment_out(a) for a in selectors.household_attachments(household=h)]


@router.post("/households/{household_id}/attachments", response={201: list[schemas.AttachmentOut]},
             summary="上传户的附件",
             description="multipart/form-data 的 file 字段；类型和大小不符返回 422 及原因。"
                         "需要上传权限（户详情页的“上传”），返回该户的全部附件。")
def upload_household_attachment(request, household_id: int, file: File[UploadedFile]):
    h = selectors.household(actor=request.actor, pk=household_id)
    access.require(request.actor, access.ATTACH, h.path)
    services.attach_to_household(actor=request.actor, household=h, upload=file)
    return Status(201, [schemas.attachment_out(a) for a in selectors.household_attachments(household=h)])


@router.get("/attachments/{attachment_id}", summary="下载附件",
            openapi_extra={"responses": FILE_RESPONSES},
            description="户、宗地等的附件文件（与页面的下载相同）；不在权限范围内返回 404。")
def download_attachment(request, attachment_id: int):
    att = selectors.attachment(actor=request.actor, pk=attachment_id)
    return FileResponse(attachments.blob_path(att.sha256).open("rb"), content_type=att.content_type,
                        as_attachment=True, filename=att.name)


@router.get("/my-household", response=HouseholdDetail, summary="我的户",
            description="村民本人所在的户及其成员（与“我的户”页面相同）；账号未关联人员时返回 404。")
def get_my_household(request):
    h = selectors.own_household(actor=request.actor)
    if h is None:
        raise Http404
    members = selectors.members(household=h)
    return {**schemas.household_out(h, size=len(members)), **schemas.unit_ref(h.group, "group"),
            "members": [schemas.member_out(m) for m in members]}
