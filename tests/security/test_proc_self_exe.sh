# CVE-2019-5736: the runtime's own binary, reached from the container through
# /proc/<pid>/exe, overwritten so that the host runs the attacker's code the next
# time anyone starts the runtime. Attacker: the image (a "#!/proc/self/exe"
# script as the workload or as what `exec` runs) and the container's processes
# (CAP_SYS_PTRACE over its pid 1 with --init). Defence: every process of the
# runtime that can be seen from the container runs its binary from a private
# read-only bind (runtime/init_reexec.c, runtime/exec_protect.c).
# Each test below was seen to succeed against a deliberately broken build: the
# MS_RDONLY dropped from the remount in rt_bind_binary_read_only
# (runtime/init_reexec.c) and rt_exec_protect_binary (runtime/exec_protect.c)
# made to skip the re-exec: the binary was opened for writing through
# /proc/<pid>/exe in all three ("...was opened for writing through ...").
# shellcheck shell=bash

# CVE-2019-5736: a workload that execs /proc/self/exe runs the runtime's binary
# inside the container; any process that can then reach that binary through
# /proc/<pid>/exe must not be able to open it for writing once it stops running.
test_host_binary_not_writable_through_proc_exe() {
	local pid w
	# the workload is the runtime's own CLI (blocking on opening its --log, a fifo)
	skip_unless_pidbox "the scenario drives pidbox's own command line as the workload"
	new_bundle /bin/evil
	# args[0] may not be a magic link such as /proc/self/exe (runtime/confine.h),
	# but the kernel resolves a script's interpreter itself: "#!/proc/self/exe"
	mkdir -p "$B/rootfs/r"
	mkfifo "$B/rootfs/r/log"
	printf '#!/proc/self/exe --log=/r/log\n' >"$B/rootfs/bin/evil"
	chmod 755 "$B/rootfs/bin/evil"
	runtime_libs_into "$B/rootfs" # a dynamic build's libraries (SANITIZE=1)
	# no pid namespace: the test (standing in for a second container process) can see it
	set_config '.linux.namespaces |= map(select(.type != "pid"))'
	rt_create "$PX_ID" "$B"
	assert_ok
	must rt start "$PX_ID"
	pid=$(rt state "$PX_ID" | jq -r .pid)
	[ "$pid" -gt 0 ] || fail "no container pid"
	wait_exe_changed "$pid"
	exec 3<"/proc/$pid/exe" || fail "open /proc/$pid/exe"
	if is_pidbox; then
		# it must really be the runtime's binary, or this test proves nothing
		assert_eq "$(stat -L -c %d:%i /proc/self/fd/3)" "$(stat -L -c %d:%i "$RUNTIME")" "binary inode"
	fi
	cat "$B/rootfs/r/log" >/dev/null # let it finish: no longer "text busy"
	wait_gone "$pid"
	if (exec 4>>/proc/self/fd/3) 2>"$PX_TMP/w.err"; then
		exec 3<&-
		fail "the runtime's binary was opened for writing through the container's /proc/$pid/exe"
	fi
	exec 3<&-
	w=$(cat "$PX_TMP/w.err")
	echo "write attempt: $w"
	is_pidbox && assert_contains "$w" "Read-only file system" "write attempt"
	must rt delete "$PX_ID"
	assert_nothing_left
}

# wait_exe_changed PID: wait until PID has exec'd the workload (/proc/PID/cmdline
# shows the workload's args instead of the init's).
wait_exe_changed() {
	local _
	for _ in $(seq 50); do
		grep -q -a -- '--log=' "/proc/$1/cmdline" 2>/dev/null && return 0
		sleep 0.1
	done
	fail "container process $1 did not exec its workload"
}

