#!/usr/bin/env bash
# Throwaway PostgreSQL cluster for the storage tests.
#   scripts/postgres.sh start <dir>   initdb in <dir>, start on 127.0.0.1:<free port>, create
#                                     database notifications_test, print NOTIFICATIONS_TEST_POSTGRES=...
#   scripts/postgres.sh stop <dir>    stop the cluster and remove <dir>
# PG_EXTRA_LISTEN=<address> PG_EXTRA_CLIENTS=<cidr> also listen on a test's own veth address and
# let that subnet in (the partition test's silo in a network namespace); loopback otherwise.
# Works as root (initdb refuses root, so the server runs as user postgres) or as any other user.
set -euo pipefail

PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
DATABASE="notifications_test"

die() { echo "postgres.sh: $*" >&2; exit 1; }

usage() { die "usage: $0 start|stop <dir>"; }

[[ $# -eq 2 ]] || usage
command="$1"
dir="$2"
[[ -n "$dir" && "$dir" != "/" ]] || die "refusing directory '$dir'"
[[ -x "$PG_BIN/pg_ctl" ]] || die "PostgreSQL binaries not found in $PG_BIN (set PG_BIN)"

# The server must not run as root; as root, run every PostgreSQL tool as user postgres.
if [[ "$(id -u)" -eq 0 ]]; then
    id postgres >/dev/null 2>&1 || die "user 'postgres' does not exist"
    as_owner() { runuser -u postgres -- "$@"; }
else
    as_owner() { "$@"; }
fi

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

start() {
    mkdir -p "$dir"
    dir="$(cd "$dir" && pwd)"
    [[ ! -e "$dir/data/PG_VERSION" ]] || die "$dir already holds a cluster; stop it first"
    if [[ "$(id -u)" -eq 0 ]]; then
        chown postgres:postgres "$dir"
    fi
    # A cwd the postgres user cannot read (e.g. /root) makes the tools warn; use the cluster's own.
    cd "$dir"
    as_owner "$PG_BIN/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; die "initdb failed"; }
    # In the configuration, not on the command line, so that a restart (pg_ctl start) keeps it.
    echo "listen_addresses = '127.0.0.1${PG_EXTRA_LISTEN:+,$PG_EXTRA_LISTEN}'" >>"$dir/data/postgresql.conf"
    if [[ -n "${PG_EXTRA_CLIENTS:-}" ]]; then
        echo "host all all $PG_EXTRA_CLIENTS trust" >>"$dir/data/pg_hba.conf"
    fi

    # The free port may be taken between probing and binding: retry with another one.
    local port="" attempt
    for attempt in 1 2 3 4 5; do
        port="$(free_port)"
        if as_owner "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -t 60 \
            -o "-p $port -k $dir" start >/dev/null; then
            break
        fi
        port=""
    done
    [[ -n "$port" ]] || { tail -n 20 "$dir/postgres.log" >&2; die "server did not start"; }

    local ready=""
    for attempt in $(seq 1 60); do
        if "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$port" -U postgres; then ready=1; break; fi
        sleep 0.5
    done
    [[ -n "$ready" ]] || die "server on port $port is not ready"

    as_owner "$PG_BIN/createdb" -h 127.0.0.1 -p "$port" -U postgres "$DATABASE"
    echo "$port" >"$dir/port"
    echo "NOTIFICATIONS_TEST_POSTGRES=Host=127.0.0.1;Port=$port;Username=postgres;Database=$DATABASE"
}

stop() {
    [[ -d "$dir" ]] || return 0
    dir="$(cd "$dir" && pwd)"
    if [[ -e "$dir/data/PG_VERSION" ]]; then
        cd "$dir"
        as_owner "$PG_BIN/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >/dev/null 2>&1 || true
        cd /
    fi
    rm -rf "$dir"
}

case "$command" in
    start) start ;;
    stop) stop ;;
    *) usage ;;
esac
