"""A reporter's phone is personal information: encrypted and masked like every other phone (issue 11)."""

from django.db import migrations, models

from zhenxing.core import personal


def encrypt_phones(apps, schema_editor):
    Case = apps.get_model("governance", "Case")
    for case in Case.objects.exclude(reporter_phone="").only("pk", "reporter_phone").iterator(chunk_size=2000):
        Case.objects.filter(pk=case.pk).update(
            reporter_phone_enc=personal.encrypt(case.reporter_phone),
            reporter_phone_masked=personal.mask_phone(case.reporter_phone),
        )


def decrypt_phones(apps, schema_editor):
    Case = apps.get_model("governance", "Case")
    for case in Case.objects.exclude(reporter_phone_enc="").only("pk", "reporter_phone_enc").iterator(chunk_size=2000):
        Case.objects.filter(pk=case.pk).update(reporter_phone=personal.decrypt(case.reporter_phone_enc))


class Migration(migrations.Migration):
    dependencies = [("governance", "0007_case_feedback_county_catalogue")]

    operations = [
        migrations.AddField(
            model_name="case", name="reporter_phone_enc", field=models.TextField(blank=True, default=""),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="case",
            name="reporter_phone_masked",
            field=models.CharField(blank=True, default="", max_length=20, verbose_name="联系电话"),
            preserve_default=False,
        ),
        migrations.RunPython(encrypt_phones, decrypt_phones),
        migrations.RemoveField(model_name="case", name="reporter_phone"),
    ]
