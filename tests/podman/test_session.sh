# The container's init is a session and process-group leader of its own, as with
# runc and crun: conmon (--timeout) and shells signal process groups.
# shellcheck shell=bash

test_init_own_session() {
	local pid stat
	must pod run -d --name "$PX_ID" "$IMG" sleep 1000
	pod_wait_state "$PX_ID" running
	pid=$(pod_inspect "$PX_ID" '{{.State.Pid}}')
	stat=$(sed 's/.*) //' "/proc/$pid/stat")
	# fields after the comm: state ppid pgrp session
	assert_eq "$(awk '{print $3, $4}' <<<"$stat")" "$pid $pid" "process group and session of the init"
}

# --timeout: conmon SIGKILLs the container's process group after the timeout; podman
# run then returns at once, the container stopped
test_run_timeout() {
	run pod run --name "$PX_ID" --timeout 2 "$IMG" sleep 30
	assert_fail
	assert_not_contains "$err" "no such exit code" "podman's error"
	assert_ne "$(pod_state "$PX_ID")" running "status after the timeout"
}
