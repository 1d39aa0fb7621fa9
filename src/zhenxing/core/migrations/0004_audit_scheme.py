"""Events written before the audit key existed keep their plain SHA-256 hash (scheme 1); new events are
HMAC-SHA256 (scheme 2). The switch is anchored in the signed checkpoint file, so the old events cannot be
rewritten unnoticed either: verify allows scheme 1 only up to this checkpoint's seq."""

from django.db import migrations, models


def anchor_legacy_events(apps, schema_editor):
    from zhenxing.core import audit_checkpoints

    event = apps.get_model("core", "AuditEvent")
    last = event.objects.using(schema_editor.connection.alias).order_by("-seq").first()
    if last is not None:
        count = event.objects.using(schema_editor.connection.alias).count()
        audit_checkpoints.append(seq=last.seq, hash=last.hash, count=count, kind="switch")


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0003_ledger"),
    ]

    operations = [
        migrations.AddField(
            model_name="auditevent",
            name="scheme",
            field=models.PositiveSmallIntegerField(default=1),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="scheme",
            field=models.PositiveSmallIntegerField(default=2),
        ),
        migrations.RunPython(anchor_legacy_events, migrations.RunPython.noop),
    ]
