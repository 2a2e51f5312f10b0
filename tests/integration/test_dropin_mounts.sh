# runc's behaviour in the corners of /dev, mounts, sysctl and namespaces that
# engines and images rely on (issues 12 and 15): each test passes against runc
# 1.1.5 as the control where runc behaves so.
# shellcheck shell=bash

# dev_nodes: type and numbers of the default devices, as busybox stat prints them
dev_nodes_script='for d in null zero full random urandom tty; do stat -c "%n %F %t:%T" /dev/$d; done;
	echo x >/dev/null && head -c 4 /dev/zero | od -An -tx1 | tr -d " "'
dev_nodes_want='/dev/null character special file 1:3
/dev/zero character special file 1:5
/dev/full character special file 1:7
/dev/random character special file 1:8
/dev/urandom character special file 1:9
/dev/tty character special file 5:0
00000000'

# No mount on /dev: the default devices are made in the image's /dev anyway
# (config-linux.md: the runtime MUST supply them), as runc does.
test_dropin_default_devices_without_dev_mount() {
	new_bundle
	set_config '.mounts |= map(select(.destination != "/dev"))'
	must_in_container "$dev_nodes_script"
	assert_eq "$out" "$dev_nodes_want" "default devices in the image's /dev"
	# the image had an empty /dev: what was made there is the runtime's
	[ -c "$B/rootfs/dev/null" ] || fail "no /dev/null made in the rootfs"
	# no /dev in the image at all: made too
	rm -rf "$B/rootfs/dev"
	must_in_container "$dev_nodes_script"
	assert_eq "$out" "$dev_nodes_want" "default devices in a /dev the runtime made"
	assert_nothing_left
}

# The same in a user namespace, where mknod is not allowed: the host's nodes are
# bound onto empty files of the image's /dev (runc's bindMountDeviceNode). The
# image's /dev belongs to the container's root, as an image made for it would.
test_dropin_default_devices_without_dev_mount_userns() {
	new_bundle
	set_config '.linux.namespaces += [{type: "user"}]
		| .linux.uidMappings = [{containerID: 0, hostID: 100000, size: 65536}]
		| .linux.gidMappings = [{containerID: 0, hostID: 100000, size: 65536}]
		| .mounts |= map(select(.destination != "/sys/fs/cgroup" and .destination != "/dev"))'
	chown 100000:100000 "$B/rootfs/dev"
	must_in_container "$dev_nodes_script"
	assert_eq "$out" "$dev_nodes_want" "default devices bound in the image's /dev"
	[ -f "$B/rootfs/dev/null" ] || fail "no empty file under the bound /dev/null in the rootfs"
	assert_nothing_left
}

# The image's /dev a symlink and no mount over it: the nodes would be made
# wherever it points, so pidbox refuses (runc resolves it inside the rootfs).
test_dropin_default_devices_dev_symlink_refused() {
	skip_unless_pidbox "runc creates the nodes through the symlink, inside the rootfs"
	new_bundle true
	set_config '.mounts |= map(select(.destination != "/dev"))'
	rm -rf "$B/rootfs/dev"
	mkdir "$B/rootfs/elsewhere"
	ln -s /elsewhere "$B/rootfs/dev"
	run rt run -b "$B" "$PX_ID"
	assert_fail
	assert_one_error_line "/dev in the rootfs is a symlink"
	assert_eq "$(ls -A "$B/rootfs/elsewhere")" "" "entries made through the symlink"
	assert_nothing_left
}

# A read-only /dev: the devices, /dev/pts and the other mounts under it are made
# first, then /dev is made read-only (runc: "ro" applied in finalizeRootfs).
test_dropin_dev_readonly() {
	new_bundle
	set_config '(.mounts[] | select(.destination == "/dev") | .options) += ["ro"]'
	must_in_container "$dev_nodes_script"'; grep " /dev " /proc/self/mountinfo | cut -d" " -f6;
		grep -c " /dev/pts " /proc/self/mountinfo; touch /dev/new 2>/dev/null && echo dev-writable; true'
	assert_eq "$(sed -n 1,7p <<<"$out")" "$dev_nodes_want" "devices under a read-only /dev"
	assert_match "$(sed -n 8p <<<"$out")" '^ro,' "/dev mount flags"
	assert_eq "$(sed -n 9p <<<"$out")" 1 "/dev/pts mounted"
	assert_not_contains "$out" dev-writable "/dev"
}

