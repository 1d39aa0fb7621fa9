"""`zhenxing manage points_propose --since YYYY-MM-DD [--user USERNAME]`: propose points for the team
missions, volunteer hours and 三会一课 attendance held since the date (each activity once).

As a user, in that user's scope; without one, as the system over every top-level unit (for a nightly
run), recorded in the audit log as "system"."""

from datetime import date

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from zhenxing.orgs import access
from zhenxing.orgs.access import Actor, Grant
from zhenxing.orgs.models import OrgUnit
from zhenxing.points.claims import services


def system_actor() -> Actor:
    caps = frozenset({access.PROPOSE_POINTS, access.VIEW_PEOPLE})
    roots = OrgUnit.objects.filter(parent__isnull=True).values_list("path", flat=True)
    return Actor(None, [Grant("system", path, caps) for path in roots])


class Command(BaseCommand):
    help = "从队伍活动和三会一课生成积分申报（每项活动只生成一次）"

    def add_arguments(self, parser):
        parser.add_argument("--since", required=True, help="活动起始日期 YYYY-MM-DD")
        parser.add_argument("--user", default="", help="以该用户身份、在其管辖范围内生成（默认：系统）")

    def handle(self, *args, since, user, **options):
        try:
            day = date.fromisoformat(since)
        except ValueError:
            raise CommandError("起始日期格式应为 YYYY-MM-DD") from None
        if user:
            found = get_user_model().objects.filter(username=user).first()
            if found is None:
                raise CommandError(f"用户“{user}”不存在")
            actor = access.actor_for(found)
            if not actor.can(access.PROPOSE_POINTS):
                raise CommandError(f"用户“{user}”没有积分申报权限")
        else:
            actor = system_actor()
        try:
            result = services.propose_from_activities(actor=actor, since=day)
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from None
        self.stdout.write(f"已生成 {len(result.proposed)} 条申报，{len(result.skipped)} 条未生成。")
        for ref, why in result.skipped[:20]:
            self.stdout.write(f"  {ref}：{why}")
