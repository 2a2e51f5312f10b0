# ctr run (foreground, detached, -t), kill, delete, pause/resume, ps through
# containerd's runc shim.
# shellcheck shell=bash

test_run_foreground() {
	must ct_run --rm "$PX_ID" sh -c "echo hello"
	assert_eq "$out" hello "stdout"
	run ct_run --rm "$PX_ID" sh -c 'exit 7'
	assert_rc 7
}

# run -d: the task runs in its own cgroup and pid namespace, the runtime's state
# agrees; kill + delete remove it all
test_run_detach_kill_delete() {
	local pid
	must ct_run -d "$PX_ID" sleep 1000
	ct_wait_status "$PX_ID" RUNNING
	pid=$(ct_pid "$PX_ID")
	[ -d "/proc/$pid" ] || fail "task pid $pid is not a process"
	assert_ne "$(readlink "/proc/$pid/ns/pid")" "$(readlink /proc/self/ns/pid)" "pid namespace"
	assert_contains "$(cat "/proc/$pid/cgroup")" "$PX_CG_PARENT/$PX_ID" "cgroup of the task"
	assert_eq "$(ct_runtime_state "$PX_ID")" running "runtime state"
	# sleep as pid 1 has no TERM handler: the kernel drops TERM, KILL ends it
	must cr tasks kill -s KILL "$PX_ID"
	ct_wait_status "$PX_ID" STOPPED
	must cr tasks delete "$PX_ID"
	assert_eq "$(ct_status "$PX_ID")" "" "task after delete"
	must cr containers delete "$PX_ID"
	[ ! -e "$CT_RUNTIME_ROOT/$CTRD_NS/$PX_ID" ] || fail "runtime state dir left behind"
	[ ! -d "/sys/fs/cgroup/pids$PX_CG_PARENT/$PX_ID" ] || fail "cgroup left behind"
}

# kill -s TERM reaches a container that handles it; its exit status is reported
test_kill_signal() {
	mkdir -p "$PX_TMP/ctl"
	must ct_run -d --mount="type=bind,src=$PX_TMP/ctl,dst=/ctl,options=rbind:rw" "$PX_ID" \
		sh -c 'trap "echo got-term > /ctl/term; exit 5" TERM; echo > /ctl/ready; while :; do sleep 0.1; done'
	wait_file "$PX_TMP/ctl/ready"
	must cr tasks kill -s TERM "$PX_ID"
	ct_wait_status "$PX_ID" STOPPED
	assert_eq "$(cat "$PX_TMP/ctl/term")" got-term "the container's trap"
	must cr tasks delete "$PX_ID"
	assert_contains "$err" "non-zero exit code 5" "exit status from tasks delete"
}

test_run_tty() {
	ctr_argv run -t --rm --runc-binary "$RUNTIME" --runc-root "$CT_RUNTIME_ROOT" \
		--fifo-dir "$PX_TMP/fifo" --cgroup "$PX_CG_PARENT/$PX_ID" "$IMG" "$PX_ID" \
		sh -c 'tty; test -t 1 && echo stdout-is-a-tty'
	tty_run "${ctr_cmd[@]}"
	assert_ok
	assert_match "$out" '/dev/pts/[0-9]+' "tty of run -t"
	assert_contains "$out" stdout-is-a-tty "run -t"
}

# pause freezes every process of the task (no more output), resume thaws it
test_pause_resume() {
	local n1 n2 n3
	mkdir -p "$PX_TMP/ctl"
	must ct_run -d --mount="type=bind,src=$PX_TMP/ctl,dst=/ctl,options=rbind:rw" "$PX_ID" \
		sh -c 'while :; do echo tick >> /ctl/ticks; sleep 0.05; done'
	wait_file "$PX_TMP/ctl/ticks"
	must cr tasks pause "$PX_ID"
	ct_wait_status "$PX_ID" PAUSED
	assert_eq "$(ct_runtime_state "$PX_ID")" paused "runtime state"
	assert_eq "$(cat "/sys/fs/cgroup/freezer$PX_CG_PARENT/$PX_ID/freezer.state")" FROZEN "freezer.state"
	n1=$(wc -l <"$PX_TMP/ctl/ticks")
	sleep 0.5
	n2=$(wc -l <"$PX_TMP/ctl/ticks")
	assert_eq "$n2" "$n1" "lines written while paused"
	must cr tasks resume "$PX_ID"
	ct_wait_status "$PX_ID" RUNNING
	sleep 0.5
	n3=$(wc -l <"$PX_TMP/ctl/ticks")
	[ "$n3" -gt "$n2" ] || fail "no output after resume ($n3 lines, $n2 before)"
}

# tasks ps: the shim asks the runtime (`ps --format json`) for the container's pids
test_ps() {
	local pid
	must ct_run -d "$PX_ID" sh -c 'sleep 1000 & sleep 1001 & wait'
	ct_wait_status "$PX_ID" RUNNING
	pid=$(ct_pid "$PX_ID")
	sleep 0.3
	must cr tasks ps "$PX_ID"
	assert_match "$out" "(^|[[:space:]])$pid([[:space:]]|$)" "ps lists pid 1"
	assert_eq "$(printf '%s\n' "$out" | tail -n +2 | grep -c .)" 3 "processes in ps"
}