# A read-only tmpfs with a mount inside it: the mount point is made while the
# tmpfs is writable, then it is made read-only (runc's order).
test_dropin_tmpfs_readonly_with_submount() {
	mkdir -p "$PX_TMP/vol"
	echo vol >"$PX_TMP/vol/f"
	new_bundle
	set_config --arg s "$PX_TMP/vol" '.mounts += [
		{destination: "/scratch", type: "tmpfs", source: "tmpfs", options: ["ro", "nosuid", "size=1m"]},
		{destination: "/scratch/sub", type: "bind", source: $s, options: ["rbind"]}]'
	must_in_container 'cat /scratch/sub/f; grep " /scratch " /proc/self/mountinfo | cut -d" " -f6;
		touch /scratch/x 2>/dev/null && echo tmpfs-writable; true'
	assert_eq "$(sed -n 1p <<<"$out")" vol "the bind inside the tmpfs"
	assert_match "$(sed -n 2p <<<"$out")" '^ro,nosuid' "tmpfs mount flags"
	assert_not_contains "$out" tmpfs-writable "/scratch"
}

# A tmpfs without mode= over a directory of the image takes its mode; over a
# directory the runtime makes, the tmpfs's own 1777 (runc's rule).
test_dropin_tmpfs_mode_of_covered_dir() {
	new_bundle
	mkdir -p "$B/rootfs/run" "$B/rootfs/private"
	chmod 0755 "$B/rootfs/run"
	chmod 0700 "$B/rootfs/private"
	set_config '.mounts += [
		{destination: "/run", type: "tmpfs", source: "tmpfs", options: ["nosuid", "size=1m"]},
		{destination: "/private", type: "tmpfs", source: "tmpfs", options: ["size=1m"]},
		{destination: "/made", type: "tmpfs", source: "tmpfs", options: ["size=1m"]},
		{destination: "/given", type: "tmpfs", source: "tmpfs", options: ["mode=0711"]}]'
	must_in_container 'stat -c "%n %a" /run /private /made /given'
	assert_eq "$out" $'/run 755\n/private 700\n/made 1777\n/given 711' "tmpfs modes"
}

# linux.devices[].path with a trailing '/' names the same node (runc cleans it).
test_dropin_device_path_trailing_slash() {
	new_bundle
	set_config '.linux.devices = [{path: "/dev/mynull/", type: "c", major: 1, minor: 3, fileMode: 438},
		{path: "/dev/sub/myzero/", type: "c", major: 1, minor: 5}]'
	must_in_container 'stat -c "%n %F %t:%T %a" /dev/mynull /dev/sub/myzero'
	assert_eq "$out" $'/dev/mynull character special file 1:3 666\n/dev/sub/myzero character special file 1:5 666' \
		"devices"
}

# A mount destination that is a dangling symlink of the image: its target is
# made inside the rootfs and mounted there (runc's SecureJoin + MkdirAll),
# absolute and relative, never on the host (tests/security covers the escapes).
test_dropin_mount_dest_dangling_symlink() {
	mkdir -p "$PX_TMP/vol"
	echo vol >"$PX_TMP/vol/f"
	new_bundle
	mkdir -p "$B/rootfs/srv" "$B/rootfs/a/b"
	ln -s /srv/data "$B/rootfs/data"
	# relative: from the link's directory, /srv, reached through /a/b/alias
	ln -s ../opt/deeper "$B/rootfs/srv/link"
	ln -s /srv "$B/rootfs/a/b/alias"
	ln -s /srv/file "$B/rootfs/onefile"
	set_config --arg s "$PX_TMP/vol" --arg f "$PX_TMP/vol/f" '.mounts += [
		{destination: "/data", type: "bind", source: $s, options: ["rbind"]},
		{destination: "/a/b/alias/link/sub", type: "tmpfs", source: "tmpfs", options: ["size=1m"]},
		{destination: "/onefile", type: "bind", source: $f, options: ["bind"]}]'
	must_in_container 'cat /srv/data/f /onefile; grep -c " /opt/deeper/sub " /proc/self/mountinfo'
	assert_eq "$out" $'vol\nvol\n1' "mounts through the dangling symlinks"
	[ -d "$B/rootfs/srv/data" ] || fail "/srv/data not made in the rootfs"
	[ -d "$B/rootfs/opt/deeper/sub" ] || fail "/opt/deeper/sub not made in the rootfs"
	[ -f "$B/rootfs/srv/file" ] || fail "/srv/file not made in the rootfs"
}

# sysctl: kernel.domainname is the UTS namespace's and allowed with one;
# kernel.hostname is refused (the "hostname" field sets it); neither without a
# UTS namespace (runc's validator).
test_dropin_sysctl_uts_names() {
	new_bundle
	set_config '.linux.sysctl = {"kernel.domainname": "example.org"}'
	must_in_container 'cat /proc/sys/kernel/domainname'
	assert_eq "$out" example.org "domainname from sysctl"
	assert_ne "$(cat /proc/sys/kernel/domainname)" example.org "the host's domainname"
	set_config '.linux.sysctl = {"kernel.hostname": "x"}'
	run rt run -b "$B" "$PX_ID"
	assert_fail
	assert_one_error_line 'linux.sysctl.kernel.hostname: not allowed: it conflicts with the "hostname" field'
	set_config '.linux.sysctl = {"kernel.domainname": "example.org"} | del(.hostname)
		| .linux.namespaces -= [{type: "uts"}]'
	run rt run -b "$B" "$PX_ID"
	assert_fail
	assert_one_error_line "linux.sysctl.kernel.domainname: requires a uts namespace"
	assert_nothing_left
}

