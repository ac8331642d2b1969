# Each instrument version stores the SHA-256 of its definition (issue 15), which keys
# the per-process cache of parsed instruments: an unused version whose definition is
# rewritten gets a new digest, so no process serves the old instrument. Existing rows
# have theirs computed here, as InstrumentVersion.save() computes it.

import hashlib
import json

from django.db import migrations, models


def fill_digests(apps, schema_editor):
    InstrumentVersion = apps.get_model("surveys", "InstrumentVersion")
    for version in InstrumentVersion.objects.only("pk", "definition"):
        text = json.dumps(
            version.definition, sort_keys=True, separators=(",", ":"), ensure_ascii=False
        )
        version.digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        version.save(update_fields=["digest"])


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0006_token_throttle_prefix"),
    ]

    operations = [
        migrations.AddField(
            model_name="instrumentversion",
            name="digest",
            field=models.CharField(default="", editable=False, max_length=64),
        ),
        migrations.RunPython(fill_digests, migrations.RunPython.noop),
    ]
