#!/usr/bin/env bash
# Runs every test of the solution once, against real servers it starts and stops itself
# (a throwaway PostgreSQL on a free loopback port), and ends with the line "N passed, M failed".
# Exits non-zero when anything failed. Usage: scripts/test.sh [extra dotnet test arguments]
set -uo pipefail
cd "$(dirname "$0")/.."

# What the tests need beyond the .NET SDK, Node and PostgreSQL's binaries: IANA time zones
# (do-not-disturb rules), redis-server (the cluster test's membership) and Debian's chromium (the
# web inbox's browser tests; a Playwright browser download cannot work here). Installed once,
# quietly, when missing.
need_packages=()
[ -d /usr/share/zoneinfo/Europe ] || need_packages+=(tzdata)
command -v redis-server >/dev/null 2>&1 || need_packages+=(redis-server)
[ -x /usr/bin/chromium ] || need_packages+=(chromium)
if [ ${#need_packages[@]} -gt 0 ]; then
    echo "installing ${need_packages[*]}"
    if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
    $sudo apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need_packages[@]}" >/dev/null \
        || echo "could not install ${need_packages[*]}; the tests that need them will fail"
fi

results="$(mktemp -d /tmp/notifications-test-results.XXXXXX)"
pgdir="$(mktemp -d /tmp/notifications-test-pg.XXXXXX)"
cleanup() {
    scripts/postgres.sh stop "$pgdir" >/dev/null 2>&1 || true
    rm -rf "$pgdir" "$results"
}
trap cleanup EXIT

line="$(scripts/postgres.sh start "$pgdir" | grep '^NOTIFICATIONS_TEST_POSTGRES=')" \
    || { echo "could not start PostgreSQL"; echo "0 passed, 1 failed"; exit 1; }
export NOTIFICATIONS_TEST_POSTGRES="${line#NOTIFICATIONS_TEST_POSTGRES=}"

# The JavaScript workspace (client library, web inbox): installed from the committed lock file.
# The Api's build then builds the web inbox it serves.
if ! PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error; then
    echo "npm ci failed"
    echo "0 passed, 1 failed"
    exit 1
fi

if ! dotnet build Notifications.sln -c Release -nologo -clp:ErrorsOnly; then
    echo "build failed"
    echo "0 passed, 1 failed"
    exit 1
fi

dotnet test Notifications.sln -c Release --no-build -nologo \
    --logger "trx" --logger "console;verbosity=normal" --results-directory "$results" "$@"
status=$?

# The client library's tests (against the real Api, built above) and the browser tests, one after
# the other: each starts Api processes of its own, and the machine has two cores.
TEST_RESULTS_DIR="$results" npm test -w clients/js || status=1
TEST_RESULTS_DIR="$results" npm run test:e2e -w web || status=1

# VSTest's own summary is per project; add the projects' counters up into one closing line.
passed=0
failed=0
for trx in "$results"/*.trx; do
    [ -e "$trx" ] || continue
    counters="$(grep -o '<Counters [^>]*>' "$trx" | head -1)"
    p="$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")"
    f="$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")"
    e="$(sed -n 's/.* error="\([0-9]*\)".*/\1/p' <<<"$counters")"
    t="$(sed -n 's/.* timeout="\([0-9]*\)".*/\1/p' <<<"$counters")"
    a="$(sed -n 's/.* aborted="\([0-9]*\)".*/\1/p' <<<"$counters")"
    passed=$((passed + ${p:-0}))
    failed=$((failed + ${f:-0} + ${e:-0} + ${t:-0} + ${a:-0}))
done
for junit in "$results"/*.junit.xml; do
    [ -e "$junit" ] || continue
    # The root element carries the totals (vitest and Playwright both write <testsuites tests= failures= errors= skipped=>).
    root="$(grep -o '<testsuites [^>]*>' "$junit" | head -1)"
    t="$(sed -n 's/.* tests="\([0-9]*\)".*/\1/p' <<<"$root")"
    f="$(sed -n 's/.* failures="\([0-9]*\)".*/\1/p' <<<"$root")"
    e="$(sed -n 's/.* errors="\([0-9]*\)".*/\1/p' <<<"$root")"
    k="$(sed -n 's/.* skipped="\([0-9]*\)".*/\1/p' <<<"$root")"
    passed=$((passed + ${t:-0} - ${f:-0} - ${e:-0} - ${k:-0}))
    failed=$((failed + ${f:-0} + ${e:-0}))
done
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
    failed=1 # the run itself failed (a crashed test host, no results)
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
