#!/usr/bin/env bash
# The test command: installs what is missing, builds, and runs the whole test suite (unit,
# integration, conformance, package); the unit and integration tests run once more under
# AddressSanitizer and UndefinedBehaviorSanitizer.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
echo "== npm ci (tests/conformance: the official Node.js packages)"
npm ci --prefix tests/conformance --no-audit --no-fund --loglevel=error

jobs=${CLOUDFLOW_JOBS:-2}

echo "== build (RelWithDebInfo)"
cmake -S . -B build -G Ninja -D CMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build build -j "$jobs"

echo "== build (ASan+UBSan)"
cmake -S . -B build-asan -G Ninja -D CMAKE_BUILD_TYPE=Debug -D CLOUDFLOW_SANITIZE=address,undefined
cmake --build build-asan -j "$jobs" --target unit_tests emulator_unit_tests integration_tests

echo "== unit and integration tests under ASan+UBSan"
ASAN_OPTIONS=detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1 \
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --test-dir build-asan -L "unit|integration" --output-on-failure -j "$jobs"

echo "== all tests"
ctest --test-dir build --output-on-failure -j "$jobs"
