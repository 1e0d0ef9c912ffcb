#!/usr/bin/env bash
# Every baseline in one go, figures as JSON in one results folder (see bench/README.md).
#   bench/run-all.sh                      defaults finish in a few minutes on a 2-core machine
#   SERVICE_URL=http://127.0.0.1:5000 Auth__SigningKey=... bench/run-all.sh
#                                         also measures the service's GET counts (bench/Counts --http)
# Starts a throwaway PostgreSQL (scripts/postgres.sh), BareSignalR and the Socket.IO server on free
# loopback ports, and stops all of them on exit (trap), whatever happens.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"

# ---- parameters (environment) -------------------------------------------------------------------
RESULTS="${RESULTS:-$repo/bench/results/$(date -u +%Y%m%dT%H%M%SZ)}"
INGEST_ROWS="${INGEST_ROWS:-100000}"
INGEST_REPETITIONS="${INGEST_REPETITIONS:-3}"
COUNTS_USERS="${COUNTS_USERS:-50}"
COUNTS_PER_USER="${COUNTS_PER_USER:-10000}"
COUNTS_WORKERS="${COUNTS_WORKERS:-4}"
COUNTS_DURATION="${COUNTS_DURATION:-10}"
COUNTS_HTTP_USERS="${COUNTS_HTTP_USERS:-4}"
LOAD_USERS="${LOAD_USERS:-1000}"
LOAD_RATE="${LOAD_RATE:-500}"
LOAD_DURATION="${LOAD_DURATION:-30}"
LOAD_RAMP="${LOAD_RAMP:-10}"
LOADTEST_ARGS="${LOADTEST_ARGS:-}"   # extra options for tools/LoadTest and load.mjs alike, e.g. "--mix single=100"
SERVICE_URL="${SERVICE_URL:-}"       # optional: the running service, for bench/Counts --http
ONLY="${ONLY:-ingest counts bare socketio}"
export Auth__SigningKey="${Auth__SigningKey:-bench-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')}"

want() { [[ " $ONLY " == *" $1 "* ]]; }
say() { printf '\n== %s\n' "$*"; }
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }

