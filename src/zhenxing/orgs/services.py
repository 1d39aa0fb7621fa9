"""Writes to the org tree and to role assignments. Each checks permission, validates, writes, audits."""

from django.core.exceptions import ValidationError
from django.db import transaction

from zhenxing.core import audit
from zhenxing.orgs import access, codes
from zhenxing.orgs.models import Department, OrgUnit, RoleAssignment


@transaction.atomic
def create_org_unit(
    *, actor, code: str, name: str, development_village: bool = False, synthetic: bool = False
) -> OrgUnit:
    try:
        level = codes.level_of(code)
    except codes.CodeError as exc:
        raise ValidationError({"code": str(exc)}) from exc
    parent_code = codes.parent_code(code)
    parent = OrgUnit.objects.filter(code=parent_code).first() if parent_code else None
    if parent_code and parent is None:
        raise ValidationError({"code": f"上级单位“{parent_code}”不存在"})
    if parent is not None:
        access.require(actor, access.IMPORT, parent.path)
    elif not actor.user.is_superuser:
        raise ValidationError({"code": "只有系统管理员可以建立省级单位"})
    unit = OrgUnit(
        code=code,
        name=name,
        level=level,
        parent=parent,
        path=codes.path_for(code),
        development_village=development_village,
        synthetic=synthetic,
    )
    unit.full_clean()
    unit.save()
    audit.record(
        actor=actor.user,
        action="org_unit.create",
        obj=unit,
        changes={"code": code, "name": name, "level": level},
    )
    return unit


@transaction.atomic
def create_department(*, actor, org_unit: OrgUnit, name: str, staff_sunk: int = 0) -> Department:
    access.require(actor, access.IMPORT, org_unit.path)
    department = Department.objects.create(
        name=name, org_unit=org_unit, path=org_unit.path, staff_sunk=staff_sunk
    )
    audit.record(actor=actor.user, action="department.create", obj=department, changes={"name": name})
    return department


@transaction.atomic
def assign_role(
    *, actor, user, role: str, org_unit: OrgUnit | None = None, department: Department | None = None
) -> RoleAssignment:
    """Grant `role` at a unit or a department. Only a system administrator over that place may grant, and
    only a superuser grants the three officer roles (三员分立)."""
    if role not in access.ROLES:
        raise ValidationError({"role": f"未知角色“{role}”"})
    if role in access.OFFICER_ROLES and not actor.user.is_superuser:
        raise ValidationError({"role": "系统管理员、安全管理员、安全审计员只能由超级用户授予"})
    if (org_unit is None) == (department is None):
        raise ValidationError({"org_unit": "须指定一个组织单元或一个部门"})
    place = org_unit or department
    if not actor.user.is_superuser:
        access.require(actor, access.MANAGE_USERS, place.path)
    assignment = RoleAssignment.objects.create(user=user, role=role, org_unit=org_unit, department=department)
    audit.record(
        actor=actor.user,
        action="role.assign",
        object_type="auth.user",
        object_id=str(user.pk),
        object_repr=user.get_username(),
        scope_path=place.path,
        changes={"role": role, "place": str(place)},
    )
    return assignment
