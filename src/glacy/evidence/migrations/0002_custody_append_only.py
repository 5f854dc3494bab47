"""Refuse changes to custody events in the database itself (as for the audit trail, core.0003)."""

from django.db import migrations

from glacy.core.append_only import append_only_operation

APPEND_ONLY = append_only_operation(table="evidence_custodyevent", function="glacy_custody_append_only", what="custody events")
# Later migrations lift and restore the trigger around a data migration (evidence 0006, 0007).
forwards, backwards = APPEND_ONLY.code, APPEND_ONLY.reverse_code


class Migration(migrations.Migration):
    dependencies = [("evidence", "0001_initial")]
    operations = [APPEND_ONLY]
