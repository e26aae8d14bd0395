#!/usr/bin/env bash
# Fuzzing stage of CI (called by .ci/run): 20,000 mutated inputs per format through the
# analysis core, every 50th also through the CLI, on 2 worker threads. The seed is fixed
# so CI is reproducible (override with FUZZ_SEED=...); `npm run fuzz` without --seed
# explores new inputs. Fails on any crash, ill-formed result, internal error or run
# over 1 s, and if the time cap stops it before the full count.
set -euo pipefail
cd "$(dirname "$0")/.."
exec node --import tsx scripts/fuzz.ts \
  --count "${FUZZ_COUNT:-20000}" \
  --seconds "${FUZZ_SECONDS:-1500}" \
  --seed "${FUZZ_SEED:-20261126}" \
  --workers "${FUZZ_WORKERS:-2}" \
  --cli-every 50 \
  --require-count \
  --out "${FUZZ_OUT:-test/fixtures/fuzz}"
