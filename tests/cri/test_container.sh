# Containers of a pod: create/start/stop/remove, StopContainer's TERM then KILL,
# exit codes, logs in the CRI format, ExecSync (output, exit code, timeout).
# shellcheck shell=bash

# created, then running under the handler's runtime, in its cgroup; stopped by a TERM
# its command handles (exit code and reason as the command left); removed: nothing
# left
test_container_lifecycle() {
	local pid t0
	cri_runp
	cri_create c -- sh -c 'trap "echo got-term; exit 3" TERM; echo ready; while :; do sleep 0.1; done'
	# containerd makes the runtime's container (its task) at StartContainer
	assert_eq "$(cri_state "$CID")" CONTAINER_CREATED "state after create"
	must cri_call StartContainer "{\"container_id\": \"$CID\"}"
	assert_eq "$(cri_state "$CID")" CONTAINER_RUNNING "state after start"
	assert_eq "$("$RUNTIME" --root "$CRI_RT_ROOT" state "$CID" | jq -r .status)" running "runtime state after start"
	pid=$(cri_pid "$CID")
	assert_contains "$(cat "/proc/$pid/cgroup")" "$PX_CG_PARENT/$CID" "container's cgroup"
	wait_for "the container's ready line" grep -q ready "$PX_TMP/logs/c.log"
	t0=$(date +%s)
	cri_stop "$CID" 30
	[ $(($(date +%s) - t0)) -lt 10 ] || fail "a container that exits on TERM took $(($(date +%s) - t0))s to stop"
	must cri_status "$CID"
	assert_eq "$(jq -r .state <<<"$out")" CONTAINER_EXITED "state after stop"
	assert_eq "$(jq -r .exit_code <<<"$out")" 3 "exit code after TERM"
	assert_eq "$(jq -r .reason <<<"$out")" Error "reason"
	assert_contains "$(cat "$PX_TMP/logs/c.log")" "stdout F got-term" "the TERM trap's line in the log"
	must cri_call RemoveContainer "{\"container_id\": \"$CID\"}"
	run cri_call ContainerStatus "{\"container_id\": \"$CID\"}"
	assert_contains "$err" NOT_FOUND "status of a removed container"
	[ ! -e "$CRI_RT_ROOT/$CID" ] || fail "runtime state dir left behind"
	[ ! -d "/sys/fs/cgroup/pids$PX_CG_PARENT/$CID" ] || fail "container cgroup left behind"
}

# a command that ignores TERM is KILLed when StopContainer's timeout runs out: not
# before (it was still running 1 s into a 3 s timeout), not much after
test_container_stop_kill_after_timeout() {
	local t0 secs
	cri_runp
	cri_run c -- sh -c 'trap "echo ignored-term" TERM; echo ready; while :; do sleep 0.1; done'
	wait_for "the container's ready line" grep -q ready "$PX_TMP/logs/c.log"
	t0=$(date +%s.%N)
	cri_stop "$CID" 3 &
	sleep 1
	assert_eq "$(cri_state "$CID")" CONTAINER_RUNNING "state 1 s into the timeout"
	wait $! || fail "StopContainer failed"
	secs=$(awk -v s="$t0" -v e="$(date +%s.%N)" 'BEGIN {printf "%d", e - s}')
	if [ "$secs" -lt 3 ] || [ "$secs" -ge 15 ]; then fail "StopContainer with timeout 3 took ${secs}s"; fi
	must cri_status "$CID"
	assert_eq "$(jq -r .state <<<"$out")" CONTAINER_EXITED "state after stop"
	assert_eq "$(jq -r .exit_code <<<"$out")" 137 "exit code after KILL"
	assert_contains "$(cat "$PX_TMP/logs/c.log")" "stdout F ignored-term" "the TERM was delivered first"
	# pid 1 of its pid namespace, and sh sets no handler for KILL: nothing survives
	[ -z "$(cat "/sys/fs/cgroup/pids$PX_CG_PARENT/$CID/cgroup.procs" 2>/dev/null)" ] ||
		fail "processes left in the container's cgroup"
}

# exit codes as ContainerStatus reports them: 0 (reason Completed), 42 (Error), a
# missing executable (StartContainer fails, with the runtime's message). A command
# killed by a signal (128+n) is StopContainer's KILL above.
test_container_exit_codes() {
	local ok e42
	cri_runp
	cri_run ok -- true
	ok=$CID
	cri_run e42 -- sh -c 'exit 42'
	e42=$CID
	cri_wait_state "$ok" CONTAINER_EXITED
	cri_wait_state "$e42" CONTAINER_EXITED
	assert_eq "$(cri_status "$ok" | jq -r '"\(.exit_code) \(.reason)"')" "0 Completed" "true"
	assert_eq "$(cri_status "$e42" | jq -r '"\(.exit_code) \(.reason)"')" "42 Error" "exit 42"
	cri_create missing -- /nonexistent
	run cri_call StartContainer "{\"container_id\": \"$CID\"}"
	assert_fail
	assert_contains "$err" /nonexistent "StartContainer's error names the missing executable"
}

