#!/bin/bash
# run-one.sh FILE TEST: run one test function (called by run.sh, which provides
# RUNTIME, PX_ROOT, PX_ID, PX_TMP and cleans up afterwards).
set -u
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/integration/lib.sh
. "$here"/lib.sh
# shellcheck disable=SC1090
. "$1"
cd "$PX_TMP" || exit 1
"$2"
rc=$?
[ "$rc" -eq 0 ] || echo "FAIL: $2 returned $rc"
exit "$rc"
