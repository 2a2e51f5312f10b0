# tests/lib/leftovers.sh — what a test run may leave behind, for tests/faults and
# tests/stress (which run below tests/helpers/subreaper, $PX_SUBREAPER).
#   cg_hiers            every mounted cgroup hierarchy root, one a line
#   orphans             pids re-parented to our subreaper, other than the calling
#                       script and strace -D tracers (they end with their tracees)
#   kill_orphans        SIGKILL them (our own descendants), print their pids
# shellcheck shell=bash

cg_hiers() {
	local c
	for c in /sys/fs/cgroup/*/; do
		[ -f "$c/cgroup.procs" ] && echo "${c%/}"
	done
	[ -f /sys/fs/cgroup/cgroup.procs ] && echo /sys/fs/cgroup
	return 0
}

subreaper_children() {
	local t
	for t in /proc/"$PX_SUBREAPER"/task/*/children; do
		tr ' ' '\n' <"$t"
	done | grep -vx -e "$$" -e '' || true
}

orphans() {
	local p
	subreaper_children | while read -r p; do
		[ "$(cat "/proc/$p/comm" 2>/dev/null)" = strace ] || echo "$p"
	done
}

kill_orphans() {
	local p left
	left=$(orphans)
	for p in $left; do kill -KILL "$p" 2>/dev/null; done
	echo "$left"
}
