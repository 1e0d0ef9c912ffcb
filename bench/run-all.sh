#!/usr/bin/env bash
# Every baseline in one go, figures as JSON in one results folder (see bench/README.md).
#   bench/run-all.sh                      defaults finish in a few minutes on a 2-core machine
#   SERVICE_URL=http://127.0.0.1:5000 Auth__SigningKey=... bench/run-all.sh
#                                         also measures an already running service's GET counts (bench/Counts --http)
#   ONLY="bare service" SERVICE_PARTS="same single" bench/run-all.sh
#                                         the service step: the service itself (src/Api, Release) on the
#                                         same throwaway PostgreSQL, against the issue's targets
# Starts a throwaway PostgreSQL (scripts/postgres.sh), BareSignalR, the Socket.IO server and the
# service on free loopback ports, and stops all of them on exit (trap), whatever happens.
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
ONLY="${ONLY:-ingest counts bare socketio service}"
# The service step (src/Api in Release, co-hosted silo, PostgreSQL; a fresh process and schema per part):
#   same         the LOAD_* load of BareSignalR and Socket.IO
#   single       single creates at a high target (BareSignalR gets the same load: its ceiling)
#   connections  many connections held under a moderate load
#   batch        a few large batches to active inboxes (ack time)
#   ingest       durable ingest: large batches back to back, group commit on
#   ingest-nogc  the same with Storage__GroupCommit=false
#   ingest-persist  the same batches with group commit on and no connection open: rows made
#                durable per second without the pushes (load tool --connections-per-user 0)
#   counts       bench/Counts --http (same per-user volume, workers and duration as the SQL side)
#   embedded     the embedded store (SQLite, what `dotnet run` uses): EMBEDDED_USERS x EMBEDDED_RATE single
#                creates/s, then offered CEILING_RATE; BareSignalR gets both loads too
SERVICE_PARTS="${SERVICE_PARTS:-same single connections batch ingest ingest-persist ingest-nogc counts embedded}"
SERVICE_RAMP="${SERVICE_RAMP:-10}"
SINGLE_USERS="${SINGLE_USERS:-2000}"
SINGLE_RATE="${SINGLE_RATE:-5000}"
SINGLE_DURATION="${SINGLE_DURATION:-60}"
WARMUP_RATE="${WARMUP_RATE:-3000}"        # single creates/s before the measured single-create runs (not measured)
WARMUP_DURATION="${WARMUP_DURATION:-30}"
CEILING_RATE="${CEILING_RATE:-15000}"      # BareSignalR offered more than it can take: its ceiling on this box
CEILING_DURATION="${CEILING_DURATION:-30}"
EMBEDDED_USERS="${EMBEDDED_USERS:-2000}"
EMBEDDED_RATE="${EMBEDDED_RATE:-3000}"
EMBEDDED_DURATION="${EMBEDDED_DURATION:-60}"
CONN_USERS="${CONN_USERS:-10000}"
CONN_RATE="${CONN_RATE:-500}"
CONN_DURATION="${CONN_DURATION:-60}"
BATCH_USERS="${BATCH_USERS:-10000}"
BATCH_SIZE="${BATCH_SIZE:-10000}"
BATCH_COUNT="${BATCH_COUNT:-4}"
SVC_INGEST_USERS="${SVC_INGEST_USERS:-10000}"
SVC_INGEST_BATCH_SIZE="${SVC_INGEST_BATCH_SIZE:-10000}"
SVC_INGEST_RATE="${SVC_INGEST_RATE:-4}"            # batches/s offered: above what the service can take
SVC_INGEST_IN_FLIGHT="${SVC_INGEST_IN_FLIGHT:-4}"  # batches outstanding at most (the rest are skipped)
SVC_INGEST_DURATION="${SVC_INGEST_DURATION:-20}"
CONNECT_CONCURRENCY="${CONNECT_CONCURRENCY:-100}"
export Auth__SigningKey="${Auth__SigningKey:-bench-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')}"

want() { [[ " $ONLY " == *" $1 "* ]]; }
say() { printf '\n== %s\n' "$*"; }
want_part() { [[ " $SERVICE_PARTS " == *" $1 "* ]]; }
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

