# tests/podman/lib.sh — helpers for podman tests (sourced by tests/lib/run-one.sh).
#
# A test file tests/podman/test_*.sh defines functions test_*; each runs in its own
# bash, once with pidbox and once with runc, with:
#   RUNTIME  the runtime's path (podman --runtime RUNTIME)   RT_NAME  pidbox or runc
#   PX_ID    a unique container name    PX_TMP  scratch dir, removed afterwards
# `pod` is podman with the runtime under test; run/create get the test's own
# --cgroup-parent. The assertions (run, must, assert_*) are the integration suite's.
# shellcheck shell=bash

TOP=${TOP:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
# shellcheck source=tests/integration/lib.sh
. "$TOP"/tests/integration/lib.sh
# shellcheck source=tests/lib/podman-env.sh
. "$TOP"/tests/lib/podman-env.sh
# shellcheck source=tests/lib/tty-run.sh
. "$TOP"/tests/lib/tty-run.sh

IMG=localhost/busybox:latest

# pod SUBCOMMAND ARGS...: podman --runtime $RUNTIME; `run` and `create` are put
# under the test's cgroup parent.
pod() {
	local sub=$1
	shift
	case "$sub" in
	run | create) pm --runtime "$RUNTIME" "$sub" --cgroup-parent "$PX_CG_PARENT" "$@" ;;
	*) pm --runtime "$RUNTIME" "$sub" "$@" ;;
	esac
}

# pod_state NAME: .State.Status of a container (empty if unknown)
pod_state() { pod inspect --format '{{.State.Status}}' "$1" 2>/dev/null; }

# pod_wait_state NAME WANT [TENTHS]: poll until the container's status is WANT.
pod_wait_state() {
	local i s
	for i in $(seq "${3:-100}"); do
		s=$(pod_state "$1")
		[ "$s" = "$2" ] && return 0
		sleep 0.1
	done
	fail "status of $1 is '$s', expected '$2'"
}

# pod_wait_log NAME TEXT [TENTHS]: poll `podman logs` until it contains TEXT.
pod_wait_log() {
	local i
	for i in $(seq "${3:-100}"); do
		pod logs "$1" 2>&1 | grep -qF -- "$2" && return 0
		sleep 0.1
	done
	echo "logs of $1:"
	pod logs "$1" 2>&1 | sed 's/^/  /'
	fail "logs of $1 never showed '$2'"
}

# pod_inspect NAME FORMAT: one field of `podman inspect`
pod_inspect() { pod inspect --format "$2" "$1"; }

# pod_argv SUBCOMMAND ARGS...: the command line `pod` would run, in ${pod_cmd[@]}
# (for tty_run, which cannot run a shell function)
pod_argv() {
	local sub=$1
	shift
	pod_cmd=("$PODMAN_BIN" --root "$PODMAN_DIR/root" --runroot "$PODMAN_DIR/runroot"
		--storage-driver overlay --runtime "$RUNTIME" "$sub")
	case "$sub" in run | create) pod_cmd+=(--cgroup-parent "$PX_CG_PARENT") ;; esac
	pod_cmd+=("$@")
}
