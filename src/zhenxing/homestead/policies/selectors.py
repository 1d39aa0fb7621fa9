"""Reads of 政策制度 (module 10).

Who sees a policy: policies are public documents within the district that keeps them, so a policy
stored at a unit is visible to every VIEW_ORGS holder at or below that unit (a village secretary reads
the district's policies), and to those above it (the district reads a street's own rules). A unit's
ancestors are the prefixes of its path, so this is an IN over a handful of paths plus the subtree range.
"""

from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from zhenxing.core.models import Attachment
from zhenxing.core.paths import under
from zhenxing.homestead.policies import rules
from zhenxing.homestead.policies.models import Policy, PolicyRule, PolicyVersion
from zhenxing.orgs import access
from zhenxing.orgs.access import Actor


def ancestors(path: str) -> list[str]:
    """'21/2101/210113/' -> ['21/', '21/2101/', '21/2101/210113/']"""
    parts = path.strip("/").split("/")
    return ["/".join(parts[: i + 1]) + "/" for i in range(len(parts))]


def visible(actor: Actor) -> QuerySet[Policy]:
    roots = actor.paths(access.VIEW_ORGS)
    if not roots:
        raise Http404
    return Policy.objects.filter(reduce(or_, (Q(path__in=ancestors(r)) | under(r) for r in roots)))


@dataclass
class PolicyFilter:
    q: str = ""
    level: str = ""
    category: str = ""
    status: str = ""


def policies(*, actor: Actor, filters: PolicyFilter | None = None) -> QuerySet[Policy]:
    f = filters or PolicyFilter()
    qs = visible(actor)
    if f.q:
        q = f.q.strip()
        qs = qs.filter(Q(title__contains=q) | Q(number__contains=q) | Q(issuer__contains=q))
    for name in ("level", "category", "status"):
        if getattr(f, name):
            qs = qs.filter(**{name: getattr(f, name)})
    return qs.prefetch_related(Prefetch("versions", PolicyVersion.objects.order_by("number"))).order_by(
        "status", "-pk"
    )


def policy(*, actor: Actor, pk: int) -> Policy:
    found = visible(actor).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def versions(*, policy: Policy) -> list[PolicyVersion]:
    found = list(
        policy.versions.order_by("-number").prefetch_related(
            Prefetch("rules", PolicyRule.objects.order_by("key"))
        )
    )
    ids = [v.attachment_id for v in found if v.attachment_id]
    files = Attachment.objects.in_bulk(ids)
    today = timezone.localdate()
    for v in found:
        v.file = files.get(v.attachment_id)
        v.current = v.in_force(today)
        for r in v.rules.all():
            rule = rules.RULES.get(r.key)
            r.label = rule.label if rule else r.key
            r.unit = rule.unit if rule else ""
            r.shown = int(r.value) if rule and rules.is_whole(r.key) else r.value
    return found


def current_version(policy: Policy) -> PolicyVersion | None:
    """The version in force today, from the prefetched versions (no query)."""
    today = timezone.localdate()
    return next((v for v in policy.versions.all() if v.in_force(today)), None)


def rules_in_force(*, actor: Actor, on=None) -> list[dict]:
    """Every rule with the value in force on `on` and the version that sets it (None: the default)."""
    visible(actor)  # the page is for policy readers only
    rows = []
    for key, rule in rules.RULES.items():
        rows.append(
            {
                "key": key,
                "label": rule.label,
                "unit": rule.unit,
                "value": rules.value(key, on),
                "source": rules.source(key, on),
                "default": rule.default_value(),
            }
        )
    return rows


def attachment(*, actor: Actor, pk: int) -> Attachment:
    att = Attachment.objects.filter(pk=pk, owner_type="homestead.policy").first()
    if att is None or not visible(actor).filter(pk=int(att.owner_id)).exists():
        raise Http404
    return att


def latest_rule_values(*, policy: Policy) -> dict[str, str]:
    """Form initial values: the rules the policy's latest version sets, by form field name."""
    from zhenxing.homestead.policies.services import rule_field

    latest = policy.versions.order_by("-number").first()
    if latest is None:
        return {}
    return {rule_field(r.key): format(r.value.normalize(), "f") for r in latest.rules.all()}
