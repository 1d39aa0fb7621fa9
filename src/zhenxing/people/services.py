"""Writes to the people registers: permission check, validation, write, audit."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from zhenxing.core import attachments, audit, audit_labels, personal
from zhenxing.core.idcard import IdNumberError, parse_id_number
from zhenxing.core.models import Attachment
from zhenxing.orgs import access
from zhenxing.orgs.models import OrgUnit
from zhenxing.people.models import Household, Person

audit_labels.declare({
    "household.create": "新建户",
    "person.create": "新建人员",
    "person.update": "修改人员信息",
    "person.reveal": "查看身份证号和电话",
    "household.attach": "户上传附件",
}, keys={"number": "户号", "relation": "与户主关系"})


def unit_path(village: OrgUnit, grid: OrgUnit | None) -> str:
    return grid.path if grid else village.path


def check_identity(*, id_number: str, gender: str | None, birth_date: date | None, today: date | None = None):
    """ID number valid and consistent with the stated gender and birth date; returns the decoded number."""
    try:
        parsed = parse_id_number(id_number, today=today)
    except IdNumberError as exc:
        raise ValidationError({"id_number": str(exc)}) from exc
    if gender and parsed.gender != gender:
        raise ValidationError({"gender": "性别与身份证号第17位不符"})
    if birth_date and parsed.birth_date != birth_date:
        raise ValidationError({"birth_date": "出生日期与身份证号不符"})
    return parsed


@transaction.atomic
def register_household(
    *,
    actor,
    number: str,
    village: OrgUnit,
    grid: OrgUnit | None = None,
    group: OrgUnit | None = None,
    address: str = "",
    collective_member: bool = True,
) -> Household:
    access.require(actor, access.EDIT_PEOPLE, village.path)
    if village.level != "village":
        raise ValidationError({"village": "户必须登记在村/社区"})
    for unit in (grid, group):
        if unit is not None and unit.parent_id != village.id:
            raise ValidationError({"grid": f"“{unit.name}”不属于{village.name}"})
    if Household.objects.filter(number=number).exists():
        raise ValidationError({"number": f"户编号“{number}”已存在"})
    household = Household.objects.create(
        number=number,
        village=village,
        grid=grid,
        group=group,
        path=unit_path(village, grid),
        address=address,
        collective_member=collective_member,
    )
    audit.record(
        actor=actor.user,
        action="household.create",
        obj=household,
        changes={"number": number, "village": village.code},
    )
    return household


@transaction.atomic
def add_person(
    *,
    actor,
    household: Household,
    name: str,
    id_number: str,
    relation: str,
    gender: str | None = None,
    birth_date: date | None = None,
    ethnicity: str = "汉族",
    education: str = "",
    political_status: str = "masses",
    phone: str = "",
    collective_member: bool | None = None,
) -> Person:
    access.require(actor, access.EDIT_PEOPLE, household.path)
    parsed = check_identity(id_number=id_number, gender=gender, birth_date=birth_date)
    if Person.objects.filter(id_number_hash=personal.lookup_hash(parsed.value)).exists():
        raise ValidationError({"id_number": "该身份证号已登记"})
    if relation == "head" and household.head_id:
        raise ValidationError({"relation": "该户已有户主"})
    person = Person(
        name=name,
        gender=parsed.gender,
        birth_date=parsed.birth_date,
        ethnicity=ethnicity,
        education=education,
        political_status=political_status,
        household=household,
        relation=relation,
        org_unit_id=household.grid_id or household.village_id,
        village_id=household.village_id,
        path=household.path,
        collective_member=household.collective_member if collective_member is None else collective_member,
    )
    person.set_id_number(parsed.value)
    if phone:
        person.set_phone(phone)
    person.full_clean(exclude=["id_number_enc", "phone_enc", "user"])
    person.save()
    if relation == "head":
        household.head = person
        household.save(update_fields=["head"])
    audit.record(
        actor=actor.user,
        action="person.create",
        obj=person,
        changes={"name": name, "household": household.number, "relation": relation},
    )
    return person


@transaction.atomic
def update_person(*, actor, person: Person, **fields) -> Person:
    access.require(actor, access.EDIT_PEOPLE, person.path)
    editable = {"name", "ethnicity", "education", "political_status", "phone", "relation"}
    unknown = set(fields) - editable
    if unknown:
        raise ValidationError({f: "此项不可修改" for f in unknown})
    before = {k: getattr(person, k) for k in editable - {"phone"}}
    for key, value in fields.items():
        if key == "phone":
            person.set_phone(value)
        else:
            setattr(person, key, value)
    person.full_clean(exclude=["id_number_enc", "phone_enc", "user"])
    person.save()
    after = {k: getattr(person, k) for k in editable - {"phone"}}
    changes = audit.diff(before, after)
    if "phone" in fields:
        changes["phone"] = ["***", "***"]  # never put the number itself into the log
    audit.record(actor=actor.user, action="person.update", obj=person, changes=changes)
    return person


@transaction.atomic
def reveal_personal(*, actor, person: Person) -> dict[str, str]:
    """Unmasked ID number and phone, for roles that need them; every reveal is audited."""
    access.require(actor, access.VIEW_PERSONAL, person.path)
    audit.record(
        actor=actor.user, action="person.reveal", obj=person, changes={"fields": ["id_number", "phone"]}
    )
    return {"id_number": personal.decrypt(person.id_number_enc), "phone": personal.decrypt(person.phone_enc)}


@transaction.atomic
def attach_to_household(*, actor, household: Household, upload) -> Attachment:
    """Evidence for a household (户口簿、承诺书 …), readable by whoever may see the household."""
    access.require(actor, access.ATTACH, household.path)
    attachment = attachments.store(
        upload=upload,
        owner_type="people.household",
        owner_id=str(household.pk),
        scope_path=household.path,
        user=actor.user,
    )
    audit.record(
        actor=actor.user,
        action="household.attach",
        obj=household,
        changes={"file": attachment.name, "sha256": attachment.sha256, "size": attachment.size},
    )
    return attachment
