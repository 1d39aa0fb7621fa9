from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from zhenxing.core.paths import PathField
from zhenxing.orgs import codes


class OrgUnit(models.Model):
    LEVEL_CHOICES = [(k, v) for k, v in codes.LEVEL_LABELS.items()]

    code = models.CharField("代码", max_length=16, unique=True)
    name = models.CharField("名称", max_length=100)
    level = models.CharField("层级", max_length=10, choices=LEVEL_CHOICES, db_index=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    path = PathField(unique=True)
    development_village = models.BooleanField("具备发展条件村", default=False)
    # Village boundary as GeoJSON (EPSG:4490): parcels and applications must lie inside it.
    boundary = models.TextField("边界（GeoJSON）", blank=True)
    synthetic = models.BooleanField("合成数据", default=False)

    class Meta:
        ordering = ["path"]
        verbose_name = "组织单元"

    def __str__(self):
        return self.name

    @property
    def kind_label(self) -> str:
        if self.level == "town":
            return codes.town_kind(self.code)
        if self.level == "village":
            return codes.village_kind(self.code)
        return codes.LEVEL_LABELS[self.level]

    def clean(self):
        try:
            level = codes.level_of(self.code)
        except codes.CodeError as exc:
            raise ValidationError({"code": str(exc)}) from exc
        if level != self.level:
            raise ValidationError({"level": f"代码“{self.code}”对应层级为{codes.LEVEL_LABELS[level]}"})
        expected_parent = codes.parent_code(self.code)
        if expected_parent and (self.parent is None or self.parent.code != expected_parent):
            raise ValidationError({"parent": f"上级单位应为代码“{expected_parent}”"})
        if self.parent and self.parent.level not in codes.PARENT_LEVEL.get(self.level, ()):
            raise ValidationError({"parent": "上级单位层级不符"})


class PartyOrg(models.Model):
    KINDS = [
        ("district_committee", "区委"),
        ("street_committee", "街道党工委"),
        ("village_committee", "村党委"),
        ("village_general_branch", "村党总支"),
        ("village_branch", "村党支部"),
        ("industry_committee", "产业联合党委"),
        ("enterprise_branch", "企业党组织"),
    ]
    name = models.CharField("名称", max_length=100)
    kind = models.CharField("类型", max_length=32, choices=KINDS)
    org_unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="party_orgs")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    path = PathField(db_index=True)
    member_villages = models.ManyToManyField(OrgUnit, blank=True, related_name="joint_committees")
    synthetic = models.BooleanField(default=False)

    class Meta:
        ordering = ["path", "name"]
        verbose_name = "党组织"

    def __str__(self):
        return self.name


class Department(models.Model):
    name = models.CharField("名称", max_length=100)
    org_unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="departments")
    path = PathField(db_index=True)
    staff_sunk = models.PositiveIntegerField("下沉人数", default=0)

    class Meta:
        ordering = ["path", "name"]
        constraints = [models.UniqueConstraint(fields=["org_unit", "name"], name="department_name_per_unit")]
        verbose_name = "部门"

    def __str__(self):
        return self.name


class RoleAssignment(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_assignments"
    )
    role = models.CharField(max_length=32)
    org_unit = models.ForeignKey(OrgUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey(
        Department, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(org_unit__isnull=False) | models.Q(department__isnull=False),
                name="assignment_has_unit_or_department",
            )
        ]

    def __str__(self):
        return f"{self.user} {self.role}"

    @property
    def path(self) -> str:
        return self.org_unit.path if self.org_unit_id else self.department.path


class ApiToken(models.Model):
    """Bearer tokens for the API; only a hash is stored, the token is shown once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return self.name