stop_pid() { # pid: SIGTERM, at most 15 s, then SIGKILL
    kill "$1" 2>/dev/null || return 0
    for _ in $(seq 1 150); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.1; done
    kill -9 "$1" 2>/dev/null || true
}

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
  "kernel": "$(uname -r)",
  "memoryMb": $(awk '/MemTotal/ { print int($2 / 1024) }' /proc/meminfo),
  "postgres": "$("${PG_BIN:-/usr/lib/postgresql/15/bin}/postgres" --version 2>/dev/null || echo unknown)",
  "parameters": {
    "ingestRows": $INGEST_ROWS, "ingestRepetitions": $INGEST_REPETITIONS,
    "countsUsers": $COUNTS_USERS, "countsPerUser": $COUNTS_PER_USER, "countsWorkers": $COUNTS_WORKERS, "countsDuration": $COUNTS_DURATION,
    "loadUsers": $LOAD_USERS, "loadRate": $LOAD_RATE, "loadDuration": $LOAD_DURATION, "loadRampUp": $LOAD_RAMP,
    "loadExtraArgs": "$LOADTEST_ARGS", "serviceUrl": "$SERVICE_URL",
    "warmUpRate": $WARMUP_RATE, "warmUpDuration": $WARMUP_DURATION, "ceilingRate": $CEILING_RATE, "ceilingDuration": $CEILING_DURATION,
    "only": "$ONLY", "serviceParts": "$SERVICE_PARTS", "serviceRampUp": $SERVICE_RAMP,
    "embeddedUsers": $EMBEDDED_USERS, "embeddedRate": $EMBEDDED_RATE, "embeddedDuration": $EMBEDDED_DURATION,
    "singleUsers": $SINGLE_USERS, "singleRate": $SINGLE_RATE, "singleDuration": $SINGLE_DURATION,
    "connUsers": $CONN_USERS, "connRate": $CONN_RATE, "connDuration": $CONN_DURATION,
    "batchUsers": $BATCH_USERS, "batchSize": $BATCH_SIZE, "batchCount": $BATCH_COUNT,
    "serviceIngestUsers": $SVC_INGEST_USERS, "serviceIngestBatchSize": $SVC_INGEST_BATCH_SIZE,
    "serviceIngestRate": $SVC_INGEST_RATE, "serviceIngestInFlight": $SVC_INGEST_IN_FLIGHT, "serviceIngestDuration": $SVC_INGEST_DURATION
  }
}
JSON

# ---- build --------------------------------------------------------------------------------------
say "build"
dotnet build -c Release -nologo -v q -clp:ErrorsOnly bench/BareSignalR/BareSignalR.csproj
dotnet build -c Release -nologo -v q -clp:ErrorsOnly bench/Ingest/Ingest.csproj
dotnet build -c Release -nologo -v q -clp:ErrorsOnly bench/Counts/Counts.csproj
if want service; then
    dotnet build -c Release -nologo -v q -clp:ErrorsOnly src/Api/Api.csproj
fi
have_loadtest=""
if [[ -f tools/LoadTest/LoadTest.csproj ]]; then
    have_loadtest=1
    dotnet build -c Release -nologo -v q tools/LoadTest/LoadTest.csproj
fi
if want socketio && [[ ! -d bench/SocketIo/node_modules/socket.io ]]; then
    (cd bench/SocketIo && npm ci --prefer-offline --no-audit --no-fund)
fi

# ---- PostgreSQL: Ingest, Counts and the service -------------------------------------------------
loadtest_dll=tools/LoadTest/bin/Release/net10.0/Notifications.LoadTest.dll
pg_pid=""
if want ingest || want counts || want service; then
    say "PostgreSQL (throwaway)"
    pg_dir="$work/pg"
    line="$(scripts/postgres.sh start "$pg_dir" | tail -n 1)"
    connection="${line#NOTIFICATIONS_TEST_POSTGRES=}"
    pg_pid="$(head -n 1 "$pg_dir/data/postmaster.pid")"
    echo "$connection (postmaster pid $pg_pid)"

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

    if ! want service; then
        scripts/postgres.sh stop "$pg_dir"
        pg_dir=""
        pg_pid=""
    fi
fi

