# tests/integration/lib.sh — helpers for integration tests (sourced by tests/lib/run-one.sh).
#
# A test file tests/integration/test_*.sh defines functions test_*; each runs in its
# own bash with a private state root and a unique container id:
#   PX_ROOT  --root for this test (fresh, empty)     PX_ID   a unique container id
#   PX_TMP   scratch dir, removed afterwards         RUNTIME the runtime binary
# Assertions print what they compared and end the test on failure (exit 1); the
# runner (run.sh) cleans containers, cgroups, mounts, netns and pids afterwards even
# if the test was killed by its timeout.
# shellcheck shell=bash

TOP=${TOP:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
# shellcheck source=tests/lib/bundle.sh
. "$TOP"/tests/lib/bundle.sh

SCHEMA_DIR=${SCHEMA_DIR:-/usr/share/gocode/src/github.com/opencontainers/runtime-spec/schema}
PY3=${PY3:-/usr/bin/python3} # Debian's python, the one with python3-jsonschema
CG_PARENT=${PX_CG_PARENT:-pidbox-test} # every cgroup a test makes sits under this parent
B=$PX_TMP/bundle             # the default bundle

# is_pidbox: true when the runtime under test is pidbox (false for runc/crun), for
# the places where pidbox deliberately differs (error format, refusals, spec defaults).
is_pidbox() {
	case "${PX_IS_PIDBOX:-}" in
	1) return 0 ;;
	0) return 1 ;;
	esac
	[ "$(basename "$RUNTIME")" = pidbox ]
}

# skip REASON: end the test as skipped (counted apart by the runner). Only for
# features another runtime lacks (runc 1.1 has no time namespace...), never for pidbox.
skip() {
	echo "SKIP: $*"
	exit 77
}
skip_unless_pidbox() { is_pidbox || skip "$RUNTIME: $*"; }

fail() {
	echo "FAIL: $*"
	exit 1
}

rt() { "$RUNTIME" --root "$PX_ROOT" "$@"; }

# run CMD...: run a command, keep stdout in $out, stderr in $err, status in $rc.
# It never fails by itself; assert on $rc after.
run() {
	echo "\$ $*"
	out=$("$@" 2>"$PX_TMP/.err")
	rc=$?
	err=$(cat "$PX_TMP/.err")
	[ -z "$out" ] || printf '%s\n' "$out" | sed 's/^/  out: /'
	[ -z "$err" ] || printf '%s\n' "$err" | sed 's/^/  err: /'
	echo "  rc=$rc"
}

# must CMD...: run it and fail the test unless it succeeds.
must() {
	run "$@"
	[ "$rc" -eq 0 ] || fail "command failed (rc=$rc): $*"
}

assert_rc() { [ "$rc" -eq "$1" ] || fail "expected exit code $1, got $rc"; }
assert_ok() { [ "$rc" -eq 0 ] || fail "expected success, got exit code $rc"; }
assert_fail() { [ "$rc" -ne 0 ] || fail "expected failure, got exit code 0"; }
assert_eq() { [ "$1" = "$2" ] || fail "${3:-value}: expected '$2', got '$1'"; }
assert_ne() { [ "$1" != "$2" ] || fail "${3:-value}: expected something other than '$2'"; }
assert_contains() {
	case "$1" in
	*"$2"*) ;;
	*) fail "${3:-output} does not contain '$2': '$1'" ;;
	esac
}
assert_not_contains() {
	case "$1" in
	*"$2"*) fail "${3:-output} contains '$2': '$1'" ;;
	esac
}
assert_match() { [[ $1 =~ $2 ]] || fail "${3:-output} does not match /$2/: '$1'"; }

# assert_one_error_line: the failed command said exactly one line on stderr
# (runc adds a level= prefix, pidbox "pidbox: <cmd> <id>: ..."); $1 a substring it must
# mention (checked for pidbox only, runc words things differently).
assert_one_error_line() {
	local n
	n=$(printf '%s\n' "$err" | grep -c .)
	[ "$n" -ge 1 ] || fail "no error message on stderr"
	if is_pidbox; then
		[ "$n" -eq 1 ] || fail "expected one line on stderr, got $n"
		assert_match "$err" '^pidbox: [a-z]+[ :]' "stderr"
		[ -z "${1:-}" ] || assert_contains "$err" "$1" "stderr"
	fi
}

