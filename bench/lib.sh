# bench/lib.sh — what bench/lifecycle and bench/exec share: the private mount
# namespace crun needs on a hybrid host, the two modes (hot, cold), the random
# order, one timed command, and the table. Source it after setting:
#   prog    the benchmark's name, for messages
#   top     the checkout; BUILD the build directory (bench/floor, bench/migrator)
# and, once made, work (a scratch directory) and cgparent (a cgroup name of ours).
#
# The modes. On a host with v1 hierarchies, the first write of a pid into a v1
# cgroup.procs after an idle spell waits for an RCU grace period (~10 ms here); one
# right after another migration on the host is ~0.04 ms. So a runtime measured
# right after another one gets it free, and a fixed order biases the ratios.
#   hot   bench/migrator keeps moving a process of its own between two cgroups of
#         ours (cpu hierarchy, $cgparent/hot-a and hot-b) every few ms: nobody waits,
#         and what is timed is the runtime's own cost;
#   cold  an idle gap before each timed command, the migrator idle: everybody waits,
#         as a lone `run` on such a host does. Other work on the host (other users'
#         containers, tests) warms the path too: cold figures need a quiet host.
#   v2    a pure cgroup v2 host (bench/guest): no v1 cgroup.procs, so no such wait
#         and a single mode, commands back to back.
# Each round draws the order of the modes and, within each mode, of the runtimes
# at random ($RANDOM), so no runtime always follows the same predecessor.
# shellcheck shell=bash disable=SC2154 # prog, top, work, cgparent, modes, hot_us, gap_ms: the caller's

rt_bin() {
	case "$1" in
	pidbox) echo "$BUILD/pidbox" ;;
	floor) echo "$BUILD/bench/floor" ;;
	*) command -v "$1" ;;
	esac
}

bench_die() {
	echo "$prog: $*" >&2
	exit 1
}

# bench_private_ns SCRIPT ARGS...: on a hybrid host, run the benchmark again inside
# a private mount namespace where an empty file is bound over the cgroup2 mount's
# cgroup.controllers (crun 1.8.1 refuses hybrid hosts whose cgroup2 mount lists
# controllers; all runtimes then see the same host, nothing outside changes), and
# exit with its status. Returns when there is nothing to hide or already inside.
bench_private_ns() {
	[ -z "${PIDBOX_BENCH_INNER:-}" ] || return 0
	[ -e /sys/fs/cgroup/unified/cgroup.controllers ] || return 0
	local empty rc=0
	empty=$(mktemp)
	# shellcheck disable=SC2016 # $1 and $@ belong to the inner shell
	PIDBOX_BENCH_INNER=1 unshare -m --propagation private bash -c '
		mount --bind "$1" /sys/fs/cgroup/unified/cgroup.controllers && shift && exec "$@"' \
		_ "$empty" "$@" || rc=$?
	rm -f "$empty"
	exit "$rc"
}

# bench_helpers: build bench/floor and bench/migrator (a no-op when up to date;
# in the v2 guest there is no make: tests/guest/vm copies them in).
bench_helpers() {
	if [ -f "$top/Makefile" ] && command -v make >/dev/null; then
		make -s -C "$top" BUILD="$BUILD" bench >/dev/null || bench_die "make bench failed"
	fi
	if [ ! -x "$BUILD/bench/floor" ] || [ ! -x "$BUILD/bench/migrator" ]; then
		bench_die "$BUILD/bench/floor or migrator missing (make bench)"
	fi
}

# bench_modes: the modes this host has (see the header).
bench_modes() {
	if [ "$(stat -fc %T /sys/fs/cgroup)" = cgroup2fs ]; then echo v2; else echo hot cold; fi
}