# shared_mntns_bundle [args...]: a bundle without a mount namespace, and so
# without what needs one (mounts, masked and read-only paths, a read-only root).
# The runtime's mount table where a container without a mount namespace could
# change it: under the test's own files (the rootfs and its chroot'd mounts) and on
# the host's top directories. Mounts of other programs on the host (an engine's
# state under /tmp or /run/netns) come and go and are left out.
runtime_mounts() {
	awk -v tmp="$PX_TMP" '$5 == "/" || $5 ~ "^/(proc|dev|sys|tmp|run)$" || index($5, tmp) == 1 {
		$2 = $3 = ""; print }' /proc/self/mountinfo
}

shared_mntns_bundle() {
	new_bundle "$@"
	set_config '.mounts = [] | .linux.maskedPaths = [] | .linux.readonlyPaths = [] | .root.readonly = false
		| .linux.namespaces -= [{type: "mount"}]'
	echo in-rootfs >"$B/rootfs/marker"
}

# No mount namespace in the config: the container's is the runtime's
# (config-linux.md, runtime-tools' linux_ns_itype), its root a chroot into the
# rootfs (runc's chroot()), the default devices made there; exec lands in the
# same root; and the host's mount table is exactly as it was (runc 1.1.5 makes
# "/" rslave and leaves the rootfs's bind and its mounts behind: seen in a
# private `unshare -m` sandbox, so it is not run here).
test_dropin_no_mount_namespace() {
	local before pid
	skip_unless_pidbox "runc changes the runtime's mount table without a mount namespace"
	before=$(runtime_mounts)
	shared_mntns_bundle sleep 1000
	must_create "$PX_ID" "$B"
	pid=$(state_pid)
	assert_eq "$(readlink "/proc/$pid/ns/mnt")" "$(readlink /proc/self/ns/mnt)" "the init's mount namespace"
	assert_eq "$(readlink "/proc/$pid/root")" "$B/rootfs" "the init's root"
	must rt start "$PX_ID"
	wait_status running
	must rt exec "$PX_ID" sh -c 'cat /marker; stat -c "%t:%T" /dev/null; ls /tmp/pidbox-it.* 2>&1 | head -1'
	assert_eq "$(sed -n 1,2p <<<"$out")" $'in-rootfs\n1:3' "exec's root"
	assert_contains "$(sed -n 3p <<<"$out")" "No such file" "the host's /tmp seen by exec"
	must rt delete -f "$PX_ID"
	assert_eq "$(runtime_mounts)" "$before" "the host's mount table"
	shared_mntns_bundle sh -c 'cat /marker; ls /dev/zero'
	set_config '.linux.namespaces = [] | del(.hostname)'
	must rt run -b "$B" "$PX_ID"
	assert_eq "$out" $'in-rootfs\n/dev/zero' "a container without any namespace"
	assert_nothing_left
}

# What would need a mount, without a mount namespace: refused, the field named,
# nothing left and the host's mounts untouched (runc would mount on the host).
test_dropin_no_mount_namespace_refusals() {
	local before
	skip_unless_pidbox "runc mounts on the runtime's mount table instead"
	before=$(runtime_mounts)
	new_bundle true
	set_config '.linux.namespaces -= [{type: "mount"}]'
	run rt run -b "$B" "$PX_ID"
	assert_fail
	assert_one_error_line 'config.json: mounts: needs a mount namespace (linux.namespaces has no "mount")'
	shared_mntns_bundle true
	set_config '.linux.maskedPaths = ["/proc/kcore"]'
	run rt run -b "$B" "$PX_ID"
	assert_fail
	assert_one_error_line 'config.json: linux.maskedPaths: needs a mount namespace'
	shared_mntns_bundle true
	set_config '.root.readonly = true'
	run rt run -b "$B" "$PX_ID"
	assert_fail
	assert_one_error_line 'config.json: root.readonly: needs a mount namespace'
	shared_mntns_bundle true
	set_config '.linux.namespaces += [{type: "user"}] | .linux.uidMappings = [{containerID: 0, hostID: 100000, size: 65536}]
		| .linux.gidMappings = [{containerID: 0, hostID: 100000, size: 65536}]'
	run rt run -b "$B" "$PX_ID"
	assert_fail
	assert_one_error_line 'config.json: linux.namespaces: a user namespace needs a mount namespace'
	assert_nothing_left
	assert_eq "$(runtime_mounts)" "$before" "the host's mount table"
}