# new_bundle [-d DIR] [args...]: a busybox bundle (default $B) whose cgroup is
# /pidbox-test/<dir name>-<id>, so nothing lands in a cgroup we do not own.
new_bundle() {
	local d=$B
	if [ "${1:-}" = -d ]; then
		d=$2
		shift 2
	fi
	make_bundle "$d" "$@" || fail "make_bundle $d failed"
	bundle_set "$d" --arg p "/$CG_PARENT/$(basename "$d")-$PX_ID" \
		'.linux.cgroupsPath = $p' || fail "bundle_set failed"
}

# set_config [jq options...] FILTER: patch the default bundle's config.json.
set_config() { bundle_set "$B" "$@" || fail "bundle_set $*"; }

# in_container SCRIPT: run `sh -c SCRIPT` in a fresh container in the foreground
# ($B made if missing, args replaced); $out/$err/$rc as run.
in_container() {
	[ -f "$B/config.json" ] || new_bundle
	set_config --arg s "$1" '.process.args = ["sh", "-c", $s]'
	run rt run -b "$B" "$PX_ID"
}
# must_in_container SCRIPT: the same, and it must exit 0.
must_in_container() {
	in_container "$1"
	[ "$rc" -eq 0 ] || fail "container failed (rc=$rc): $1"
}

# status ID: the "status" field of `state` (empty if state fails).
status() { rt state "${1:-$PX_ID}" 2>/dev/null | jq -r .status; }
state_pid() { rt state "${1:-$PX_ID}" 2>/dev/null | jq -r .pid; }

# wait_status WANT [ID]: poll state until status is WANT (up to ~5 s).
wait_status() {
	local i s
	for i in $(seq 50); do
		s=$(status "${2:-$PX_ID}")
		[ "$s" = "$1" ] && return 0
		sleep 0.1
	done
	fail "status of ${2:-$PX_ID} is '$s', expected '$1'"
}

# wait_for WHAT CMD [ARGS...]: poll CMD until it succeeds (up to 10 s), else fail
# naming WHAT. For the event a check depends on, instead of a sleep before it.
wait_for() {
	local what=$1 _
	shift
	for _ in $(seq 100); do
		"$@" && return 0
		sleep 0.1
	done
	fail "timed out waiting for $what"
}

# settled_unsignalled PID: the process is alive, no zombie, and has no signal
# pending. kill(2) decides at send time: a signal pid 1 of a pid namespace has no
# handler for is dropped then, and a fatal one marks the target exiting (SIGKILL
# pending, then a zombie) before kill returns. So right after `kill`, this holds
# only if the signal was ignored: the check needs no waiting.
settled_unsignalled() {
	local st
	st=$(cat "/proc/$1/status" 2>/dev/null) || return 1
	grep -q '^State:[[:space:]]*[^ZX[:space:]]' <<<"$st" &&
		grep -qx 'SigPnd:[[:space:]]*0*' <<<"$st" && grep -qx 'ShdPnd:[[:space:]]*0*' <<<"$st"
}

# container_pids [BUNDLE]: the host pids in the bundle's cgroup (its first hierarchy).
container_pids() {
	local d
	d=$(cg_dirs "${1:-$B}" | head -1)
	[ -n "$d" ] && cat "$d/cgroup.procs"
}

# blocked_on_fifo PID: one of PID's threads sleeps in opening a FIFO (an init
# waiting on exec.fifo for `start`; runc's is a Go thread, hence every task).
blocked_on_fifo() {
	grep -qx wait_for_partner /proc/"$1"/task/*/wchan 2>/dev/null
}

# all_frozen CGROUP_DIR: the v1 freezer dir says FROZEN and every task in it is in
# the frozen state (TASK_FROZEN shows as D in /proc/PID/status).
all_frozen() {
	local p
	[ "$(cat "$1/freezer.state")" = FROZEN ] || return 1
	while read -r p; do
		grep -q '^State:[[:space:]]*D' "/proc/$p/status" 2>/dev/null || return 1
	done <"$1/cgroup.procs"
}

# runtime_libs_into ROOTFS: copy the shared libraries $RUNTIME needs (none for the
# static build; the SANITIZE=1 build is dynamic) into ROOTFS, for tests that run
# the runtime's binary inside a container.
runtime_libs_into() {
	local lib
	for lib in $(ldd "$RUNTIME" 2>/dev/null | grep -o '/[^ ]*\.so[^ ]*'); do
		mkdir -p "$1$(dirname "$lib")"
		cp -L "$lib" "$1$lib" || fail "copy $lib"
	done
}

# bg CMD...: start a background command whose pid the runner will kill after the test.
bg() {
	# rt is a function: run the binary itself so that $bg_pid is the runtime's pid
	[ "$1" != rt ] || set -- "$RUNTIME" --root "$PX_ROOT" "${@:2}"
	"$@" &
	bg_pid=$!
	echo "$bg_pid" >>"$PX_TMP/.pids"
}

# track_netns NAME: the runner deletes this `ip netns` afterwards.
track_netns() { echo "$1" >>"$PX_TMP/.netns"; }
# track_link NAME: the runner deletes this host interface afterwards (if it is still there).
track_link() { echo "$1" >>"$PX_TMP/.links"; }

cg_dirs() { # cg_dirs BUNDLE: every v1/v2 directory that the bundle's cgroupsPath names
	local p c
	p=$(jq -r '.linux.cgroupsPath // empty' "${1:-$B}/config.json")
	[ -n "$p" ] || return 0
	for c in /sys/fs/cgroup/*/; do
		[ -d "$c$p" ] && echo "$c$p"
	done
	[ -d "/sys/fs/cgroup$p" ] && [ -f /sys/fs/cgroup/cgroup.controllers ] && echo "/sys/fs/cgroup$p"
	return 0
}

