#!/bin/bash
# tests/faults/sweep.sh — kill pidbox at every system call; fail its writes.
#
#   sweep.sh [--every K] [--cmds "create run ..."] [--modes "parent all errno"]
#
# For each command (create run exec start delete update pause) and each mode:
#   parent  SIGKILL the command's own process at its Nth system call (strace, no -f);
#   all     SIGKILL every pidbox process of it (the command, its clone, the init
#           before it execs the workload) at its own Nth system call (strace -f);
#   errno   make its Nth write (write, pwrite64, writev) fail with ENOSPC, EIO
#           and ENOMEM in turn (strace -f).
# N runs over 1..(count seen in a dry run), every K-th when --every K is given
# (the sample `make check` runs; `make faults` runs them all). After each point:
#   - `list` and `state` answer within PX_FAULT_ANSWER_S (1 s): else a HANG;
#   - `delete -f` succeeds within 10 s: else a LEAK (and a hang if it timed out);
#   - nothing is left: no state dir, no cgroup under the sweep's parent in any
#     hierarchy, no mount naming the root or the bundle, and no process: the sweep
#     runs below a child subreaper (tests/helpers/subreaper), so whatever a killed
#     command orphaned is re-parented to it and listed. Else a LEAK.
# What a leak left is removed (its processes killed by pid) before the next point.
# Ends with "N passed, M failed, K skipped" (one point = one test) for tests/run-all.
set -u
here=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$here/../.." && pwd)
BUILD=${BUILD:-build}
case "$BUILD" in /*) ;; *) BUILD=$TOP/$BUILD ;; esac
PIDBOX=${RUNTIME:-$BUILD/pidbox}
SUBREAPER=$BUILD/tests/helpers/subreaper

# Re-run ourselves below the subreaper (see above).
if [ -z "${PX_SUBREAPER:-}" ]; then
	[ -x "$SUBREAPER" ] || {
		echo "sweep: $SUBREAPER missing (make unit)" >&2
		exit 2
	}
	exec "$SUBREAPER" "$0" "$@"
fi

every=1 cmds="create run exec start delete update pause" modes="parent all errno"
while [ $# -gt 0 ]; do
	case "$1" in
	--every)
		every=$2
		shift 2
		;;
	--cmds)
		cmds=$2
		shift 2
		;;
	--modes)
		modes=$2
		shift 2
		;;
	*)
		echo "usage: sweep.sh [--every K] [--cmds LIST] [--modes LIST]" >&2
		exit 2
		;;
	esac
done
ANSWER_S=${PX_FAULT_ANSWER_S:-1}
command -v strace >/dev/null || {
	echo "sweep: strace is needed (apt-get install strace)" >&2
	echo "0 passed, 1 failed, 0 skipped"
	exit 1
}

# shellcheck source=tests/lib/bundle.sh
. "$TOP"/tests/lib/bundle.sh
# shellcheck source=tests/lib/leftovers.sh
. "$TOP"/tests/lib/leftovers.sh
WORK=$(mktemp -d /tmp/pidbox-faults.XXXXXX) || exit 1
ROOT=$WORK/root
B=$WORK/bundle
CGP=pidbox-faults-$$ # every cgroup of the sweep sits below /$CGP
ID=f
points=0 leaks=0 hangs=0 skipped=0

# The parent is made here, in every hierarchy, so it is not pidbox's to remove and
# anything below it after a point is a leak.
for h in $(cg_hiers); do mkdir -p "$h/$CGP"; done

cleanup() {
	local h
	"$PIDBOX" --root "$ROOT" delete -f "$ID" >/dev/null 2>&1
	kill_orphans >/dev/null
	for h in $(cg_hiers); do
		find "$h/$CGP" -mindepth 1 -depth -type d -exec rmdir {} + 2>/dev/null
		rmdir "$h/$CGP" 2>/dev/null
	done
	rm -rf "$WORK"
}
trap cleanup EXIT

make_bundle "$B" sleep 3600 >/dev/null || exit 1
# shellcheck disable=SC2016 # jq's $p
bundle_set "$B" --arg p "/$CGP/$ID" '.linux.cgroupsPath = $p' || exit 1

# wait_tracers: until the strace -D tracers of the last point have ended (their
# tracees are gone once delete -f returned; bounded, a stuck one is listed later).
wait_tracers() {
	local i p
	for i in $(seq 100); do
		subreaper_children | while read -r p; do
			[ "$(cat "/proc/$p/comm" 2>/dev/null)" != strace ] || echo "$p"
		done | grep -q . || return 0
		sleep 0.05
	done
}

# Everything a point may leave; prints one line per leak.
leftovers() {
	local h
	[ ! -e "$ROOT/$ID" ] || echo "state dir $ROOT/$ID"
	for h in $(cg_hiers); do
		find "$h/$CGP" -mindepth 1 -type d 2>/dev/null | sed 's/^/cgroup /'
	done
	grep -F -e "$ROOT" -e "$B" /proc/self/mountinfo | sed 's/^/mount /'
	orphans | sed 's/^/process /'
}

# remove_leftovers: what leftovers lists, by hand (processes by pid first).
remove_leftovers() {
	local h m
	kill_orphans >/dev/null
	for h in $(cg_hiers); do
		find "$h/$CGP" -mindepth 1 -type d -exec sh -c 'cat "$1/cgroup.procs" 2>/dev/null' _ {} \; |
			while read -r p; do kill -KILL "$p" 2>/dev/null; done
	done
	sleep 0.2
	kill_orphans >/dev/null
	grep -F -e "$ROOT" -e "$B" /proc/self/mountinfo | awk '{print $5}' | sort -r |
		while read -r m; do umount -l "$m"; done
	for h in $(cg_hiers); do
		find "$h/$CGP" -mindepth 1 -depth -type d -exec rmdir {} + 2>/dev/null
	done
	rm -rf "${ROOT:?}/$ID"
}

px() { "$PIDBOX" --root "$ROOT" "$@" </dev/null >/dev/null 2>&1; }

# setup CMD: the container the command acts on; args CMD: the command's arguments.
setup() {
	case "$1" in
	create | run) ;;
	start | delete) px create -b "$B" "$ID" ;;
	exec | update | pause) px run -d -b "$B" "$ID" ;;
	esac
}
args() {
	case "$1" in
	create) echo "create -b $B $ID" ;;
	run) echo "run -d -b $B $ID" ;;
	start) echo "start $ID" ;;
	delete) echo "delete -f $ID" ;;
	exec) echo "exec $ID true" ;;
	update) echo "update --pids-limit 100 $ID" ;;
	pause) echo "pause $ID" ;;
	esac
}

# strace options of MODE at point "SYSCALL N" (errno modes: "errno:ENOSPC"). strace
# counts invocations per system call (when=N is the Nth call of that one), so a
# point is a system call and its occurrence: the sweep over every pair seen in a
# dry run is a sweep over every system call in turn.
inject() {
	local mode=$1 sc=$2 n=$3
	case "$mode" in
	parent) echo "-e trace=$sc -e inject=$sc:signal=KILL:when=$n" ;;
	all) echo "-D -f -e trace=$sc -e inject=$sc:signal=KILL:when=$n" ;;
	errno:*) echo "-D -f -e trace=$sc -e inject=$sc:error=${mode#errno:}:when=$n" ;;
	esac
}

# points CMD MODE: "SYSCALL N" for every system call a dry run of CMD made, in
# order (with -f, per process, each pair once); for errno modes only its writes.
points_of() {
	local cmd=$1 mode=$2 log=$WORK/dry.log f="-D -f"
	setup "$cmd"
	# -D: the tracer is not our child, so we go on once the command exits even
	# though it traces the container's init until the delete below
	case "$mode" in
	parent) f="" ;;
	errno:*) f="-D -f -e trace=write,pwrite64,writev" ;;
	esac
	# shellcheck disable=SC2086,SC2046
	strace $f -o "$log" "$PIDBOX" --root "$ROOT" $(args "$cmd") </dev/null >/dev/null 2>&1
	px delete -f "$ID"
	wait_tracers
	remove_leftovers
	# lines are "[pid ]name(...": skip "<... resumed>" halves and +++/--- notes
	awk -v f="$f" '{ if (f != "") { pid = $1; $1 = "" ; sub(/^ /, "") } else pid = 0 }
		/^[a-z_0-9]+\(/ { sc = $0; sub(/\(.*/, "", sc); k = pid " " sc; n = ++cnt[k];
			if (!seen[sc " " n]++) print sc, n }' "$log"
}

