#!/usr/bin/env bash
# The retention trim rate on both stores, from outside: seed USERS users with PER_USER
# notifications each under the default cap, restart the service with Inbox__MaxNotificationsPerUser=CAP,
# and time until every inbox is down to CAP (bench/retention.mjs). Loopback only; bounded.
#   USERS=10 PER_USER=3000 CAP=1000 STORES="sqlite postgres" bash bench/retention.sh
set -euo pipefail
cd "$(dirname "$0")/.."
USERS=${USERS:-10}
PER_USER=${PER_USER:-3000}
CAP=${CAP:-1000}
STORES=${STORES:-sqlite postgres}
work=$(mktemp -d)
chmod 755 "$work"
pid=""
pg_dir=""
cleanup() {
    [[ -z "$pid" ]] || kill "$pid" 2>/dev/null || true
    [[ -z "$pg_dir" ]] || scripts/postgres.sh stop "$pg_dir" >/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }

start() { # store-settings... ; starts the service in Development on a free port, sets $url and $pid
    local port silo gateway
    port=$(free_port); silo=$(free_port); gateway=$(free_port)
    env ASPNETCORE_ENVIRONMENT=Development ASPNETCORE_URLS="http://127.0.0.1:$port" \
        Auth__SigningKey=retention-bench-signing-key-0123456789abcdef \
        Cluster__SiloPort="$silo" Cluster__GatewayPort="$gateway" \
        RateLimits__UserRequestsPerMinute=1000000 Logging__LogLevel__Default=Warning "$@" \
        dotnet src/Api/bin/Release/net10.0/Notifications.Api.dll >"$work/service.log" 2>&1 &
    pid=$!
    url="http://127.0.0.1:$port"
    for _ in $(seq 1 240); do curl -sf -o /dev/null "$url/health/ready" && return 0; sleep 0.25; done
    echo "the service did not become ready"; cat "$work/service.log"; exit 1
}

stop() {
    kill "$pid"
    for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
    pid=""
}

dotnet build -c Release -nologo -v q -clp:ErrorsOnly src/Api/Api.csproj
for store in $STORES; do
    case $store in
        sqlite) settings=(Storage__Provider=Sqlite "Storage__SqlitePath=$work/notifications.db") ;;
        postgres)
            pg_dir="$work/pg"
            line=$(scripts/postgres.sh start "$pg_dir" | tail -n 1)
            settings=(Storage__Provider=Postgres "Storage__PostgresConnectionString=${line#NOTIFICATIONS_TEST_POSTGRES=}") ;;
        *) echo "unknown store $store"; exit 2 ;;
    esac
    echo "== $store: $USERS users x $PER_USER, cap $CAP (commit $(git rev-parse --short HEAD), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg))"
    start "${settings[@]}"
    node bench/retention.mjs seed --url "$url" --users "$USERS" --per-user "$PER_USER" --concurrency $(( USERS * 4 ))
    stop
    start "${settings[@]}" Inbox__MaxNotificationsPerUser="$CAP"
    node bench/retention.mjs watch --url "$url" --users "$USERS" --cap "$CAP"
    stop
    if [[ $store == postgres ]]; then scripts/postgres.sh stop "$pg_dir" >/dev/null; pg_dir=""; fi
done
