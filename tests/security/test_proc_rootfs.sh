# The rootfs and its /proc: the container's /proc is where the runtime, `exec` and
# the kernel's own checks look at the container (its fds, attr files, sysctls,
# the masks). An image or config that puts something other than a procfs there
# (a symlink, a tmpfs, a bind over part of it) steers all of that
# (CVE-2019-16884, CVE-2019-19921 class); a rootfs that is a symlink can be moved
# under the runtime. runc refuses each; so must we, before mounting, and without
# ever hanging (every run here is bounded by `timeout`).
# shellcheck shell=bash

# bounded_run ARGS...: `rt ARGS` that must end by itself within 30 s.
bounded_run() {
	run timeout 30 "$RUNTIME" --root "$PX_ROOT" "$@"
	[ "$rc" -ne 124 ] || fail "the runtime hung (killed by timeout after 30 s)"
}

# The image makes /proc a symlink to /vol, and the config mounts a volume (a
# tmpfs) on /vol after proc: the proc mount follows the symlink to /vol, the
# volume covers it, and the container's /proc is a directory of the attacker's
# making. Seen to succeed against c3bb862: /proc was "tmpfs" in the container.
test_proc_symlink_in_image_refused() {
	new_bundle sh -c 'echo PROC_IS=$(stat -f -c %T /proc/)'
	rmdir "$B/rootfs/proc" || fail "rmdir /proc"
	mkdir "$B/rootfs/vol" || fail "mkdir /vol"
	ln -s /vol "$B/rootfs/proc" || fail "plant /proc"
	set_config '.mounts += [{destination: "/vol", type: "tmpfs", source: "tmpfs"}]'
	bounded_run run -b "$B" "$PX_ID"
	assert_not_contains "$out" "PROC_IS=tmpfs" "container output (/proc is not a procfs)"
	assert_fail
	assert_one_error_line "ordinary directory"
	assert_nothing_left
}

# /proc a symlink to a host path ("/../../../<host dir>"): refused too, and
# nothing is created or mounted on the host. This one held against c3bb862 (the
# symlink resolves inside the rootfs, where it dangles: refused as a dangling
# symlink); kept so that it goes on holding, with runc's reason.
test_proc_symlink_to_host_path_refused() {
	mkdir "$PX_TMP/hostdir"
	new_bundle sh -c 'echo PROC_IS=$(stat -f -c %T /proc/)'
	rmdir "$B/rootfs/proc" || fail "rmdir /proc"
	ln -s "/../../../../../../../$PX_TMP/hostdir" "$B/rootfs/proc" || fail "plant /proc"
	bounded_run run -b "$B" "$PX_ID"
	assert_fail
	assert_one_error_line "ordinary directory"
	assert_eq "$(ls -A "$PX_TMP/hostdir")" "" "the host directory's content"
	grep -F "$PX_TMP/hostdir" /proc/self/mountinfo && fail "a mount landed on the host directory"
	assert_nothing_left
}

# root.path a symlink to the real rootfs. Seen against c3bb862: it ran.
test_rootfs_symlink_refused() {
	new_bundle true
	ln -s rootfs "$B/rootfs-link"
	set_config '.root.path = "rootfs-link"'
	bounded_run run -b "$B" "$PX_ID"
	assert_fail
	assert_one_error_line "symlink"
	assert_nothing_left
}

# A config mount of something other than proc on /proc (after the proc mount, so
# it covers it), or over a part of /proc (a writable fake /proc/sys). Seen to
# succeed against c3bb862: /proc was a tmpfs, and /proc/sys a bundle directory.
test_non_proc_mount_on_proc_refused() {
	new_bundle sh -c 'echo PROC_IS=$(stat -f -c %T /proc/); echo SYS_IS=$(stat -f -c %T /proc/sys/)'
	set_config '.mounts += [{destination: "/proc", type: "tmpfs", source: "tmpfs"}]'
	bounded_run run -b "$B" "$PX_ID"
	assert_not_contains "$out" "PROC_IS=tmpfs" "container output"
	assert_fail
	assert_nothing_left
	mkdir "$PX_TMP/fakesys"
	set_config --arg s "$PX_TMP/fakesys" '.mounts = [.mounts[] | select(.destination != "/proc" or .type == "proc")]
		+ [{destination: "/proc/sys", type: "bind", source: $s, options: ["rbind"]}]'
	bounded_run run -b "$B" "$PX_ID"
	assert_match "$out" "^$|SYS_IS=proc" "container output (/proc/sys is the procfs's)"
	assert_fail
	assert_one_error_line "inside /proc"
	assert_nothing_left
}

