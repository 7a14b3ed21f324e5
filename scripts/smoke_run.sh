#!/usr/bin/env bash
# Starts `make run` on a fresh data dir, checks health, logs in as the demo user, runs a
# job through the real worker, then stops everything with one SIGINT (as Ctrl-C does).
set -euo pipefail
cd "$(dirname "$0")/.."
data_dir=$(mktemp -d)
port=${SMOKE_PORT:-18765}
log=$(mktemp)
cleanup() { [ -n "${pid:-}" ] && kill -9 -- -"$pid" 2>/dev/null || true; rm -rf "$data_dir"; }
trap cleanup EXIT

env -u DATABASE_URL -u REDIS_URL -u CELERY_BROKER_URL IGNY8_DATA_DIR="$data_dir" PORT="$port" \
  setsid make run >"$log" 2>&1 &
pid=$!

for _ in $(seq 90); do
  curl -fsS "http://127.0.0.1:$port/api/v1/system/health/" >/dev/null 2>&1 && break
  sleep 1
done
curl -fsS "http://127.0.0.1:$port/api/v1/system/health/" || { cat "$log"; exit 1; }
echo

login=$(grep -o 'Demo login: [^ ]* / [^ ]*' "$log" | head -n1)
[ -n "$login" ] || { echo "no demo login printed"; cat "$log"; exit 1; }
email=$(echo "$login" | awk '{print $3}')
password=$(echo "$login" | awk '{print $5}')
token=$(curl -fsS -X POST "http://127.0.0.1:$port/api/v1/auth/login/" -H 'Content-Type: application/json' \
  -d "{\"email\":\"$email\",\"password\":\"$password\"}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["access"])')
job=$(curl -fsS -X POST "http://127.0.0.1:$port/api/v1/system/jobs/selftest/" -H "Authorization: Bearer $token" \
  -H 'Content-Type: application/json' -d '{}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["job_id"])')
status=""
for _ in $(seq 60); do
  status=$(curl -fsS "http://127.0.0.1:$port/api/v1/system/jobs/$job/" -H "Authorization: Bearer $token" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["status"])')
  [ "$status" = "succeeded" ] && break
  sleep 1
done
[ "$status" = "succeeded" ] || { echo "selftest job did not succeed: $status"; cat "$log"; exit 1; }
echo "worker round trip: job $job $status"

kill -INT -- -"$pid"
for _ in $(seq 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
if kill -0 "$pid" 2>/dev/null; then echo "make run did not stop on SIGINT"; cat "$log"; exit 1; fi
grep -q "Stopped." "$log" || { echo "no clean stop"; cat "$log"; exit 1; }
pid=""
echo "make run smoke test: ok (started, served, ran a job, stopped on one SIGINT)"
