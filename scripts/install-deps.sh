#!/usr/bin/env bash
# Installs, from Debian 12's packages, what building and testing cloudflow-cpp needs and the
# machine lacks. Idempotent: installs nothing when everything is there. Run as root.
set -euo pipefail

packages=(
    g++ cmake ninja-build ccache pkg-config
    dpkg-dev                     # cpack -G DEB (dpkg-shlibdeps) and the package test
    libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
    libssl-dev catch2
    libyaml-dev libre2-dev       # cloudflow-local: flow definitions in YAML, regexMatchString
    libbenchmark-dev             # bench/ (Google Benchmark)
    doxygen                      # the reference docs (cloudflow_docs)
    clang-14 libclang-rt-14-dev  # the fuzz targets: Clang and its libFuzzer
    clang-tidy                   # scripts/tidy.sh
)

# Node.js and npm run the conformance tests (Alibaba's official Node.js client); a machine that
# already has them (from any source) keeps its own.
if ! command -v node > /dev/null || ! command -v npm > /dev/null; then
    packages+=(nodejs npm)
fi

missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$p")
    fi
done

if [ ${#missing[@]} -eq 0 ]; then
    echo "install-deps: everything is installed"
    exit 0
fi

echo "install-deps: installing ${missing[*]}"
sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
