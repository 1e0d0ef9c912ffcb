#!/usr/bin/env bash
# Waits until the machine is quiet enough for a published run: 1-minute load average below
# QUIET_LOAD (1.5) and no service or test process (Notifications.Silo, Notifications.Api,
# testhost, dotnet test) running. Polls every QUIET_POLL s (30) for at most QUIET_MAX s (1500).
# Exit 0 when quiet, 1 when it gave up (the caller may run anyway and must say so).
#   bench/wait-quiet.sh && bench/run-all.sh
set -uo pipefail
limit="${QUIET_LOAD:-1.5}"
poll="${QUIET_POLL:-30}"
max="${QUIET_MAX:-1500}"
pattern='Notifications\.Silo|Notifications\.Api|testhost|dotnet test'
start=$(date +%s)
while :; do
    load="$(cut -d' ' -f1 /proc/loadavg)"
    busy="$(pgrep -f -a -- "$pattern" | grep -v -- "$0" || true)"
    waited=$(( $(date +%s) - start ))
    if [[ -z "$busy" ]] && awk -v l="$load" -v m="$limit" 'BEGIN { exit !(l < m) }'; then
        echo "quiet after ${waited} s: load average $(cut -d' ' -f1-3 /proc/loadavg), no service or test process"
        exit 0
    fi
    echo "$(date -u +%H:%M:%S) waited ${waited} s: load average $(cut -d' ' -f1-3 /proc/loadavg); $(printf '%s' "$busy" | grep -c . || true) service/test processes"
    if (( waited + poll > max )); then
        echo "not quiet after ${waited} s: load average $(cut -d' ' -f1-3 /proc/loadavg)"
        [[ -z "$busy" ]] || printf '%s\n' "$busy" | cut -c1-160
        exit 1
    fi
    sleep "$poll"
done
