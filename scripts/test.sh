#!/usr/bin/env bash
# The test command: installs what is missing, builds, and runs the whole test suite:
#   1. the release build (GCC, -O2 without debug information): the library, cloudflow-local, the CLI,
#      the samples and benchmarks, with the conformance and package tests (run last);
#   2. the unit and integration tests under AddressSanitizer + UndefinedBehaviorSanitizer (GCC);
#   3. the SDK's unit and integration tests under ThreadSanitizer (GCC; cloudflow-local is one thread);
#   4. every libFuzzer target (Clang, ASan) for CLOUDFLOW_FUZZ_SECONDS each (default 20), two at a time;
# and the benchmarks are built and run briefly (scripts/bench-smoke.sh), the reference docs are
# built with Doxygen, which fails on any undocumented public symbol, and clang-tidy checks the
# library (scripts/tidy.sh), failing on any finding.
# docs/reliability.md says what each stage proves.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
echo "== npm ci (tests/conformance: the official Node.js packages)"
npm ci --prefix tests/conformance --no-audit --no-fund --loglevel=error

jobs=${CLOUDFLOW_JOBS:-2}
start=$SECONDS
stage() { echo "== $* ($((SECONDS - start)) s)"; }

# Runs unit test programs of BUILD_DIR/tests, all at once, each in one process, and prints each
# one's summary (or its whole output when it fails). CTest runs one process a test case: under the
# sanitizers that startup cost more than the tests themselves (280 processes: 190 s; two: 25 s).
run_unit_programs() {
    local dir=$1 status=0 pids=() program
    shift
    for program in "$@"; do
        (cd "$dir/tests" && "./$program" > "$program.log" 2>&1) &
        pids+=($!)
    done
    local i=0
    for program in "$@"; do
        if wait "${pids[$i]}"; then
            echo "$program: $(tail -n 2 "$dir/tests/$program.log" | head -n 1)"
        else
            status=1
            cat "$dir/tests/$program.log"
            echo "$program: FAILED"
        fi
        i=$((i + 1))
    done
    return "$status"
}

# -O2 without -g: debug information would make this build a quarter slower on 2 cores; the
# sanitizer builds below keep -g for their reports. The unit and integration test programs are
# built and run in the sanitizer builds only (CLOUDFLOW_UNIT_AND_INTEGRATION_TESTS=OFF here).
stage "build (Release, -O2)"
cmake -S . -B build -G Ninja -D CMAKE_BUILD_TYPE=Release "-DCMAKE_CXX_FLAGS_RELEASE=-O2 -DNDEBUG" \
    -D CLOUDFLOW_BUILD_BENCHMARKS=ON -D CLOUDFLOW_UNIT_AND_INTEGRATION_TESTS=OFF
cmake --build build -j "$jobs"

# The reference documentation (docs/Doxyfile.in): Doxygen over the public headers, where any
# warning, such as an undocumented public symbol, fails the target. A configure and Doxygen only,
# nothing is compiled: seconds.
stage "reference docs (Doxygen, no warning)"
cmake -S . -B build-docs -D CLOUDFLOW_BUILD_DOCS=ON -D CLOUDFLOW_BUILD_TESTS=OFF -D CLOUDFLOW_BUILD_SAMPLES=OFF \
    -D CLOUDFLOW_BUILD_EMULATOR=OFF
cmake --build build-docs --target cloudflow_docs

# clang-tidy (.clang-tidy) over the library's files as the release build compiles them: any finding
# fails the run.
stage "clang-tidy (src/ and include/)"
bash scripts/tidy.sh build

# The benchmarks build and run, every call succeeding: a few calls each (bench/run.sh measures).
stage "benchmarks (smoke)"
bash scripts/bench-smoke.sh build

# -g1: line tables only, enough for the sanitizers' stack traces, and a quicker build than -g.
stage "build (ASan+UBSan)"
cmake -S . -B build-asan -G Ninja -D CMAKE_BUILD_TYPE=Debug -D CMAKE_CXX_FLAGS_DEBUG=-g1 \
    -D CLOUDFLOW_SANITIZE=address,undefined
cmake --build build-asan -j "$jobs" --target unit_tests emulator_unit_tests emulator_language_tests integration_tests

stage "unit and integration tests under ASan+UBSan"
export ASAN_OPTIONS=detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
run_unit_programs build-asan unit_tests emulator_unit_tests emulator_language_tests
ctest --test-dir build-asan -L integration --output-on-failure -j "$jobs"
unset ASAN_OPTIONS UBSAN_OPTIONS

# -O1 without -g: the sanitizers slow the tests less, and the build is quicker.
stage "build (TSan)"
cmake -S . -B build-tsan -G Ninja -D CMAKE_BUILD_TYPE= -D CMAKE_CXX_FLAGS=-O1 -D CLOUDFLOW_SANITIZE=thread \
    -D CLOUDFLOW_BUILD_SAMPLES=OFF -D CLOUDFLOW_BUILD_EMULATOR=OFF \
    -D "CLOUDFLOW_LOCAL_EXECUTABLE=$PWD/build/emulator/cloudflow-local"
cmake --build build-tsan -j "$jobs" --target unit_tests integration_tests

stage "unit and integration tests under TSan (one client on 2 threads, the pool, refreshing credentials)"
export TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1
run_unit_programs build-tsan unit_tests
ctest --test-dir build-tsan -L integration --output-on-failure -j "$jobs"
unset TSAN_OPTIONS

# Clang 14 cannot compile Asio's coroutines with UBSan or with -g under ASan ("cannot represent a
# difference across sections"): the fuzz build is ASan at -O1, without -g. NDEBUG, as in a release
# build: Beast 1.81 asserts wrongly on a final chunk that arrives in pieces (boostorg/beast#2861).
stage "build (libFuzzer targets, Clang, ASan)"
CXX=clang++-14 cmake -S . -B build-fuzz -G Ninja -D CMAKE_BUILD_TYPE= -D "CMAKE_CXX_FLAGS=-O1 -DNDEBUG" \
    -D CLOUDFLOW_SANITIZE=address -D CLOUDFLOW_FUZZ=ON -D CLOUDFLOW_BUILD_SAMPLES=OFF
cmake --build build-fuzz -j "$jobs" --target fuzz_targets

stage "fuzzing (${CLOUDFLOW_FUZZ_SECONDS:-20} s a target)"
bash scripts/fuzz.sh build-fuzz "${CLOUDFLOW_FUZZ_SECONDS:-20}"

stage "conformance and package tests (release build)"
ctest --test-dir build --output-on-failure -j "$jobs"
stage "done"
