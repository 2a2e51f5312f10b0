#!/bin/bash
# tests/lib/run-one.sh LIB FILE TEST: run one test function TEST of FILE in this
# bash, after the suite's helpers LIB (DIR/lib.sh). Called by the runners
# (tests/integration/run.sh, tests/lib/engine-suite.sh), which provide RUNTIME,
# PX_ID, PX_TMP and the rest of the suite's environment, time the test and clean
# up after it. The exit status is the test's.
set -u
# shellcheck disable=SC1090 # the suite's helpers, then its tests: named by the runner
. "$1"
# shellcheck disable=SC1090
. "$2"
cd "$PX_TMP" || exit 1
"$3"
rc=$?
[ "$rc" -eq 0 ] || echo "FAIL: $3 returned $rc"
exit "$rc"
