# Imports are written in steps (issue 17): a ResponseFile is "writing" until its last
# step, and each imported response names its file. Files recorded before this were
# written in one transaction, so they are complete; their responses keep no file
# (they are visible, as responses without a file always are).

import django.db.models.deletion
from django.db import migrations, models

STATES = [("writing", "Being written"), ("complete", "Complete")]


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0004_anonymous_rounds"),
    ]

    operations = [
        migrations.AddField(
            model_name="response",
            name="file",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.RESTRICT,
                related_name="responses",
                to="surveys.responsefile",
            ),
        ),
        # Existing rows take "complete"; files made from now on start "writing".
        migrations.AddField(
            model_name="responsefile",
            name="state",
            field=models.CharField(
                choices=STATES, default="complete", max_length=8, verbose_name="state"
            ),
        ),
        migrations.AlterField(
            model_name="responsefile",
            name="state",
            field=models.CharField(
                choices=STATES, default="writing", max_length=8, verbose_name="state"
            ),
        ),
    ]
