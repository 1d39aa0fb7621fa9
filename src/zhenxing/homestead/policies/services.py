"""Writes of 政策制度 (module 10): policies, their versions and the rules each version sets.

Only the district (MANAGE_POLICIES) writes; a policy is kept at the unit where the writer holds that
capability. A new version closes the version in force before it on the day before its own start, and
its rules copy its dates (homestead.policies.rules reads them without joins).
"""

from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction

from zhenxing.core import attachments, audit, audit_labels
from zhenxing.homestead.policies import rules as rule_table
from zhenxing.homestead.policies.models import Policy, PolicyRule, PolicyVersion
from zhenxing.orgs import access
from zhenxing.orgs.models import OrgUnit

audit_labels.declare({
    "homestead.policy.add": "新建政策",
    "homestead.policy.version": "发布政策新版本",
    "homestead.policy.edit": "修改政策",
}, keys={"effective_from": "施行日期", "effective_to": "废止日期", "rules": "规则",
         "superseded": "被替代的版本", "change_note": "修订说明"})

FIELDS = ("title", "number", "issuer", "level", "category")


def rule_field(key: str) -> str:
    return f"rule_{key}"


def check_rules(values: dict[str, object]) -> dict[str, Decimal]:
    """The rules a version sets, parsed and within bounds; empty values mean "not set by this version"."""
    checked, errors = {}, {}
    for key, raw in values.items():
        if key not in rule_table.RULES:
            errors["rules"] = f"未知的规则“{key}”"
            continue
        if raw is None or str(raw).strip() == "":
            continue
        rule = rule_table.RULES[key]
        try:
            number = Decimal(str(raw).strip())
        except InvalidOperation:
            errors[rule_field(key)] = f"“{rule.label}”应为数字"
            continue
        if not number.is_finite():
            errors[rule_field(key)] = f"“{rule.label}”应为数字"
            continue
        low, high = rule_table.BOUNDS[key]
        if rule_table.is_whole(key) and number != number.to_integral_value():
            errors[rule_field(key)] = f"“{rule.label}”应为整数（{rule.unit}）"
        elif not low <= number <= high:
            errors[rule_field(key)] = f"“{rule.label}”应在 {low}–{high} {rule.unit}之间"
        else:
            checked[key] = number.quantize(Decimal("0.01"))
    if errors:
        raise ValidationError(errors)
    return checked


def _check_fields(*, title, issuer, level, category, **_):
    errors = {}
    if not (title or "").strip():
        errors["title"] = "请填写标题"
    if not (issuer or "").strip():
        errors["issuer"] = "请填写发文机关"
    if level not in dict(Policy.LEVELS):
        errors["level"] = "请选择层级（国家/省/市/区）"
    if category not in dict(Policy.CATEGORIES):
        errors["category"] = "请选择类别"
    if errors:
        raise ValidationError(errors)


def _check_text(text: str) -> None:
    if not (text or "").strip():
        raise ValidationError({"text": "请填写全文"})


def _keeping_unit(actor) -> OrgUnit:
    paths = actor.paths(access.MANAGE_POLICIES)
    if not paths:
        access.require(actor, access.MANAGE_POLICIES)  # raises 404
    return OrgUnit.objects.get(path=paths[0])


def _attach(actor, policy: Policy, upload) -> int | None:
    if upload is None:
        return None
    stored = attachments.store(
        upload=upload,
        owner_type="homestead.policy",
        owner_id=str(policy.pk),
        scope_path=policy.path,
        user=actor.user,
    )
    return stored.pk


def _write_version(*, actor, policy, number, effective_from, effective_to, text, change_note, rules, upload):
    version = PolicyVersion.objects.create(
        policy=policy,
        number=number,
        effective_from=effective_from,
        effective_to=effective_to,
        text=text.strip(),
        change_note=(change_note or "").strip(),
        created_by=actor.user,
    )
    version.attachment_id = _attach(actor, policy, upload)
    if version.attachment_id:
        version.save(update_fields=["attachment_id"])
    PolicyRule.objects.bulk_create(
        [
            PolicyRule(
                version=version, key=k, value=v, effective_from=effective_from, effective_to=effective_to
            )
            for k, v in rules.items()
        ]
    )
    return version


def _check_dates(effective_from: date | None, effective_to: date | None) -> None:
    if effective_from is None:
        raise ValidationError({"effective_from": "请填写施行日期"})
    if effective_to is not None and effective_to < effective_from:
        raise ValidationError({"effective_to": "失效日期不能早于施行日期"})


