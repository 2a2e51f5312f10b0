# CVE-2024-21626 class ("leaky vessels"): a runtime fd still open while the
# container process enters process.cwd, looks up args[0] or waits in the created
# state is a door to the host. The attacker controls the image (its WORKDIR,
# symlinks), the container's processes, and guesses fd numbers; a host directory
# fd N makes /proc/self/fd/N/../../.. the host's "/". What it is after here: the
# marker file $PX_TMP/host/secret (outside the rootfs) read, or a host file
# written, or a host object (binary, pty) in its hands.
#
# How each was seen to succeed: against the code before the fix (c3bb862, built
# with `make BUILD=...` from `git archive c3bb862`), run with
# RUNTIME=<that build>/pidbox tests/integration/run.sh fd_leaks tests/security;
# the comment of each test says what the old code gave away.
# shellcheck shell=bash
# SC2016: jq and the container's shell expand those $; SC2217/SC2154: lib.sh's bg
# runs the command with its redirections and sets bg_pid.
# shellcheck disable=SC2016,SC2217,SC2154

WALK=../../../../../../../../../..

# host_marker: the host file the attacker wants, and a fresh place for writes.
host_marker() {
	mkdir -p "$PX_TMP/host"
	echo "host-secret-$PX_ID" >"$PX_TMP/host/secret"
	SECRET=$PX_TMP/host/secret
}

# assert_no_leak: neither the container's output nor the host shows the marker
# read or a host file written.
assert_no_leak() {
	assert_not_contains "$out$err$(cat "$PX_TMP"/*.out 2>/dev/null)" "host-secret-$PX_ID" \
		"what the container read"
	[ ! -e "$PX_TMP/host/written" ] || fail "the container wrote $PX_TMP/host/written"
}

# The payload for a cwd the attacker chose: walk up from it and read/write.
cwd_payload() {
	echo "cat $WALK$SECRET; echo pwned >$WALK$PX_TMP/host/written"
}

# process.cwd = /proc/self/fd/N, N guessed. Old code: N=5 (the host /proc
# O_PATH fd kept across the init's re-exec) made the cwd the host's /proc, and
# the workload read the marker through ../../.. and wrote host files.
test_fd_leak_cwd_proc_self_fd() {
	local n
	host_marker
	new_bundle sh -c "$(cwd_payload)"
	for n in 3 4 5 6 7 8 9; do
		set_config --arg c "/proc/self/fd/$n" '.process.cwd = $c'
		run rt run -b "$B" "$PX_ID" </dev/null
		assert_no_leak
		[ "$rc" -eq 0 ] || is_pidbox || continue
		is_pidbox && assert_one_error_line "process.cwd"
		rt delete -f "$PX_ID" >/dev/null 2>&1
	done
	assert_nothing_left
}

# An image whose WORKDIR is a symlink to /proc/self/fd/N (the config names a
# harmless-looking /work). Old code: /work5 reached the host /proc, as above.
test_fd_leak_workdir_symlink() {
	local n
	host_marker
	new_bundle sh -c "$(cwd_payload)"
	for n in 3 4 5 6 7 8 9; do
		ln -s "/proc/self/fd/$n" "$B/rootfs/work$n"
		set_config --arg c "/work$n" '.process.cwd = $c'
		run rt run -b "$B" "$PX_ID" </dev/null
		assert_no_leak
		rt delete -f "$PX_ID" >/dev/null 2>&1
	done
	assert_nothing_left
}

# A running container plants /ctl/wN -> /proc/self/fd/N and waits for an operator
# to `exec --cwd /ctl/wN`. Old code: exec's child held the state dir and the
# host /proc (N=4..8 depending on flags); the exec'd process read the marker.
test_fd_leak_exec_planted_cwd() {
	local n
	host_marker
	ctl_bundle 'for n in 3 4 5 6 7 8 9 10 11 12; do ln -s /proc/self/fd/$n /ctl/w$n; done
		echo planted >/ctl/ready; exec sleep 1000'
	bg rt run -b "$B" "$PX_ID" </dev/null >"$PX_TMP/run.log" 2>&1
	wait_file "$PX_TMP/ctl/ready"
	for n in 3 4 5 6 7 8 9 10 11 12; do
		run rt exec --cwd "/ctl/w$n" "$PX_ID" sh -c "$(cwd_payload)" </dev/null
		assert_no_leak
	done
	must rt kill "$PX_ID" KILL
	wait "$bg_pid" || : # killed: 137
}

# The operator (or an engine following the image) runs `exec --cwd
# /proc/self/fd/3`, and other small numbers. Old code: as above, with the cwd
# given directly.
test_fd_leak_exec_cwd_proc_self_fd() {
	local n
	host_marker
	new_bundle sleep 1000
	bg rt run -b "$B" "$PX_ID" </dev/null >"$PX_TMP/run.log" 2>&1
	wait_status running
	for n in 3 4 5 6 7 8 9 10 11 12; do
		run rt exec --cwd "/proc/self/fd/$n" "$PX_ID" sh -c "$(cwd_payload)" </dev/null
		assert_no_leak
		if is_pidbox && [ "$rc" -ne 0 ]; then
			assert_one_error_line "process.cwd"
		fi
	done
	must rt kill "$PX_ID" KILL
	wait "$bg_pid" || : # killed: 137
}

