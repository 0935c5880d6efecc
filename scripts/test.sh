#!/usr/bin/env bash
# The whole test suite, as CI runs it: lint, typecheck, unit tests, production build, end-to-end in Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-chromium.sh
node scripts/ensure-geo.mjs
echo "== lint" && npm run -s lint
echo "== typecheck" && npm run -s typecheck
echo "== unit tests" && npx vitest run
echo "== build" && npm run -s build
echo "== end-to-end" && npx playwright test
