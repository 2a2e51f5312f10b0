# docker stop (TERM, then KILL after the timeout), docker kill -s, restart policies.
# shellcheck shell=bash

test_stop_term() {
	# a pid 1 that handles TERM ends with its own code, at once
	must dkr run -d --name "$PX_ID" "$IMG" sh -c 'trap "echo got-term; exit 5" TERM; echo ready; while :; do sleep 0.1; done'
	dk_wait_log "$PX_ID" ready
	must timeout 20 "$DOCKER_BIN" -H "unix://$DOCKER_DIR/docker.sock" stop -t 30 "$PX_ID"
	assert_eq "$(dk_inspect "$PX_ID" '{{.State.ExitCode}}')" 5 "exit code after TERM"
	dk_wait_log "$PX_ID" got-term
}

test_stop_kill() {
	# pid 1 without a TERM handler ignores TERM: after the timeout Docker KILLs it
	must dkr run -d --name "$PX_ID" "$IMG" sleep 1000
	dk_wait_state "$PX_ID" running
	must dk stop -t 1 "$PX_ID"
	assert_eq "$(dk_inspect "$PX_ID" '{{.State.ExitCode}}')" 137 "exit code after KILL"
	assert_eq "$(dk_inspect "$PX_ID" '{{.State.Status}}')" exited "status"
}

test_kill_signal() {
	must dkr run -d --name "$PX_ID" "$IMG" sh -c 'trap "echo got-usr1" USR1; echo ready; while :; do sleep 0.1; done'
	dk_wait_log "$PX_ID" ready
	must dk kill -s USR1 "$PX_ID"
	dk_wait_log "$PX_ID" got-usr1
	assert_eq "$(dk_inspect "$PX_ID" '{{.State.Running}}')" true "running after USR1"
	must dk kill "$PX_ID"
	must dk wait "$PX_ID"
	assert_eq "$out" 137 "exit code after docker kill"
}

# a signal sent as soon as `docker start` returns is never lost: the runtime's start
# returns once the workload runs, with its handlers in place
test_kill_right_after_start() {
	local i
	for i in 1 2 3 4 5; do
		must dkr create --name "$PX_ID-$i" "$IMG" sh -c 'trap "exit 9" TERM; while :; do sleep 0.1; done'
		must dk start "$PX_ID-$i"
		must dk kill -s TERM "$PX_ID-$i"
		must timeout 20 "$DOCKER_BIN" -H "unix://$DOCKER_DIR/docker.sock" wait "$PX_ID-$i"
		assert_eq "$out" 9 "exit code of try $i"
	done
}

test_restart_policy() {
	# on-failure:2 restarts a failing container twice, then leaves it exited
	must dkr run -d --name "$PX_ID" --restart on-failure:2 "$IMG" sh -c 'echo run; exit 3'
	local i
	for i in $(seq 150); do
		[ "$(dk_inspect "$PX_ID" '{{.RestartCount}} {{.State.Status}}')" = "2 exited" ] && break
		sleep 0.1
	done
	assert_eq "$(dk_inspect "$PX_ID" '{{.RestartCount}} {{.State.Status}} {{.State.ExitCode}}')" "2 exited 3" \
		"restart count, status, exit code"
	assert_eq "$(dk logs "$PX_ID" | grep -c run)" 3 "runs in the log"
}
