# tests/lib/engine-suite.sh — the runner shared by the engine suites (tests/podman,
# containerd, cri, docker, buildah): every test function runs once per runtime (pidbox, and
# runc as the control: a test that fails only with pidbox points at a pidbox bug).
# The suite script defines, then calls `engine_suite_main DIR REGEX`:
#   suite_setup            once, before any test (start the engine, import images);
#                          non-zero: the suite counts as one failure
#   suite_teardown         once at the end, also on failure or interrupt
#   test_cleanup           after each test, also after a timeout: remove what the test
#                          left (containers, cgroups under $PX_CG_PARENT, mounts, pids)
# Each test_* function of DIR/test_*.sh runs in its own bash (tests/lib/run-one.sh,
# after DIR/lib.sh) under `timeout`, with:
#   RUNTIME  the runtime's path     RT_NAME  pidbox or runc
#   PX_ID    a unique name          PX_TMP   a private scratch dir, removed afterwards
#   PX_CG_PARENT  a cgroup parent of this test's own (/<suite>/<id>)
# Environment: BUILD (default build), ENGINE_RUNTIMES (default "pidbox runc"),
# PX_TEST_TIMEOUT (seconds per test, default 90), PX_VERBOSE=1 (print every log).
# Prints "ok RT FILE:TEST" / "not ok RT FILE:TEST" (with the log), the tests that
# failed with pidbox only, and ends with "N passed, M failed, K skipped". A test that exits 77
# (lib.sh's skip, for a pidbox-only feature run with the control) counts as skipped
# and says why on its "ok RT NAME # skip REASON" line.
# shellcheck shell=bash

