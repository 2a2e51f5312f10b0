# tests/docker/lib.sh — helpers for Docker tests (sourced by tests/lib/run-one.sh).
#
# A test file tests/docker/test_*.sh defines functions test_*; each runs in its own
# bash, once with pidbox and once with runc, with:
#   RUNTIME  the runtime's path     RT_NAME  pidbox or runc (docker's runtime px-RT_NAME)
#   PX_ID    a unique container name    PX_TMP  scratch dir, removed afterwards
# `dkr` is docker with the runtime under test; run/create get the test's own
# --cgroup-parent and no network. The assertions (run, must, assert_*) are the
# integration suite's.
# shellcheck shell=bash

TOP=${TOP:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
# shellcheck source=tests/integration/lib.sh
. "$TOP"/tests/integration/lib.sh
# shellcheck source=tests/lib/docker-env.sh
. "$TOP"/tests/lib/docker-env.sh
# shellcheck source=tests/lib/tty-run.sh
. "$TOP"/tests/lib/tty-run.sh

IMG=px-busybox:latest

# dkr SUBCOMMAND ARGS...: docker; `run` and `create` use the runtime under test,
# the test's cgroup parent and no network.
dkr() {
	local sub=$1
	shift
	case "$sub" in
	run | create) dk "$sub" --runtime "px-$RT_NAME" --cgroup-parent "$PX_CG_PARENT" --network none "$@" ;;
	*) dk "$sub" "$@" ;;
	esac
}

# dkr_argv SUBCOMMAND ARGS...: the command line `dkr` would run, in ${dk_cmd[@]}
# (for tty_run, which cannot run a shell function)
dkr_argv() {
	local sub=$1
	shift
	dk_cmd=("$DOCKER_BIN" -H "unix://$DOCKER_DIR/docker.sock" "$sub")
	case "$sub" in
	run | create) dk_cmd+=(--runtime "px-$RT_NAME" --cgroup-parent "$PX_CG_PARENT" --network none) ;;
	esac
	dk_cmd+=("$@")
}

# dk_inspect NAME FORMAT: one field of `docker inspect`
dk_inspect() { dk inspect --format "$2" "$1" 2>/dev/null; }

# dk_wait_state NAME WANT [TENTHS]: poll until .State.Status is WANT.
dk_wait_state() {
	local i s
	for i in $(seq "${3:-100}"); do
		s=$(dk_inspect "$1" '{{.State.Status}}')
		[ "$s" = "$2" ] && return 0
		sleep 0.1
	done
	fail "status of $1 is '$s', expected '$2'"
}

# dk_wait_log NAME TEXT [TENTHS]: poll `docker logs` until it contains TEXT.
dk_wait_log() {
	local i
	for i in $(seq "${3:-100}"); do
		dk logs "$1" 2>&1 | grep -qF -- "$2" && return 0
		sleep 0.1
	done
	echo "logs of $1:"
	dk logs "$1" 2>&1 | sed 's/^/  /'
	fail "logs of $1 never showed '$2'"
}

# dk_cgroup_file NAME CONTROLLER FILE: the host path of one cgroup v1 file of a
# container (docker's cgroupfs driver puts it at PARENT/ID)
dk_cgroup_file() {
	local id
	id=$(dk_inspect "$1" '{{.Id}}')
	echo "/sys/fs/cgroup/$2$PX_CG_PARENT/$id/$3"
}