@transaction.atomic
def add_policy(
    *,
    actor,
    title: str,
    number: str,
    issuer: str,
    level: str,
    category: str,
    effective_from: date | None,
    effective_to: date | None = None,
    text: str,
    change_note: str = "",
    rules: dict | None = None,
    upload=None,
) -> Policy:
    """A policy with its first version (and the rules that version sets)."""
    unit = _keeping_unit(actor)
    _check_fields(title=title, issuer=issuer, level=level, category=category)
    _check_dates(effective_from, effective_to)
    _check_text(text)
    checked = check_rules(rules or {})
    policy = Policy.objects.create(
        title=title.strip(),
        number=(number or "").strip(),
        issuer=issuer.strip(),
        level=level,
        category=category,
        org_unit=unit,
        path=unit.path,
    )
    _write_version(
        actor=actor,
        policy=policy,
        number=1,
        effective_from=effective_from,
        effective_to=effective_to,
        text=text,
        change_note=change_note,
        rules=checked,
        upload=upload,
    )
    audit.record(
        actor=actor.user,
        action="homestead.policy.add",
        obj=policy,
        changes={
            **{f: getattr(policy, f) for f in FIELDS},
            "effective_from": effective_from,
            "rules": checked,
        },
    )
    return policy


@transaction.atomic
def add_version(
    *,
    actor,
    policy: Policy,
    effective_from: date | None,
    effective_to: date | None = None,
    text: str,
    change_note: str,
    rules: dict | None = None,
    upload=None,
) -> PolicyVersion:
    """A new version from `effective_from`; the version in force before it ends the day before."""
    access.require(actor, access.MANAGE_POLICIES, policy.path)
    policy = Policy.objects.select_for_update().get(pk=policy.pk)
    if policy.status == "repealed":
        raise ValidationError({"status": "该政策已废止，不能再录入新版本"})
    _check_dates(effective_from, effective_to)
    _check_text(text)
    if not (change_note or "").strip():
        raise ValidationError({"change_note": "请填写修订说明"})
    checked = check_rules(rules or {})
    last = policy.versions.order_by("-number").first()
    if last and effective_from <= last.effective_from:
        raise ValidationError(
            {"effective_from": f"施行日期应晚于第{last.number}版的施行日期（{last.effective_from:%Y-%m-%d}）"}
        )
    end = effective_from - timedelta(days=1)
    superseded = policy.versions.filter(effective_from__lt=effective_from).exclude(
        effective_to__lt=effective_from
    )
    ended = list(superseded.values_list("number", flat=True))
    PolicyRule.objects.filter(version__in=superseded).update(effective_to=end)
    superseded.update(effective_to=end)
    version = _write_version(
        actor=actor,
        policy=policy,
        number=(last.number + 1) if last else 1,
        effective_from=effective_from,
        effective_to=effective_to,
        text=text,
        change_note=change_note,
        rules=checked,
        upload=upload,
    )
    audit.record(
        actor=actor.user,
        action="homestead.policy.version",
        obj=policy,
        changes={
            "version": version.number,
            "effective_from": effective_from,
            "effective_to": effective_to,
            "rules": checked,
            "superseded": ended,
            "change_note": version.change_note,
        },
    )
    return version


@transaction.atomic
def edit_policy(
    *,
    actor,
    policy: Policy,
    title: str,
    number: str,
    issuer: str,
    level: str,
    category: str,
    status: str,
    repealed_on: date | None = None,
) -> Policy:
    """The policy's description; repealing it ends every version (and rule) on the repeal date."""
    access.require(actor, access.MANAGE_POLICIES, policy.path)
    policy = Policy.objects.select_for_update().get(pk=policy.pk)
    _check_fields(title=title, issuer=issuer, level=level, category=category)
    if status not in dict(Policy.STATUSES):
        raise ValidationError({"status": "请选择状态（现行/已废止）"})
    if policy.status == "repealed" and status != "repealed":
        raise ValidationError({"status": "已废止的政策不能恢复为现行，请录入新的政策"})
    before = {f: getattr(policy, f) for f in (*FIELDS, "status", "repealed_on")}
    if status == "repealed" and policy.status != "repealed":
        if repealed_on is None:
            raise ValidationError({"repealed_on": "废止政策须填写废止日期"})
        last = policy.versions.order_by("-effective_from").first()
        if last and repealed_on < last.effective_from:
            raise ValidationError(
                {"repealed_on": f"废止日期不能早于现行版本的施行日期（{last.effective_from:%Y-%m-%d}）"}
            )
        running = policy.versions.exclude(effective_to__lte=repealed_on)
        PolicyRule.objects.filter(version__in=running).update(effective_to=repealed_on)
        running.update(effective_to=repealed_on)
        policy.repealed_on = repealed_on
    policy.title, policy.number, policy.issuer = title.strip(), (number or "").strip(), issuer.strip()
    policy.level, policy.category, policy.status = level, category, status
    policy.save()
    after = {f: getattr(policy, f) for f in (*FIELDS, "status", "repealed_on")}
    audit.record(
        actor=actor.user, action="homestead.policy.edit", obj=policy, changes=audit.diff(before, after)
    )
    return policy
