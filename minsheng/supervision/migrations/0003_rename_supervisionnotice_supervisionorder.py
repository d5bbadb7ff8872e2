# The 督办单 is named as such in code (issue 13): a rename, the rows and their ids stay.

import django.db.models.deletion
from django.db import migrations, models


def _relabel(old: str, new: str):
    """Audit events name their object by model label: the history of every 督办单 follows the rename."""

    def run(apps, schema_editor):
        apps.get_model("core", "AuditEvent").objects.filter(model=old).update(model=new)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_throttle"),
        ("plans", "0001_initial"),
        ("supervision", "0002_problem_responsible_person_problem_verified_at_and_more"),
    ]

    operations = [
        migrations.RenameModel(old_name="SupervisionNotice", new_name="SupervisionOrder"),
        migrations.RunPython(
            _relabel("supervision.supervisionnotice", "supervision.supervisionorder"),
            _relabel("supervision.supervisionorder", "supervision.supervisionnotice"),
        ),
        migrations.AlterField(
            model_name="supervisionorder",
            name="project",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="supervision_orders",
                to="plans.project",
                verbose_name="项目",
            ),
        ),
        migrations.AlterField(
            model_name="supervisionorder",
            name="unit",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="supervision_orders",
                to="core.unit",
                verbose_name="责任单位",
            ),
        ),
    ]
