# podman stop (TERM, then KILL after the timeout) and kill -s.
# shellcheck shell=bash

# a container that handles TERM stops at once, with its own exit code
test_stop_term() {
	local t0 t1
	must pod run -d --name "$PX_ID" "$IMG" \
		sh -c 'trap "echo got-term; exit 0" TERM; echo ready; while :; do sleep 0.1; done'
	pod_wait_log "$PX_ID" ready
	t0=$(date +%s)
	must pod stop -t 20 "$PX_ID"
	t1=$(date +%s)
	[ $((t1 - t0)) -lt 10 ] || fail "stop took $((t1 - t0))s for a container that handles TERM"
	pod_wait_log "$PX_ID" got-term
	must pod_inspect "$PX_ID" '{{.State.Status}} {{.State.ExitCode}}'
	assert_eq "$out" "exited 0" "state"
}

# pid 1 without a TERM handler ignores TERM: stop waits the timeout, then KILLs
test_stop_kill_after_timeout() {
	local t0 t1
	must pod run -d --name "$PX_ID" "$IMG" sleep 1000
	pod_wait_state "$PX_ID" running
	t0=$(date +%s)
	must pod stop -t 2 "$PX_ID"
	t1=$(date +%s)
	[ $((t1 - t0)) -ge 2 ] || fail "stop returned after $((t1 - t0))s, before its 2 s timeout"
	[ $((t1 - t0)) -lt 20 ] || fail "stop took $((t1 - t0))s"
	must pod_inspect "$PX_ID" '{{.State.Status}} {{.State.ExitCode}}'
	assert_eq "$out" "exited 137" "state"
}

test_kill_signal() {
	must pod run -d --name "$PX_ID" "$IMG" \
		sh -c 'trap "echo got-usr1" USR1; echo ready; while :; do sleep 0.1; done'
	pod_wait_log "$PX_ID" ready
	must pod kill -s USR1 "$PX_ID"
	pod_wait_log "$PX_ID" got-usr1
	assert_eq "$(pod_state "$PX_ID")" running "status after USR1"
	must pod kill -s KILL "$PX_ID"
	pod_wait_state "$PX_ID" exited
	must pod_inspect "$PX_ID" '{{.State.ExitCode}}'
	assert_eq "$out" 137 "exit code"
}