# args[0] = /proc/self/fd/N/../../bin/busybox: the host's own binary (walked to
# from a host directory fd) runs as the workload; its /proc/self/exe is then a
# handle on the host's /bin/busybox (CVE-2019-5736's target). Old code: N=5
# gave the host binary (inode printed below equal to the host's).
test_fd_leak_args0_through_fd() {
	local n host_ino
	host_marker
	host_ino=$(stat -L -c %d:%i /bin/busybox)
	new_bundle true
	for n in 3 4 5 6 7 8 9; do
		set_config --arg a "/proc/self/fd/$n/$WALK/bin/busybox" \
			'.process.args = [$a, "sh", "-c", "echo EXE=$(stat -L -c %d:%i /proc/self/exe)"]'
		run rt run -b "$B" "$PX_ID" </dev/null
		assert_not_contains "$out" "EXE=$host_ino" "the workload's executable"
		rt delete -f "$PX_ID" >/dev/null 2>&1
	done
	assert_nothing_left
}

# The caller's stray fds (4 and 10, here host directories) and the runtime's own
# must not sit in the created init: a process exec'd with CAP_SYS_PTRACE reads
# /proc/1/fd/N of a non-dumpable init. Old code: the created init held the
# host /proc (and the strays 4 and 10): /proc/1/fd/N/../.. reached the marker.
test_fd_leak_created_init_fds() {
	local list
	host_marker
	new_bundle sh -c 'ls /proc/self/fd | tr "\n" " "'
	echo "\$ create 4<host 10<host"
	rt create -b "$B" "$PX_ID" </dev/null >"$PX_TMP/workload.out" 2>"$PX_TMP/create.err" \
		4<"$PX_TMP/host" 10<"$PX_TMP/host"
	rc=$?
	assert_ok
	run rt exec --cap CAP_SYS_PTRACE "$PX_ID" sh -c \
		"ls /proc/1/fd | tr '\n' ' '; echo; for f in /proc/1/fd/*; do cat \$f/$WALK$SECRET; done 2>/dev/null; true"
	assert_ok
	list=$(printf '%s\n' "$out" | head -1)
	echo "created init's fds: $list"
	assert_no_leak
	assert_not_contains " $list" " 4 " "the created init's fds"
	assert_not_contains " $list" " 10 " "the created init's fds"
	must rt start "$PX_ID"
	wait_status stopped
	echo "workload's fds: $(cat "$PX_TMP/workload.out")"
	assert_eq "$(cat "$PX_TMP/workload.out")" "0 1 2 3 " "the workload's fds (3: ls's own)"
	must rt delete "$PX_ID"
}

# --preserve-fds 3 with only fd 3 passed: fds 4 and 5 would be whatever the
# runtime opened there. Old code: one of them was a host directory (the state
# root), and the workload read the marker through it.
test_fd_leak_preserve_fds_not_passed() {
	skip_unless_pidbox "runc 1.1.5 hands its own fds on in their place too (seen: its /sys/fs/cgroup fd)"
	host_marker
	echo passed >"$PX_TMP/passed"
	new_bundle sh -c "for f in 3 4 5; do cat /proc/self/fd/\$f/$WALK$SECRET; done 2>/dev/null; echo done"
	echo "\$ run --preserve-fds 3 3<passed"
	out=$(rt run --preserve-fds 3 -b "$B" "$PX_ID" </dev/null 3<"$PX_TMP/passed" 4<&- 5<&- 2>"$PX_TMP/.err")
	rc=$?
	err=$(cat "$PX_TMP/.err")
	echo "  out: $out"$'\n'"  err: $err"
	assert_no_leak
	assert_fail
	assert_one_error_line "--preserve-fds: fd 4 was not passed by the caller"
	assert_nothing_left
}

# LISTEN_FDS=3 for our pid with no fd passed at all. Old code: fds 3..5 were the
# runtime's own, passed to the workload as "sockets".
test_fd_leak_listen_fds_lying() {
	skip_unless_pidbox "runc 1.1.5 hands its own fds on in their place too (seen: its /sys/fs/cgroup fd)"
	host_marker
	new_bundle sh -c "for f in 3 4 5; do cat /proc/self/fd/\$f/$WALK$SECRET; done 2>/dev/null; echo done"
	echo "\$ LISTEN_FDS=3 LISTEN_PID=<pidbox> run"
	out=$(RT=$RUNTIME sh -c 'LISTEN_PID=$$ LISTEN_FDS=3 exec "$RT" --root "$0" run -b "$1" "$2"' \
		"$PX_ROOT" "$B" "$PX_ID" </dev/null 3<&- 4<&- 5<&- 2>"$PX_TMP/.err")
	rc=$?
	err=$(cat "$PX_TMP/.err")
	echo "  out: $out"$'\n'"  err: $err"
	assert_no_leak
	assert_fail
	assert_one_error_line "LISTEN_FDS"
	assert_nothing_left
}

