# tests/buildah/lib.sh — helpers for buildah tests (sourced by tests/lib/run-one.sh).
#
# A test file tests/buildah/test_*.sh defines functions test_*; each runs in its own
# bash, once with pidbox and once with runc, with:
#   RUNTIME  the runtime's path (buildah --runtime RUNTIME)   RT_NAME  pidbox or runc
#   PX_ID    a unique name    PX_TMP  scratch dir (the build context), removed afterwards
# `bud_build TAG` builds $PX_TMP/Containerfile with the runtime under test, isolation
# oci (chroot would not use the runtime), no network, the test's cgroup parent;
# `bh_run` is `buildah run` with the same. The assertions (run, must, assert_*) are
# the integration suite's.
# shellcheck shell=bash

TOP=${TOP:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
# shellcheck source=tests/integration/lib.sh
. "$TOP"/tests/integration/lib.sh
# shellcheck source=tests/lib/buildah-env.sh
. "$TOP"/tests/lib/buildah-env.sh

IMG=localhost/px-busybox:latest

# containerfile LINE...: write $PX_TMP/Containerfile, FROM the busybox image
containerfile() { printf '%s\n' "FROM $IMG" "$@" >"$PX_TMP"/Containerfile; }

# bud_build TAG: build $PX_TMP/Containerfile as TAG with the runtime under test
bud_build() {
	bh bud --runtime "$RUNTIME" --isolation oci --network none --cgroup-parent "$PX_CG_PARENT" \
		--layers=false -t "$1" -f "$PX_TMP"/Containerfile "$PX_TMP"
}

# bh_run CONTAINER [OPTIONS --] ARGS...: `buildah run` with the runtime under test
bh_run() { bh run --runtime "$RUNTIME" --isolation oci --network none "$@"; }
