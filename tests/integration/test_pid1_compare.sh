# pidbox's init next to tini and catatonit (Debian's static builds), pid 1 of the
# same container, on the same scenarios. Each test prints one "compare:" line per
# init (the README's table comes from them) and asserts that pidbox's answer is
# the correct one.
# shellcheck shell=bash

INITS="pidbox tini catatonit"

# init_bundle SCRIPT: the busybox bundle with /ctl, tini and catatonit in /bin and the
# helpers orphans and segv.
init_bundle() {
	local h d
	ctl_bundle "$1"
	cp /usr/bin/tini-static "$B/rootfs/bin/tini" || fail "tini-static missing (tests/lib/deps.sh)"
	cp /usr/bin/catatonit "$B/rootfs/bin/catatonit" || fail "catatonit missing (tests/lib/deps.sh)"
	d=$(dirname "$RUNTIME")/tests/helpers
	is_pidbox || d=$TOP/${BUILD:-build}/tests/helpers
	for h in orphans segv; do cp "$d/$h" "$B/rootfs/bin/$h" || fail "helper $h missing (make unit)"; done
}

# use_init INIT SCRIPT: pid 1 is INIT, its workload sh -c SCRIPT; sets $flags for run.
use_init() {
	flags=""
	case $1 in
	pidbox) flags=--init ;;
	tini) set_config --arg s "$2" '.process.args = ["/bin/tini", "--", "sh", "-c", $s]' ;;
	catatonit) set_config --arg s "$2" '.process.args = ["/bin/catatonit", "--", "sh", "-c", $s]' ;;
	esac
	[ "$1" != pidbox ] || set_config --arg s "$2" '.process.args = ["sh", "-c", $s]'
}

# start_init INIT SCRIPT: run it in the background, wait for /ctl/ready.
start_init() {
	rm -f "$PX_TMP/ctl/ready" "$PX_TMP/ctl/log"
	use_init "$1" "$2"
	# shellcheck disable=SC2086,SC2217 # flags is a word list; bg runs the command
	bg rt run $flags -b "$B" "$PX_ID" </dev/null >"$PX_TMP/run.out" 2>&1
	wait_file "$PX_TMP/ctl/ready"
}

# finish [TENTHS]: the run's exit code in $rc if it ends within TENTHS (default
# 20), else KILL the container and set rc=none.
finish() {
	local _
	for _ in $(seq "${1:-20}"); do
		kill -0 "$bg_pid" 2>/dev/null || break
		sleep 0.1
	done
	if kill -0 "$bg_pid" 2>/dev/null; then
		rt kill "$PX_ID" KILL
		wait "$bg_pid"
		rc=none
		return
	fi
	wait "$bg_pid"
	rc=$?
}

MATRIX="$(seq 1 8) 10 $(seq 11 18) $(seq 20 31) 34 35 50 64"

# send_matrix: `kill` every signal of MATRIX_SIGNALS, CONT last once the stop
# signals were handled (or 2 s passed): a stop signal generated while SIGCONT is
# pending discards it (the kernel's rule, handled or not). As test_pid1.sh's.
send_matrix() {
	local s _
	for s in $MATRIX_SIGNALS; do
		[ "$s" = 18 ] || rt kill "$PX_ID" "$s" 2>/dev/null
	done
	for _ in $(seq 20); do
		grep -qx 20 "$PX_TMP/ctl/log" 2>/dev/null && grep -qx 21 "$PX_TMP/ctl/log" &&
			grep -qx 22 "$PX_TMP/ctl/log" && break
		sleep 0.1
	done
	rt kill "$PX_ID" 18 2>/dev/null
}

# Which signals sent with `kill` reach a workload that handles them all.
test_compare_signals_reaching_the_workload() {
	local init s traps="" missing _ got want
	skip_unless_pidbox "compares pidbox's init"
	for s in $MATRIX; do traps="$traps trap 'echo $s >> /ctl/log' $s;"; done
	mkdir -p "$PX_TMP/ctl"
	mkfifo "$PX_TMP/ctl/fifo"
	init_bundle true
	want=$(tr ' ' '\n' <<<"$MATRIX" | grep . | sort -n | tr '\n' ' ')
	for init in $INITS; do
		start_init "$init" "$traps exec 3<>/ctl/fifo; echo ready > /ctl/ready
			while [ ! -e /ctl/stop ]; do read -t 1 x <&3; done; exit 77"
		MATRIX_SIGNALS=$MATRIX send_matrix
		for _ in $(seq 30); do
			got=$(sort -n "$PX_TMP/ctl/log" 2>/dev/null | tr '\n' ' ')
			[ "$got" = "$want" ] && break
			sleep 0.1
		done
		missing=$(comm -23 <(tr ' ' '\n' <<<"$want" | grep . | sort) <(tr ' ' '\n' <<<"$got" | grep . | sort) |
			sort -n | tr '\n' ' ')
		echo "compare: signals: $init: $(($(wc -w <<<"$want") - $(wc -w <<<"$missing"))) of $(wc -w <<<"$want") reach the workload; lost: ${missing:-none}"
		touch "$PX_TMP/ctl/stop"
		finish 30
		rm -f "$PX_TMP/ctl/stop"
		[ "$init" != pidbox ] && continue
		assert_eq "$missing" "" "signals pidbox's init lost"
		assert_rc 77
	done
}

