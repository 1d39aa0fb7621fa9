from django.conf import settings
from django.db import models

from zhenxing.core import personal
from zhenxing.core.paths import PathField
from zhenxing.orgs.models import OrgUnit, PartyOrg
from zhenxing.people import choices


class Household(models.Model):
    """户: a household registered in a village; `path` is its grid's (or village's) path for scoping."""

    number = models.CharField("户编号", max_length=32, unique=True)
    village = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="households")
    group = models.ForeignKey(OrgUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    grid = models.ForeignKey(OrgUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    path = PathField(db_index=True)
    address = models.CharField("住址", max_length=200, blank=True)
    head = models.ForeignKey("Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    collective_member = models.BooleanField("集体经济组织成员户", default=True)
    synthetic = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["path", "number"]
        verbose_name = "户"

    def __str__(self):
        return f"{self.number}"


class Person(models.Model):
    name = models.CharField("姓名", max_length=50)  # indexed with the path, below
    gender = models.CharField("性别", max_length=1, choices=choices.GENDERS)
    birth_date = models.DateField("出生日期", db_index=True)
    ethnicity = models.CharField("民族", max_length=20, default="汉族")
    education = models.CharField("文化程度", max_length=16, choices=choices.EDUCATION, blank=True)
    political_status = models.CharField(
        "政治面貌", max_length=16, choices=choices.POLITICAL_STATUS, default="masses", db_index=True
    )
    id_number_enc = models.TextField(blank=True)
    id_number_hash = models.CharField(max_length=64, db_index=True, blank=True)
    id_number_masked = models.CharField("身份证号", max_length=18, blank=True)
    phone_enc = models.TextField(blank=True)
    phone_masked = models.CharField("联系电话", max_length=20, blank=True)
    household = models.ForeignKey(
        Household, null=True, blank=True, on_delete=models.PROTECT, related_name="members"
    )
    relation = models.CharField("与户主关系", max_length=16, choices=choices.RELATIONS, blank=True)
    org_unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    village = models.ForeignKey(OrgUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    path = PathField(db_index=True)
    collective_member = models.BooleanField("集体经济组织成员", default=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="person"
    )
    synthetic = models.BooleanField(default=False)

    personal_fields = personal.Declared(
        personal.Personal("id_number", personal.ID_NUMBER, lookup=True),
        personal.Personal("phone", personal.PHONE),
    )

    class Meta:
        ordering = ["path", "id"]
        verbose_name = "人员"
        indexes = [
            models.Index(fields=["path", "political_status"]),
            models.Index(fields=["village", "name"]),
            # A name, or its beginning, inside a scope (the search box, the register's filter): the scope is
            # tested in the index, so only the persons shown are read from the table, and the searches of
            # households and applications by the head's name read the ids from the index alone. It replaces
            # the name's own two indexes (b-tree and pattern_ops), which PostgreSQL preferred, reading every
            # namesake in the province from the table. SQLite gets (name, path). bench/README.md, "Search".
            models.Index(fields=["name", "path"], name="person_name_prefix_path",
                         opclasses=["varchar_pattern_ops", "varchar_ops"], include=["id"]),
        ]

    def __str__(self):
        return self.name

    def set_id_number(self, value: str) -> None:
        personal.store(self, "id_number", value)

    def set_phone(self, value: str) -> None:
        personal.store(self, "phone", value)

    @property
    def gender_label(self):
        return choices.label(choices.GENDERS, self.gender)

    @property
    def political_label(self):
        return choices.label(choices.POLITICAL_STATUS, self.political_status)

    @property
    def relation_label(self):
        return choices.label(choices.RELATIONS, self.relation)

    @property
    def education_label(self):
        return choices.label(choices.EDUCATION, self.education)


class PartyMember(models.Model):
    person = models.OneToOneField(Person, on_delete=models.PROTECT, related_name="party_member")
    branch = models.ForeignKey(PartyOrg, on_delete=models.PROTECT, related_name="members")
    classification = models.CharField("分类", max_length=16, choices=choices.PARTY_CLASSES, db_index=True)
    joined_on = models.DateField("入党时间")
    probationary = models.BooleanField("预备党员", default=False)
    path = PathField(db_index=True)

    class Meta:
        ordering = ["path", "id"]
        verbose_name = "党员"

    def __str__(self):
        return self.person.name

    @property
    def classification_label(self):
        return choices.label(choices.PARTY_CLASSES, self.classification)


class CadrePost(models.Model):
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="posts")
    post = models.CharField("岗位", max_length=32, choices=choices.CADRE_POSTS, db_index=True)
    title = models.CharField("职务", max_length=50, blank=True)
    org_unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="cadre_posts")
    path = PathField(db_index=True)
    sending_unit = models.CharField("派出单位", max_length=100, blank=True)
    familiar_with_agriculture = models.BooleanField("熟悉“三农”工作", default=False)
    started_on = models.DateField("任职时间")
    ended_on = models.DateField("离任时间", null=True, blank=True)

    class Meta:
        ordering = ["path", "post", "id"]
        verbose_name = "干部岗位"

    def __str__(self):
        return f"{self.person.name}（{self.post_label}）"

    @property
    def post_label(self):
        return choices.label(choices.CADRE_POSTS, self.post)
