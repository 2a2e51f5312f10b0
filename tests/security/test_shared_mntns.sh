# A container without a mount namespace of its own (linux.namespaces has no
# "mount"): it lives in the runtime's, the host's, mount namespace, chrooted into
# its rootfs (runtime/shared_mntns.h). What must still hold there: the runtime's
# binary cannot be reached for writing (CVE-2019-5736), the image's symlinks
# cannot make the runtime create files on the host, and `exec` lands in the
# container's root, not the host's. runc 1.1.5 is no control here: without a mount
# namespace it changes the host's mount table (makes "/" rslave, leaves mounts).
# shellcheck shell=bash

# shared_bundle [args...]: a bundle without a mount namespace, nor what needs one
shared_bundle() {
	new_bundle "$@"
	set_config '.mounts = [] | .linux.maskedPaths = [] | .linux.readonlyPaths = [] | .root.readonly = false
		| .linux.namespaces -= [{type: "mount"}]'
}

# CVE-2019-5736 without a private mount namespace: the created init runs
# pidbox's binary in the host's mount namespace, where the read-only bind it
# re-executes from cannot be left (it would be a host mount). Attacker: a process
# that can see the init (the test stands in for one) keeps /proc/<pid>/exe open
# and reopens it for writing once the init has exec'd the workload. Defence: the
# init re-executes from a read-only bind in a private mount namespace made for
# that step, then returns to the host's (runtime/init_reexec.c); the detached
# read-only mount lives on under the binary. Seen to succeed against a
# deliberately broken build (MS_RDONLY dropped from rt_bind_binary_read_only):
# "the runtime's binary was opened for writing".
test_shared_mntns_binary_not_writable() {
	local pid w
	skip_unless_pidbox "runc changes the host's mount table without a mount namespace"
	shared_bundle sleep 1000
	must_create "$PX_ID" "$B"
	pid=$(state_pid)
	[ "$pid" -gt 0 ] || fail "no container pid"
	exec 3<"/proc/$pid/exe" || fail "open /proc/$pid/exe"
	# it must really be the runtime's binary, or this test proves nothing
	assert_eq "$(stat -L -c %d:%i /proc/self/fd/3)" "$(stat -L -c %d:%i "$RUNTIME")" "binary inode"
	assert_eq "$(readlink "/proc/$pid/ns/mnt")" "$(readlink /proc/self/ns/mnt)" "the init's mount namespace"
	must rt start "$PX_ID"
	# once the init runs the workload the binary is no longer "text busy"
	wait_for "the init to exec sleep" grep -q -a '^sleep' "/proc/$pid/cmdline"
	if (exec 4>>/proc/self/fd/3) 2>"$PX_TMP/w.err"; then
		exec 3<&-
		fail "the runtime's binary was opened for writing through /proc/$pid/exe"
	fi
	exec 3<&-
	w=$(cat "$PX_TMP/w.err")
	echo "write attempt: $w"
	assert_contains "$w" "Read-only file system" "write attempt"
	must rt delete -f "$PX_ID"
	assert_nothing_left
}

# Attacker: the image. Its /dev/sub is a symlink to a host directory (absolute,
# missing from the rootfs); linux.devices puts a node under it. Without a mount
# namespace the runtime works in the host's, so a path resolved from the host's
# "/" would create the node in the host directory. Defence: every path is
# resolved inside the rootfs (ns/mount_safe.c, RESOLVE_IN_ROOT), a dangling
# link's target created there. Seen to succeed against a deliberately broken
# build (RESOLVE_IN_ROOT dropped from ns_resolve_with): the node "node" was made in
# the host directory.
test_shared_mntns_device_through_image_symlink() {
	local host=$PX_TMP/hostdir
	skip_unless_pidbox "runc changes the host's mount table without a mount namespace"
	mkdir -p "$host"
	echo host >"$host/HOST-FILE"
	shared_bundle sh -c 'stat -c "%t:%T" /dev/sub/node'
	mkdir -p "$B/rootfs/dev"
	ln -s "$host" "$B/rootfs/dev/sub"
	set_config '.linux.devices = [{path: "/dev/sub/node", type: "c", major: 1, minor: 3}]'
	run rt run -b "$B" "$PX_ID"
	assert_eq "$(ls -A "$host")" HOST-FILE "entries of the host directory"
	assert_ok
	assert_eq "$out" 1:3 "the node, inside the rootfs"
	[ -c "$B/rootfs$host/node" ] || fail "the node is not in the rootfs"
	assert_nothing_left
}

# Attacker: a process of a container without a mount namespace that the
# operator `exec`s into. Joining the container's mount namespace (the host's)
# gives the host's root: the exec'd process would see and write the host's
# files. Defence: exec enters the init's root after the join
# (ns_open_root_of/ns_enter_root, runtime/exec_child.c). Seen to succeed against
# a deliberately broken build (init_root never set in runtime/exec.c): the exec'd
# process read the host file.
test_shared_mntns_exec_stays_in_root() {
	local host=$PX_TMP/hostdir
	skip_unless_pidbox "runc changes the host's mount table without a mount namespace"
	mkdir -p "$host"
	echo host >"$host/HOST-FILE"
	shared_bundle sleep 1000
	must_create "$PX_ID" "$B"
	must rt start "$PX_ID"
	wait_status running
	run rt exec "$PX_ID" cat "$host/HOST-FILE"
	assert_not_contains "$out" host "what exec read"
	assert_fail
	run rt exec "$PX_ID" sh -c "echo x >$host/NEW"
	[ ! -e "$host/NEW" ] || fail "exec wrote into the host directory"
	must rt delete -f "$PX_ID"
	assert_nothing_left
}
