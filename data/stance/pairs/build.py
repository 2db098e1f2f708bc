#!/usr/bin/env python3
"""Builds pairs.jsonl from the hand-written src/*.txt pair files.

Format: a block starts with '@ Target; topic; phenomenon', followed by 2-3 lines
'<label> <register>: <text>' (label s/c/n, register w/sm/gr/ngo/op/an/br/hl).
"""
import glob, json, os, sys
LAB = {"s": "state-framing", "c": "critical", "n": "neutral"}
REG = {"w": "wire", "sm": "state-media", "gr": "gov-release", "ngo": "ngo-report", "op": "op-ed",
       "an": "analysis", "br": "briefing", "hl": "headline"}
here = os.path.dirname(os.path.abspath(__file__))
out, groups, cur = [], [], None
for path in sorted(glob.glob(os.path.join(here, "src", "*.txt"))):
    for n, line in enumerate(open(path, encoding="utf-8"), 1):
        line = line.rstrip("\n")
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith("@"):
            target, topic, phen = [x.strip() for x in line[1:].split(";")]
            cur = {"target": target, "topic": topic, "phen": phen, "items": [], "where": f"{path}:{n}"}
            groups.append(cur)
            continue
        head, text = line.split(": ", 1)
        lab, reg = head.split()
        cur["items"].append((LAB[lab], REG[reg], text.strip()))
i = 0
for g, grp in enumerate(groups, 1):
    if len(grp["items"]) < 2:
        sys.exit(f"group with <2 members at {grp['where']}")
    for lab, reg, text in grp["items"]:
        i += 1
        out.append({"id": f"pair-{i:04d}", "set": f"pair-p{g:03d}", "text": text, "label": lab,
                    "target": grp["target"], "register": reg, "topic": grp["topic"], "hard": "flip",
                    "phenomenon": grp["phen"]})
with open(os.path.join(here, "pairs.jsonl"), "w", encoding="utf-8") as f:
    for r in out:
        f.write(json.dumps(r, ensure_ascii=False) + "\n")
same = sum(1 for g in groups if len({x[0] for x in g["items"]}) == 1)
print(f"{len(groups)} groups, {len(out)} records, {same} same-label groups")