# A workload with default dispositions, killed with `kill` by TERM, SEGV, ABRT:
# the container's exit code is 128+n.
test_compare_killed_exit_codes() {
	local init s codes
	skip_unless_pidbox "compares pidbox's init"
	init_bundle true
	for init in $INITS; do
		codes=""
		for s in TERM:15 SEGV:11 ABRT:6 USR1:10; do
			start_init "$init" 'echo ready > /ctl/ready; exec sleep 1000'
			must rt kill "$PX_ID" "${s%:*}"
			finish 10
			codes="$codes ${s%:*}=$rc"
			[ "$init" != pidbox ] || assert_rc $((128 + ${s#*:}))
		done
		# and a real fault, and an exit code passed through
		start_init "$init" 'echo ready > /ctl/ready; exec segv'
		finish
		codes="$codes fault=$rc"
		[ "$init" != pidbox ] || assert_rc 139
		start_init "$init" 'echo ready > /ctl/ready; exit 42'
		finish
		codes="$codes exit42=$rc"
		[ "$init" != pidbox ] || assert_rc 42
		echo "compare: exit codes: $init:$codes (none: still running, killed)"
	done
}

# zombies_of PID: how many zombie children PID has (one awk over their status files).
zombies_of() {
	local kids
	kids=$(cat /proc/"$1"/task/*/children 2>/dev/null)
	[ -n "$kids" ] || {
		echo 0
		return
	}
	# shellcheck disable=SC2046,SC2086 # $kids: one pid per word, one path each
	awk '/^State:/ && $2 == "Z" {n++} END {print n + 0}' $(printf '/proc/%s/status ' $kids) 2>/dev/null
}

# cpu_ms PID: user + system cpu time of PID so far, in ms.
cpu_ms() {
	awk -v hz="$(getconf CLK_TCK)" '{sub(/.*\) /, ""); print int(($12 + $13) * 1000 / hz)}' "/proc/$1/stat"
}

# 10,000 orphans reparented to pid 1: zombies left once the storm is over, and
# the cpu time pid 1 spent (reaping is nearly all it does meanwhile).
test_compare_zombie_storm() {
	local init z _ pid1 cpu0
	skip_unless_pidbox "compares pidbox's init"
	init_bundle true
	for init in $INITS; do
		rm -f "$PX_TMP/ctl/go" "$PX_TMP/ctl/done"
		start_init "$init" 'echo ready > /ctl/ready; while [ ! -e /ctl/go ]; do sleep 0.05; done
			orphans 10000 && echo done > /ctl/done; exec sleep 1000'
		pid1=$(state_pid)
		cpu0=$(cpu_ms "$pid1")
		touch "$PX_TMP/ctl/go"
		wait_file "$PX_TMP/ctl/done" 600
		for _ in $(seq 40); do
			z=$(zombies_of "$pid1")
			[ "$z" = 0 ] && break
			sleep 0.05
		done
		echo "compare: zombie storm: $init: $z zombies left; pid 1 used $(($(cpu_ms "$pid1") - cpu0)) ms of cpu for it"
		must rt kill "$PX_ID" KILL
		finish
		[ "$init" != pidbox ] || assert_eq "$z" 0 "zombies left under pidbox's init"
	done
}

# The workload closes stdin: does the pipe's writer see it (EPIPE) then, or only
# when the container ends?
test_compare_workload_closes_stdin() {
	local init
	skip_unless_pidbox "compares pidbox's init"
	init_bundle true
	for init in $INITS; do
		rm -f "$PX_TMP/ctl/yes-gone"
		use_init "$init" 'exec 0<&-; for i in $(seq 40); do [ -e /ctl/yes-gone ] && exit 4; sleep 0.05; done; exit 9'
		# shellcheck disable=SC2086 # flags is a word list
		{
			yes
			touch "$PX_TMP/ctl/yes-gone"
		} | "$RUNTIME" --root "$PX_ROOT" run $flags -b "$B" "$PX_ID"
		rc=$?
		echo "compare: stdin closed: $init: $([ "$rc" = 4 ] && echo "writer sees EPIPE at once" || echo "writer blocked until the container ends")"
		[ "$init" != pidbox ] || assert_rc 4
	done
}

# A workload that exits while a daemon it started lives on: the container ends
# with the workload, with its code.
test_compare_exit_with_daemon_left() {
	local init
	skip_unless_pidbox "compares pidbox's init"
	init_bundle true
	for init in $INITS; do
		start_init "$init" '(sleep 1000 &); echo ready > /ctl/ready; exit 3'
		finish
		echo "compare: workload exits, daemon left: $init: exit code $rc"
		[ "$init" != pidbox ] || assert_rc 3
	done
}
