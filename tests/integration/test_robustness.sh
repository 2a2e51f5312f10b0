# robustness: a pidbox command killed at any instant, a /proc that fails, a damaged
# record: list and state still answer, delete -f still removes everything, and
# nothing pidbox made is left. (The exhaustive sweep is tests/faults/sweep.sh; these
# are the points it found, made deterministic.)
# shellcheck shell=bash

need_strace() { command -v strace >/dev/null || fail "strace is needed (tests/lib/deps.sh installs it)"; }

# no_process_of_root: no process is left whose command line names our --root (the
# runtime's own processes, and a clone of create or exec before it execs).
no_process_of_root() {
	local p
	for p in /proc/[0-9]*; do
		if tr '\0' ' ' <"$p/cmdline" 2>/dev/null | grep -qF -- "$PX_ROOT"; then
			fail "process ${p#/proc/} left: $(tr '\0' ' ' <"$p/cmdline")"
		fi
	done
	return 0
}

# run_d: run -d the default bundle as $PX_ID (stdio on files: the container keeps them).
run_d() {
	rt run -d -b "$B" "$PX_ID" </dev/null >"$PX_TMP/c.out" 2>"$PX_TMP/c.err" ||
		fail "run -d failed: $(cat "$PX_TMP/c.err")"
}

# answers_quickly: list and state return within a second (no lock to wait for).
answers_quickly() {
	local q
	for q in list "state $PX_ID"; do
		# shellcheck disable=SC2086
		run timeout 1 "$RUNTIME" --root "$PX_ROOT" $q
		[ "$rc" -ne 124 ] || fail "$q did not answer within 1 s"
	done
}

# after_clone SYSCALL_LOG: "NAME N" of the first system call create made after
# clone3 returned (strace numbers calls per system call: the Nth NAME).
after_clone() {
	awk '/^[a-z_0-9]+\(/ { sc = $0; sub(/\(.*/, "", sc); n = ++cnt[sc];
		if (done) { print sc, n; exit } if (sc == "clone3" || sc == "clone") done = 1 }' "$1"
}

# create killed between clone3 and "go" used to leave its clone waiting for ever
# for a word on a socket whose other end it held itself, holding the container's
# lock: list, state and delete -f then hung for ever (seen on the old build:
# list timed out). The clone now dies with its parent and holds neither.
test_create_killed_right_after_clone() {
	skip_unless_pidbox "kills pidbox at one of its own system calls"
	need_strace
	local point
	new_bundle sleep 100
	strace -o "$PX_TMP/dry" "$RUNTIME" --root "$PX_ROOT" create -b "$B" "$PX_ID" </dev/null >/dev/null 2>&1 ||
		fail "create under strace failed"
	must rt delete -f "$PX_ID"
	point=$(after_clone "$PX_TMP/dry")
	[ -n "$point" ] || fail "no clone3 in the dry run"
	# shellcheck disable=SC2086
	set -- $point
	timeout 20 strace -o /dev/null -e trace="$1" -e inject="$1":signal=KILL:when="$2" \
		"$RUNTIME" --root "$PX_ROOT" create -b "$B" "$PX_ID" </dev/null >/dev/null 2>&1
	rc=$?
	assert_rc 137
	answers_quickly
	run timeout 10 "$RUNTIME" --root "$PX_ROOT" delete -f "$PX_ID"
	assert_ok
	no_process_of_root
	assert_nothing_left
}

# A create killed while its createRuntime hook runs (holding the container's lock):
# list and state answer at once, "creating"; delete -f then kills the init and
# removes the cgroups. Before: list waited for the hook, and delete -f said 0 while
# the cgroups stayed in every hierarchy (seen on the old build).
test_create_killed_in_hook() {
	skip_unless_pidbox "pidbox's intent record"
	local cpid hook_pid init
	new_bundle sleep 100
	cat >"$PX_TMP/hook.sh" <<-EOF
		#!/bin/sh
		jq -r .pid >"$PX_TMP/init.pid"
		echo \$\$ >"$PX_TMP/hook.pid"
		exec sleep 60
	EOF
	chmod +x "$PX_TMP/hook.sh"
	set_config --arg h "$PX_TMP/hook.sh" '.hooks.createRuntime = [{path: $h}]'
	bg rt create -b "$B" "$PX_ID"
	cpid=$bg_pid
	wait_file "$PX_TMP/hook.pid"
	hook_pid=$(cat "$PX_TMP/hook.pid")
	echo "$hook_pid" >>"$PX_TMP/.pids"
	init=$(cat "$PX_TMP/init.pid")
	answers_quickly
	assert_eq "$(status)" creating "state while create runs its hook"
	kill -KILL "$cpid"
	wait_gone "$cpid"
	kill -KILL "$hook_pid"
	answers_quickly
	assert_eq "$(status)" creating "state after create was killed"
	run timeout 10 "$RUNTIME" --root "$PX_ROOT" delete -f "$PX_ID"
	assert_ok
	wait_gone "$init"
	assert_nothing_left
}

