"""Custody events keep the exact canonical JSON that was hashed, and show every detail from it.

The detail columns (sequence number, event, performer, time, place, purpose, tool, the persons of a transfer,
hashes, notes, previous hash) are folded into ``record``, byte for byte what their event hash was computed over, then
dropped: one source of truth, and `glacy custody verify` reads one column instead of rebuilding the JSON.
The append-only trigger is lifted for the copy and put back (SQLite rebuilds the table when columns go).
"""

import importlib

from django.db import migrations, models

append_only = importlib.import_module("glacy.evidence.migrations.0002_custody_append_only")

FOLDED = ("sequence", "event_type", "performer", "time", "place", "purpose", "tool", "releasing_person", "receiving_person",
          "hashes_before", "hashes_after", "notes", "previous_hash")


def fold_into_record(apps, schema_editor):
    from glacy.evidence.custody import record_canonical_bytes

    event_model = apps.get_model("evidence", "CustodyEvent")
    for event in event_model.objects.order_by("log_index").iterator(chunk_size=2000):
        fields = {name: getattr(event, name) for name in FOLDED}
        record = record_canonical_bytes(evidence_id=str(event.item_id), **fields)
        event_model.objects.filter(pk=event.pk).update(record=record.decode("utf-8"))


class Migration(migrations.Migration):
    dependencies = [("evidence", "0005_evidence_blake3")]

    operations = [
        migrations.RunPython(append_only.backwards, append_only.forwards),
        migrations.AddField(model_name="custodyevent", name="record",
                            field=models.TextField(default="", verbose_name="custody record (canonical JSON)"),
                            preserve_default=False),
        migrations.RunPython(fold_into_record, migrations.RunPython.noop),
        migrations.RemoveConstraint(model_name="custodyevent", name="custody_sequence_unique_per_item"),
        *(migrations.RemoveField(model_name="custodyevent", name=name) for name in FOLDED),
        migrations.RunPython(append_only.forwards, append_only.backwards),
    ]
