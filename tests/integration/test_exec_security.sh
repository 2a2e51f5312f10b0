# exec: the process it starts is an ordinary process of the container once it
# has exec'd (the CVE-2019-5736 attack through exec lives in
# tests/security/test_proc_self_exe.sh).
# shellcheck shell=bash

# The exec'd workload is an ordinary process again: dumpable (its environ is
# readable from the host), and nothing of the runtime's leaks into its environment.
test_exec_process_dumpable_after_exec() {
	local pid
	new_bundle sleep 1000
	must_create "$PX_ID" "$B"
	must rt start "$PX_ID"
	rt exec -d --pid-file "$PX_TMP/p" "$PX_ID" sleep 100 >/dev/null 2>&1
	pid=$(cat "$PX_TMP/p")
	echo "$pid" >>"$PX_TMP/.pids"
	# readable /proc/<pid>/environ from the host means it is dumpable
	if ! tr '\0' '\n' <"/proc/$pid/environ" | grep -q '^PATH='; then
		fail "exec'd workload's environ unreadable"
	fi
	# and the runtime's re-exec marker never reaches the workload
	if tr '\0' '\n' <"/proc/$pid/environ" | grep -q PIDBOX; then
		fail "a pidbox variable leaked into the workload's environment"
	fi
}
