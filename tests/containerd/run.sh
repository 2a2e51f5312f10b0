#!/bin/bash
# tests/containerd/run.sh [REGEX] — containerd's runc shim (io.containerd.runc.v2) as
# a real client of pidbox (`ctr run --runc-binary`, the shim's BinaryName), and of
# runc as the control, on a private containerd (tests/lib/containerd-env.sh: own
# config, root, state and socket; started here and stopped by its pid). The busybox
# image is `podman import`ed, `podman save`d and `ctr images import`ed. See
# tests/lib/engine-suite.sh for the runner. As root.
set -u
here=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$here/../.." && pwd)
export TOP
BUILD=${BUILD:-build}
# shellcheck source=tests/lib/engine-suite.sh
. "$TOP"/tests/lib/engine-suite.sh
# shellcheck source=tests/lib/podman-env.sh
. "$TOP"/tests/lib/podman-env.sh
# shellcheck source=tests/lib/containerd-env.sh
. "$TOP"/tests/lib/containerd-env.sh

suite_setup() {
	local t
	for t in containerd ctr containerd-shim-runc-v2 podman; do
		command -v "$t" >/dev/null || { echo "containerd suite: $t missing (tests/lib/deps.sh installs it)"; return 1; }
	done
	# the image: made by a private podman, saved as an archive, imported by ctr
	podman_env_init "$ENGINE_TMP/podman" "$(engine_runtime_path pidbox)" || return 1
	podman_import_busybox localhost/busybox:latest || return 1
	pm save -o "$ENGINE_TMP"/busybox.tar localhost/busybox:latest >/dev/null 2>&1 || return 1
	podman_env_teardown
	containerd_env_init "$ENGINE_TMP/containerd" || return 1
	cr images import "$ENGINE_TMP"/busybox.tar >/dev/null || return 1
	rm -f "$ENGINE_TMP"/busybox.tar
}

suite_teardown() {
	containerd_env_teardown
	podman_env_teardown
}

# every task and container of the run's namespace (tests run one at a time)
test_cleanup() {
	local c
	for c in $(cr_timed tasks ls -q 2>/dev/null); do
		cr_timed tasks kill -s KILL "$c" >/dev/null 2>&1
		cr_timed tasks delete -f "$c" >/dev/null 2>&1
	done
	for c in $(cr_timed containers ls -q 2>/dev/null); do
		cr_timed containers delete "$c" >/dev/null 2>&1
	done
	return 0
}

engine_suite_main "$here" "${1:-.}"
