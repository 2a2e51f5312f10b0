# tests/containerd/lib.sh — helpers for containerd tests (sourced by tests/lib/run-one.sh).
#
# A test file tests/containerd/test_*.sh defines functions test_*; each runs in its
# own bash, once with pidbox and once with runc, with:
#   RUNTIME  the runtime's path (ctr run --runc-binary RUNTIME)   RT_NAME  pidbox or runc
#   PX_ID    a unique container id    PX_TMP  scratch dir, removed afterwards
# The assertions (run, must, assert_*) are the integration suite's.
# shellcheck shell=bash

TOP=${TOP:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
# shellcheck source=tests/integration/lib.sh
. "$TOP"/tests/integration/lib.sh
# shellcheck source=tests/lib/containerd-env.sh
. "$TOP"/tests/lib/containerd-env.sh
# shellcheck source=tests/lib/tty-run.sh
. "$TOP"/tests/lib/tty-run.sh

IMG=localhost/busybox:latest
# the runtime's state (the shim passes it as --root): private to the test
CT_RUNTIME_ROOT=$PX_TMP/runtime-root

# ct_run [-OPTION|--OPTION=VALUE...] ID [ARGS...]: `ctr run` of the busybox image
# with the runtime under test (the shim's BinaryName), its state and ctr's stdio
# fifos under the test's scratch dir, the container in the cgroup $PX_CG_PARENT/ID.
ct_run() {
	local opts=()
	while [ $# -gt 0 ] && [ "${1#-}" != "$1" ]; do
		opts+=("$1")
		shift
	done
	[ $# -gt 0 ] || fail "ct_run: no container id"
	cr run --runc-binary "$RUNTIME" --runc-root "$CT_RUNTIME_ROOT" --fifo-dir "$PX_TMP/fifo" \
		--cgroup "$PX_CG_PARENT/$1" "${opts[@]}" "$IMG" "$@"
}

# ct_status ID: the task's STATUS column in `ctr tasks ls` (empty when no task)
ct_status() { cr tasks ls 2>/dev/null | awk -v id="$1" '$1 == id {print $3}'; }

# ct_wait_status ID WANT [TENTHS]: poll until the task's status is WANT.
ct_wait_status() {
	local i s
	for i in $(seq "${3:-100}"); do
		s=$(ct_status "$1")
		[ "$s" = "$2" ] && return 0
		sleep 0.1
	done
	fail "task $1 is '$s', expected '$2'"
}

# ct_pid ID: the task's host pid
ct_pid() { cr tasks ls 2>/dev/null | awk -v id="$1" '$1 == id {print $2}'; }

# ct_runtime_state ID: what the runtime itself says (`RUNTIME --root ... state`)
ct_runtime_state() { "$RUNTIME" --root "$CT_RUNTIME_ROOT/$CTRD_NS" state "$1" 2>/dev/null | jq -r .status; }

# ctr_argv ARGS...: the command line `cr ARGS` would run, in ${ctr_argv[@]} (for
# tty_run, which cannot run a shell function)
ctr_argv() { ctr_cmd=(ctr --address "$CTRD_DIR"/containerd.sock --namespace "$CTRD_NS" "$@"); }
