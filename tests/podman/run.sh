#!/bin/bash
# tests/podman/run.sh [REGEX] — podman (with conmon) as a real client of pidbox, and
# of runc as the control, on a private podman: its own containers.conf, storage and
# image store (tests/lib/podman-env.sh), a busybox image made by `podman import`,
# every container under a cgroup parent of the run's own. See tests/lib/engine-suite.sh
# for the runner (per-test timeout, cleanup, "N passed, M failed"). As root.
set -u
here=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$here/../.." && pwd)
export TOP
BUILD=${BUILD:-build}
# shellcheck source=tests/lib/engine-suite.sh
. "$TOP"/tests/lib/engine-suite.sh
# shellcheck source=tests/lib/podman-env.sh
. "$TOP"/tests/lib/podman-env.sh

suite_setup() {
	local t
	for t in podman conmon; do
		command -v "$t" >/dev/null || { echo "podman suite: $t missing (tests/lib/deps.sh installs it)"; return 1; }
	done
	podman_env_init "$ENGINE_TMP/podman" "$(engine_runtime_path pidbox)" || return 1
	podman_import_busybox localhost/busybox:latest
}

suite_teardown() { podman_env_teardown; }

# everything of the test's: all containers (the store is this run's alone and tests
# run one at a time); cgroups are removed by the runner
test_cleanup() {
	local ids
	mapfile -t ids < <(timeout -k 5 30 "$PODMAN_BIN" --root "$PODMAN_DIR/root" \
		--runroot "$PODMAN_DIR/runroot" ps -a -q 2>/dev/null)
	[ ${#ids[@]} -eq 0 ] || timeout -k 5 60 "$PODMAN_BIN" --root "$PODMAN_DIR/root" \
		--runroot "$PODMAN_DIR/runroot" --runtime "$RUNTIME" rm -f -t 0 "${ids[@]}" >/dev/null 2>&1
	return 0
}

engine_suite_main "$here" "${1:-.}"
