# exec and start as engines and people use them, as runc does (issues 12, 15):
# start returns once the workload runs, exec reads the config kept at create,
# -u by name, a foreground -t, the pty owned by the exec user.
# shellcheck shell=bash

# A workload that handles TERM: pid 1 of a pid namespace with no handler
# ignores it, so a TERM sent while pid 1 is still the runtime's init (before the
# workload's execve) is dropped by the kernel. `start` must return only once the
# workload has exec'd: then no `kill` after it is lost (what the workload does
# before its `trap` is its own business, as with runc). Checked two ways: pid 1's
# comm read the instant start returns (bash's own `read`, no fork) is the
# workload's, and a TERM from `kill` always ends it. Against the build before the
# fix (start returned on the release byte) the comm read "pidbox" in the first
# rounds; the TERM was lost 2 times in 15 under load (issue 12). runc 1.1.5
# returns from start earlier (its pid 1 still reads "runc:[2:INIT]" here): for
# it only the TERM is checked.
test_dropin_exec_start_then_kill_not_lost() {
	local i pid comm
	new_bundle sh -c 'trap "exit 0" TERM; while :; do sleep 0.1; done'
	for i in $(seq 25); do
		must_create "$PX_ID" "$B"
		pid=$(state_pid)
		rt start "$PX_ID" || fail "start failed"
		read -r comm <"/proc/$pid/comm"
		! is_pidbox || assert_eq "$comm" sh "pid 1's name when start returned (round $i)"
		must rt kill "$PX_ID" TERM
		# the trap runs after the current sleep (0.1 s): 5 s is plenty
		wait_status stopped
		must rt delete "$PX_ID"
	done
}

# The same with --init (pid 1 is pidbox's init, which forwards to the workload)
# and with a startContainer hook (start waits for the hook, then the exec).
test_dropin_exec_start_then_kill_init_and_hook() {
	local i
	skip_unless_pidbox "--init is pidbox's"
	new_bundle sh -c 'trap "exit 0" TERM; while :; do sleep 0.1; done'
	set_config '.hooks.startContainer = [{path: "/bin/true"}]'
	for i in $(seq 10); do
		must_create "$PX_ID" "$B" --init
		must rt start "$PX_ID"
		must rt kill "$PX_ID" TERM
		wait_status stopped
		must rt delete "$PX_ID"
	done
}
