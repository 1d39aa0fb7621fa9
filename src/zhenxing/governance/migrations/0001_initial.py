from django.db import migrations


class Migration(migrations.Migration):
    """The app's first migration, empty: each part of the app adds its tables after it."""

    initial = True
    dependencies = [
        ("core", "0002_workflow_step"),
        ("orgs", "0002_orgunit_boundary"),
        ("people", "0001_initial"),
    ]
    operations = []