# where run-one.sh is: beside this file
ENGINE_LIB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# engine_runtime_path NAME: the binary for a runtime name
engine_runtime_path() {
	case "$1" in
	pidbox)
		local p=${PIDBOX:-${BUILD:-build}/pidbox}
		case "$p" in /*) ;; *) p=$(cd "$(dirname "$p")" 2>/dev/null && pwd)/$(basename "$p") ;; esac
		echo "$p"
		;;
	*) command -v "$1" ;;
	esac
}

engine_suite_main() {
	local dir=$1 filter=${2:-.} timeout_s=${PX_TEST_TIMEOUT:-90}
	local runtimes=${ENGINE_RUNTIMES:-pidbox runc} rt f t name n=0 passed=0 failed=0
	local log start rc secs only_pidbox="" fails_runc="" skipped=0
	local suite
	suite=$(basename "$dir")

	if [ "$(id -u)" -ne 0 ]; then
		echo "$suite: needs root" >&2
		echo "0 passed, 1 failed, 0 skipped"
		return 1
	fi
	for rt in $runtimes; do
		if [ ! -x "$(engine_runtime_path "$rt")" ]; then
			echo "$suite: runtime $rt not found ($(engine_runtime_path "$rt")); make first?" >&2
			echo "0 passed, 1 failed, 0 skipped"
			return 1
		fi
	done
	ENGINE_TMP=$(mktemp -d "/tmp/pidbox-$suite.XXXXXX") || return 1
	chmod 755 "$ENGINE_TMP"
	export ENGINE_TMP
	# the parent of every cgroup this run makes: unique, so concurrent runs never meet
	ENGINE_CG_PARENT=pidbox-$suite-$$
	export ENGINE_CG_PARENT
	cur_tmp=""
	trap 'engine_on_exit' EXIT
	trap 'exit 130' INT TERM

	echo "# $suite: setting up"
	if ! suite_setup; then
		echo "not ok $suite: set-up failed"
		echo "0 passed, 1 failed, 0 skipped"
		return 1
	fi
	for rt in $runtimes; do
		echo "# $rt: $(engine_runtime_path "$rt") ($("$(engine_runtime_path "$rt")" --version 2>&1 | head -1))"
	done

	for f in "$dir"/test_*.sh; do
		for t in $(bash -c '. "$1" && declare -F' _ "$f" | awk '$3 ~ /^test_/ {print $3}'); do
			name="$(basename "$f" .sh):$t"
			[[ $name =~ $filter ]] || continue
			for rt in $runtimes; do
				n=$((n + 1))
				PX_ID=px${suite:0:1}$$-$n
				PX_CG_PARENT=/$ENGINE_CG_PARENT/$PX_ID
				RT_NAME=$rt
				RUNTIME=$(engine_runtime_path "$rt")
				cur_tmp=$(mktemp -d "$ENGINE_TMP/t.XXXXXX")
				chmod 755 "$cur_tmp"
				PX_TMP=$cur_tmp
				export PX_ID PX_CG_PARENT RT_NAME RUNTIME PX_TMP
				log=$ENGINE_TMP/log.$n
				start=$(date +%s.%N)
				timeout -k 5 "$timeout_s" bash "$ENGINE_LIB_DIR/run-one.sh" "$dir/lib.sh" "$f" "$t" </dev/null >"$log" 2>&1
				rc=$?
				secs=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN {printf "%.2f", e - s}')
				test_cleanup >>"$log" 2>&1
				engine_cleanup_cgroups
				rm -rf --one-file-system "$cur_tmp"
				cur_tmp=""
				if [ "$rc" -eq 0 ]; then
					passed=$((passed + 1))
					echo "ok $rt $name (${secs}s)"
					[ -z "${PX_VERBOSE:-}" ] || sed 's/^/#   /' "$log"
				elif [ "$rc" -eq 77 ]; then
					skipped=$((skipped + 1))
					echo "ok $rt $name # skip $(grep '^SKIP: ' "$log" | head -1 | cut -c7-)"
				else
					failed=$((failed + 1))
					[ "$rc" -ne 124 ] && [ "$rc" -ne 137 ] || echo "TIMEOUT after ${timeout_s}s" >>"$log"
					echo "not ok $rt $name (${secs}s)"
					sed 's/^/#   /' "$log"
					case "$rt" in
					pidbox) only_pidbox="$only_pidbox $name" ;;
					*) fails_runc="$fails_runc $name" ;;
					esac
				fi
				rm -f "$log"
			done
		done
	done
	for name in $only_pidbox; do
		case " $fails_runc " in
		*" $name "*) echo "# fails with the control too (a test or host problem): $name" ;;
		*) echo "# fails only with pidbox: $name" ;;
		esac
	done
	echo "$passed passed, $failed failed, $skipped skipped"
	[ "$failed" -eq 0 ]
}

# engine_cleanup_cgroups: remove this test's cgroup subtree ($PX_CG_PARENT) in every
# hierarchy, killing what is still inside; nothing outside our own parent is touched.
engine_cleanup_cgroups() {
	local d p _
	[ -n "${PX_CG_PARENT:-}" ] || return 0
	for d in /sys/fs/cgroup/*"$PX_CG_PARENT" /sys/fs/cgroup"$PX_CG_PARENT"; do
		[ -d "$d" ] || continue
		for _ in 1 2 3 4 5 6 7 8 9 10; do
			find "$d" -name cgroup.procs -exec cat {} + 2>/dev/null | while read -r p; do
				kill -KILL "$p" 2>/dev/null
			done
			find "$d" -depth -type d -exec rmdir {} + 2>/dev/null
			[ -d "$d" ] || break
			sleep 0.2
		done
	done
}

engine_on_exit() {
	local d
	if [ -n "${cur_tmp:-}" ]; then
		test_cleanup >/dev/null 2>&1
		engine_cleanup_cgroups
	fi
	suite_teardown >/dev/null 2>&1
	for d in /sys/fs/cgroup/*/"$ENGINE_CG_PARENT" /sys/fs/cgroup/"$ENGINE_CG_PARENT"; do
		[ -d "$d" ] && rmdir "$d" 2>/dev/null
	done
	rm -rf --one-file-system "$ENGINE_TMP"
	return 0
}
