from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from zhenxing.core import notify, todo
from zhenxing.core.feedback import flash_errors
from zhenxing.core.models import Notification
from zhenxing.core.notification_models import EVENTS
from zhenxing.governance.cases.workflows import CASE
from zhenxing.homestead.applications.workflows import APPLICATION
from zhenxing.orgs import access
from zhenxing.workspace import selectors, services

# Roles whose home is the page of their duty rather than a queue (三员).
OFFICER_PAGES = ((access.MANAGE_USERS, "users", "用户管理", "建用户、授予和收回角色、停用账号"),
                 (access.MANAGE_SECURITY, "security", "安全管理", "锁定与解锁、两步验证、口令策略"),
                 (access.VIEW_AUDIT, "audit:log", "审计日志", "查看和核验全部操作记录"))
STAFF = (access.VIEW_DASHBOARD, access.WORK_CASE, access.SIGN_HOMESTEAD, access.VIEW_PEOPLE)


def home(request):
    """Everyone's first page: their work."""
    actor = request.actor
    if selectors.is_grid_worker(actor):
        return _grid_home(request)
    if any(actor.can(c) for c in STAFF):
        return _queue(request)
    home = selectors.villager_home(actor)
    if home is not None:
        return render(request, "workspace/villager.html", {
            "home": home, "case_states": CASE.states, "application_states": APPLICATION.states,
            "messages_unread": selectors.unread(actor.user)[:5]})
    duties = [(page, label, what) for capability, page, label, what in OFFICER_PAGES if actor.can(capability)]
    if duties:  # 三员: no business work, only the page of their duty
        return render(request, "workspace/officer.html", {"duties": duties})
    return render(request, "workspace/no_role.html")


def badges(request):
    """The menu's counts, swapped into the page after it loads (htmx out-of-band)."""
    return render(request, "workspace/_badges.html", {"badge": selectors.badge(request.actor)})


def _queue(request):
    queue = todo.queue(request.actor)
    selectors.refresh_badge(request.actor, queue)
    return render(request, "workspace/queue.html", {
        "queue": queue, "items": queue.items[:60], "dashboard": request.actor.can(access.VIEW_DASHBOARD),
        "follows_up": selectors.follows_up(request.actor),
        "recent": selectors.unread(request.actor.user)[:5]})


def _grid_home(request):
    actor = request.actor
    return render(request, "workspace/grid.html", {
        "day": selectors.grid_day(actor), "queue": todo.queue(actor), "case_states": CASE.states,
        "recent": selectors.unread(actor.user)[:5]})


@require_POST
def supervise(request):
    try:
        pk = int(request.POST.get("pk", ""))
    except ValueError:
        raise Http404 from None
    try:
        told = services.supervise(actor=request.actor, waiting_key=request.POST.get("kind", ""), pk=pk,
                                  note=request.POST.get("note", ""))
    except ValidationError as e:
        flash_errors(request, e)
        return redirect("workspace:home")
    messages.success(request, f"已督办，已通知 {told} 名经办人员；对方的待办和消息中会看到督办提示。" if told
                     else "今天已督办过该事项，未重复通知。")
    return redirect("workspace:home")


def inbox(request):
    only_unread = request.GET.get("unread") == "1"
    page = Paginator(selectors.inbox(request.user, only_unread=only_unread), settings.PAGE_SIZE).get_page(
        request.GET.get("page"))
    return render(request, "workspace/inbox.html", {"page": page, "only_unread": only_unread,
                                                     "unread_count": selectors.unread(request.user).count()})


def open_message(request, pk: int):
    """Opening a message marks it read and goes to what it is about."""
    message = get_object_or_404(Notification, pk=pk, user=request.user)
    services.mark_read(user=request.user, ids=[message.pk])
    return redirect(message.url or "workspace:inbox")


@require_POST
def read_all(request):
    count = services.mark_read(user=request.user)
    selectors.refresh_badge(request.actor)
    messages.success(request, f"已将 {count} 条消息标为已读。" if count else "没有未读消息。")
    return redirect("workspace:inbox")


def preferences(request):
    channels = notify.channels()
    if request.method == "POST":
        chosen = {(ch, ev) for ch in channels for ev, _ in EVENTS if request.POST.get(f"{ch}:{ev}")}
        services.set_preferences(actor=request.actor, chosen=chosen, channels=list(channels))
        messages.success(request, "通知设置已保存。站内消息始终接收；勾选的渠道将在有新消息时另行发送。")
        return redirect("workspace:preferences")
    return render(request, "workspace/preferences.html", {
        "channels": channels, "events": EVENTS,
        "chosen": services.preferences_of(request.user)})
