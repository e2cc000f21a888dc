#!/usr/bin/env bash
# Converts a text trace (one integer key per line, or a CSV column with --column) into libCacheSim's oracleGeneral
# binary format; an output name ending in .zst is zstd-compressed. The code is src/cache/to-oracle-general.ts.
#   data/traces/to-oracle-general.sh data/traces/cloudPhysicsIO.txt data/traces/cloudPhysicsIO.oracleGeneral.zst
set -euo pipefail
cd "$(dirname "$0")/../.."
exec npx tsx src/cache/to-oracle-general.ts "$@"
