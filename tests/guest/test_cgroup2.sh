# Pure cgroup v2 (run inside the guest by tests/guest/run): where the container is
# born, what it sees of its cgroup, and that nothing of it is left afterwards.
# shellcheck shell=bash
# shellcheck source=tests/guest/lib.sh
. "$TOP/tests/guest/lib.sh"

# The container's first process reads /proc/self/cgroup: on v2 a single "0::" line
# naming its own cgroup. That alone would also hold for a child moved in after the
# clone, so pidbox's debug log must say the clone put it there (CLONE_INTO_CGROUP):
# no instruction of the container ever runs in the runtime's cgroup.
test_born_in_own_cgroup() {
	new_bundle cat /proc/self/cgroup
	must rt --debug --log "$PX_TMP/log" run -b "$B" "$PX_ID"
	assert_eq "$out" "0::$(cg_rel)" "/proc/self/cgroup of the container's first process"
	if is_pidbox; then
		assert_contains "$(cat "$PX_TMP/log")" "born in its cgroup (CLONE_INTO_CGROUP)" "debug log"
	fi
	assert_nothing_left
}

# A pid namespace joined by path (runtime/pidns_hop.h): the re-executed child that
# clones the init into it stays out of the container's cgroup, so pids.max 1
# still lets the init start, and the init is moved into its cgroup before the
# workload runs.
test_joined_pid_namespace_cgroup() {
	local holder
	bg unshare -p -f sh -c "touch $PX_TMP/holder-up; exec sleep 100"
	wait_file "$PX_TMP/holder-up"
	holder=$(pgrep -P "${bg_pid:?}")
	echo "$holder" >>"$PX_TMP/.pids"
	new_bundle cat /proc/self/cgroup
	# shellcheck disable=SC2016 # jq's $ns
	set_config --arg ns "/proc/$holder/ns/pid" '
		.linux.namespaces |= map(if .type == "pid" then .path = $ns else . end)
		| .linux.resources.pids.limit = 1'
	must rt run -b "$B" "$PX_ID"
	assert_eq "$out" "0::$(cg_rel)" "/proc/self/cgroup of the workload"
	assert_nothing_left
}

# With a cgroup namespace the same first process sees its cgroup as the root.
test_born_in_own_cgroup_ns() {
	new_bundle cat /proc/self/cgroup
	set_config '.linux.namespaces += [{type: "cgroup"}]'
	must rt run -b "$B" "$PX_ID"
	assert_eq "$out" "0::/" "/proc/self/cgroup in a cgroup namespace"
	assert_nothing_left
}

# Without clone3 (a seccomp filter answers ENOSYS, as on a pre-5.3 kernel) pidbox
# falls back to clone() and moves the child in through cgroup.procs before it runs
# anything of the container.
test_clone_fallback_joins_cgroup() {
	skip_unless_pidbox "pidbox's own clone() fallback"
	local h=$BUILD/tests/helpers/no-clone3
	[ -x "$h" ] || fail "$h missing (make unit)"
	new_bundle cat /proc/self/cgroup
	run "$h" "$RUNTIME" --root "$PX_ROOT" --debug run -b "$B" "$PX_ID"
	assert_ok
	assert_eq "$out" "0::$(cg_rel)" "/proc/self/cgroup after the clone() fallback"
	assert_contains "$err" "falling back to clone()" "debug log"
	assert_not_contains "$err" "CLONE_INTO_CGROUP" "debug log"
	assert_nothing_left
}

