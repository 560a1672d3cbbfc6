#!/usr/bin/env bash
# Serve the product with a Celery worker and its scheduler; Ctrl-C stops everything started here.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${PORT:-8000}"
case "$PORT" in
  ''|*[!0-9]*) echo "PORT must be a number, not '$PORT'." >&2; exit 2 ;;
esac
BIN=.venv/bin
mkdir -p var
"$BIN/celery" -A wsp_crm worker -B --concurrency 1 -s var/celerybeat-schedule --loglevel INFO \
  >var/worker.log 2>&1 &
WORKER=$!
stop() {
  trap - INT TERM EXIT
  kill -TERM "$WORKER" 2>/dev/null || true
  wait "$WORKER" 2>/dev/null || true
  echo "Stopped the web server and the worker."
}
trap stop INT TERM EXIT
echo "Celery worker + scheduler running (log: var/worker.log)."
echo "WSP CRM: http://127.0.0.1:$PORT  (Ctrl-C stops)"
"$BIN/python" manage.py runserver "127.0.0.1:$PORT"
