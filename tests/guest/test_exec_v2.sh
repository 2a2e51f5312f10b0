# exec on pure cgroup v2 (run inside the guest by tests/guest/run): the new process
# is born in the container's cgroup, never runs in the runtime's.
# shellcheck shell=bash
# shellcheck source=tests/guest/lib.sh
. "$TOP/tests/guest/lib.sh"

# The exec'd process reads /proc/self/cgroup: the container's own (or, with
# --cgroup, a sub-cgroup of it). pidbox's debug log must also say clone3 put it
# there (CLONE_INTO_CGROUP), not a later move. One container: the guest is slow.
test_exec_born_in_container_cgroup() {
	require_v2
	new_bundle sleep 1000
	must_create "$PX_ID" "$B"
	must rt start "$PX_ID"
	wait_status running
	must rt --debug --log "$PX_TMP/log" exec "$PX_ID" cat /proc/self/cgroup
	assert_eq "$out" "0::$(cg_rel)" "/proc/self/cgroup of the exec'd process"
	if is_pidbox; then
		assert_contains "$(cat "$PX_TMP/log")" "born in its cgroup (CLONE_INTO_CGROUP)" "debug log"
	fi
	# --cgroup SUB: born in an existing sub-cgroup of the container's
	mkdir "$(cg_path)/sub" || fail "mkdir sub-cgroup"
	must rt exec --cgroup sub "$PX_ID" cat /proc/self/cgroup
	assert_eq "$out" "0::$(cg_rel)/sub" "/proc/self/cgroup with --cgroup sub"
	rmdir "$(cg_path)/sub" || fail "rmdir the sub-cgroup (still populated?)"
	# while it runs, the cgroup holds the init and it
	bg rt exec "$PX_ID" sleep 100
	wait_procs 2
	must rt delete -f "$PX_ID"
	assert_nothing_left
}
