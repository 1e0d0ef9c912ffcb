#!/usr/bin/env bash
# Bytes the service allocates per create on the embedded store, read from its own /metrics: the
# runtime's cumulative allocation (dotnet_gc_heap_total_allocated_bytes_total) and the creates
# answered (notifications_create_outcomes_total, created + replaced), sampled twice, 30 s apart,
# inside a load run's steady phase, so both counters cover exactly the same window.
#   bench/alloc-per-create.sh API_BIN_DIR [RESULT_DIR]
# API_BIN_DIR is a built src/Api/bin/Release/net10.0 (of any commit: build an older one in a git
# worktree with -p:BuildWebApp=false and alternate runs of each). The load: USERS (2000) users,
# RATE (3000) single creates/s, after a 20 s warm-up of other users; loopback only, bounded.
set -euo pipefail
api_bin="$(cd "$1" && pwd)"
out="${2:-$(mktemp -d /tmp/alloc-per-create.XXXXXX)}"
mkdir -p "$out"
cd "$(dirname "$0")/.."
users="${USERS:-2000}"
rate="${RATE:-3000}"
loadtest=tools/LoadTest/bin/Release/net10.0/Notifications.LoadTest.dll
[[ -f "$loadtest" ]] || dotnet build -c Release -nologo -v q tools/LoadTest/LoadTest.csproj
export Auth__SigningKey="${Auth__SigningKey:-bench-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')}"
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }

port="$(free_port)"
(cd "$api_bin" && exec env ASPNETCORE_ENVIRONMENT=Development ASPNETCORE_URLS="http://127.0.0.1:$port" \
    Storage__Provider=Sqlite Storage__SqlitePath="$out/notifications.db" RateLimits__UserRequestsPerMinute=1000000 \
    Cluster__SiloPort="$(free_port)" Cluster__GatewayPort="$(free_port)" dotnet Notifications.Api.dll) >"$out/server.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT
for _ in $(seq 90); do curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && break; sleep 1; done

timeout 300 dotnet "$loadtest" --url "http://127.0.0.1:$port" --users "$users" --rate "$rate" --mix single=100 \
    --duration 20 --ramp-up 5 --user-prefix warm >"$out/warm-up.txt" 2>&1 || true
timeout 400 dotnet "$loadtest" --url "http://127.0.0.1:$port" --users "$users" --rate "$rate" --mix single=100 \
    --duration 50 --ramp-up 5 --server-pid "$server" >"$out/load.txt" 2>&1 &
load=$!
sample() { curl -fs "http://127.0.0.1:$port/metrics" | grep -E '^(dotnet_gc_heap_total_allocated_bytes_total|notifications_create_outcomes_total)'; }
sleep 20
sample >"$out/metrics-1.txt"
sleep 30
sample >"$out/metrics-2.txt"
wait "$load" || true

awk '
    function value(line) { n = split(line, parts, " "); return parts[n] + 0 }
    FNR == 1 { file++ }
    /^dotnet_gc_heap_total_allocated/ { allocated[file] += value($0) }
    /^notifications_create_outcomes_total/ && /outcome="(created|replaced)"/ { creates[file] += value($0) }
    END {
        c = creates[2] - creates[1]; a = allocated[2] - allocated[1]
        if (c <= 0) { print "no creates between the samples"; exit 1 }
        printf "creates %d in 30 s (%.0f/s), allocated %.1f MB, %.2f KB per create\n", c, c / 30, a / 1e6, a / c / 1000
    }' "$out/metrics-1.txt" "$out/metrics-2.txt" | tee "$out/result.txt"
grep -E 'LOST' "$out/load.txt" || true
