#!/usr/bin/env bash
# Builds the production binary of switchboard and prints its path.
#
# - release configuration, with the Swift runtime linked statically (no Swift toolchain needed
#   where it runs, and no dynamic symbol binding at start);
# - every function of every module in its own section, so the linker can place the code that
#   start-up and serving run side by side, in the order of scripts/release-link/switchboard.order
#   (Package.swift passes the file to lld in release builds on Linux; see scripts/release-link);
# - exclusivity checked at compile time only (`-enforce-exclusivity=unchecked`): the run-time
#   checks cost ~20,000 instructions per relayed request, most in SwiftNIO's buffers and channels
#   (BENCHMARKS.md); debug builds, and so every test run, keep them.
#
# Env: SWITCHBOARD_RELEASE_SCRATCH (build directory, default .build-release-static),
# SWITCHBOARD_RELEASE_PRODUCT (default switchboard; the benchmark builds its floor proxy this way).
# Extra arguments go to `swift build`.
set -euo pipefail
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SCRATCH=${SWITCHBOARD_RELEASE_SCRATCH:-$REPO/.build-release-static}
PRODUCT=${SWITCHBOARD_RELEASE_PRODUCT:-switchboard}
cd "$REPO"
flags=(
    -c release --static-swift-stdlib --scratch-path "$SCRATCH" --product "$PRODUCT"
    -Xswiftc -Xfrontend -Xswiftc -function-sections
    -Xcc -ffunction-sections -Xcc -fdata-sections
    -Xswiftc -enforce-exclusivity=unchecked
)
BIN=$(swift build "${flags[@]}" --show-bin-path)/$PRODUCT
# The order file is not an input SwiftPM knows of: relink every time, so the binary follows it.
rm -f "$BIN"
swift build "${flags[@]}" "$@" >&2
echo "$BIN"