# bench_shuffle "WORD...": the words in a random order (Fisher-Yates), one line.
bench_shuffle() {
	local a i j t
	read -r -a a <<<"$1"
	for ((i = ${#a[@]} - 1; i > 0; i--)); do
		j=$((RANDOM % (i + 1)))
		t=${a[i]} a[i]=${a[j]} a[j]=$t
	done
	echo "${a[@]}"
}

# The migrator runs as a coprocess for the whole benchmark; bench_mode switches it.
mig_dir=
bench_migrator_start() { # INTERVAL_US
	local h
	for h in cpu pids freezer; do
		[ -d "/sys/fs/cgroup/$h" ] && [ "$(stat -fc %T "/sys/fs/cgroup/$h")" = cgroupfs ] && break
		h=
	done
	[ -n "$h" ] || bench_die "no v1 cpu, pids or freezer hierarchy for the migrator"
	mig_dir=/sys/fs/cgroup/$h/$cgparent
	mkdir -p "$mig_dir/hot-a" "$mig_dir/hot-b"
	coproc MIG { exec "$BUILD/bench/migrator" "$mig_dir/hot-a" "$mig_dir/hot-b" "$1" 2>"$work/migrator.err"; }
}

# bench_migrator_stop: end it (EOF on its stdin), wait for it, remove its cgroups.
# Safe to call twice, and before bench_migrator_start.
bench_migrator_stop() {
	[ -n "$mig_dir" ] || return 0
	# bash unsets MIG and MIG_PID once the coprocess has ended
	if [ -n "${MIG_PID:-}" ]; then
		local pid=$MIG_PID
		[ -z "${MIG[1]:-}" ] || eval "exec ${MIG[1]}>&-"
		wait "$pid" 2>/dev/null || true
	fi
	rmdir "$mig_dir/hot-a" "$mig_dir/hot-b" 2>/dev/null || true
	mig_dir=
}

# bench_mode MODE: switch to MODE and wait until the migrator says it has.
mode=
bench_mode() {
	local reply
	mode=$1
	case "$mode" in
	hot | cold)
		[ -n "${MIG[1]:-}" ] || bench_die "the migrator died: $(cat "$work/migrator.err")"
		echo "${mode:0:1}" >&"${MIG[1]}"
		read -r reply <&"${MIG[0]}" || bench_die "the migrator died: $(cat "$work/migrator.err")"
		[ "$reply" = "$mode" ] || bench_die "the migrator answered '$reply' to '$mode'"
		;;
	esac
}

# timed FILE CMD...: (after the idle gap when cold) run CMD with its stdout in
# $work/out, and append its wall time in microseconds to FILE. EPOCHREALTIME
# avoids forking a timer. A failure ends the benchmark.
gap_s=0.08
timed() {
	local file=$1 t0 t1
	shift
	[ "$mode" != cold ] || sleep "$gap_s"
	t0=${EPOCHREALTIME/./}
	"$@" </dev/null >"$work/out" 2>"$work/err" || bench_die "$* failed: $(head -c 2000 "$work/err")"
	t1=${EPOCHREALTIME/./}
	echo $((t1 - t0)) >>"$file"
}

bench_load() { cut -d' ' -f1-3 /proc/loadavg; }

# bench_header ROUNDS LOAD_BEFORE: what was measured and how, before the table.
bench_header() {
	echo "$prog: $1 rounds; each round draws the order of the modes and of the runtimes at random"
	echo "host: $(nproc) CPUs, $(uname -r); load (/proc/loadavg 1/5/15 min) before: $2, after: $(bench_load)"
	case " $modes " in
	*" hot "*)
		echo "hot:  bench/migrator moved a process of its own between two v1 cgroups every ${hot_us} us;" \
			"$(sed 's/^migrator: //' "$work/migrator.err")"
		echo "cold: ${gap_ms} ms idle before each timed command, the migrator idle (meaningful on a quiet host only)"
		;;
	*) echo "v2:   pure cgroup v2, where no v1 cgroup.procs write waits for RCU: no hot/cold modes" ;;
	esac
}

# bench_stats FILE: "median min" of the microseconds in FILE, in ms.
bench_stats() {
	sort -n "$1" | awk '{v[NR] = $1} END {printf "%.2f %.2f\n", v[int((NR + 1) / 2)] / 1000, v[1] / 1000}'
}

# bench_table CMDS RUNTIMES: per command, mode and runtime (files
# $work/t.CMD.MODE.RT), the rounds, median and min in ms, and pidbox's ratio to it.
bench_table() {
	local c m r med min pmed pmin ratios
	printf '%-7s %-5s %-8s %6s %9s %8s %14s %14s\n' command mode runtime rounds "median ms" "min ms" \
		"pidbox/it med" "pidbox/it min"
	for c in $1; do
		for m in $modes; do
			pmed='' pmin=''
			[ ! -s "$work/t.$c.$m.pidbox" ] || read -r pmed pmin < <(bench_stats "$work/t.$c.$m.pidbox")
			for r in $2; do
				[ -s "$work/t.$c.$m.$r" ] || continue
				read -r med min < <(bench_stats "$work/t.$c.$m.$r")
				ratios=
				[ -z "$pmed" ] || [ "$r" = pidbox ] ||
					ratios=$(awk -v a="$pmed" -v b="$med" -v x="$pmin" -v y="$min" \
						'BEGIN {printf "%14.2f %14.2f", a / b, x / y}')
				printf '%-7s %-5s %-8s %6d %9s %8s %s\n' "$c" "$m" "$r" "$(wc -l <"$work/t.$c.$m.$r")" \
					"$med" "$min" "$ratios"
			done
		done
	done
}