# exec --preserve-fds 1 with no fd 3 passed, and a --log file: old code checked
# fd 3 after opening the log there, and the exec'd process wrote into the host's
# log file through its "preserved" fd 3.
test_fd_leak_exec_log_as_fd3() {
	skip_unless_pidbox "runc 1.1.5 hands its own fds on in their place too (seen: its /sys/fs/cgroup fd)"
	host_marker
	new_bundle sleep 1000
	bg rt run -b "$B" "$PX_ID" </dev/null >"$PX_TMP/run.log" 2>&1
	wait_status running
	run "$RUNTIME" --root "$PX_ROOT" --log "$PX_TMP/host/pidbox.log" exec --preserve-fds 1 "$PX_ID" \
		sh -c 'echo pwned-log >&3' </dev/null 3<&-
	assert_not_contains "$(cat "$PX_TMP/host/pidbox.log" 2>/dev/null)" "pwned-log" "the host's log file"
	assert_fail
	assert_one_error_line "--preserve-fds"
	must rt kill "$PX_ID" KILL
	wait "$bg_pid" || : # killed: 137
}

# exec -t opens a pty in the container as the runtime's root. The container
# replaced /dev/ptmx with a symlink through /proc/self/fd/N to the host's
# /dev/ptmx: the operator's exec then runs with a pty of the host's devpts (a
# host object in the container's hands). Old code: N=4 (exec's host /proc fd)
# gave the exec'd process a host pty (its tty's device differed from the
# container's /dev/pts). Also: a regular file at /dev/ptmx must not matter.
test_fd_leak_exec_tty_hostile_ptmx() {
	local n recv run_pid
	recv=$(helper console-recv)
	[ -x "$recv" ] || fail "$recv missing (make unit)"
	new_bundle sleep 1000
	bg rt run -b "$B" "$PX_ID" </dev/null >"$PX_TMP/run.log" 2>&1
	run_pid=$bg_pid
	wait_status running
	for n in 3 4 5 6 7 8 9 10 reg; do
		if [ "$n" = reg ]; then
			must rt exec "$PX_ID" sh -c 'rm -f /dev/ptmx; echo not-a-pty >/dev/ptmx'
		else
			must rt exec "$PX_ID" ln -sf "/proc/self/fd/$n/$WALK/dev/ptmx" /dev/ptmx
		fi
		bg "$recv" "$PX_TMP/c$n.sock" 10 "" >"$PX_TMP/console$n.out" 2>"$PX_TMP/console$n.err"
		wait_file "$PX_TMP/c$n.sock"
		# -d: runc takes a console socket only with it
		run rt exec -d -t --console-socket "$PX_TMP/c$n.sock" "$PX_ID" sh -c \
			'[ "$(stat -L -c %d /proc/self/fd/0)" = "$(stat -c %d /dev/pts)" ] && echo CONTAINER-PTY || echo HOST-PTY'
		[ "$rc" -eq 0 ] || kill "$bg_pid" # no terminal will come
		wait "$bg_pid" || :
		echo "  screen: $(tr -d '\r' <"$PX_TMP/console$n.out")"
		assert_not_contains "$(cat "$PX_TMP/console$n.out")" "HOST-PTY" "the pty exec gave"
		# the container's own devpts serves exec -t whatever /dev/ptmx is
		is_pidbox && assert_contains "$(cat "$PX_TMP/console$n.out")" "CONTAINER-PTY" "the pty exec gave"
	done
	must rt kill "$PX_ID" KILL
	wait "$run_pid" || : # killed: 137
}

# The process `exec` starts lives in the container's pid namespace from birth.
# A container process with CAP_SYS_PTRACE (no user namespace) may open the
# /proc/<pid>/fd of a non-dumpable process: it scans every new process while the
# operator runs execs. Old code: the exec child held the state dir, the cgroup
# and the host /proc through its whole setup (on cgroup v1 also while the parent
# moved it into the cgroup, ~10 ms): the scanner read the marker through them.
# Now a hop in the runtime's pid namespace drops every fd before it clones the
# process into the container's (runtime/exec_child.h).
test_fd_leak_exec_child_scanned_at_birth() {
	local i
	host_marker
	ctl_bundle "echo scanning >/ctl/ready
		while [ ! -e /ctl/stop ]; do
			for f in /proc/[0-9]*/fd/*; do cat \$f/$WALK$SECRET 2>/dev/null; done
		done >/ctl/got; echo stopped >/ctl/done"
	set_config '.process.capabilities |= map_values(. + ["CAP_SYS_PTRACE"])'
	bg rt run -b "$B" "$PX_ID" </dev/null >"$PX_TMP/run.log" 2>&1
	wait_file "$PX_TMP/ctl/ready"
	for i in $(seq 30); do
		rt exec "$PX_ID" true </dev/null || fail "exec $i failed"
	done
	touch "$PX_TMP/ctl/stop"
	wait_file "$PX_TMP/ctl/done"
	echo "the scanner got: $(cat "$PX_TMP/ctl/got")"
	assert_not_contains "$(cat "$PX_TMP/ctl/got")" "host-secret-$PX_ID" "what the scanner read"
	wait "$bg_pid" || :
}
