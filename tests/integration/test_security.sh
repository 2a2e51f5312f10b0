# Security: what the container can reach of the host.
# shellcheck shell=bash

# CVE-2019-5736: a workload that execs /proc/self/exe runs the runtime's binary
# inside the container; any process that can then reach that binary through
# /proc/<pid>/exe must not be able to open it for writing once it stops running.
test_host_binary_not_writable_through_proc_exe() {
	local lib pid w
	# the workload is the runtime's own CLI (`state` blocking on a fifo)
	skip_unless_pidbox "the scenario drives pidbox's own command line as the workload"
	new_bundle
	# a dynamic loader and libc, as real images have, so the host binary can run
	for lib in /lib64/ld-linux-x86-64.so.2 /lib/x86_64-linux-gnu/libc.so.6; do
		mkdir -p "$B/rootfs$(dirname "$lib")"
		cp "$lib" "$B/rootfs$lib" || fail "copy $lib"
	done
	# `state` blocks opening this fifo: the host binary keeps running in the container
	mkdir -p "$B/rootfs/r/x"
	mkfifo "$B/rootfs/r/x/state.json"
	# no pid namespace: the test (standing in for a second container process) can see it
	set_config '.process.args = ["/proc/self/exe", "--root", "/r", "state", "x"]
		| .linux.namespaces |= map(select(.type != "pid"))'
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
	echo '{}' >"$B/rootfs/r/x/state.json" # let it finish: no longer "text busy"
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
		grep -q -a -- '--root' "/proc/$1/cmdline" 2>/dev/null && return 0
		sleep 0.1
	done
	fail "container process $1 did not exec its workload"
}
