#!/usr/bin/env bash
# Browser end-to-end tests: start the platform as `make run` does (fresh data dir, own port),
# drive Debian's Chromium with playwright-core (frontend/e2e/*.test.mjs), stop everything. The tests run next
# to a real WordPress (scripts/wordpress_e2e.py); the platform may reach it on 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v "${CHROMIUM_PATH:-/usr/bin/chromium}" >/dev/null || { echo "Chromium missing: apt-get install chromium"; exit 1; }
data_dir=$(mktemp -d)
port=${E2E_PORT:-18766}
log="$data_dir/platform.log"
artifacts=${E2E_ARTIFACTS:-$PWD/var/e2e-artifacts}
rm -rf "$artifacts" && mkdir -p "$artifacts"
# One SIGINT, as Ctrl-C does; the platform gets 30 s to stop on its own before the group is killed.
cleanup() {
  if [ -n "${pid:-}" ]; then
    kill -INT -- -"$pid" 2>/dev/null || true
    for _ in $(seq 60); do kill -0 -- -"$pid" 2>/dev/null || break; sleep 0.5; done
    kill -9 -- -"$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
  rm -rf "$data_dir"
}
trap cleanup EXIT

env -u DATABASE_URL -u REDIS_URL -u CELERY_BROKER_URL IGNY8_DATA_DIR="$data_dir" PORT="$port" \
  IGNY8_THROTTLE_AUTH=1000/min IGNY8_ALLOW_PRIVATE_INTEGRATION_HOSTS=1 setsid .venv/bin/python backend/manage.py runplatform >"$log" 2>&1 &
pid=$!
for _ in $(seq 120); do curl -fsS "http://127.0.0.1:$port/api/v1/system/health/" >/dev/null 2>&1 && break; sleep 1; done
curl -fsS "http://127.0.0.1:$port/" | grep -q '<div id="root">' || { echo "web app not served"; tail -50 "$log"; exit 1; }

cd frontend
if ! E2E_BASE_URL="http://127.0.0.1:$port" E2E_ARTIFACTS="$artifacts" ../.venv/bin/python ../scripts/wordpress_e2e.py -- node --test --test-concurrency=1 ${E2E_FILES:-e2e/}; then
  echo "--- platform log ---"; tail -80 "$log"; exit 1
fi
echo "e2e screenshots: $artifacts"
