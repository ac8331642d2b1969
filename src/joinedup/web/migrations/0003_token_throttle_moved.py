# The survey-link limit moved to the surveys app (surveys 0003 makes its table); the
# web app, the base layer, keeps no model of another app's concern. The rows are
# counters of one window (minutes) and are not copied.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("web", "0002_token_throttle"),
    ]

    operations = [
        migrations.DeleteModel(
            name="TokenThrottle",
        ),
    ]
