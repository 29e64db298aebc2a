#!/usr/bin/env python3
"""Turns run.sh's results file into the Markdown report. Usage: report.py RESULTS_TSV

Lines of the results file (tab-separated):
  meta KEY VALUE | wrk WORKLOAD PATH CONNS REQ_PER_S P50_MS P99_MS | ttft PATH MEDIAN_MS P99_MS
  | rss idle|peak KB | log COUNT
"""
import sys

PATHS = ("direct", "nginx", "floor", "gateway")
meta, wrk, ttft, rss, log_lines = {}, {}, {}, {}, 0
for line in open(sys.argv[1]):
    kind, *f = line.rstrip("\n").split("\t")
    if kind == "meta":
        meta[f[0]] = f[1]
    elif kind == "wrk":
        wrk[(f[0], f[1], int(f[2]))] = tuple(map(float, f[3:6]))
    elif kind == "ttft":
        ttft[f[0]] = tuple(map(float, f[1:3]))
    elif kind == "rss":
        rss[f[0]] = int(f[1]) / 1024
    elif kind == "log":
        log_lines = int(f[0])

out = [f"# Switchboard benchmark ({meta.get('date', '?')})", "",
       f"- gateway binary: `{meta.get('binary', '?')}`",
       f"- machine: {meta.get('cpus', '?')} CPUs, {meta.get('cpu', '?')}; wrk {meta.get('duration', '?')} s per cell"
       f" (after a {meta.get('warmup', '?')} s warm-up), {meta.get('threads', '?')} wrk threads at 16 connections",
       "- mock upstream and reverse proxy: nginx, one worker each", "",
       "| workload | path | conns | req/s | p50 ms | p99 ms | added p50 ms | added p99 ms |",
       "|---|---|--:|--:|--:|--:|--:|--:|"]
for (workload, path, conns), (rps, p50, p99) in wrk.items():
    base = wrk.get((workload, "direct", conns))
    added = ("", "") if path == "direct" or not base else (f"{p50 - base[1]:+.3f}", f"{p99 - base[2]:+.3f}")
    out.append(f"| {workload} | {path} | {conns} | {rps:,.0f} | {p50:.3f} | {p99:.3f} | {added[0]} | {added[1]} |")

ratios, floor_ratios = {}, {}
for workload in ("json", "sse"):
    gateway, nginx, floor = (wrk.get((workload, path, 16)) for path in ("gateway", "nginx", "floor"))
    if gateway and nginx:
        ratios[workload] = gateway[0] / nginx[0]
    if floor and nginx:
        floor_ratios[workload] = floor[0] / nginx[0]
out += ["", "Gateway / nginx req/s at 16 connections: "
        + ", ".join(f"{w} **{r:.0%}**" for w, r in ratios.items())]
if floor_ratios:
    out += ["", "Floor (bare SwiftNIO proxy) / nginx req/s at 16 connections: "
            + ", ".join(f"{w} {r:.0%}" for w, r in floor_ratios.items())]
out.append("")

if ttft:
    out += ["| streaming TTFT (first `data:` line, 1 keep-alive connection) | median ms | p99 ms | added median ms | added p99 ms |",
            "|---|--:|--:|--:|--:|"]
    for path in PATHS:
        if path in ttft:
            median, p99 = ttft[path]
            base = ttft.get("direct")
            added = ("", "") if path == "direct" or not base else (f"{median - base[0]:+.3f}", f"{p99 - base[1]:+.3f}")
            out.append(f"| {path} | {median:.3f} | {p99:.3f} | {added[0]} | {added[1]} |")
    out.append("")

out += [f"Gateway memory: idle RSS **{rss.get('idle', 0):.1f} MB** (VmRSS before load), "
        f"peak RSS **{rss.get('peak', 0):.1f} MB** (VmHWM after all runs). "
        f"Gateway log lines at warning or above: {log_lines}.", ""]


def added(workload, column):
    gateway, direct = wrk.get((workload, "gateway", 1)), wrk.get((workload, "direct", 1))
    return gateway[column] - direct[column] if gateway and direct else None


checks = [
    ("JSON added p50, 1 conn (ms)", added("json", 1), "≤ 0.1", lambda v: v <= 0.1),
    ("JSON added p99, 1 conn (ms)", added("json", 2), "≤ 0.3", lambda v: v <= 0.3),
    ("SSE added p50, 1 conn (ms)", added("sse", 1), "≤ 0.1", lambda v: v <= 0.1),
    ("SSE added p99, 1 conn (ms)", added("sse", 2), "≤ 0.3", lambda v: v <= 0.3),
    ("JSON req/s vs nginx, 16 conns", ratios.get("json"), "≥ 35%", lambda v: v >= 0.35),
    ("SSE req/s vs nginx, 16 conns", ratios.get("sse"), "≥ 70%", lambda v: v >= 0.70),
    ("idle RSS (MB)", rss.get("idle"), "≤ 30", lambda v: v <= 30),
    ("streaming added TTFT, median (ms)",
     ttft["gateway"][0] - ttft["direct"][0] if {"gateway", "direct"} <= ttft.keys() else None, "≤ 1", lambda v: v <= 1),
]
out += ["| target | measured | goal | met |", "|---|--:|--:|:-:|"]
for name, value, goal, ok in checks:
    shown = "n/a" if value is None else (f"{value:.0%}" if "%" in goal else f"{value:.3f}")
    out.append(f"| {name} | {shown} | {goal} | {'n/a' if value is None else ('yes' if ok(value) else '**no**')} |")
print("\n".join(out))
