# create / start / run / state / delete, exit codes.
# shellcheck shell=bash

test_run_true() {
	new_bundle /bin/true
	must rt run -b "$B" "$PX_ID"
	assert_eq "$out" "" "stdout of /bin/true"
	assert_nothing_left
}

test_run_exit_codes() {
	local c
	for c in 0 1 42 255; do
		in_container "exit $c"
		assert_rc "$c"
	done
	assert_nothing_left
}

test_run_output_and_stdin() {
	new_bundle sh -c 'read line; echo "got:$line"; echo to-stderr >&2'
	echo "$RUNTIME run"
	out=$(echo hello | rt run -b "$B" "$PX_ID" 2>"$PX_TMP/e")
	rc=$?
	assert_ok
	assert_eq "$out" "got:hello" "stdout"
	assert_eq "$(cat "$PX_TMP/e")" "to-stderr" "stderr"
}

# pid 1 ignores signals it has no handler for, so kill it from outside with KILL:
# run must exit 128+9.
test_run_killed_by_signal() {
	ctl_bundle 'echo ready > /ctl/ready; sleep 100'
	bg rt run -b "$B" "$PX_ID"
	wait_file "$PX_TMP/ctl/ready"
	must rt kill "$PX_ID" KILL
	wait "$bg_pid"
	rc=$?
	assert_rc 137
	assert_nothing_left
}

