#!/bin/bash
# tests/docker/run.sh [REGEX] — Docker (dockerd → containerd → runc shim) as a real
# client of pidbox, and of runc as the control, on a private dockerd
# (tests/lib/docker-env.sh: own daemon.json, data-root, exec-root, pidfile and
# socket, no iptables and no bridge, its own containerd; stopped by its pid). Both
# runtimes are registered in daemon.json's `runtimes`; the busybox image comes from
# `docker import`. See tests/lib/engine-suite.sh for the runner. As root.
set -u
here=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$here/../.." && pwd)
export TOP
BUILD=${BUILD:-build}
# shellcheck source=tests/lib/engine-suite.sh
. "$TOP"/tests/lib/engine-suite.sh
# shellcheck source=tests/lib/docker-env.sh
. "$TOP"/tests/lib/docker-env.sh

suite_setup() {
	local t
	for t in "$DOCKER_BIN" "$DOCKERD_BIN" containerd containerd-shim-runc-v2; do
		command -v "$t" >/dev/null || { echo "docker suite: $t missing (tests/lib/deps.sh --all installs docker.io)"; return 1; }
	done
	# every container's cgroup sits under the run's own parent; each test adds its own
	docker_env_init "$ENGINE_TMP/docker" "/$ENGINE_CG_PARENT" || return 1
	docker_import_busybox px-busybox:latest
}

suite_teardown() { docker_env_teardown; }

# everything of the test's: all containers (the daemon is this run's alone and tests
# run one at a time), named volumes; cgroups are removed by the runner
test_cleanup() {
	local ids
	mapfile -t ids < <(dk_timed ps -a -q 2>/dev/null)
	[ ${#ids[@]} -eq 0 ] || dk_timed rm -f -v "${ids[@]}" >/dev/null 2>&1
	dk_timed volume prune -f >/dev/null 2>&1
	return 0
}

engine_suite_main "$here" "${1:-.}"
