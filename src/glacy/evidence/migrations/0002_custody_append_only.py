"""Refuse changes to custody events in the database itself (as for the audit trail, core.0003)."""

from django.db import migrations

POSTGRES = """
CREATE OR REPLACE FUNCTION glacy_custody_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'custody events are append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER evidence_custodyevent_append_only BEFORE UPDATE OR DELETE ON evidence_custodyevent
    FOR EACH ROW EXECUTE FUNCTION glacy_custody_append_only();
"""
SQLITE = """
CREATE TRIGGER evidence_custodyevent_append_only BEFORE UPDATE ON evidence_custodyevent
BEGIN SELECT RAISE(ABORT, 'custody events are append-only'); END;
"""


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute("DROP TRIGGER IF EXISTS evidence_custodyevent_append_only ON evidence_custodyevent;"
                              "DROP FUNCTION IF EXISTS glacy_custody_append_only();")
    elif vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS evidence_custodyevent_append_only;")


class Migration(migrations.Migration):
    dependencies = [("evidence", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
