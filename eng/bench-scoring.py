#!/usr/bin/env python3
"""Runs the scoring benchmark (BenchmarkDotNet, default job) several times and prints the median of each row.

Usage: python3 eng/bench-scoring.py [runs] [filter ...]    (defaults: 3 runs, '*ScoringBenchmarks*')

Each run is a separate BenchmarkDotNet process; the load average is printed before and after each, because on a
shared machine it decides the numbers more than the code does. The per-run CSV reports are kept in
BenchmarkDotNet.Artifacts/runs/ and the medians printed as a Markdown table (the README's performance table).
"""
import csv, os, re, shutil, statistics, subprocess, sys, time

runs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
filters = sys.argv[2:] or ["*ScoringBenchmarks*"]
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
results = os.path.join(root, "BenchmarkDotNet.Artifacts", "results")
keep = os.path.join(root, "BenchmarkDotNet.Artifacts", "runs")
os.makedirs(keep, exist_ok=True)
UNITS = {"ns": 1e-6, "μs": 1e-3, "us": 1e-3, "ms": 1.0, "s": 1e3}

def ms(value):
    number, unit = value.replace(",", "").split()
    return float(number) * UNITS[unit]

def load():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])

rows = {}
subprocess.run(["dotnet", "build", "-c", "Release", os.path.join(root, "benchmarks", "StanceKit.Benchmarks")], check=True,
               stdout=subprocess.DEVNULL)
for run in range(1, runs + 1):
    before = load()
    started = time.time()
    subprocess.run(["dotnet", "run", "-c", "Release", "--no-build", "--project", os.path.join(root, "benchmarks", "StanceKit.Benchmarks"),
                    "--", "--filter", *filters], check=True, cwd=root, stdout=subprocess.DEVNULL)
    print(f"run {run}: load average before {before}, after {load()}, {time.time() - started:.0f} s", flush=True)
    for name in os.listdir(results):
        if not name.endswith("-report.csv"):
            continue
        shutil.copy(os.path.join(results, name), os.path.join(keep, f"run{run}-{name}"))
        with open(os.path.join(results, name), newline="", encoding="utf-8") as f:
            for r in csv.DictReader(f):
                rows.setdefault(r["Method"], []).append((ms(r["Mean"]), r.get("Ratio", ""), r.get("Allocated", "")))

print()
print(f"| Method | Mean, median of {runs} runs | each run | Ratio, median | Ratio, each run | Allocated |")
print("|---|---:|---|---:|---|---:|")
for method, values in rows.items():
    means = [v[0] for v in values]
    ratios = [float(v[1]) for v in values if re.fullmatch(r"[0-9.]+", v[1] or "")]
    ratio = f"{statistics.median(ratios):.3f}" if ratios else ""
    print(f"| {method} | {statistics.median(means):.2f} ms | {', '.join(f'{m:.2f}' for m in means)} | {ratio} | "
          f"{', '.join(v[1] for v in values)} | {values[-1][2]} |")
