#!/usr/bin/env python3
"""Brings each package's PublicAPI.Unshipped.txt up to date with its code.

Builds the solution, reads the PublicApiAnalyzers diagnostics and, per project, adds the symbols reported
as missing (RS0016) and drops the lines reported as no longer existing (RS0017). Review the diff: every
line is a public API promise. Usage: python3 eng/public-api.py
"""
import collections
import os
import re
import subprocess
import sys

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
build = subprocess.run(["dotnet", "build", "--no-incremental", "-p:TreatWarningsAsErrors=false"], cwd=root,
                       capture_output=True, text=True)
added = collections.defaultdict(set)
removed = collections.defaultdict(set)
for line in build.stdout.splitlines():
    m = re.search(r"(?:warning|error) (RS001[67]): Symbol '(.*)' is (?:not )?part of the declared (?:public )?API.*\[(.*\.csproj)\]", line)
    if not m:
        continue
    code, symbol, project = m.groups()
    (added if code == "RS0016" else removed)[os.path.dirname(project)].add(symbol)

for project in sorted(set(added) | set(removed)):
    path = os.path.join(project, "PublicAPI.Unshipped.txt")
    lines = open(path).read().splitlines() if os.path.exists(path) else ["#nullable enable"]
    header = [l for l in lines if l.startswith("#")] or ["#nullable enable"]
    body = {l for l in lines if l and not l.startswith("#")}
    body = (body | added[project]) - removed[project]
    with open(path, "w") as f:
        f.write("\n".join(header + sorted(body)) + "\n")
    print(f"{os.path.relpath(path, root)}: +{len(added[project])} -{len(removed[project])}")
if not added and not removed:
    print("public API files are up to date" if build.returncode == 0 else build.stdout[-3000:])
sys.exit(0)