# assert_nothing_left [ID] [BUNDLE]: no state dir, no cgroup dir, no mount of the bundle
# (ID "-": do not check the state dir, another container owns it).
assert_nothing_left() {
	local id=${1:-$PX_ID} bd=${2:-$B} cg
	[ "$id" = - ] || [ ! -e "$PX_ROOT/$id" ] || fail "state dir $PX_ROOT/$id left behind"
	cg=$(cg_dirs "$bd")
	[ -z "$cg" ] || fail "cgroup dirs left behind: $cg"
	if grep -F -- "$bd" /proc/self/mountinfo; then
		fail "mounts of $bd left behind"
	fi
	return 0
}

# validate_json SCHEMA_FILE JSON_FILE: check against the runtime-spec schema.
validate_json() {
	run "$PY3" -m jsonschema --base-uri "file://$SCHEMA_DIR/" -i "$2" "$SCHEMA_DIR/$1"
	[ "$rc" -eq 0 ] || fail "$2 does not validate against $1"
}

# rt_create ID BUNDLE [flags...]: `create` with the container's stdio on files
# ($PX_TMP/ID.out, ID.err; a pipe would keep $(...) waiting on the container).
rt_create() {
	local id=$1 bd=$2 f
	shift 2
	case "$id" in
	"" | .* | *[!A-Za-z0-9_.-]*) f=$PX_TMP/_bad_${id//[^A-Za-z0-9]/_} ;; # invalid-id tests
	*) f=$PX_TMP/$id ;;
	esac
	echo "\$ $RUNTIME create -b $bd $* '$id'"
	rt create -b "$bd" "$@" "$id" </dev/null >"$f.out" 2>"$f.err"
	rc=$?
	err=$(cat "$f.err")
	[ -z "$err" ] || printf '%s\n' "$err" | sed 's/^/  err: /'
	echo "  rc=$rc"
}
must_create() {
	rt_create "$@"
	[ "$rc" -eq 0 ] || fail "create $1 failed (rc=$rc)"
}

# ctl_bundle [-d DIR] SCRIPT: a bundle running `sh -c SCRIPT` with the host dir
# $PX_TMP/ctl bind-mounted read-write at /ctl, to steer and watch the container.
ctl_bundle() {
	local d=$B
	if [ "$1" = -d ]; then
		d=$2
		shift 2
	fi
	mkdir -p "$PX_TMP/ctl"
	new_bundle -d "$d" sh -c "$1"
	bundle_set "$d" --arg src "$PX_TMP/ctl" \
		'.mounts += [{destination: "/ctl", type: "bind", source: $src, options: ["rbind", "rw"]}]' ||
		fail "bundle_set"
}

# wait_file PATH [TENTHS]: wait until PATH exists (default 10 s).
wait_file() {
	local i
	for i in $(seq "${2:-100}"); do
		[ -e "$1" ] && return 0
		sleep 0.1
	done
	fail "timed out waiting for $1"
}

# wait_gone PID: wait until the process is gone (5 s).
wait_gone() {
	local _
	for _ in $(seq 50); do
		kill -0 "$1" 2>/dev/null || return 0
		sleep 0.1
	done
	fail "process $1 still alive"
}

# helper NAME: path of tests/helpers/NAME as built by `make unit` in $BUILD
# (relative to the tree, or absolute), whatever runtime is under test.
helper() {
	local b=${BUILD:-build}
	case "$b" in
	/*) ;;
	*) b=$TOP/$b ;;
	esac
	echo "$b/tests/helpers/$1"
}
