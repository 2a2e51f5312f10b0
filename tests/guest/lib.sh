# tests/guest/lib.sh — helpers for the cgroup v2 guest tests, on top of
# tests/integration/lib.sh (which tests/lib/run-one.sh has sourced already). A guest test file
# starts with `. "$TOP/tests/guest/lib.sh"` and is otherwise an integration test:
# new_bundle, set_config, rt, must, assert_*... all work the same. The pidbox and
# the crun pass run at the same time in one guest: name what a test makes after
# PX_ID / PX_TMP and keep cgroups under CG_PARENT (new_bundle does), never fixed.
# shellcheck shell=bash

# set by run/must/in_container of tests/integration/lib.sh (named here for shellcheck)
out=${out:-} err=${err:-} rc=${rc:-0}

# Guest tests check cgroup v2 behaviour: on a v1 or hybrid host they would pass or
# fail for the wrong reasons, so each of them fails at once outside a pure v2 machine.
require_v2() {
	[ "$(stat -fc %T /sys/fs/cgroup 2>/dev/null)" = cgroup2fs ] ||
		fail "/sys/fs/cgroup is not cgroup2: guest tests run inside tests/guest/run's VM"
}

# cg_rel [BUNDLE]: the container's cgroup path (its cgroupsPath, "/parent/dir").
cg_rel() { jq -r '.linux.cgroupsPath' "${1:-$B}/config.json"; }
# cg_path [BUNDLE]: its cgroup directory in the v2 hierarchy.
cg_path() { echo "/sys/fs/cgroup$(cg_rel "${1:-$B}")"; }
# cg_read FILE [BUNDLE]: a file of the container's cgroup (cpu.stat, memory.events...).
cg_read() { cat "$(cg_path "${2:-$B}")/$1"; }
# cg_procs [BUNDLE]: the pids in the container's cgroup, on one line.
cg_procs() { tr '\n' ' ' <"$(cg_path "${1:-$B}")/cgroup.procs"; }

# alive PID: the process exists and is not a zombie (a zombie has left its cgroup).
alive() {
	local s
	s=$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null) || return 1
	[ -n "$s" ] && [ "$s" != Z ]
}

# wait_procs N [BUNDLE]: wait (5 s) until the container's cgroup holds N processes.
wait_procs() {
	local _ n cg
	cg=$(cg_path "${2:-$B}") # once: jq costs 0.3-0.6 s under TCG
	for _ in $(seq 50); do
		n=$(wc -l <"$cg/cgroup.procs")
		[ "$n" -eq "$1" ] && return 0
		sleep 0.1
	done
	fail "cgroup $cg holds $n processes, expected $1: $(cg_procs "${2:-$B}")"
}

# (not while run.sh only lists a file's test functions: PX_TMP is no directory then)
if [ -d "${PX_TMP:-}" ]; then require_v2; fi
