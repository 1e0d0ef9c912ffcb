#!/usr/bin/env bash
# Starts the cluster topology by hand, on loopback: a throwaway PostgreSQL (scripts/postgres.sh),
# Redis (membership), two silos and two Api nodes (Orleans clients), from the Release build.
# Prints the URLs and the pids; Ctrl+C (or SIGTERM) stops everything and removes the data.
#   scripts/cluster.sh            build in Release first, then start
#   NO_BUILD=1 scripts/cluster.sh start from the existing Release build
# The Api nodes run in the Development environment (POST /dev/token works) with the signing key
# below, so tools/LoadTest can mint its own tokens with --signing-key.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"

SIGNING_KEY="${Auth__SigningKey:-cluster-dev-signing-key-0123456789-abcdef}"
command -v redis-server >/dev/null || { echo "redis-server is not installed (apt-get install -y redis-server)" >&2; exit 1; }

if [[ -z "${NO_BUILD:-}" ]]; then
    dotnet build Notifications.sln -c Release -nologo -clp:ErrorsOnly
fi
silo_dll="$root/src/Silo/bin/Release/net10.0/Notifications.Silo.dll"
api_dll="$root/src/Api/bin/Release/net10.0/Notifications.Api.dll"
[[ -f "$silo_dll" && -f "$api_dll" ]] || { echo "Release build outputs missing; run without NO_BUILD" >&2; exit 1; }

work="$(mktemp -d /tmp/notifications-cluster.XXXXXX)"
pgdir="$(mktemp -d /tmp/notifications-cluster-pg.XXXXXX)" # its own directory: postgres.sh hands it to user postgres
pids=()
cleanup() {
    trap - EXIT INT TERM
    echo
    echo "Stopping…"
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    for _ in $(seq 1 50); do
        alive=0
        for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
        [[ $alive -eq 0 ]] && break
        sleep 0.2
    done
    for pid in "${pids[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
    scripts/postgres.sh stop "$pgdir" >/dev/null 2>&1 || true
    rm -rf "$pgdir"
    echo "Logs were in $work (removed)."
    rm -rf "$work"
}
trap cleanup EXIT INT TERM

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

wait_for() { # url seconds
    for _ in $(seq 1 $(( $2 * 4 ))); do
        curl -fs -o /dev/null "$1" && return 0
        sleep 0.25
    done
    echo "$1 did not answer within $2 s" >&2
    return 1
}

line="$(scripts/postgres.sh start "$pgdir" | grep '^NOTIFICATIONS_TEST_POSTGRES=')"
postgres="${line#NOTIFICATIONS_TEST_POSTGRES=}"

redis_port="$(free_port)"
redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no >"$work/redis.log" 2>&1 &
pids+=($!)

export Cluster__Clustering=Redis
export Cluster__RedisConnectionString="127.0.0.1:$redis_port"
export Cluster__ServiceId=notifications
export Cluster__ClusterId="cluster-$(date +%s)"
export Cluster__AdvertisedAddress=127.0.0.1
export Storage__Provider=Postgres
export Storage__PostgresConnectionString="$postgres"
export Storage__PostgresSchema=notifications
export Storage__PostgresMaxPoolSize=16
export Logging__Console__TimestampFormat='HH:mm:ss.fff '

silo_urls=()
for i in 1 2; do
    http="$(free_port)"
    (cd "$(dirname "$silo_dll")" && Cluster__SiloPort="$(free_port)" Cluster__GatewayPort="$(free_port)" \
        exec dotnet "$silo_dll" --urls "http://127.0.0.1:$http") >"$work/silo$i.log" 2>&1 &
    pids+=($!)
    silo_urls+=("http://127.0.0.1:$http")
done
for url in "${silo_urls[@]}"; do wait_for "$url/health/live" 120; done

api_urls=()
for i in 1 2; do
    http="$(free_port)"
    (cd "$(dirname "$api_dll")" && ASPNETCORE_ENVIRONMENT=Development Cluster__Mode=Client Auth__SigningKey="$SIGNING_KEY" \
        RateLimits__UserRequestsPerMinute=100000 exec dotnet "$api_dll" --urls "http://127.0.0.1:$http") >"$work/api$i.log" 2>&1 &
    pids+=($!)
    api_urls+=("http://127.0.0.1:$http")
done
for url in "${api_urls[@]}"; do wait_for "$url/health/ready" 120; done

echo
echo "Cluster up (logs in $work):"
echo "  PostgreSQL  $postgres (schema notifications)"
echo "  Redis       127.0.0.1:$redis_port (pid ${pids[0]})"
echo "  silo1       ${silo_urls[0]}  (pid ${pids[1]}; /health/live, /metrics)"
echo "  silo2       ${silo_urls[1]}  (pid ${pids[2]})"
echo "  api1        ${api_urls[0]}  (pid ${pids[3]}; /health/ready, /dev/token, /hubs/notifications)"
echo "  api2        ${api_urls[1]}  (pid ${pids[4]})"
echo "  signing key $SIGNING_KEY"
echo
echo "Load both Api nodes:  dotnet run -c Release --project tools/LoadTest -- --url ${api_urls[0]} --url ${api_urls[1]} --signing-key $SIGNING_KEY --connections-per-user 2 --create-retries 20 --catch-up-on-gap"
echo "Kill a node:          kill -9 <pid>"
echo "Ctrl+C stops everything."
wait
