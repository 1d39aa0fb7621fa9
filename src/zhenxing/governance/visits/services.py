"""Writes of 入户走访: a visit logged for a household, with its photos."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from zhenxing.core import attachments, audit, audit_labels
from zhenxing.governance.dates import past_problem
from zhenxing.governance.visits.models import Visit
from zhenxing.orgs import access
from zhenxing.people.models import Household

audit_labels.declare({"governance.visit": "入户走访"},
                      keys={"visited_on": "走访日期", "purpose": "走访事由", "photos": "照片数"})

PHOTOS = "governance.visit"  # owner type of a visit's photos


@transaction.atomic
def log_visit(*, actor, household: Household, visited_on: date | None, purpose: str, notes: str,
              follow_up_needed: bool = False, photos=()) -> Visit:
    """One visit to a household of the actor's grid (or village); photos are kept with it."""
    access.require(actor, access.VIEW_PEOPLE, household.path)
    access.require(actor, access.REPORT_CASE, household.path)
    errors = {}
    problem = past_problem(visited_on, "走访日期")
    if problem:
        errors["visited_on"] = problem
    elif visited_on.year < 2000:
        errors["visited_on"] = "走访日期有误"
    if purpose not in dict(Visit.PURPOSES):
        errors["purpose"] = "请选择走访事由"
    if not (notes or "").strip():
        errors["notes"] = "请填写走访情况"
    if errors:
        raise ValidationError(errors)
    visit = Visit.objects.create(household=household, path=household.path, visited_on=visited_on,
                                 purpose=purpose, notes=notes.strip(), follow_up_needed=follow_up_needed,
                                 visitor=actor.user)
    for upload in photos:
        attachments.store(upload=upload, owner_type=PHOTOS, owner_id=str(visit.pk), scope_path=visit.path,
                          user=actor.user)
    audit.record(actor=actor.user, action="governance.visit", obj=household,
                 changes={"visited_on": str(visited_on), "purpose": purpose, "photos": len(photos)})
    return visit
