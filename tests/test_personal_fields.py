"""Every phone or ID number the platform keeps is declared personal once (core.personal), so it is stored
encrypted and shown masked; this walks every model and fails on a column that looks like one and is not."""

import re

from django.apps import apps

from zhenxing.core import personal

NAME = re.compile(
    r"phone|mobile|\btel\b|_tel$|^tel_|id_number|id_card|idcard|id_no\b|_id_(enc|hash|shown|masked)$"
)
LABEL = re.compile(r"电话|手机|身份证|证件号")


def _looks_personal(field) -> bool:
    return bool(NAME.search(field.name) or LABEL.search(str(getattr(field, "verbose_name", ""))))


def test_every_phone_or_id_column_is_declared_personal():
    undeclared = []
    for model in apps.get_models():
        columns = personal.declared_columns(model)
        for field in model._meta.concrete_fields:
            if _looks_personal(field) and field.name not in columns:
                undeclared.append(f"{model._meta.label}.{field.name}")
    assert undeclared == []


def test_each_declared_column_exists_on_its_model():
    missing = []
    for model in apps.get_models():
        names = {f.name for f in model._meta.concrete_fields}
        missing += [f"{model._meta.label}.{c}" for c in personal.declared_columns(model) if c not in names]
    assert missing == []


def test_the_walk_would_catch_a_plain_phone_column():
    from django.db import models

    looks = (("contact_phone", "联系方式"), ("owner_contact", "手机号码"), ("holder_id_card", "证照"))
    for name, label in looks:
        field = models.CharField(label, max_length=20)
        field.set_attributes_from_name(name)
        assert _looks_personal(field), name
    field = models.CharField("反馈方式", max_length=20)
    field.set_attributes_from_name("feedback_method")
    assert not _looks_personal(field)
