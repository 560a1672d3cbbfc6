"""CSV import of employers with their contact persons, and the export in the same format.

docs/import.md describes the file for users. The workflow, one module a step:

1. reading.py: read_file() decodes the bytes, sniffs the delimiter, enforces the size limits
   and maps the headers to the columns of columns.py (which also lists the accepted words).
2. validation.py: RowParser turns each row into model values and RowErrors.
3. matching.py: group_rows() and Index find the employer and contact person a row updates, so
   importing a file twice adds nothing.
4. applying.py: run_import() applies the groups through writers.py (employers.services, or in
   memory for a dry run) in ONE transaction; report.py holds what it did (ImportResult).

jobs.py runs large confirmed imports as Celery jobs kept in the database (ImportJob) and
background.py e-mails their report; export.py writes employers in the import format.

The names below are what the pages, the command and the task use.
"""

from .applying import run_import
from .background import SYNC_ROWS, mail_outcome, pack, unpack
from .columns import COLUMNS
from .export import export_rows, sample_rows
from .reading import MAX_BYTES, MAX_ROWS, ImportFileError, read_file
from .report import summary_text

__all__ = [
    "COLUMNS",
    "MAX_BYTES",
    "MAX_ROWS",
    "SYNC_ROWS",
    "ImportFileError",
    "export_rows",
    "mail_outcome",
    "pack",
    "read_file",
    "run_import",
    "sample_rows",
    "summary_text",
    "unpack",
]