# /proc/<pid>/stat failing (ENOMEM here) once made a running container "stopped",
# and a plain delete then killed and removed it (seen on the old build). Only a
# definite answer may say stopped: now the error is reported, the container lives.
test_proc_failure_is_not_stopped() {
	skip_unless_pidbox "injects a fault into pidbox's own read of /proc"
	need_strace
	local pid
	new_bundle sleep 100
	run_d
	pid=$(state_pid)
	run strace -o /dev/null -P "/proc/$pid/stat" -e trace=openat -e inject=openat:error=ENOMEM \
		"$RUNTIME" --root "$PX_ROOT" delete "$PX_ID"
	assert_fail
	assert_one_error_line "cannot tell whether its process $pid is alive"
	kill -0 "$pid" || fail "delete killed the running container"
	assert_eq "$(status)" running "status after the failed delete"
	must rt delete -f "$PX_ID"
	assert_nothing_left
}

# An empty state.json (what a crash after an unsynced rename leaves) made list hide
# the container and delete -f fail for ever, its init and cgroups left (seen on the
# old build). delete -f now falls back to the intent record.
test_delete_force_with_damaged_record() {
	skip_unless_pidbox "damages pidbox's own state file"
	local pid
	new_bundle sleep 100
	run_d
	pid=$(state_pid)
	: >"$PX_ROOT/$PX_ID/state.json"
	run rt list
	assert_ok
	assert_contains "$err" "state.json" "list's warning"
	run rt delete "$PX_ID"
	assert_fail
	assert_one_error_line "state.json"
	run timeout 10 "$RUNTIME" --root "$PX_ROOT" delete -f "$PX_ID"
	assert_ok
	wait_gone "$pid"
	assert_nothing_left
}

# A createRuntime hook kills the init: create says the init was killed (signal 9),
# not "send 'hooks done': Broken pipe".
test_init_killed_during_create_is_named() {
	skip_unless_pidbox "pidbox's error wording"
	new_bundle sleep 100
	cat >"$PX_TMP/hook.sh" <<-'EOF'
		#!/bin/sh
		kill -KILL "$(jq -r .pid)"
	EOF
	chmod +x "$PX_TMP/hook.sh"
	set_config --arg h "$PX_TMP/hook.sh" '.hooks.createRuntime = [{path: $h}]'
	rt_create "$PX_ID" "$B"
	assert_fail
	assert_one_error_line "container process was killed by signal 9"
	assert_not_contains "$err" "Broken pipe"
	assert_nothing_left
}

# The init killed as it re-executes itself, before "placed": create says the init
# was killed (signal 9). The old build said "send 'placed' to the container
# process: Broken pipe" (seen: this test failed on it).
test_init_killed_before_placed_is_named() {
	skip_unless_pidbox "kills pidbox's init at its re-exec"
	need_strace
	new_bundle sleep 100
	timeout 20 strace -f -o /dev/null -e trace=execveat -e inject=execveat:signal=KILL:when=1 \
		"$RUNTIME" --root "$PX_ROOT" create -b "$B" "$PX_ID" </dev/null >/dev/null 2>"$PX_TMP/c.err"
	rc=$?
	err=$(grep -v '^strace' "$PX_TMP/c.err")
	assert_fail
	assert_one_error_line "container process was killed by signal 9"
	assert_not_contains "$err" "Broken pipe"
	answers_quickly
	must rt delete -f "$PX_ID"
	no_process_of_root
	assert_nothing_left
}

# The init killed between opening the exec fifo and writing its byte, while `start`
# waits: start says the init died. The old build said "the container was started
# by someone else" in some rounds (seen: this test failed on it in 2 runs of 3 with
# 5 rounds); 10 rounds make missing the race unlikely.
test_init_killed_during_start_is_named() {
	skip_unless_pidbox "pidbox's error wording"
	need_strace
	local round pid i
	new_bundle sleep 100
	for round in $(seq 10); do
		must_create "$PX_ID" "$B"
		pid=$(state_pid)
		# its first write is the fifo's byte: killed as it makes it
		bg strace -o /dev/null -p "$pid" -e trace=write -e inject=write:signal=KILL:when=1
		for i in $(seq 100); do
			[ "$(awk '/^TracerPid/ {print $2}' "/proc/$pid/status")" = 0 ] || break
			sleep 0.05
		done
		run timeout 10 "$RUNTIME" --root "$PX_ROOT" start "$PX_ID"
		assert_fail
		assert_one_error_line "init process"
		assert_not_contains "$err" "someone else"
		wait "$bg_pid"
		must rt delete -f "$PX_ID"
	done
	assert_nothing_left
}

# exec killed between clone3 and "placed": its clone, in the container's pid
# namespace but the host's cgroup, used to wait for ever holding the container's
# lock (shared) and the socket's other end; delete -f then hung (seen on the old
# build: delete -f timed out). It now dies with its parent.
test_exec_killed_right_after_clone() {
	skip_unless_pidbox "kills pidbox at one of its own system calls"
	need_strace
	local point
	new_bundle sleep 100
	run_d
	strace -o "$PX_TMP/dry" "$RUNTIME" --root "$PX_ROOT" exec "$PX_ID" true </dev/null >/dev/null 2>&1 ||
		fail "exec under strace failed"
	point=$(after_clone "$PX_TMP/dry")
	[ -n "$point" ] || fail "no clone3 in the dry run"
	# shellcheck disable=SC2086
	set -- $point
	timeout 20 strace -o /dev/null -e trace="$1" -e inject="$1":signal=KILL:when="$2" \
		"$RUNTIME" --root "$PX_ROOT" exec "$PX_ID" true </dev/null >/dev/null 2>&1
	rc=$?
	assert_rc 137
	answers_quickly
	run timeout 10 "$RUNTIME" --root "$PX_ROOT" delete -f "$PX_ID"
	assert_ok
	no_process_of_root
	assert_nothing_left
}
