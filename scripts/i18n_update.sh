#!/usr/bin/env bash
# Re-extract UI strings and fill Dutch translations from a JSON map; safe to run concurrently.
# Usage: scripts/i18n_update.sh MAP.json
set -euo pipefail
cd "$(dirname "$0")/.."
exec 9>/tmp/wsp-crm-i18n.lock
flock 9
.venv/bin/python manage.py makemessages -l nl --no-obsolete --ignore '.venv/*' --ignore 'var/*' \
  --ignore 'tests/*' --ignore 'bench/*' >/dev/null
.venv/bin/python scripts/translate.py "$1"
