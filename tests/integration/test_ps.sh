# pidbox ps: runc's table and json, and --tree with container pids and zombies.
# shellcheck shell=bash

# ps_bundle: pid 1 ends up as `sleep 1000` with a sleeping child and a zombie child
# (a short sleep that exits after the exec: sleep never reaps it); /ctl/ready when
# started.
ps_bundle() {
	ctl_bundle 'sleep 300 & sleep 0.2 & echo ready > /ctl/ready; exec sleep 1000'
}

# run_detached: `run -d` with the container's stdio on files (a pipe would keep
# the test's $(...) waiting for the container).
run_detached() {
	rt run -d -b "$B" "$PX_ID" </dev/null >"$PX_TMP/c.out" 2>"$PX_TMP/c.err" ||
		fail "run -d failed: $(cat "$PX_TMP/c.err")"
}

# wait_ready: /ctl/ready, which the shell writes just before it execs `sleep 1000`,
# then that sleep, sleeping.
wait_ready() {
	local _ s
	wait_file "$PX_TMP/ctl/ready"
	for _ in $(seq 50); do
		s=$(rt ps --tree --format json "$PX_ID" | jq -r '.. | objects | select(.command? == "sleep 1000") | .state')
		[ "$s" = S ] && return 0
		sleep 0.1
	done
	fail "no sleeping \`sleep 1000\` in the container"
}

# wait_zombie ID: until `ps --tree` shows a zombie (the short-lived shell exited).
wait_zombie() {
	local _
	for _ in $(seq 50); do
		rt ps --tree "$1" | grep -q ' Z ' && return 0
		sleep 0.1
	done
	fail "no zombie appeared in $1"
}

test_ps_table_and_json() {
	local pid pids line
	ps_bundle
	run_detached
	wait_ready
	pid=$(state_pid)
	must rt ps "$PX_ID"
	assert_match "$(head -1 <<<"$out")" 'UID +PID +PPID' "ps -ef header"
	assert_match "$out" "root +$pid +[0-9]+ .*sleep 1000" "the init's line"
	assert_contains "$out" "sleep 300"
	# only the container's processes: not this test's shell
	assert_not_contains "$out" " $$ " "ps output"
	# runc's json: the host pids, the init's among them
	must rt ps --format json "$PX_ID"
	pids=$(jq -r '.[]' <<<"$out" | sort -n | tr '\n' ' ')
	assert_contains " $pids" " $pid " "json pids"
	[ "$(jq length <<<"$out")" -ge 2 ] || fail "expected the init and its child in $out"
	# everything after the id goes to ps(1)
	must rt ps "$PX_ID" -o pid,comm
	line=$(grep -E "^ *$pid " <<<"$out")
	assert_match "$line" "^ *$pid +sleep$" "ps -o pid,comm line"
	# as runc: ps options do not change the json
	must rt ps --format json "$PX_ID" -o pid
	assert_eq "$(jq length <<<"$out")" "$(rt ps --format json "$PX_ID" | jq length)" "json with ps options"
	must rt delete -f "$PX_ID"
	assert_nothing_left
}

test_ps_tree() {
	local pid child
	skip_unless_pidbox "--tree is pidbox's"
	ps_bundle
	run_detached
	wait_ready
	wait_zombie "$PX_ID"
	pid=$(state_pid)
	must rt ps --tree "$PX_ID"
	assert_match "$(head -1 <<<"$out")" '^HOST PID +PID +STATE +COMMAND' "tree header"
	assert_match "$(sed -n 2p <<<"$out")" "^$pid +1 +S +sleep 1000$" "root line: the init, pid 1"
	assert_match "$out" $'\n[0-9]+ +[2-9] +S +\\\\_ sleep 300' "the child, indented"
	assert_match "$out" $'\n[0-9]+ +[2-9] +Z +\\\\_ \\[sleep\\] <defunct>' "the zombie, marked"
	must rt ps --tree --format json "$PX_ID"
	assert_eq "$(jq -r '.[0].pid' <<<"$out")" "$pid" "root's host pid"
	assert_eq "$(jq -r '.[0].containerPid' <<<"$out")" 1 "root's container pid"
	assert_eq "$(jq -r '.[0].nspid | join(",")' <<<"$out")" "$pid,1" "root's NSpid"
	assert_eq "$(jq '[.[0].children[] | select(.zombie)] | length' <<<"$out")" 1 "zombies under pid 1"
	child=$(jq -r '.[0].children[] | select(.command == "sleep 300") | .pid' <<<"$out")
	assert_eq "$(awk '/^NSpid/ {print $3}' "/proc/$child/status")" \
		"$(jq -r '.[0].children[] | select(.command == "sleep 300") | .containerPid' <<<"$out")" \
		"container pid of the child, from its NSpid"
	must rt delete -f "$PX_ID"
}

test_ps_errors() {
	run rt ps nosuch
	assert_fail
	assert_one_error_line "does not exist"
	skip_unless_pidbox "format error wording"
	new_bundle sleep 100
	run_detached
	run rt ps --format yaml "$PX_ID"
	assert_fail
	assert_one_error_line "invalid format"
	# a stopped container has no processes
	must rt kill "$PX_ID" KILL
	wait_status stopped
	must rt ps --format json "$PX_ID"
	assert_eq "$out" null "json of a stopped container"
}
