"""`zhenxing manage points_defaults <county code>`: the two default points schemes for a district."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from zhenxing.orgs.models import OrgUnit
from zhenxing.points.rules import services as services_rules


class Command(BaseCommand):
    help = "为区县创建默认积分方案（党员积分、七色积分）及其首版细则；已有的不重复创建"

    def add_arguments(self, parser):
        parser.add_argument("county", help="区县的 12 位统计用区划代码，如 210113000000")

    def handle(self, *args, county, **options):
        unit = OrgUnit.objects.filter(code=county).first()
        if unit is None:
            raise CommandError(f"没有代码为“{county}”的单位")
        try:
            created = services_rules.ensure_default_schemes(unit)
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from None
        if created["schemes"] or created["books"] or created["categories"]:
            self.stdout.write(f"{unit.name}：新建方案 {len(created['schemes'])} 个、"
                              f"类别 {created['categories']} 个、细则 {created['books']} 版、"
                              f"条目 {created['items']} 条")
        else:
            self.stdout.write(f"{unit.name}：默认积分方案已存在，未作修改")