# create makes the cgroup with the init in it and the controllers enabled for it;
# delete after the workload ended removes it.
test_create_start_delete_leaves_no_cgroup() {
	local cg c
	ctl_bundle 'echo ready > /ctl/ready; while [ ! -e /ctl/go ]; do sleep 0.05; done'
	must_create "$PX_ID" "$B"
	cg=$(cg_path)
	[ -d "$cg" ] || fail "no cgroup $cg after create"
	assert_eq "$(cg_procs)" "$(state_pid) " "cgroup.procs after create"
	for c in cpu memory pids; do
		assert_contains " $(cat "$cg/cgroup.controllers") " " $c " "$cg/cgroup.controllers"
	done
	assert_contains "$(cg_read cgroup.events)" "populated 1" "cgroup.events"
	must rt start "$PX_ID"
	wait_file "$PX_TMP/ctl/ready"
	touch "$PX_TMP/ctl/go"
	wait_status stopped
	must rt delete "$PX_ID"
	[ ! -d "$cg" ] || fail "cgroup $cg left behind"
	assert_nothing_left
}

# delete --force of a running container with many processes (one ignoring TERM,
# one in its own session, one forking without pause) returns with all of them
# gone and the cgroup removed: cgroup.kill takes the whole cgroup at once, where a
# walk over cgroup.procs could be outrun by the forking loop.
test_delete_force_kills_every_process() {
	local cg pids p
	ctl_bundle 'sleep 1000 & (trap "" TERM HUP; sleep 1000) & setsid sleep 1000 &
		(while :; do /bin/true; done) & echo ready > /ctl/ready; wait'
	must_create "$PX_ID" "$B"
	must rt start "$PX_ID"
	wait_file "$PX_TMP/ctl/ready"
	cg=$(cg_path)
	pids=$(cg_procs)
	echo "processes in $cg: $pids"
	[ "$(echo "$pids" | wc -w)" -ge 5 ] || fail "expected at least 5 processes, got: $pids"
	must rt delete --force "$PX_ID"
	[ ! -d "$cg" ] || fail "cgroup $cg left behind (procs: $(cat "$cg/cgroup.procs" 2>&1))"
	for p in $pids; do
		! alive "$p" || fail "process $p still alive after delete --force"
	done
	assert_nothing_left
}

# kill --all signals every process of the cgroup. TERM ends the workers, not the
# init (pid 1 of its namespace with no handler: the kernel drops it); KILL ends all.
test_kill_all() {
	ctl_bundle 'sleep 1000 & sleep 1000 & sleep 1000 & echo ready > /ctl/ready; exec sleep 1000'
	must_create "$PX_ID" "$B"
	must rt start "$PX_ID"
	wait_file "$PX_TMP/ctl/ready"
	wait_procs 4
	must rt kill --all "$PX_ID" TERM
	wait_procs 1
	assert_eq "$(cg_procs)" "$(state_pid) " "the init survives TERM"
	assert_eq "$(status)" running "status after kill --all TERM"
	must rt kill --all "$PX_ID" KILL
	wait_status stopped
	wait_procs 0
	must rt delete "$PX_ID"
	assert_nothing_left
}

# In a cgroup namespace the cgroup mount is a cgroup2 mount rooted at the
# container's own cgroup (its cgroup.procs has pid 1 and no process from outside,
# which would read as pid 0), read-only as the config asks.
test_cgroupns_mount() {
	local procs
	new_bundle
	set_config '.linux.namespaces += [{type: "cgroup"}]'
	# shellcheck disable=SC2016 # for the container's shell
	must_in_container 'grep " /sys/fs/cgroup " /proc/self/mounts
		echo procs=$(cat /sys/fs/cgroup/cgroup.procs | tr "\n" " ")
		ls /sys/fs/cgroup/memory.max /sys/fs/cgroup/pids.max
		{ echo 1 > /sys/fs/cgroup/cgroup.freeze; } 2>/dev/null && echo WRITABLE; true'
	assert_match "$out" '^cgroup2? /sys/fs/cgroup cgroup2 ro[, ]' "the cgroup mount"
	procs=" $(sed -n 's/^procs=//p' <<<"$out")"
	assert_contains "$procs" " 1 " "cgroup.procs of the mount"
	assert_not_contains "$procs" " 0 " "cgroup.procs of the mount (0: a process from outside)"
	assert_not_contains "$out" WRITABLE "the read-only cgroup mount"
	assert_nothing_left
}
