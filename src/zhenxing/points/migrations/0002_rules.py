"""Data: the two default points schemes (points.defaults) for an install that already has its district.

A fresh install has no org tree when it migrates: there the demo loader, `zhenxing manage points_defaults
<county code>` or the button on the 积分细则 page create them. With exactly one county and no scheme yet,
this creates them now. Idempotent; nothing to undo (the schemes are configuration).
"""

from django.db import migrations
from django.utils import timezone


def forwards(apps, schema_editor):
    from zhenxing.points.rules import defaults

    OrgUnit = apps.get_model("orgs", "OrgUnit")
    models = {name: apps.get_model("points", name) for name in ("Scheme", "Category", "RuleBook", "RuleItem")}
    counties = list(OrgUnit.objects.filter(level="county")[:2])
    if len(counties) != 1 or models["Scheme"].objects.exists():
        return
    defaults.write(counties[0], models=models, today=timezone.localdate())


class Migration(migrations.Migration):

    dependencies = [
        ("points", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
