#!/bin/bash
# tests/buildah/run.sh [REGEX] — buildah's RUN steps (`buildah bud --runtime PATH
# --isolation oci`, and `buildah run`) as a real client of pidbox, and of runc as the
# control, on private storage (tests/lib/buildah-env.sh: --root/--runroot, its own
# containers.conf and registries.conf under a temp dir). The base image is a
# busybox-static rootfs ADDed to `FROM scratch`. See tests/lib/engine-suite.sh for
# the runner. As root.
set -u
here=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$here/../.." && pwd)
export TOP
BUILD=${BUILD:-build}
# shellcheck source=tests/lib/engine-suite.sh
. "$TOP"/tests/lib/engine-suite.sh
# shellcheck source=tests/lib/buildah-env.sh
. "$TOP"/tests/lib/buildah-env.sh

suite_setup() {
	command -v "$BUILDAH_BIN" >/dev/null || { echo "buildah suite: buildah missing (tests/lib/deps.sh --all installs it)"; return 1; }
	buildah_env_init "$ENGINE_TMP/buildah" || return 1
	buildah_import_busybox localhost/px-busybox:latest
}

suite_teardown() { buildah_env_teardown; }

# everything of the test's: working containers and the images it built (the storage
# is this run's alone and tests run one at a time); cgroups are removed by the runner
test_cleanup() {
	local base imgs
	bh_timed rm -a >/dev/null 2>&1
	base=$(bh_timed images -q --no-trunc localhost/px-busybox:latest 2>/dev/null)
	mapfile -t imgs < <(bh_timed images -a -q --no-trunc 2>/dev/null | grep -vxF "${base:-none}")
	[ ${#imgs[@]} -eq 0 ] || bh_timed rmi -f "${imgs[@]}" >/dev/null 2>&1
	return 0
}

engine_suite_main "$here" "${1:-.}"
