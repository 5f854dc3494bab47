"""Witnessed and time-stamped checkpoints, fixity state, encrypted archive members, the node's own chain; and
append-only triggers for every custody table on SQLite and PostgreSQL, for UPDATE and DELETE alike.

Before, SQLite refused only UPDATE of custody events, and checkpoints had no trigger at all: deleting the latest
checkpoint (and the events after it) left nothing to contradict. The custody event table is rebuilt on SQLite
(its exhibit becomes optional), which drops its triggers: they are lifted first and all put back at the end.
"""

import importlib
import uuid

import django.db.models.deletion
from django.db import migrations, models

append_only_events = importlib.import_module("glacy.evidence.migrations.0002_custody_append_only")
TABLES = ("evidence_custodyevent", "evidence_custodycheckpoint", "evidence_checkpointcosignature",
          "evidence_checkpointtimestamp", "evidence_witnessedhead")


def triggers_create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in TABLES:
        if vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}; CREATE TRIGGER "
                                  f"{table}_append_only BEFORE UPDATE OR DELETE ON {table} FOR EACH ROW "
                                  f"EXECUTE FUNCTION glacy_custody_append_only();")
        elif vendor == "sqlite":
            for operation in ("UPDATE", "DELETE"):
                schema_editor.execute(f"CREATE TRIGGER IF NOT EXISTS {table}_no_{operation.lower()} BEFORE "
                                      f"{operation} ON {table} BEGIN SELECT RAISE(ABORT, '{table} is append-only'); "
                                      "END;")


def triggers_drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in TABLES:
        if vendor == "postgresql":
            if table != "evidence_custodyevent":
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};")
        elif vendor == "sqlite":
            for operation in ("update", "delete"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_{operation};")


def events_trigger_lift(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        append_only_events.backwards(apps, schema_editor)


def events_trigger_restore(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        append_only_events.forwards(apps, schema_editor)


class Migration(migrations.Migration):

    dependencies = [
        ('evidence', '0006_custody_record_is_the_truth'),
    ]

    operations = [
        migrations.RunPython(events_trigger_lift, events_trigger_restore),
        migrations.CreateModel(
            name='WitnessedHead',
            fields=[
                ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ('node_name', models.CharField(max_length=200, verbose_name='node')),
                ('node_fingerprint', models.CharField(db_index=True, max_length=64, verbose_name='node key fingerprint')),
                ('tree_size', models.PositiveBigIntegerField(verbose_name='number of events')),
                ('root_hash', models.CharField(max_length=64, verbose_name='Merkle root')),
                ('cosigned_at', models.DateTimeField(auto_now_add=True, verbose_name='cosigned')),
            ],
            options={
                'verbose_name': 'witnessed tree head',
                'verbose_name_plural': 'witnessed tree heads',
                'ordering': ['node_fingerprint', 'tree_size'],
            },
        ),
        migrations.AddField(
            model_name='evidenceitem',
            name='fixity_checked_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='last fixity check'),
        ),
        migrations.AddField(
            model_name='evidenceitem',
            name='fixity_intact',
            field=models.BooleanField(blank=True, null=True, verbose_name='stored copy intact at the last fixity check'),
        ),
        migrations.AddField(
            model_name='evidencemember',
            name='encrypted',
            field=models.BooleanField(default=False, verbose_name='encrypted, not examined'),
        ),
        migrations.AddField(
            model_name='evidencemember',
            name='note',
            field=models.CharField(blank=True, max_length=500, verbose_name='note'),
        ),
        migrations.AlterField(
            model_name='custodyevent',
            name='item',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='custody_events', to='evidence.evidenceitem'),
        ),
        migrations.CreateModel(
            name='CheckpointTimestamp',
            fields=[
                ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ('authority', models.CharField(max_length=300, verbose_name='time-stamping authority')),
                ('token', models.TextField(verbose_name='time-stamp token (DER, base64)')),
                ('stamped_at', models.CharField(max_length=40, verbose_name='time stated by the authority (UTC)')),
                ('received_at', models.DateTimeField(auto_now_add=True, verbose_name='received')),
                ('checkpoint', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='timestamps', to='evidence.custodycheckpoint')),
            ],
            options={
                'verbose_name': 'checkpoint time-stamp',
                'verbose_name_plural': 'checkpoint time-stamps',
                'ordering': ['received_at'],
            },
        ),
        migrations.CreateModel(
            name='CheckpointCosignature',
            fields=[
                ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ('witness_name', models.CharField(max_length=200, verbose_name='witness')),
                ('witness_fingerprint', models.CharField(max_length=64, verbose_name='witness key fingerprint')),
                ('statement', models.TextField(verbose_name='cosigned statement (canonical JSON)')),
                ('signature', models.TextField(verbose_name='Ed25519 signature (base64)')),
                ('received_at', models.DateTimeField(auto_now_add=True, verbose_name='received')),
                ('checkpoint', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='cosignatures', to='evidence.custodycheckpoint')),
            ],
            options={
                'verbose_name': 'checkpoint cosignature',
                'verbose_name_plural': 'checkpoint cosignatures',
                'ordering': ['received_at'],
                'constraints': [models.UniqueConstraint(fields=('checkpoint', 'witness_fingerprint'), name='one_cosignature_per_witness')],
            },
        ),
        migrations.RunPython(triggers_create, triggers_drop),
]