# Only loopback targets.
if [[ -n "$SERVICE_URL" && ! "$SERVICE_URL" =~ ^https?://(127\.[0-9.]+|localhost|\[::1\])(:[0-9]+)?(/.*)?$ ]]; then
    echo "SERVICE_URL must be a loopback URL (127.x, localhost, [::1])" >&2
    exit 2
fi

mkdir -p "$RESULTS"
work="$(mktemp -d /tmp/bench-run.XXXXXX)"
chmod 0755 "$work" # the PostgreSQL server runs as user postgres when we are root
pids=()
pg_dir=""

cleanup() {
    local pid
    for pid in "${pids[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    for pid in "${pids[@]}"; do
        # Bounded wait for each process we started, then force.
        for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$pid" 2>/dev/null || true
    done
    [[ -z "$pg_dir" ]] || scripts/postgres.sh stop "$pg_dir" || true
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

wait_http() { # url seconds
    local i
    for i in $(seq 1 $(( $2 * 4 ))); do
        curl -sf -o /dev/null "$1" && return 0
        sleep 0.25
    done
    echo "$1 did not answer within $2 s" >&2
    return 1
}

# ---- environment record -------------------------------------------------------------------------
cat >"$RESULTS/environment.json" <<JSON
{
  "startedAt": "$(date -u +%Y-%m-%dT%H:%M:%SZ)",
  "commit": "$(git rev-parse HEAD 2>/dev/null || echo unknown)",
  "cores": $(nproc),
  "loadAverageAtStart": "$(cut -d' ' -f1-3 /proc/loadavg)",
  "dotnet": "$(dotnet --version)",
  "node": "$(node --version)",
  "parameters": {
    "ingestRows": $INGEST_ROWS, "ingestRepetitions": $INGEST_REPETITIONS,
    "countsUsers": $COUNTS_USERS, "countsPerUser": $COUNTS_PER_USER, "countsWorkers": $COUNTS_WORKERS, "countsDuration": $COUNTS_DURATION,
    "loadUsers": $LOAD_USERS, "loadRate": $LOAD_RATE, "loadDuration": $LOAD_DURATION, "loadRampUp": $LOAD_RAMP,
    "loadExtraArgs": "$LOADTEST_ARGS", "serviceUrl": "$SERVICE_URL"
  }
}
JSON

# ---- build --------------------------------------------------------------------------------------
say "build"
dotnet build -c Release -nologo -v q -clp:ErrorsOnly bench/BareSignalR/BareSignalR.csproj
dotnet build -c Release -nologo -v q -clp:ErrorsOnly bench/Ingest/Ingest.csproj
dotnet build -c Release -nologo -v q -clp:ErrorsOnly bench/Counts/Counts.csproj
have_loadtest=""
if [[ -f tools/LoadTest/LoadTest.csproj ]]; then
    have_loadtest=1
    dotnet build -c Release -nologo -v q tools/LoadTest/LoadTest.csproj
fi
if want socketio && [[ ! -d bench/SocketIo/node_modules/socket.io ]]; then
    (cd bench/SocketIo && npm ci --prefer-offline --no-audit --no-fund)
fi

# ---- PostgreSQL: Ingest and Counts --------------------------------------------------------------
if want ingest || want counts; then
    say "PostgreSQL (throwaway)"
    pg_dir="$work/pg"
    line="$(scripts/postgres.sh start "$pg_dir" | tail -n 1)"
    connection="${line#NOTIFICATIONS_TEST_POSTGRES=}"
    echo "$connection"

    if want ingest; then
        say "Ingest: $INGEST_ROWS rows x $INGEST_REPETITIONS"
        dotnet bench/Ingest/bin/Release/net10.0/Notifications.Bench.Ingest.dll --connection "$connection" \
            --rows "$INGEST_ROWS" --repetitions "$INGEST_REPETITIONS" --json "$RESULTS/ingest.json" | tee "$RESULTS/ingest.txt"
    fi

    if want counts; then
        say "Counts: $COUNTS_USERS users x $COUNTS_PER_USER (SQL${SERVICE_URL:+ and service at $SERVICE_URL})"
        http_args=()
        [[ -z "$SERVICE_URL" ]] || http_args=(--http "$SERVICE_URL" --http-users "$COUNTS_HTTP_USERS")
        dotnet bench/Counts/bin/Release/net10.0/Notifications.Bench.Counts.dll --connection "$connection" \
            --users "$COUNTS_USERS" --per-user "$COUNTS_PER_USER" --workers "$COUNTS_WORKERS" --duration "$COUNTS_DURATION" \
            "${http_args[@]}" --json "$RESULTS/counts.json" | tee "$RESULTS/counts.txt"
    fi

    scripts/postgres.sh stop "$pg_dir"
    pg_dir=""
fi

# ---- BareSignalR --------------------------------------------------------------------------------
# shellcheck disable=SC2206
extra=($LOADTEST_ARGS)
if want bare; then
    port="$(free_port)"
    say "BareSignalR on 127.0.0.1:$port"
    ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="http://127.0.0.1:$port" \
        dotnet bench/BareSignalR/bin/Release/net10.0/Notifications.Bench.BareSignalR.dll >"$RESULTS/bare-signalr.server.log" 2>&1 &
    bare_pid=$!
    pids+=("$bare_pid")
    wait_http "http://127.0.0.1:$port/health/live" 60
    if [[ -n "$have_loadtest" ]]; then
        dotnet run -c Release --no-build --project tools/LoadTest -- --url "http://127.0.0.1:$port" \
            --users "$LOAD_USERS" --rate "$LOAD_RATE" --duration "$LOAD_DURATION" --ramp-up "$LOAD_RAMP" \
            --server-pid "$bare_pid" --json "$RESULTS/bare-signalr.json" "${extra[@]}" | tee "$RESULTS/bare-signalr.txt" || true
    else
        message="tools/LoadTest is not in this tree, so BareSignalR was started and answered /health/live but was not driven. Merge the branch that adds tools/LoadTest and run again (or: ONLY=bare bench/run-all.sh)."
        echo "$message" | tee "$RESULTS/bare-signalr.txt"
        printf '{ "skipped": true, "reason": "%s" }\n' "$message" >"$RESULTS/bare-signalr.json"
    fi
    kill "$bare_pid" 2>/dev/null || true
fi

# ---- Socket.IO ----------------------------------------------------------------------------------
if want socketio; then
    port="$(free_port)"
    say "Socket.IO on 127.0.0.1:$port"
    (cd bench/SocketIo && exec env PORT="$port" node server.mjs) >"$RESULTS/socketio.server.log" 2>&1 &
    sio_pid=$!
    pids+=("$sio_pid")
    wait_http "http://127.0.0.1:$port/health/live" 30
    node bench/SocketIo/load.mjs --url "http://127.0.0.1:$port" \
        --users "$LOAD_USERS" --rate "$LOAD_RATE" --duration "$LOAD_DURATION" --ramp-up "$LOAD_RAMP" \
        --server-pid "$sio_pid" --json "$RESULTS/socketio.json" "${extra[@]}" | tee "$RESULTS/socketio.txt" || true
    kill "$sio_pid" 2>/dev/null || true
fi

# ---- summary ------------------------------------------------------------------------------------
say "summary ($RESULTS)"
node bench/summary.mjs "$RESULTS" | tee "$RESULTS/summary.txt"
