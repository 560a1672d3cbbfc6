"""PostgreSQL: pg_trgm and unaccent, the folding function the search compares with, and a
trigram index (GIN) on each searched column. Nothing on other databases (SQLite compares
case-insensitively without an index; see search/kinds.py).

`unaccent()` itself may not be indexed (it is only STABLE: its dictionary could change), so
`wsp_search_fold` wraps it with the dictionary named, as IMMUTABLE. Creating the extensions
needs a role that may (the database owner on PostgreSQL 13+ for these trusted extensions).
"""

from django.db import migrations

COLUMNS = {
    "employers_employer": ["name"],
    "employers_location": ["city", "postcode"],
    "employers_contactperson": ["name", "email", "phone"],
    "candidates_candidate": ["first_name", "last_name", "email"],
    "placements_placement": ["job_title"],
    "accounts_user": ["first_name", "last_name", "email"],
}

FUNCTION = """
CREATE OR REPLACE FUNCTION wsp_search_fold(text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, $1)) $$
"""


def index_name(table, column):
    return f"{table}_{column}_trgm"[:63]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public")
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent WITH SCHEMA public")
    schema_editor.execute(FUNCTION)
    for table, columns in COLUMNS.items():
        for column in columns:
            schema_editor.execute(
                f'CREATE INDEX IF NOT EXISTS "{index_name(table, column)}" ON "{table}" '
                f'USING gin (wsp_search_fold("{column}") public.gin_trgm_ops)'
            )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, columns in COLUMNS.items():
        for column in columns:
            schema_editor.execute(f'DROP INDEX IF EXISTS "{index_name(table, column)}"')
    schema_editor.execute("DROP FUNCTION IF EXISTS wsp_search_fold(text)")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_user_employer_and_more"),
        ("employers", "0007_conversation_next_action_removed"),
        ("candidates", "0001_initial"),
        ("placements", "0002_standard_instruments"),
    ]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
