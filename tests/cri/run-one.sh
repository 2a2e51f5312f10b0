#!/bin/bash
# run-one.sh FILE TEST: run one CRI test function (called by run.sh through
# tests/lib/engine-suite.sh, which provides RUNTIME, RT_NAME, PX_ID, PX_TMP,
# PX_CG_PARENT and the private containerd, and cleans up afterwards).
set -u
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/cri/lib.sh
. "$here"/lib.sh
# shellcheck disable=SC1090
. "$1"
cd "$PX_TMP" || exit 1
"$2"
rc=$?
[ "$rc" -eq 0 ] || echo "FAIL: $2 returned $rc"
exit "$rc"