# With --init pidbox's binary stays running as the container's pid 1 for the
# container's whole life. Nothing in the container may write it through
# /proc/1/exe: not even root with CAP_SYS_PTRACE (the init is not dumpable, and
# its binary sits on a read-only mount), and a handle kept on it from outside
# cannot be reopened for writing once it stops running (CVE-2019-5736).
test_init_binary_not_writable_through_proc_1_exe() {
	local pid sum w
	skip_unless_pidbox "--init is pidbox's"
	sum=$(sha256sum <"$RUNTIME")
	ctl_bundle 'for i in 1 2 3; do
			if echo x >>/proc/1/exe; then echo "wrote /proc/1/exe"; fi
			if cat /bin/busybox >/proc/1/exe; then echo "replaced /proc/1/exe"; fi
		done 2>>/ctl/errors; echo done >/ctl/ready; exec sleep 1000'
	set_config '.process.capabilities |= map_values(. + ["CAP_SYS_PTRACE", "CAP_DAC_OVERRIDE"])'
	# shellcheck disable=SC2217 # bg runs the command with these redirections
	bg rt run --init -b "$B" "$PX_ID" </dev/null >"$PX_TMP/run.out" 2>&1
	wait_file "$PX_TMP/ctl/ready"
	echo "attempts from inside: $(cat "$PX_TMP/ctl/errors")"
	assert_not_contains "$(cat "$PX_TMP/run.out")" "wrote" "container output"
	assert_not_contains "$(cat "$PX_TMP/run.out")" "replaced" "container output"
	[ -s "$PX_TMP/ctl/errors" ] || fail "the write attempts did not fail"
	pid=$(state_pid)
	exec 3<"/proc/$pid/exe" || fail "open /proc/$pid/exe"
	assert_eq "$(stat -L -c %d:%i /proc/self/fd/3)" "$(stat -L -c %d:%i "$RUNTIME")" "pid 1 runs pidbox's binary"
	must rt kill "$PX_ID" KILL
	wait "$bg_pid"
	wait_gone "$pid"
	if (exec 4>>/proc/self/fd/3) 2>"$PX_TMP/w.err"; then
		exec 3<&-
		fail "pidbox's binary was opened for writing through the init's /proc/$pid/exe"
	fi
	exec 3<&-
	w=$(cat "$PX_TMP/w.err")
	echo "write attempt after exit: $w"
	assert_contains "$w" "Read-only file system" "write attempt"
	assert_eq "$(sha256sum <"$RUNTIME")" "$sum" "pidbox binary checksum"
}

# The same through `exec`: the process exec starts is a clone of the runtime
# until it execs; if it execs /proc/self/exe (a "#!/proc/self/exe" script), the
# runtime's binary runs inside the container, and whatever a container process
# then reaches through /proc/<pid>/exe must not be writable.
test_exec_host_binary_not_writable_through_proc_exe() {
	local pid
	skip_unless_pidbox "the scenario drives pidbox's own command line as the exec'd process"
	new_bundle sleep 1000
	# args[0] may not be a magic link such as /proc/self/exe (runtime/confine.h),
	# but the kernel resolves a script's interpreter itself: "#!/proc/self/exe"
	# runs the runtime's binary, which blocks opening its --log, a fifo
	mkdir -p "$B/rootfs/r"
	mkfifo "$B/rootfs/r/log"
	printf '#!/proc/self/exe --log=/r/log\n' >"$B/rootfs/bin/evil"
	chmod 755 "$B/rootfs/bin/evil"
	runtime_libs_into "$B/rootfs" # a dynamic build's libraries (SANITIZE=1)
	must_create "$PX_ID" "$B"
	must rt start "$PX_ID"
	echo "\$ exec -d --pid-file p /bin/evil"
	rt exec -d --pid-file "$PX_TMP/p" "$PX_ID" /bin/evil >"$PX_TMP/evil.out" 2>&1
	rc=$?
	assert_ok
	pid=$(cat "$PX_TMP/p")
	echo "$pid" >>"$PX_TMP/.pids"
	exec 3<"/proc/$pid/exe" || fail "open /proc/$pid/exe"
	# it must really be the runtime's binary, or this test proves nothing
	assert_eq "$(stat -L -c %d:%i /proc/self/fd/3)" "$(stat -L -c %d:%i "$RUNTIME")" "binary inode"
	cat "$B/rootfs/r/log" >/dev/null # let it finish: no longer "text busy"
	wait_gone "$pid"
	if (exec 4>>/proc/self/fd/3) 2>"$PX_TMP/w.err"; then
		exec 3<&-
		fail "the runtime's binary was opened for writing through /proc/$pid/exe"
	fi
	exec 3<&-
	echo "write attempt: $(cat "$PX_TMP/w.err")"
	assert_contains "$(cat "$PX_TMP/w.err")" "Read-only file system" "write attempt"
	# the read-only mount was private to exec: nothing of it is left on the host
	if grep -F -- "$PX_ROOT" /proc/self/mountinfo; then
		fail "a mount under the state root is visible on the host"
	fi
}
