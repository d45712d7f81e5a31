"""The audit log's head row exists from the start, so two first appends never race to make it."""

from django.db import migrations

GENESIS = "0" * 64


def make_head(apps, schema_editor):  # type: ignore[no-untyped-def]
    AuditHead = apps.get_model("core", "AuditHead")
    AuditHead.objects.get_or_create(pk=1, defaults={"last_hash": GENESIS})


class Migration(migrations.Migration):
    dependencies = [("core", "0002_audit_log")]

    operations = [migrations.RunPython(make_head, migrations.RunPython.noop)]
