#!/usr/bin/env bash
# The fuzz run (issue #16): schemathesis against /api/openapi.json as the office, a deputy and anonymous, on a fresh
# demo database served by the development server. Fails on any response >= 500 and on any status an operation does
# not declare. Bounded to a few minutes: FUZZ_EXAMPLES cases per operation and phase (5 in CI; 25 or more for a
# deeper run), FUZZ_SEED for a rerun.
#   make fuzz            # or: bash scripts/fuzz.sh
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
ST=${ST:-$(dirname "$PY")/schemathesis}
PORT=${FUZZ_PORT:-8765}
EXAMPLES=${FUZZ_EXAMPLES:-5}
SEED=${FUZZ_SEED:-2017}
WORK=$(mktemp -d)
export RENDA_DATA_DIR="$WORK" DJANGO_SETTINGS_MODULE=renda.settings.dev RENDA_AUDIT_ANCHOR="$WORK/anchor.jsonl"
unset DATABASE_URL
server=""
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

echo "== fuzz: demo database in $WORK"
$PY manage.py migrate --noinput -v0
$PY manage.py demo >/dev/null
tokens=$($PY manage.py shell -v0 -c '
from renda.core.models import User
from renda.core.tokens import api_token_create
for name in ("office", "deputy"):
    print(name, api_token_create(actor=User.objects.get(username=name), name="fuzz")[1])
')
$PY manage.py runserver --noreload --nothreading "127.0.0.1:$PORT" >"$WORK/server.log" 2>&1 &
server=$!
$PY - "$PORT" <<'PYEOF'
import sys, time, urllib.request
for _ in range(120):
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/api/openapi.json", timeout=5)
        break
    except OSError:
        time.sleep(1)
else:
    sys.exit("the server did not start")
PYEOF

status=0
run() {  # run LABEL [HEADER]
  local label=$1; shift
  echo "== fuzz: $label"
  "$ST" run "http://127.0.0.1:$PORT/api/openapi.json" "$@" \
    --checks not_a_server_error,status_code_conformance \
    --phases examples,coverage,fuzzing --max-examples "$EXAMPLES" --seed "$SEED" \
    --workers 1 --request-timeout 30 --suppress-health-check all --no-color \
    --report junit --report-dir "${FUZZ_REPORT_DIR:-test-artifacts/fuzz}/$label" || status=1
}
run anonymous
while read -r name key; do run "$name" -H "Authorization: Bearer $key"; done <<<"$tokens"
if [ "$status" != 0 ]; then echo "== fuzz: server log tail"; tail -n 80 "$WORK/server.log"; fi
echo "== fuzz: $([ "$status" = 0 ] && echo "no server error, no undeclared status" || echo "FAILED")"
exit $status
