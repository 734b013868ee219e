#!/usr/bin/env bash
# Runs clang-tidy (the checked-in .clang-tidy) over every translation unit of the library: src/, and
# include/ through the headers they include; and over cloudflow-local's flow language (emulator/src/
# lang, expr), its interpreter and runner (engine) and its integrations. BUILD_DIR is a configured build (its
# compile_commands.json); CLOUDFLOW_JOBS (default 2) files at a time. Fails on any finding.
#   usage: scripts/tidy.sh BUILD_DIR
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:?usage: scripts/tidy.sh BUILD_DIR}
jobs=${CLOUDFLOW_JOBS:-2}
tidy=$(command -v clang-tidy-14 || command -v clang-tidy) || { echo "tidy: clang-tidy is not installed" >&2; exit 1; }

# The library's files, as the build compiles them (its unity batches, and the files kept out of
# them): the files of CMake's cloudflow and cloudflow_testing targets.
files=$(python3 - "$build/compile_commands.json" <<'PY'
import json, sys
import re
for entry in json.load(open(sys.argv[1])):
    command = entry["command"]
    # The library and its test aids, and cloudflow-local's flow language, interpreter and integrations.
    if "CMakeFiles/cloudflow.dir/" in command or "CMakeFiles/cloudflow_testing.dir/" in command or \
            "CMakeFiles/cloudflow_local_language.dir/" in command or \
            re.search(r"CMakeFiles/cloudflow_local_core.dir/src/(engine|integrations)/", command):
        print(entry["file"])
PY
)
[ -n "$files" ] || { echo "tidy: no file of the cloudflow target in $build/compile_commands.json" >&2; exit 1; }

# GCC's own warning switches are unknown to clang: not a finding. The unity batches need the
# generated files, which configuring and building make.
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
printf '%s\n' $files | xargs -P "$jobs" -n 1 "$tidy" -p "$build" --quiet \
    --extra-arg=-Wno-unknown-warning-option > "$log" 2>&1 || status=$?
grep -v "warnings generated\|^Suppressed\|^Use -header-filter\|^Use -system-headers" "$log" || true
count=$(printf '%s\n' $files | wc -l)
if [ "$status" -ne 0 ]; then
    echo "tidy: findings in the library (above); $count files checked" >&2
    exit 1
fi
echo "tidy: $count files (the library and cloudflow-local's language, engine and integrations), no finding"
