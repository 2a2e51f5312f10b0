#!/bin/bash
# tests/stress/stress.sh — pidbox under concurrency, bounded in count and time.
#
#   stress.sh [REGEX]     run the cases whose name matches (all by default)
#
# PX_STRESS_N (default 200) sets the size of the big cases; each case has a time
# bound and fails if it passes it. Every case checks that nothing is lost (each
# command that should succeed did) and nothing is left: no state dir, no cgroup of
# ours in any hierarchy, no process (we run below tests/helpers/subreaper, so
# every container init whose creator exited is re-parented to us and seen).
# Ends with "N passed, M failed, K skipped" for tests/run-all.
set -u
here=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$here/../.." && pwd)
BUILD=${BUILD:-build}
case "$BUILD" in /*) ;; *) BUILD=$TOP/$BUILD ;; esac
PIDBOX=${RUNTIME:-$BUILD/pidbox}
SUBREAPER=$BUILD/tests/helpers/subreaper
if [ -z "${PX_SUBREAPER:-}" ]; then
	[ -x "$SUBREAPER" ] || {
		echo "stress: $SUBREAPER missing (make unit)" >&2
		exit 2
	}
	exec "$SUBREAPER" "$0" "$@"
fi
# shellcheck source=tests/lib/bundle.sh
. "$TOP"/tests/lib/bundle.sh
# shellcheck source=tests/lib/leftovers.sh
. "$TOP"/tests/lib/leftovers.sh

N=${PX_STRESS_N:-200}
PATTERN=${1:-.}
WORK=$(mktemp -d /tmp/pidbox-stress.XXXXXX) || exit 1
ROOT=$WORK/root
CGP=pidbox-stress-$$
IDP=s$$- # our ids: cases on pidbox's default parent "/pidbox" make /pidbox/$IDP*
passed=0 failed=0

cleanup() {
	local id h
	for id in "$ROOT"/*; do [ -e "$id" ] && px delete -f "${id##*/}"; done
	kill_orphans >/dev/null
	for h in $(cg_hiers); do
		find "$h/$CGP" -depth -type d -exec rmdir {} + 2>/dev/null
	done
	rm -rf "$WORK"
}
trap cleanup EXIT

px() { timeout -k 2 60 "$PIDBOX" --root "$ROOT" "$@" </dev/null >/dev/null 2>>"$WORK/errors"; }

# bundle DIR CGROUPS_PATH ARGS...: a busybox bundle in its own cgroup path; the
# rootfs is built once and copied.
bundle() {
	local d=$1 cg=$2
	shift 2
	PX_ROOTFS_TEMPLATE=$WORK/template make_bundle "$d" "$@" >/dev/null || return 1
	# shellcheck disable=SC2016 # jq's $p
	bundle_set "$d" --arg p "$cg" '.linux.cgroupsPath = $p'
}

# nothing_left [PREFIX]: no state dir, no cgroup below /$CGP (or PREFIX's
# hierarchy dirs), no orphaned process; says what it found.
nothing_left() {
	local h left
	left=$(find "$ROOT" -mindepth 1 -maxdepth 1 2>/dev/null | sed 's/^/state dir /')
	for h in $(cg_hiers); do
		left+=$(find "$h/$CGP" -mindepth 1 -type d 2>/dev/null | sed 's/^/\ncgroup /')
		left+=$(find "$h/pidbox" -maxdepth 1 -name "$IDP*" 2>/dev/null | sed 's/^/\ncgroup /')
	done
	left+=$(orphans | sed 's/^/\nprocess /')
	[ -z "$left" ] && return 0
	echo "#   left behind: $(echo "$left" | grep . | head -5 | tr '\n' ';')"
	kill_orphans >/dev/null
	return 1
}

# Each case: prints "#   reason" lines and returns non-zero on failure.

# N concurrent run -d, then list shows all N, and delete -f of all N succeeds.
case_run_many() {
	local i n pids=() bad=0
	# no cgroupsPath: each container gets the default /pidbox/<id>
	PX_ROOTFS_TEMPLATE=$WORK/template make_bundle "$WORK/b" sleep 600 >/dev/null || return 1
	for i in $(seq "$N"); do
		px run -d -b "$WORK/b" --pid-file "$WORK/pid.$i" "${IDP}m$i" &
		pids+=($!)
	done 2>/dev/null
	for i in "${pids[@]}"; do wait "$i" || bad=$((bad + 1)); done
	[ "$bad" -eq 0 ] || echo "#   $bad of $N run -d failed: $(sort "$WORK/errors" | uniq -c | sort -rn | head -3)"
	n=$("$PIDBOX" --root "$ROOT" list -q | grep -c "^${IDP}m")
	[ "$n" -eq "$N" ] || {
		echo "#   list shows $n containers, expected $N"
		bad=$((bad + 1))
	}
	pids=()
	for i in $(seq "$N"); do
		px delete -f "${IDP}m$i" &
		pids+=($!)
	done
	for i in "${pids[@]}"; do wait "$i" || bad=$((bad + 1)); done
	nothing_left || bad=$((bad + 1))
	[ "$bad" -eq 0 ]
}