# point CMD MODE SYSCALL N: one fault; counts and reports it.
point() {
	local cmd=$1 mode=$2 sc=$3 n=$4 rc left answered=1 what q
	points=$((points + 1))
	what="$cmd $mode $sc#$n"
	setup "$cmd"
	# (in a subshell whose stderr is dropped: bash's "Killed" notes are noise here)
	# shellcheck disable=SC2086,SC2046
	(timeout -k 2 30 strace -o /dev/null $(inject "$mode" "$sc" "$n") \
		"$PIDBOX" --root "$ROOT" $(args "$cmd") </dev/null >/dev/null 2>"$WORK/cmd.err"
	exit $?) 2>/dev/null
	rc=$?
	if [ "$rc" -eq 124 ]; then
		echo "not ok $what: the command itself hung (30 s)"
		hangs=$((hangs + 1))
		answered=0
	fi
	for q in list "state $ID"; do
		# shellcheck disable=SC2086
		timeout -k 1 "$ANSWER_S" "$PIDBOX" --root "$ROOT" $q >/dev/null 2>&1
		if [ $? -eq 124 ]; then
			echo "not ok $what: $q did not answer within ${ANSWER_S}s"
			hangs=$((hangs + 1))
			answered=0
		fi
	done
	timeout -k 1 10 "$PIDBOX" --root "$ROOT" delete -f "$ID" </dev/null >/dev/null 2>"$WORK/del.err"
	rc=$?
	if [ "$rc" -ne 0 ]; then
		echo "not ok $what: delete -f failed (rc=$rc): $(head -c 300 "$WORK/del.err")"
		[ "$rc" -ne 124 ] || hangs=$((hangs + 1))
		answered=0
	fi
	wait_tracers
	left=$(leftovers)
	if [ -n "$left" ]; then
		echo "not ok $what: left behind: $(echo "$left" | tr '\n' ';')"
		echo "#   the command said: $(grep -v '^strace' "$WORK/cmd.err" | head -c 300)"
		leaks=$((leaks + 1))
		remove_leftovers
		answered=0
	fi
	[ "$answered" -eq 0 ] || passed=$((passed + 1))
	return 0
}

passed=0
start=$(date +%s)
for cmd in $cmds; do
	for mode in $modes; do
		set -- "$mode"
		[ "$mode" != errno ] || set -- errno:ENOSPC errno:EIO errno:ENOMEM
		for m in "$@"; do
			points_of "$cmd" "$m" >"$WORK/points"
			total=$(wc -l <"$WORK/points")
			if [ "$total" -eq 0 ]; then
				echo "ok $cmd $m # skip the dry run saw no system call"
				skipped=$((skipped + 1))
				continue
			fi
			before=$points i=0
			# a sample starts at a different offset per command and mode, so that
			# over all of them every phase is hit
			off=$(((${#cmd} * 7 + ${#m}) % every))
			while read -r sc n <&3; do
				i=$((i + 1))
				[ $(((i + off) % every)) -eq 0 ] || continue
				point "$cmd" "$m" "$sc" "$n"
			done 3<"$WORK/points"
			echo "# $cmd $m: $((points - before)) of $total points"
		done
	done
done
echo "# $points points in $(($(date +%s) - start)) s: $leaks leaks, $hangs hangs"
echo "$passed passed, $((points - passed)) failed, $skipped skipped"
[ "$passed" -eq "$points" ]
