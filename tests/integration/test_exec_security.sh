# exec and the host binary (CVE-2019-5736): the process exec starts is a clone of
# the runtime until it execs; if it execs /proc/self/exe (or a "#!/proc/self/exe"
# script), the runtime's binary runs inside the container. Whatever a container
# process then reaches through /proc/<pid>/exe must not be writable.
# shellcheck shell=bash

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

# The exec'd workload is an ordinary process again: dumpable (its environ is
# readable from the host), and nothing of the runtime's leaks into its environment.
test_exec_process_dumpable_after_exec() {
	local pid
	new_bundle sleep 1000
	must_create "$PX_ID" "$B"
	must rt start "$PX_ID"
	rt exec -d --pid-file "$PX_TMP/p" "$PX_ID" sleep 100 >/dev/null 2>&1
	pid=$(cat "$PX_TMP/p")
	echo "$pid" >>"$PX_TMP/.pids"
	# readable /proc/<pid>/environ from the host means it is dumpable
	if ! tr '\0' '\n' <"/proc/$pid/environ" | grep -q '^PATH='; then
		fail "exec'd workload's environ unreadable"
	fi
	# and the runtime's re-exec marker never reaches the workload
	if tr '\0' '\n' <"/proc/$pid/environ" | grep -q PIDBOX; then
		fail "a pidbox variable leaked into the workload's environment"
	fi
}
