"""Refuse changes to key statements in the database itself (as for the audit trail, core.0003): a key history
is evidence of which key was valid when, and must not be rewritten behind the application's back."""

from django.db import migrations

from glacy.core.append_only import append_only_operation

APPEND_ONLY = append_only_operation(table="exchange_keystatement", function="glacy_key_statement_append_only", what="key statements")
# Later migrations lift and restore the trigger around a data migration (evidence 0006, 0007).
forwards, backwards = APPEND_ONLY.code, APPEND_ONLY.reverse_code


class Migration(migrations.Migration):
    dependencies = [("exchange", "0001_initial")]
    operations = [APPEND_ONLY]