# CPU of the server and of PostgreSQL (postmaster and its backends) over one measurement, next to
# the load tool's own figures: <name>.cpu.json.
cpu_take() { python3 bench/cpu-snapshot.py take "server=${1:-none}" "postgres=${pg_pid:-none}"; }
cpu_done() { # name before-json server-pid
    cpu_take "$3" >"$work/after.json"
    python3 bench/cpu-snapshot.py diff "$2" "$work/after.json" >"$RESULTS/$1.cpu.json" || true
}

# One tools/LoadTest run: name server-pid bound-seconds options...; figures in <name>.json/.txt/.cpu.json.
load_run() {
    local name="$1" server="$2" bound="$3"
    shift 3
    say "load: $name ($*)"
    cpu_take "$server" >"$work/before.json"
    timeout -k 10 "$bound" dotnet "$loadtest_dll" --server-pid "$server" --json "$RESULTS/$name.json" "$@" \
        | tee "$RESULTS/$name.txt" || true
    cpu_done "$name" "$work/before.json" "$server"
}

# The same kind of load, not measured, so that the measured run meets a warm process (JIT tiers,
# thread pool, GC budgets) as a long-running service would; other users than the measured run's.
warm_up() { # url
    say "warm-up: $WARMUP_RATE single creates/s for $WARMUP_DURATION s (not measured)"
    timeout -k 10 $(( WARMUP_DURATION + 300 )) dotnet "$loadtest_dll" --url "$1" --users "$SINGLE_USERS" --rate "$WARMUP_RATE" \
        --mix single=100 --duration "$WARMUP_DURATION" --ramp-up 5 --user-prefix warm >/dev/null 2>&1 || true
}

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
        load_run bare-signalr "$bare_pid" $(( LOAD_DURATION + LOAD_RAMP + 300 )) --url "http://127.0.0.1:$port" \
            --users "$LOAD_USERS" --rate "$LOAD_RATE" --duration "$LOAD_DURATION" --ramp-up "$LOAD_RAMP" "${extra[@]}"
        if want service && { want_part single || want_part embedded; }; then
            warm_up "http://127.0.0.1:$port"
        fi
        if want service && want_part single; then
            # The transport's ceiling under the service's single-create load (same tool, same options).
            load_run bare-signalr-single "$bare_pid" $(( SINGLE_DURATION + SERVICE_RAMP + 300 )) --url "http://127.0.0.1:$port" \
                --users "$SINGLE_USERS" --rate "$SINGLE_RATE" --mix single=100 --duration "$SINGLE_DURATION" --ramp-up "$SERVICE_RAMP"
        fi
        if want service && want_part embedded; then
            # The embedded store's load, for CPU per create against the transport's at equal work.
            load_run bare-signalr-embedded "$bare_pid" $(( EMBEDDED_DURATION + SERVICE_RAMP + 300 )) --url "http://127.0.0.1:$port" \
                --users "$EMBEDDED_USERS" --rate "$EMBEDDED_RATE" --mix single=100 --duration "$EMBEDDED_DURATION" --ramp-up "$SERVICE_RAMP"
        fi
        if want service && { want_part single || want_part embedded; }; then
            # Then far more than it can take, so that what it delivers is its ceiling with the tool on the same cores.
            load_run bare-signalr-ceiling "$bare_pid" $(( CEILING_DURATION + SERVICE_RAMP + 300 )) --url "http://127.0.0.1:$port" \
                --users "$SINGLE_USERS" --rate "$CEILING_RATE" --mix single=100 --duration "$CEILING_DURATION" --ramp-up "$SERVICE_RAMP"
        fi
    else
        message="tools/LoadTest is not in this tree, so BareSignalR was started and answered /health/live but was not driven. Merge the branch that adds tools/LoadTest and run again (or: ONLY=bare bench/run-all.sh)."
        echo "$message" | tee "$RESULTS/bare-signalr.txt"
        printf '{ "skipped": true, "reason": "%s" }\n' "$message" >"$RESULTS/bare-signalr.json"
    fi
    stop_pid "$bare_pid"
fi

