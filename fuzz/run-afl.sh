#!/usr/bin/env bash
# Fuzz one StanceKit target with AFL++ through SharpFuzz. See fuzz/README.md.
#   fuzz/run-afl.sh TARGET [SECONDS]      TARGET: segment | extract | analyze | model | tagger
set -euo pipefail
target=${1:?target: segment, extract, analyze, model or tagger}
seconds=${2:-600}
here=$(cd "$(dirname "$0")" && pwd)
out=$here/out
case $target in
  segment|extract|analyze) seeds=$here/corpus/text ;;
  model) seeds=$here/corpus/model ;;
  tagger) seeds=$here/corpus/tagger ;;
  *) echo "unknown target $target" >&2; exit 2 ;;
esac
command -v afl-fuzz >/dev/null || { echo "afl-fuzz not found: apt-get install -y afl++" >&2; exit 2; }
command -v sharpfuzz >/dev/null || export PATH="$PATH:$HOME/.dotnet/tools"
command -v sharpfuzz >/dev/null || { echo "sharpfuzz not found: dotnet tool install --global SharpFuzz.CommandLine --version 2.3.0" >&2; exit 2; }

# Publish once and instrument the library under test (not the harness, not SharpFuzz itself).
if [ ! -f "$out/bin/.instrumented" ]; then
  rm -rf "$out/bin"
  dotnet publish "$here/StanceKit.Fuzz/StanceKit.Fuzz.csproj" -c Release -o "$out/bin"
  sharpfuzz "$out/bin/StanceKit.dll"
  touch "$out/bin/.instrumented"
fi

export AFL_SKIP_BIN_CHECK=1          # the target is `dotnet`, instrumented through SharpFuzz, not by afl-cc
export AFL_NO_UI=1
export AFL_SKIP_CPUFREQ=1
export AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1
export AFL_NO_AFFINITY=1
export DOTNET_TieredPGO=0
mkdir -p "$out/findings"
# -t: per-input timeout in ms (a hang is a finding); -m none: the .NET runtime reserves lots of virtual memory.
afl-fuzz -i "$seeds" -o "$out/findings/$target" -t 10000 -m none -V "$seconds" -- dotnet "$out/bin/StanceKit.Fuzz.dll" afl "$target"
echo "crashes: $(ls "$out/findings/$target/default/crashes" 2>/dev/null | grep -vc README || true), hangs: $(ls "$out/findings/$target/default/hangs" 2>/dev/null | wc -l)"
