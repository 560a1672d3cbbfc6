"""On PostgreSQL, refuse UPDATE and DELETE of audit events and candidate access log rows.

The only update allowed is the one Django makes when a user (or candidate) is deleted: a
SET NULL foreign key named in the trigger's arguments may become NULL, nothing else may change.
docs/operations.md explains how a DBA purges old rows (the trigger is disabled for that one
transaction by the table's owner). Other databases (SQLite for development) rely on the model.
"""

from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION audit_refuse_change() RETURNS trigger AS $$
DECLARE
    nullable text;
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION '% is append-only: rows cannot be deleted', TG_TABLE_NAME;
    END IF;
    IF (to_jsonb(NEW) - TG_ARGV) IS DISTINCT FROM (to_jsonb(OLD) - TG_ARGV) THEN
        RAISE EXCEPTION '% is append-only: rows cannot be changed', TG_TABLE_NAME;
    END IF;
    FOREACH nullable IN ARRAY TG_ARGV LOOP
        IF to_jsonb(NEW) -> nullable <> 'null'::jsonb
           AND to_jsonb(NEW) -> nullable IS DISTINCT FROM to_jsonb(OLD) -> nullable THEN
            RAISE EXCEPTION '% is append-only: rows cannot be changed', TG_TABLE_NAME;
        END IF;
    END LOOP;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
"""

TRIGGERS = [
    ("audit_auditevent", "audit_event_append_only", "'actor_id'"),
    ("candidates_candidateaccesslog", "candidate_access_append_only", "'user_id', 'candidate_id'"),
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTION, params=None)  # no placeholders: % is plpgsql's own
    for table, name, nullable in TRIGGERS:
        schema_editor.execute(
            f"CREATE TRIGGER {name} BEFORE UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION audit_refuse_change({nullable})"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, name, _nullable in TRIGGERS:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
    schema_editor.execute("DROP FUNCTION IF EXISTS audit_refuse_change()")


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_initial"),
        ("candidates", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
