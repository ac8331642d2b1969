"""Anonymous rounds, and the invitation's own "submitted" flag.

Existing invitations whose response was submitted are marked submitted, so the
chasing list and the refusal of a second submission read the same afterwards.
"""

from typing import Any

from django.db import migrations, models


def mark_submitted(apps: Any, schema_editor: Any) -> None:
    invitation = apps.get_model("surveys", "Invitation")
    response = apps.get_model("surveys", "Response")
    done = response.objects.filter(invitation__isnull=False, submitted__isnull=False)
    invitation.objects.filter(pk__in=done.values("invitation_id")).update(submitted=True)


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0003_token_throttle"),
    ]

    operations = [
        migrations.AddField(
            model_name="invitation",
            name="submitted",
            field=models.BooleanField(default=False, verbose_name="submitted"),
        ),
        migrations.AddField(
            model_name="round",
            name="anonymous",
            field=models.BooleanField(
                default=False,
                help_text=(
                    "Once a response is submitted, nothing links it to the person invited; "
                    "their organisation and stakeholder group are kept."
                ),
                verbose_name="anonymous responses",
            ),
        ),
        migrations.RunPython(mark_submitted, migrations.RunPython.noop),
    ]