# the log file is the CRI format: "TIMESTAMP STREAM TAG TEXT", stdout and stderr
# apart, a line longer than max_container_log_line_size (16 KiB) split into
# partial (P) parts and a final (F) one
test_container_logs_cri_format() {
	local log
	cri_runp
	cri_run c -- sh -c 'echo out-line; echo err-line >&2; printf "%020000d\n" 0 | tr 0 x; echo last'
	cri_wait_state "$CID" CONTAINER_EXITED
	log=$PX_TMP/logs/c.log
	assert_eq "$(cri_status "$CID" | jq -r .log_path)" "$log" "log_path"
	grep -qE '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z stdout F out-line$' "$log" || fail "stdout line: $(cat "$log")"
	grep -qE '^[0-9-]+T[0-9:.]+Z stderr F err-line$' "$log" || fail "stderr line: $(head -c 300 "$log")"
	grep -qE '^[0-9-]+T[0-9:.]+Z stdout P x+$' "$log" || fail "no partial line"
	# the long line's parts put together are the whole line
	assert_eq "$(awk '$2 == "stdout" && $4 ~ /^x+$/ {printf "%s", $4}' "$log" | wc -c)" 20000 "long line's length"
	# stdout and stderr are copied apart: their lines' order between them is not kept
	assert_eq "$(grep ' stdout ' "$log" | tail -1 | cut -d' ' -f2-)" "stdout F last" "last stdout line"
}

# ExecSync: stdout and stderr apart, the exit code; as another user; a command past
# its timeout is KILLed (containerd signals the exec'd process only: the command is
# sleep itself), the call fails within seconds naming the timeout, the container
# still runs
test_container_exec_sync() {
	local t0 secs
	cri_runp
	cri_run c -- sleep 1000
	run cri_exec "$CID" 10 sh -c 'echo to-out; echo to-err >&2; exit 7'
	assert_rc 7
	assert_eq "$out" to-out "exec stdout"
	assert_eq "$err" to-err "exec stderr"
	must cri_exec "$CID" 10 sh -c 'cat /proc/self/status | grep ^NSpid; id -u'
	assert_contains "$out" $'\n0' "exec's uid"
	t0=$(date +%s.%N)
	run cri_exec "$CID" 1 sleep 60
	secs=$(awk -v s="$t0" -v e="$(date +%s.%N)" 'BEGIN {printf "%d", e - s}')
	assert_fail
	assert_contains "$err" "timeout" "ExecSync past its timeout"
	[ "$secs" -lt 20 ] || fail "ExecSync with timeout 1 took ${secs}s"
	assert_eq "$(cri_state "$CID")" CONTAINER_RUNNING "container after the exec's timeout"
	# the container's cgroup holds its command alone again
	wait_for "the timed-out exec to be ended" cri_procs_are "$CID" 1
}

# the environment, working directory and image user of a ContainerConfig: envs are
# added to the image's (PATH), working_dir is made if missing, run_as_username is
# resolved in the image's /etc/passwd (nobody: 65534)
test_container_env_workdir_username() {
	cri_runp
	cri_run c '.envs = [{key: "PX_A", value: "a b"}, {key: "PX_EMPTY", value: ""}] |
		.working_dir = "/px/work" | .linux.security_context.run_as_username = "nobody"' -- \
		sh -c 'echo "A=$PX_A E=${PX_EMPTY-unset} P=$PATH"; pwd; id -u; id -g'
	cri_wait_state "$CID" CONTAINER_EXITED
	assert_eq "$(cri_status "$CID" | jq -r .exit_code)" 0 "exit code"
	assert_eq "$(cut -d' ' -f4- "$PX_TMP/logs/c.log")" \
		"A=a b E= P=/usr/sbin:/usr/bin:/sbin:/bin
/px/work
65534
65534" "the command's environment, cwd and user"
}

# a container with a terminal (tty: true): the log holds its output (as one
# stream, stdout), and the command sees a tty
test_container_tty() {
	cri_runp
	cri_run c '.tty = true' -- sh -c 'test -t 1 && echo is-a-tty; tty'
	cri_wait_state "$CID" CONTAINER_EXITED
	assert_eq "$(cri_status "$CID" | jq -r .exit_code)" 0 "exit code"
	grep -q 'stdout F is-a-tty' "$PX_TMP/logs/c.log" || fail "tty log: $(cat "$PX_TMP/logs/c.log")"
	grep -qE 'stdout F /dev/(pts/[0-9]+|console)' "$PX_TMP/logs/c.log" || fail "tty name: $(cat "$PX_TMP/logs/c.log")"
}

# CRI mounts (a host directory read-write and read-only) and the paths the kubelet
# has masked or made read-only in every unprivileged container. The pod is on the
# host's network, so in the host's UTS namespace: the /proc/sys check writes the
# value that is already there, which changes nothing were /proc/sys writable.
test_container_mounts_and_masked_paths() {
	mkdir -p "$PX_TMP/rw" "$PX_TMP/ro"
	echo host >"$PX_TMP/ro/f"
	cri_runp
	cri_run c ".mounts = [{container_path: \"/rw\", source: \"$PX_TMP/rw\"},
		{container_path: \"/ro\", source: \"$PX_TMP/ro\", readonly: true}]" -- sleep 1000
	must cri_exec "$CID" 10 sh -c 'echo from-c > /rw/f; cat /ro/f'
	assert_eq "$out" host "/ro/f"
	assert_eq "$(cat "$PX_TMP/rw/f")" from-c "the host's view of /rw/f"
	run cri_exec "$CID" 10 sh -c 'echo x > /ro/f'
	assert_fail
	assert_contains "$err" "Read-only file system" "writing to the read-only mount"
	[ -e /proc/timer_list ] || skip "this kernel has no /proc/timer_list"
	must cri_exec "$CID" 10 sh -c 'wc -c < /proc/timer_list'
	assert_eq "$out" 0 "/proc/timer_list (masked)"
	run cri_exec "$CID" 10 sh -c 'd=$(cat /proc/sys/kernel/domainname) && echo "$d" > /proc/sys/kernel/domainname'
	assert_fail
	assert_contains "$err" "Read-only file system" "writing under /proc/sys"
}