# Deletes racing creates on pidbox's shared default parent cgroup "/pidbox": the
# delete of the last container removes it while another create is between its
# two mkdirs. Every run must succeed (0 lost runs).
case_churn() {
	local w pids=() bad=0 per=$((N / 4 > 0 ? N / 4 : 1))
	PX_ROOTFS_TEMPLATE=$WORK/template make_bundle "$WORK/churn" true >/dev/null || return 1
	bundle_set "$WORK/churn" 'del(.linux.cgroupsPath)' || return 1
	for w in 1 2 3 4; do
		(
			lost=0
			for i in $(seq "$per"); do
				px run -b "$WORK/churn" "${IDP}c$w-$i" || lost=$((lost + 1))
				px delete -f "${IDP}c$w-$i"
			done
			exit "$lost"
		) &
		pids+=($!)
	done
	for w in "${pids[@]}"; do
		wait "$w"
		bad=$((bad + $?))
	done
	[ "$bad" -eq 0 ] || echo "#   $bad of $((4 * per)) runs lost: $(sort "$WORK/errors" | uniq -c | sort -rn | head -3)"
	nothing_left || bad=$((bad + 1))
	[ "$bad" -eq 0 ]
}

# 50 creates of one id: exactly one wins, the others fail saying it exists.
case_one_id() {
	local i pids=() won=0 bad=0
	bundle "$WORK/one" "/$CGP/one" sleep 600 || return 1
	: >"$WORK/errors"
	for i in $(seq 50); do
		px create -b "$WORK/one" same &
		pids+=($!)
	done
	for i in "${pids[@]}"; do wait "$i" && won=$((won + 1)); done
	[ "$won" -eq 1 ] || {
		echo "#   $won creates won, expected exactly 1"
		bad=1
	}
	if grep -v 'already exists' "$WORK/errors" | grep -q .; then
		echo "#   unclear failure: $(grep -v 'already exists' "$WORK/errors" | head -2)"
		bad=1
	fi
	px delete -f same || bad=1
	nothing_left || bad=1
	[ "$bad" -eq 0 ]
}

# kill and delete -f racing start, 20 times: nothing hangs (px's timeout), delete -f
# afterwards always works and leaves nothing.
case_kill_delete_vs_start() {
	local i bad=0
	bundle "$WORK/ks" "/$CGP/ks" sleep 600 || return 1
	for i in $(seq 20); do
		px create -b "$WORK/ks" "k$i" || {
			bad=$((bad + 1))
			continue
		}
		px start "k$i" &
		px kill "k$i" KILL &
		px delete -f "k$i" &
		wait
		px delete -f "k$i" || {
			echo "#   delete -f k$i after the race failed"
			bad=$((bad + 1))
		}
		[ $? -ne 124 ] || bad=$((bad + 1))
	done
	nothing_left || bad=$((bad + 1))
	[ "$bad" -eq 0 ]
}

# 50 concurrent execs in one container: all succeed.
case_execs() {
	local i pids=() bad=0
	bundle "$WORK/ex" "/$CGP/ex" sleep 600 || return 1
	px run -d -b "$WORK/ex" ex || return 1
	for i in $(seq 50); do
		px exec ex true &
		pids+=($!)
	done
	for i in "${pids[@]}"; do wait "$i" || bad=$((bad + 1)); done
	[ "$bad" -eq 0 ] || echo "#   $bad of 50 execs failed: $(sort "$WORK/errors" | uniq -c | sort -rn | head -3)"
	px delete -f ex || bad=$((bad + 1))
	nothing_left || bad=$((bad + 1))
	[ "$bad" -eq 0 ]
}

for h in $(cg_hiers); do mkdir -p "$h/$CGP"; done
for c in run_many churn one_id kill_delete_vs_start execs; do
	[[ $c =~ $PATTERN ]] || continue
	: >"$WORK/errors"
	t0=$(date +%s)
	if "case_$c"; then
		echo "ok $c ($(($(date +%s) - t0)) s)"
		passed=$((passed + 1))
	else
		echo "not ok $c ($(($(date +%s) - t0)) s)"
		failed=$((failed + 1))
	fi
done
echo "$passed passed, $failed failed, 0 skipped"
[ "$failed" -eq 0 ]