# maskedPaths never follow a symlink: without a sysfs mount, the image plants
# /sys/firmware -> /etc, and the mask of /sys/firmware would land on /etc (the
# image decides what a mask covers). Seen to succeed against c3bb862: /etc was
# an empty tmpfs in the container.
test_masked_path_symlink_not_followed() {
	skip_unless_pidbox "runc 1.1.5 follows the symlink (its mask lands on /etc)"
	new_bundle sh -c 'echo ETC_FILES=$(ls /etc | wc -l)'
	rmdir "$B/rootfs/sys" 2>/dev/null || rm -rf "$B/rootfs/sys"
	mkdir "$B/rootfs/sys" || fail "mkdir /sys"
	ln -s /etc "$B/rootfs/sys/firmware" || fail "plant /sys/firmware"
	set_config '.mounts |= map(select(.destination | startswith("/sys") | not))'
	bounded_run run -b "$B" "$PX_ID"
	assert_not_contains "$out" "ETC_FILES=0" "container output (the mask landed on /etc)"
	if is_pidbox; then
		assert_fail
		assert_one_error_line "symlink"
	fi
}

# --no-pivot: the host's full /proc stays in the container's mount namespace under
# the chroot, and while a fully visible procfs is there the kernel lets a new user
# namespace mount a fresh, unmasked proc. A non-root container user (mapping root
# needs CAP_SETFCAP) does `unshare -mrpf mount -t proc none /proc`. Seen to
# succeed against c3bb862: PROC_MOUNTED. runc detaches the host's proc and sysfs.
test_no_pivot_fresh_proc_mount_refused() {
	new_bundle unshare -mrpf sh -c 'mount -t proc none /proc && echo PROC_MOUNTED'
	set_config '.process.user = {uid: 1000, gid: 1000}'
	bounded_run run --no-pivot -b "$B" "$PX_ID"
	assert_not_contains "$out" PROC_MOUNTED "container output"
	assert_contains "$err" "permission denied" "mount -t proc in the container"
}

# The image makes /dev a symlink to /proc, with the default config: the /dev
# tmpfs is named "/dev", so the name rules above pass it, and it lands on the
# container's procfs. Attacker: the image alone. Reaches: a /proc of the image's
# making, which turns the runtime's own checks against it: seeing no procfs at
# /proc, the created init falls back to holding the host's /proc for the exec
# fifo, where a neighbour in a shared pid namespace with CAP_SYS_PTRACE reads it
# as /proc/<init>/fd/N (and from it /proc/1/root: the host's filesystem).
# Defence: ns/mount_proc.c also judges where a destination resolves when a
# symlink is on its way. runc refuses it ("inside /proc"). Seen to succeed
# against main at 7a754e5: /proc was "tmpfs" in the container and the created
# init held an fd of the host's /proc.
test_dev_symlink_to_proc_refused() {
	local pid f host_proc
	new_bundle sh -c 'echo PROC_IS=$(stat -f -c %T /proc/)'
	rm -rf "$B/rootfs/dev"
	ln -s /proc "$B/rootfs/dev"
	rt_create "$PX_ID" "$B"
	if [ "$rc" -ne 0 ]; then
		assert_one_error_line "into /proc"
		assert_nothing_left
		return 0
	fi
	pid=$(state_pid)
	host_proc=$(stat -c %d:%i /proc)
	for f in "/proc/$pid/fd/"*; do
		[ "$(stat -L -c %d:%i "$f" 2>/dev/null)" != "$host_proc" ] ||
			fail "the created init holds the host's /proc ($f)"
	done
	must rt start "$PX_ID"
	wait_status stopped
	assert_eq "$(cat "$PX_TMP/$PX_ID.out")" PROC_IS=proc "the container's /proc"
	must rt delete "$PX_ID"
}