# ---- Socket.IO ----------------------------------------------------------------------------------
if want socketio; then
    port="$(free_port)"
    say "Socket.IO on 127.0.0.1:$port"
    (cd bench/SocketIo && exec env PORT="$port" node server.mjs) >"$RESULTS/socketio.server.log" 2>&1 &
    sio_pid=$!
    pids+=("$sio_pid")
    wait_http "http://127.0.0.1:$port/health/live" 30
    cpu_take "$sio_pid" >"$work/before.json"
    timeout -k 10 $(( LOAD_DURATION + LOAD_RAMP + 300 )) node bench/SocketIo/load.mjs --url "http://127.0.0.1:$port" \
        --users "$LOAD_USERS" --rate "$LOAD_RATE" --duration "$LOAD_DURATION" --ramp-up "$LOAD_RAMP" \
        --server-pid "$sio_pid" --json "$RESULTS/socketio.json" "${extra[@]}" | tee "$RESULTS/socketio.txt" || true
    cpu_done socketio "$work/before.json" "$sio_pid"
    stop_pid "$sio_pid"
fi

# ---- the service (src/Api, Release) on the same PostgreSQL -----------------------------------------
run_tag="$(date -u +%H%M%S)_$$"
svc_pid=""
svc_url=""
start_service() { # part [extra VAR=value ...]: a fresh process and a fresh schema
    local part="$1"
    shift
    local http silo gateway schema
    http="$(free_port)"; silo="$(free_port)"; gateway="$(free_port)"
    schema="bench_service_${run_tag}_${part//-/_}"
    say "service for '$part' on 127.0.0.1:$http (silo $silo, gateway $gateway, schema $schema${*:+, $*})"
    (cd src/Api/bin/Release/net10.0 && exec env ASPNETCORE_ENVIRONMENT=Development ASPNETCORE_URLS="http://127.0.0.1:$http" \
        Cluster__Mode=CoHosted Cluster__Clustering=Localhost Cluster__SiloPort="$silo" Cluster__GatewayPort="$gateway" \
        Storage__Provider=Postgres Storage__PostgresConnectionString="$connection" Storage__PostgresSchema="$schema" \
        RateLimits__UserRequestsPerMinute=1000000 "$@" dotnet Notifications.Api.dll) >"$RESULTS/service-$part.server.log" 2>&1 &
    svc_pid=$!
    pids+=("$svc_pid")
    svc_url="http://127.0.0.1:$http"
    wait_http "$svc_url/health/ready" 120 || { echo "the service did not start for '$part': see service-$part.server.log" >&2; return 1; }
}

