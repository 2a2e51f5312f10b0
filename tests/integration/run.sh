#!/bin/bash
# tests/integration/run.sh [REGEX [PATH...]] — run the integration suite against $RUNTIME.
#
#   RUNTIME   runtime binary (default $BUILD/pidbox; RUNTIME=runc checks the tests)
#   BUILD     build dir (default build)
#   PX_TEST_TIMEOUT  seconds per test (default 60)
#   PX_VERBOSE=1     print every test's log, not only the failures
#   PX_ROOTFS_TEMPLATE  a ready busybox rootfs for the bundles (default: made per run)
# Each test_* function of tests/integration/test_*.sh runs in its own bash under
# `timeout`, with a fresh --root, a unique container id and a scratch dir; afterwards
# the runner force-deletes its containers, kills the pids it recorded, removes its
# netns, mounts, cgroups and temp dirs. Prints "ok NAME" / "not ok NAME" (with the
# test's log) and ends with "N passed, M failed, K skipped" (a skip prints its
# reason on its "ok NAME # skip REASON" line). REGEX selects tests by name.
# PATHs (test_*.sh files, or directories holding them) run other suites written the
# same way, with the same helpers (tests/guest/ does, inside its cgroup v2 guest).
set -u
here=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$here/../.." && pwd)
export TOP
BUILD=${BUILD:-build}
RUNTIME=${RUNTIME:-$BUILD/pidbox}
filter=${1:-.}
shift $(($# > 0))
files=()
for p in "${@:-$here}"; do
	if [ -d "$p" ]; then
		files+=("$(cd "$p" && pwd)"/test_*.sh)
	else
		files+=("$(cd "$(dirname "$p")" && pwd)/$(basename "$p")")
	fi
done
timeout_s=${PX_TEST_TIMEOUT:-60}

case "$RUNTIME" in
*/*) RUNTIME=$(cd "$(dirname "$RUNTIME")" 2>/dev/null && pwd)/$(basename "$RUNTIME") ;;
*) RUNTIME=$(command -v "$RUNTIME") ;;
esac
export RUNTIME
if [ ! -x "$RUNTIME" ]; then
	echo "run.sh: runtime $RUNTIME not found or not executable (make first?)" >&2
	echo "0 passed, 1 failed, 0 skipped"
	exit 1
fi
if [ "$(id -u)" -ne 0 ]; then
	echo "run.sh: the integration tests need root" >&2
	echo "0 passed, 1 failed, 0 skipped"
	exit 1
fi

suite_tmp=$(mktemp -d /tmp/pidbox-it.XXXXXX) || exit 1
# traversable by the mapped ids of user-namespace tests
chmod 755 "$suite_tmp"
# (a ready one may be given: the cgroup v2 guest's image carries one prebuilt)
export PX_ROOTFS_TEMPLATE=${PX_ROOTFS_TEMPLATE:-$suite_tmp/rootfs}
cur_root="" cur_tmp="" cur_id=""
# one cgroup parent per suite run, so that concurrent runs never remove each other's
export PX_CG_PARENT=pidbox-test-$$
# `ip netns add` mounts /run/netns the first time; if this run is what did it, undo it
netns_was_mounted=0
mountpoint -q /run/netns 2>/dev/null && netns_was_mounted=1

# cleanup_test ROOT TMP ID: leave nothing of one test behind.
cleanup_test() {
	local root=$1 tmp=$2 id=$3 c p mp d
	if [ -d "$root" ]; then
		for c in "$root"/*/ "$root"/.[!.]*/; do
			[ -d "$c" ] || continue
			c=$(basename "$c")
			timeout -k 2 20 "$RUNTIME" --root "$root" delete -f "$c" >/dev/null 2>&1
		done
	fi
	if [ -f "$tmp/.pids" ]; then
		while read -r p; do kill -KILL "$p" 2>/dev/null; done <"$tmp/.pids"
	fi
	if [ -f "$tmp/.netns" ]; then
		while read -r p; do ip netns delete "$p" 2>/dev/null; done <"$tmp/.netns"
	fi
	if [ -f "$tmp/.links" ]; then
		while read -r p; do ip link delete "$p" 2>/dev/null; done <"$tmp/.links"
	fi
	# mounts under the scratch dir (bind-mounted netns files, test mounts), deepest first
	awk -v t="$tmp" -v r="$root" \
		'index($5, t "/") == 1 || $5 == t || index($5, r "/") == 1 {print $5}' \
		/proc/self/mountinfo | sort -r | while read -r mp; do
		umount -l "$mp" 2>/dev/null
	done
	# cgroups named after this test's id, under our own parent only
	for d in /sys/fs/cgroup/*/"$PX_CG_PARENT" /sys/fs/cgroup/"$PX_CG_PARENT"; do
		[ -d "$d" ] || continue
		for c in "$d"/*"$id"*; do
			[ -d "$c" ] || continue
			for _ in 1 2 3 4 5 6 7 8 9 10; do
				while read -r p; do kill -KILL "$p" 2>/dev/null; done <"$c/cgroup.procs"
				find "$c" -depth -type d -exec rmdir {} + 2>/dev/null
				[ -d "$c" ] || break
				sleep 0.2
			done
		done
	done
	rm -rf --one-file-system "$tmp" "$root"
}

on_exit() {
	[ -z "$cur_tmp" ] || cleanup_test "$cur_root" "$cur_tmp" "$cur_id"
	rm -rf --one-file-system "$suite_tmp"
	local d
	for d in /sys/fs/cgroup/*/"$PX_CG_PARENT" /sys/fs/cgroup/"$PX_CG_PARENT"; do
		[ -d "$d" ] && rmdir "$d" 2>/dev/null
	done
	if [ "$netns_was_mounted" = 0 ] && mountpoint -q /run/netns 2>/dev/null &&
		[ -z "$(ls -A /run/netns)" ]; then
		umount /run/netns 2>/dev/null
	fi
	return 0
}
trap on_exit EXIT
trap 'exit 130' INT TERM

# one rootfs for all bundles, copied per test
(
	# shellcheck source=tests/lib/bundle.sh
	. "$TOP"/tests/lib/bundle.sh
	[ -x "$PX_ROOTFS_TEMPLATE/bin/busybox" ] || make_rootfs "$PX_ROOTFS_TEMPLATE"
) || {
	echo "run.sh: cannot build the busybox rootfs" >&2
	echo "0 passed, 1 failed, 0 skipped"
	exit 1
}

echo "# runtime: $RUNTIME ($("$RUNTIME" --version 2>&1 | head -1))"
passed=0 failed=0 skipped=0 n=0
for f in "${files[@]}"; do
	[ -f "$f" ] || { echo "run.sh: no test file $f" >&2; failed=$((failed + 1)); continue; }
	# list the file's test_ functions; lib.sh first, as run-one.sh sources it, since
	# a file may call its helpers at the top level
	for t in $(PX_TMP=/nonexistent bash -c '. "$1"; . "$2" && declare -F' _ "$here/lib.sh" "$f" |
		awk '$3 ~ /^test_/ {print $3}'); do
		name="$(basename "$f" .sh):$t"
		[[ $name =~ $filter ]] || continue
		n=$((n + 1))
		cur_id="pxt$$-$n"
		cur_root=$(mktemp -d "$suite_tmp/root.XXXXXX")
		cur_tmp=$(mktemp -d "$suite_tmp/tmp.XXXXXX")
		chmod 755 "$cur_tmp"
		log=$suite_tmp/log.$n
		# timed with bash's clock, not date(1) and awk: in the cgroup v2 guest (TCG)
		# each fork costs ~0.1 s, three per test
		start=${EPOCHREALTIME/[.,]/}
		PX_ROOT=$cur_root PX_TMP=$cur_tmp PX_ID=$cur_id \
			timeout -k 5 "$timeout_s" bash "$here/../lib/run-one.sh" "$here/lib.sh" "$f" "$t" </dev/null >"$log" 2>&1
		rc=$?
		us=$((${EPOCHREALTIME/[.,]/} - start))
		printf -v secs '%d.%02d' $((us / 1000000)) $((us % 1000000 / 10000))
		cleanup_test "$cur_root" "$cur_tmp" "$cur_id"
		cur_tmp=
		if [ "$rc" -eq 0 ]; then
			passed=$((passed + 1))
			echo "ok $name (${secs}s)"
			[ -z "${PX_VERBOSE:-}" ] || sed 's/^/#   /' "$log"
		elif [ "$rc" -eq 77 ]; then
			skipped=$((skipped + 1))
			echo "ok $name # skip $(grep '^SKIP: ' "$log" | head -1 | cut -c7-)"
		else
			failed=$((failed + 1))
			[ "$rc" -ne 124 ] && [ "$rc" -ne 137 ] || echo "TIMEOUT after ${timeout_s}s" >>"$log"
			echo "not ok $name (${secs}s)"
			sed 's/^/#   /' "$log"
		fi
		rm -f "$log"
	done
done
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
