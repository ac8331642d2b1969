# The survey-link limit counts per client address and link prefix (issue 17), so a
# row is keyed by the pair rather than by the address. Rows are counters that live
# for one window (minutes), so the table is made afresh and none are copied: at worst
# an address counted just before the upgrade starts counting again.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0005_import_steps"),
    ]

    operations = [
        migrations.DeleteModel(
            name="TokenThrottle",
        ),
        migrations.CreateModel(
            name="TokenThrottle",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("address", models.CharField(max_length=64)),
                ("prefix", models.CharField(max_length=8)),
                ("window_start", models.DateTimeField(db_index=True)),
                ("failures", models.PositiveIntegerField(default=0)),
            ],
            options={
                "verbose_name": "survey link throttle",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("address", "prefix"), name="token_throttle_bucket"
                    )
                ],
            },
        ),
    ]