# `run` forwards signals: the container traps each one and exits with its own code.
test_run_forwards_signals() {
	local sig code
	set -m # a background job of a non-interactive shell would ignore SIGINT
	for sig in TERM:3 INT:4 HUP:5 USR1:6; do
		code=${sig#*:}
		sig=${sig%:*}
		rm -rf "$PX_TMP/ctl" "$B"
		ctl_bundle "trap 'echo got-$sig; exit $code' $sig; echo ready > /ctl/ready; while :; do sleep 0.1; done"
		bg rt run -b "$B" "$PX_ID" >"$PX_TMP/out.$sig" 2>&1
		wait_file "$PX_TMP/ctl/ready"
		kill -"$sig" "$bg_pid"
		wait "$bg_pid"
		rc=$?
		echo "$sig -> rc=$rc: $(cat "$PX_TMP/out.$sig")"
		assert_rc "$code"
		assert_contains "$(cat "$PX_TMP/out.$sig")" "got-$sig"
	done
}

test_create_start_states() {
	local pid
	ctl_bundle 'echo started > /ctl/started; while [ ! -e /ctl/go ]; do sleep 0.05; done; echo bye'
	must_create "$PX_ID" "$B"
	assert_eq "$(status)" created "status after create"
	pid=$(state_pid)
	assert_match "$pid" '^[1-9][0-9]*$' "pid in state"
	kill -0 "$pid" || fail "init $pid not alive"
	# the init waits for start in its open of exec.fifo: once it sleeps there, the
	# workload has not run and cannot until start
	wait_for "the init to wait on exec.fifo" blocked_on_fifo "$pid"
	[ ! -e "$PX_TMP/ctl/started" ] || fail "workload ran before start"
	must rt start "$PX_ID"
	wait_file "$PX_TMP/ctl/started"
	assert_eq "$(status)" running "status after start"
	assert_eq "$(state_pid)" "$pid" "pid after start"
	touch "$PX_TMP/ctl/go"
	wait_status stopped
	assert_eq "$(cat "$PX_TMP/$PX_ID.out")" bye "container stdout"
	must rt delete "$PX_ID"
	assert_nothing_left
	run rt state "$PX_ID"
	assert_fail
}

test_start_dead_init_does_not_hang() {
	local pid
	new_bundle true
	must_create "$PX_ID" "$B"
	pid=$(state_pid)
	kill -KILL "$pid"
	wait_gone "$pid"
	run timeout 10 "$RUNTIME" --root "$PX_ROOT" start "$PX_ID"
	assert_fail
	[ "$rc" -ne 124 ] || fail "start hung on a dead init"
	assert_eq "$(status)" stopped "status of a container whose init died"
	must rt delete -f "$PX_ID"
	assert_nothing_left
}

test_start_twice_fails() {
	ctl_bundle 'while [ ! -e /ctl/go ]; do sleep 0.05; done'
	must_create "$PX_ID" "$B"
	must rt start "$PX_ID"
	run timeout 10 "$RUNTIME" --root "$PX_ROOT" start "$PX_ID"
	assert_fail
	assert_eq "$(status)" running "status"
	touch "$PX_TMP/ctl/go"
	wait_status stopped
	run timeout 10 "$RUNTIME" --root "$PX_ROOT" start "$PX_ID"
	assert_fail
}

test_duplicate_id_refused() {
	local pid
	new_bundle true
	must_create "$PX_ID" "$B"
	pid=$(state_pid)
	new_bundle -d "$PX_TMP/b2" true
	rt_create "$PX_ID" "$PX_TMP/b2"
	assert_fail
	assert_one_error_line "$PX_ID"
	assert_eq "$(status)" created "first container's status"
	assert_eq "$(state_pid)" "$pid" "first container's pid"
	assert_nothing_left - "$PX_TMP/b2"
}

test_concurrent_create_one_wins() {
	local i p1 p2 r1 r2
	for i in 1 2 3; do
		new_bundle -d "$PX_TMP/b1-$i" true
		new_bundle -d "$PX_TMP/b2-$i" true
		rt create -b "$PX_TMP/b1-$i" "$PX_ID-$i" </dev/null >/dev/null 2>"$PX_TMP/e1" &
		p1=$!
		rt create -b "$PX_TMP/b2-$i" "$PX_ID-$i" </dev/null >/dev/null 2>"$PX_TMP/e2" &
		p2=$!
		wait "$p1"
		r1=$?
		wait "$p2"
		r2=$?
		echo "round $i: rc $r1 $r2; $(cat "$PX_TMP/e1" "$PX_TMP/e2")"
		if [ "$r1" -eq 0 ] && [ "$r2" -ne 0 ]; then
			assert_nothing_left "$PX_ID-$i-none" "$PX_TMP/b2-$i"
		elif [ "$r1" -ne 0 ] && [ "$r2" -eq 0 ]; then
			assert_nothing_left "$PX_ID-$i-none" "$PX_TMP/b1-$i"
		elif [ "$r1" -ne 0 ] && [ "$r2" -ne 0 ] && ! is_pidbox; then
			# runc 1.1 has this race: both lose ("unable to store init state")
			echo "both creates failed ($RUNTIME's race); nothing may be left"
			assert_nothing_left "$PX_ID-$i" "$PX_TMP/b1-$i"
			continue
		else
			fail "round $i: exit codes $r1 and $r2, expected exactly one 0"
		fi
		assert_eq "$(status "$PX_ID-$i")" created "winner's status"
		must rt delete -f "$PX_ID-$i"
	done
}

test_delete_removes_state_and_cgroup() {
	local cg
	ctl_bundle 'echo ready > /ctl/ready; sleep 100'
	must_create "$PX_ID" "$B"
	[ -d "$PX_ROOT/$PX_ID" ] || fail "no state dir $PX_ROOT/$PX_ID"
	cg=/sys/fs/cgroup/pids$(jq -r .linux.cgroupsPath "$B/config.json")
	[ -d "$cg" ] || fail "no cgroup $cg"
	grep -qx "$(state_pid)" "$cg/cgroup.procs" || fail "init not in $cg"
	must rt start "$PX_ID"
	wait_file "$PX_TMP/ctl/ready"
	must rt kill "$PX_ID" KILL
	wait_status stopped
	must rt delete "$PX_ID"
	[ ! -d "$cg" ] || fail "cgroup $cg left behind"
	assert_nothing_left
}

test_delete_running_needs_force() {
	local pid
	ctl_bundle 'echo ready > /ctl/ready; sleep 100'
	must_create "$PX_ID" "$B"
	must rt start "$PX_ID"
	wait_file "$PX_TMP/ctl/ready"
	pid=$(state_pid)
	run rt delete "$PX_ID"
	assert_fail
	assert_eq "$(status)" running "status after refused delete"
	must rt delete --force "$PX_ID"
	wait_gone "$pid"
	assert_nothing_left
}

test_delete_force_created() {
	local pid
	new_bundle true
	must_create "$PX_ID" "$B"
	pid=$(state_pid)
	must rt delete -f "$PX_ID"
	wait_gone "$pid"
	assert_nothing_left
}

test_run_detach_and_keep() {
	ctl_bundle 'echo ready > /ctl/ready; while [ ! -e /ctl/go ]; do sleep 0.05; done'
	echo "\$ run -d"
	rt run -d -b "$B" "$PX_ID" </dev/null >"$PX_TMP/out" 2>&1
	rc=$?
	assert_ok
	wait_file "$PX_TMP/ctl/ready"
	assert_eq "$(status)" running "status after run -d"
	touch "$PX_TMP/ctl/go"
	wait_status stopped
	must rt delete "$PX_ID"
	rm -f "$PX_TMP/ctl/go"
	if is_pidbox || "$RUNTIME" run --help 2>&1 | grep -q -- --keep; then
		bundle_set "$B" '.process.args = ["true"]'
		must rt run --keep -b "$B" "$PX_ID"
		assert_eq "$(status)" stopped "status after run --keep"
		must rt delete "$PX_ID"
	fi
	assert_nothing_left
}
