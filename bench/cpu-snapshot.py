#!/usr/bin/env python3
"""CPU accounting for bench/run-all.sh, from /proc only (Linux).

  cpu-snapshot.py take NAME=PID ... > before.json
      CPU seconds so far of each process tree (the process, its live descendants, and the children
      it has reaped: PostgreSQL's postmaster reaps its backends), plus the machine's busy/total jiffies.
  cpu-snapshot.py diff before.json after.json > step.cpu.json
      average CPU of each tree over the interval in % of one core (200 % = both cores of a 2-core
      machine), and the machine's busy share in % of all cores.
A backend alive at the first snapshot and reaped before the second is counted whole (small overcount).
"""
import json
import os
import sys
import time

TICK = os.sysconf("SC_CLK_TCK")


def processes():
    table = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                text = f.read()
        except OSError:
            continue
        fields = text[text.rfind(")") + 2:].split()
        # after comm: state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime cutime cstime
        table[int(entry)] = (int(fields[1]), int(fields[11]) + int(fields[12]), int(fields[13]) + int(fields[14]))
    return table


def tree_seconds(table, root):
    if root not in table:
        return None
    members, frontier = {root}, [root]
    while frontier:
        parent = frontier.pop()
        for pid, (ppid, _, _) in table.items():
            if ppid == parent and pid not in members:
                members.add(pid)
                frontier.append(pid)
    own = sum(table[p][1] for p in members)
    return (own + table[root][2]) / TICK


def machine():
    with open("/proc/stat") as f:
        values = [int(v) for v in f.readline().split()[1:]]
    idle = values[3] + (values[4] if len(values) > 4 else 0)
    return sum(values) - idle, sum(values)


def take(pairs):
    table = processes()
    busy, total = machine()
    trees = {}
    for pair in pairs:
        name, _, pid = pair.partition("=")
        trees[name] = tree_seconds(table, int(pid)) if pid.isdigit() else None
    loadavg = open("/proc/loadavg").read().split()[:3]
    print(json.dumps({"time": time.time(), "machineBusy": busy, "machineTotal": total, "loadAverage": " ".join(loadavg), "trees": trees}))


def diff(before_path, after_path):
    with open(before_path) as f:
        before = json.load(f)
    with open(after_path) as f:
        after = json.load(f)
    wall = after["time"] - before["time"]
    total = after["machineTotal"] - before["machineTotal"]
    result = {
        "wallSeconds": round(wall, 1),
        "loadAverageBefore": before["loadAverage"],
        "loadAverageAfter": after["loadAverage"],
        "machineBusyPercentOfAllCores": round(100.0 * (after["machineBusy"] - before["machineBusy"]) / total, 1) if total > 0 else None,
        "processes": {},
    }
    for name, start in before["trees"].items():
        end = after["trees"].get(name)
        if start is None or end is None or wall <= 0:
            result["processes"][name] = None
            continue
        seconds = end - start
        result["processes"][name] = {"cpuSeconds": round(seconds, 2), "averageCpuPercentOfOneCore": round(100.0 * seconds / wall, 1)}
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    if len(sys.argv) >= 2 and sys.argv[1] == "take":
        take(sys.argv[2:])
    elif len(sys.argv) == 4 and sys.argv[1] == "diff":
        diff(sys.argv[2], sys.argv[3])
    else:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
