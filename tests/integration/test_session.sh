# The container's process leads a session and a process group of its own, as with
# runc and crun: engines signal process groups (conmon's --timeout SIGKILLs the
# container's), which must never include the engine or the runtime's monitor.
# shellcheck shell=bash

# inside its pid namespace the init is pid 1, and so are its group and session
# (an id from outside the namespace would read as 0)
test_init_leads_session_foreground() {
	must_in_container 'sed "s/.*) //" /proc/self/stat | cut -d" " -f3,4'
	assert_eq "$out" "1 1" "process group and session of the container's process"
}

test_init_leads_session_created() {
	local pid
	new_bundle sleep 1000
	must_create "$PX_ID" "$B"
	pid=$(state_pid)
	assert_eq "$(sed 's/.*) //' "/proc/$pid/stat" | cut -d' ' -f3,4)" "$pid $pid" \
		"process group and session of the container's init"
}
