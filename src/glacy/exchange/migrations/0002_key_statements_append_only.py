"""Refuse changes to key statements in the database itself (as for the audit trail, core.0003): a key history
is evidence of which key was valid when, and must not be rewritten behind the application's back."""

from django.db import migrations

POSTGRES = """
CREATE OR REPLACE FUNCTION glacy_key_statement_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'key statements are append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER exchange_keystatement_append_only BEFORE UPDATE OR DELETE ON exchange_keystatement
    FOR EACH ROW EXECUTE FUNCTION glacy_key_statement_append_only();
"""
SQLITE = """
CREATE TRIGGER exchange_keystatement_append_only BEFORE UPDATE ON exchange_keystatement
BEGIN SELECT RAISE(ABORT, 'key statements are append-only'); END;
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
        schema_editor.execute("DROP TRIGGER IF EXISTS exchange_keystatement_append_only ON exchange_keystatement;"
                              "DROP FUNCTION IF EXISTS glacy_key_statement_append_only();")
    elif vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS exchange_keystatement_append_only;")


class Migration(migrations.Migration):
    dependencies = [("exchange", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
