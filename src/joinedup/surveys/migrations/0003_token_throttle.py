# The survey-link limit's counts moved here from the web app (web 0003 drops the old
# table). Rows are counters that live for one window (minutes), so none are copied:
# at worst an address counted just before the upgrade starts counting again.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0002_response_file"),
    ]

    operations = [
        migrations.CreateModel(
            name="TokenThrottle",
            fields=[
                ("address", models.CharField(max_length=64, primary_key=True, serialize=False)),
                ("window_start", models.DateTimeField(db_index=True)),
                ("failures", models.PositiveIntegerField(default=0)),
            ],
            options={
                "verbose_name": "survey link throttle",
            },
        ),
    ]