if want service; then
    if [[ -z "$have_loadtest" ]]; then
        echo "tools/LoadTest is not in this tree: the service step needs it" >&2
    else
        if want_part same; then
            if start_service same; then
                load_run service-same "$svc_pid" $(( LOAD_DURATION + LOAD_RAMP + 300 )) --url "$svc_url" \
                    --users "$LOAD_USERS" --rate "$LOAD_RATE" --duration "$LOAD_DURATION" --ramp-up "$LOAD_RAMP" "${extra[@]}"
            fi
            stop_pid "$svc_pid"
        fi
        if want_part single; then
            if start_service single; then
                warm_up "$svc_url"
                load_run service-single "$svc_pid" $(( SINGLE_DURATION + SERVICE_RAMP + 300 )) --url "$svc_url" \
                    --users "$SINGLE_USERS" --rate "$SINGLE_RATE" --mix single=100 --duration "$SINGLE_DURATION" --ramp-up "$SERVICE_RAMP"
                # Its ceiling, offered what BareSignalR was offered for its own.
                load_run service-ceiling "$svc_pid" $(( CEILING_DURATION + SERVICE_RAMP + 300 )) --url "$svc_url" \
                    --users "$SINGLE_USERS" --rate "$CEILING_RATE" --mix single=100 --duration "$CEILING_DURATION" --ramp-up "$SERVICE_RAMP"
            fi
            stop_pid "$svc_pid"
        fi
        if want_part connections; then
            if start_service connections; then
                load_run service-connections "$svc_pid" $(( CONN_DURATION + SERVICE_RAMP + 400 )) --url "$svc_url" \
                    --users "$CONN_USERS" --rate "$CONN_RATE" --duration "$CONN_DURATION" --ramp-up "$SERVICE_RAMP" \
                    --connect-concurrency "$CONNECT_CONCURRENCY"
            fi
            stop_pid "$svc_pid"
        fi
        if want_part batch; then
            # BATCH_COUNT batches over 10 s, the first due after 10/BATCH_COUNT s; every recipient has a
            # live connection, so every inbox is active when its batch arrives.
            if start_service batch; then
                load_run service-batch "$svc_pid" 400 --url "$svc_url" \
                    --users "$BATCH_USERS" --mix batch=100 --batch-size "$BATCH_SIZE" \
                    --rate "$(awk -v n="$BATCH_COUNT" 'BEGIN { print n / 10 }')" --duration 10 --ramp-up 0 --drain 30 \
                    --connect-concurrency "$CONNECT_CONCURRENCY"
            fi
            stop_pid "$svc_pid"
        fi
        for part in ingest ingest-persist ingest-nogc; do
            want_part "$part" || continue
            group_commit=true
            [[ "$part" != ingest-nogc ]] || group_commit=false
            connections=1
            [[ "$part" != ingest-persist ]] || connections=0
            # Batches back to back, at most SVC_INGEST_IN_FLIGHT outstanding: notifications acknowledged per second.
            start_service "$part" Storage__GroupCommit=$group_commit && load_run "service-$part" "$svc_pid" $(( SVC_INGEST_DURATION + 400 )) --url "$svc_url" \
                --users "$SVC_INGEST_USERS" --connections-per-user "$connections" --mix batch=100 --batch-size "$SVC_INGEST_BATCH_SIZE" \
                --rate "$SVC_INGEST_RATE" --max-in-flight "$SVC_INGEST_IN_FLIGHT" --duration "$SVC_INGEST_DURATION" --ramp-up 0 --drain 30 \
                --connect-concurrency "$CONNECT_CONCURRENCY"
            stop_pid "$svc_pid"
        done
        if want_part embedded; then
            # What `dotnet run` gives a newcomer: the SQLite store, in a file of its own.
            if start_service embedded Storage__Provider=Sqlite Storage__SqlitePath="$work/embedded-$run_tag.db"; then
                warm_up "$svc_url"
                load_run service-embedded "$svc_pid" $(( EMBEDDED_DURATION + SERVICE_RAMP + 300 )) --url "$svc_url" \
                    --users "$EMBEDDED_USERS" --rate "$EMBEDDED_RATE" --mix single=100 --duration "$EMBEDDED_DURATION" --ramp-up "$SERVICE_RAMP"
                load_run service-embedded-ceiling "$svc_pid" $(( CEILING_DURATION + SERVICE_RAMP + 300 )) --url "$svc_url" \
                    --users "$SINGLE_USERS" --rate "$CEILING_RATE" --mix single=100 --duration "$CEILING_DURATION" --ramp-up "$SERVICE_RAMP"
            fi
            stop_pid "$svc_pid"
        fi
        if want_part counts; then
            start_service counts || true
            say "Counts --http: $COUNTS_HTTP_USERS users x $COUNTS_PER_USER, $COUNTS_WORKERS workers, $COUNTS_DURATION s"
            cpu_take "$svc_pid" >"$work/before.json"
            timeout -k 10 900 dotnet bench/Counts/bin/Release/net10.0/Notifications.Bench.Counts.dll --http "$svc_url" \
                --http-users "$COUNTS_HTTP_USERS" --per-user "$COUNTS_PER_USER" --workers "$COUNTS_WORKERS" --duration "$COUNTS_DURATION" \
                --json "$RESULTS/service-counts.json" | tee "$RESULTS/service-counts.txt" || true
            cpu_done service-counts "$work/before.json" "$svc_pid"
            stop_pid "$svc_pid"
        fi
    fi
    scripts/postgres.sh stop "$pg_dir"
    pg_dir=""
    pg_pid=""
fi

# ---- summary ------------------------------------------------------------------------------------
printf '{ "finishedAt": "%s", "loadAverageAtEnd": "%s" }\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$(cut -d' ' -f1-3 /proc/loadavg)" >"$RESULTS/finished.json"
say "summary ($RESULTS)"
node bench/summary.mjs "$RESULTS" | tee "$RESULTS/summary.txt"
