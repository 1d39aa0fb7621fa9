"""Pages of 积分申报: the claims list (with approve and reject for approvers), the phone-friendly claim form,
a claim with its evidence and steps, a holder's itemised history (明细), and the 三会一课 register."""

from datetime import date

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from zhenxing.core import attachments
from zhenxing.core.feedback import flash_errors, whole_number
from zhenxing.orgs import access
from zhenxing.orgs import selectors as org_selectors
from zhenxing.orgs.registers import query_filter
from zhenxing.people.models import PartyMember
from zhenxing.points.claims import forms, selectors, services
from zhenxing.points.claims import registers as r
from zhenxing.points.claims.models import Meeting
from zhenxing.points.claims.workflows import CLAIM, STATES
from zhenxing.points.dates import parse_day
from zhenxing.points.rules.models import RuleItem


def _back(request, fallback: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return fallback


def claims(request):
    actor = request.actor
    query = request.GET.copy()
    if "state" not in query and actor.can(access.APPROVE_POINTS):
        query["state"] = "proposed"  # an approver's list opens on what waits for them
    f = query_filter(selectors.ClaimFilter, query)
    qs = selectors.claims(actor=actor, filters=f)
    page = Paginator(qs, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    for c in page.object_list:
        c.decidable = c.state == "proposed" and services.can_decide(actor, c)
    params = query.copy()
    params.pop("page", None)
    return render(request, "points/claims/list.html", {
        "page": page, "f": f, "query": params.urlencode(), "states": list(STATES.items()),
        "state_map": STATES,
        "schemes": selectors.schemes(), "villages": org_selectors.village_choices(actor=actor),
        "can_propose": actor.can(access.PROPOSE_POINTS), "year_start": date(timezone.localdate().year, 1, 1),
        "here": request.get_full_path(),
    })


def claim_new(request):
    actor = request.actor
    access.require(actor, access.PROPOSE_POINTS)
    fields = ("scheme", "holder", "item", "quantity", "occurred_on", "description")
    values = {k: request.POST.get(k, request.GET.get(k, "")) for k in fields}
    values["quantity"] = values["quantity"] or "1"
    values["occurred_on"] = values["occurred_on"] or timezone.localdate().isoformat()
    if request.method == "POST":
        data = MultiValueDict({k: [v] for k, v in values.items()})
        try:
            claim = r.PROPOSE.submit(actor, data, request.FILES)
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            messages.success(request, f"已提交申报 {claim.code}（{claim.points:+d} 分），等待村审核；"
                                      "审核通过后记入积分账户，不通过会写明理由。")
            return redirect("points:claim", claim.pk)
    items = selectors.proposable_items(actor=actor)
    homes, members = selectors.holder_choices(actor=actor)
    groups: dict[str, list[RuleItem]] = {}
    for item in items:
        groups.setdefault(item.book.scheme.name, []).append(item)
    return render(request, "points/claims/new.html", {
        "values": values, "schemes": selectors.schemes(), "item_groups": groups.items(), "homes": homes,
        "members": members, "today": timezone.localdate(),
    }, status=400 if request.method == "POST" else 200)


def claim(request, pk):
    actor = request.actor
    obj = selectors.claim(actor=actor, pk=pk)
    reversal = None
    if obj.entry_id:
        reversal = obj.entry.__class__.objects.filter(reverses_id=obj.entry_id).first()
    holder_kind = "member" if obj.member_id else "household"
    return render(request, "points/claims/claim.html", {
        "c": obj, "state_label": STATES.get(obj.state, obj.state), "files": selectors.evidence(claim=obj),
        "steps": selectors.steps(claim=obj), "states": STATES, "reversal": reversal,
        "decidable": obj.state == "proposed" and services.can_decide(actor, obj),
        "correctable": obj.state == "approved" and actor.can(access.APPROVE_POINTS, obj.path),
        "history_url": reverse("points:history", args=[holder_kind, obj.member_id or obj.household_id])
        + f"?scheme={obj.scheme.code}&year={obj.occurred_on.year}",
    })


@require_POST
def claim_act(request, pk):
    actor = request.actor
    obj = selectors.claim(actor=actor, pk=pk)
    access.require(actor, access.APPROVE_POINTS, obj.path)
    action = request.POST.get("action", "")
    reason = request.POST.get("reason", "")
    try:
        if action == "approve":
            services.approve(actor=actor, claim=obj, comment=reason)
            messages.success(request, f"申报 {obj.code} 已通过，{obj.points:+d} 分已记入积分账户。")
        elif action == "reject":
            services.reject(actor=actor, claim=obj, reason=reason)
            messages.success(request, f"申报 {obj.code} 未通过。")
        elif action == "correct":
            services.correct(actor=actor, claim=obj, reason=reason)
            messages.success(request, f"申报 {obj.code} 已冲正。")
        else:
            labels = "、".join(t.label for t in CLAIM.transitions)
            raise ValidationError({"action": f"请选择操作（{labels}）"})
    except ValidationError as exc:
        flash_errors(request, exc)
    return redirect(_back(request, reverse("points:claim", args=[obj.pk])))


def claim_file(request, pk, file_pk):
    att = selectors.evidence_file(actor=request.actor, claim_pk=pk, pk=file_pk)
    return attachments.response(att, request, as_attachment=False)


@require_POST
def generate(request):
    actor = request.actor
    access.require(actor, access.PROPOSE_POINTS)
    try:
        since = parse_day(request.POST.get("since", ""), "since", "起始日期")
        result = services.propose_from_activities(actor=actor, since=since)
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, f"已从队伍活动和三会一课生成 {len(result.proposed)} 条申报"
                                  f"{f'，{len(result.skipped)} 条未生成' if result.skipped else ''}。")
        for _, why in result.skipped[:5]:
            messages.warning(request, why)
    return redirect(reverse("points:claims") + "?state=proposed")


def history(request, kind, pk):
    actor = request.actor
    holder = selectors.holder(actor=actor, kind=kind, pk=pk)
    schemes = selectors.schemes_for(holder)
    wanted = request.GET.get("scheme")
    scheme = next((s for s in schemes if s.code == wanted), schemes[0] if schemes else None)
    today = timezone.localdate()
    year = whole_number(request.GET.get("year"), 4) or today.year
    kept = set(selectors.years_of(scheme, holder)) if scheme else set()
    years = sorted(kept | {today.year, year}, reverse=True)
    statement = selectors.statement(scheme=scheme, holder=holder, year=year) if scheme else None
    staff = actor.can(access.VIEW_PEOPLE, holder.path)
    if kind == "member":
        title = f"党员 {holder.person.name} 的积分明细"
    else:
        head = holder.head.name if holder.head_id else ""
        title = f"农户 {holder.number}{f'（户主 {head}）' if head else ''} 的积分明细"
    return render(request, "points/claims/history.html", {
        "title": title, "holder": holder, "kind": kind, "schemes": schemes, "scheme": scheme, "years": years,
        "year": year, "statement": statement, "staff": staff,
        "categories": list(scheme.categories.all()) if scheme else [],
        "own_member": None if staff or kind == "member" else selectors.own_member(actor=actor),
    })


def mine(request):
    own = selectors.own_household(actor=request.actor)
    if own is None:
        raise Http404
    return redirect("points:history", "household", own.pk)


def meetings(request):
    actor = request.actor
    qs = selectors.meetings(actor=actor).prefetch_related("attendees")
    page = Paginator(qs, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "points/claims/meetings.html", {
        "page": page, "query": "", "can_record": actor.can(access.PROPOSE_POINTS)})


def meeting_new(request):
    actor = request.actor
    access.require(actor, access.PROPOSE_POINTS)
    branches = list(forms.branches(actor)[:300])
    chosen = whole_number(request.POST.get("branch", request.GET.get("branch", "")))
    branch = next((b for b in branches if b.pk == chosen), branches[0] if len(branches) == 1 else None)
    values = {k: request.POST.get(k, "") for k in ("kind", "held_on", "topic")}
    values["held_on"] = values["held_on"] or timezone.localdate().isoformat()
    members = list(PartyMember.objects.filter(branch=branch).select_related("person").order_by(
        "person__name")) if branch else []
    if request.method == "POST":
        data = request.POST.copy()
        data["branch"] = str(branch.pk) if branch else ""
        data["held_on"] = values["held_on"]
        try:
            meeting = r.RECORD_MEETING.submit(actor, data)
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            count = meeting.attendees.count()
            messages.success(request, f"已记录{meeting.get_kind_display()}，出席 {count} 人。"
                                      "可在积分申报页生成出勤积分申报。")
            return redirect("points:meetings")
    return render(request, "points/claims/meeting_new.html", {
        "branches": branches, "branch": branch, "members": members, "values": values, "kinds": Meeting.KINDS,
        "today": timezone.localdate(),
    }, status=400 if request.method == "POST" else 200)
