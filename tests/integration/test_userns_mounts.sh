# Mounts in and around user namespaces (issue 13) and mount attributes (issue 15):
# idmapped mounts, recursive mount attributes, bind sources opened by the runtime,
# locked flags kept on remount, atime options on binds.
# shellcheck shell=bash

# add_mount DEST TYPE SOURCE OPTIONS_JSON
add_mount() {
	set_config --arg d "$1" --arg t "$2" --arg s "$3" --argjson o "$4" \
		'.mounts += [{destination: $d, type: $t, source: $s, options: $o}]'
}

# add_idmap DEST SOURCE OPTIONS_JSON UIDMAP GIDMAP: a bind with mount id mappings
# given as "containerID:hostID:size".
add_idmap() {
	local u g
	IFS=: read -r -a u <<<"$4"
	IFS=: read -r -a g <<<"$5"
	set_config --arg d "$1" --arg s "$2" --argjson o "$3" \
		--argjson uc "${u[0]}" --argjson uh "${u[1]}" --argjson us "${u[2]}" \
		--argjson gc "${g[0]}" --argjson gh "${g[1]}" --argjson gs "${g[2]}" \
		'.mounts += [{destination: $d, type: "bind", source: $s, options: $o,
			uidMappings: [{containerID: $uc, hostID: $uh, size: $us}],
			gidMappings: [{containerID: $gc, hostID: $gh, size: $gs}]}]'
}

# use_userns [DIR...]: a user namespace mapping 0..65535 to 100000.. (no cgroup
# mount: it needs a cgroup namespace there); the DIRs are made in the rootfs, which
# the container's root (host 100000) may not write.
use_userns() {
	local d
	for d in "$@"; do mkdir -p "$B/rootfs/$d" || fail "mkdir $d"; done
	set_config '.linux.namespaces += [{type: "user"}]
		| .linux.uidMappings = [{containerID: 0, hostID: 100000, size: 65536}]
		| .linux.gidMappings = [{containerID: 0, hostID: 100000, size: 65536}]
		| .mounts |= map(select(.destination != "/sys/fs/cgroup"))'
}

# idmap_src DIR: a source directory with a file owned by 1:1, shared on the host
# (so a clone that stayed its peer would show "shared:" inside).
idmap_src() {
	mkdir -p "$1"
	echo data >"$1/f"
	chown 1:1 "$1/f"
	mount --bind "$1" "$1" || fail "bind $1"
	mount --make-shared "$1" || fail "make-shared $1"
}

# runtime-spec 1.2 idmapped mount in a user namespace: host id 1 shown through the
# mount's mapping (1 -> host 100000) and the container's (host 100000 -> 0) as 0:0;
# the clone is private: no peer group shared with the host's mount.
test_umnt_idmap_userns_owner() {
	skip_unless_pidbox "runc 1.1.5 has no idmapped mounts (runc 1.2+)"
	idmap_src "$PX_TMP/src"
	new_bundle
	use_userns data plain
	add_idmap /data "$PX_TMP/src" '["bind", "idmap"]' 1:100000:1 1:100000:1
	add_mount /plain bind "$PX_TMP/src" '["bind"]'
	must_in_container 'stat -c "%u:%g" /data/f /plain/f; grep " /data " /proc/self/mountinfo'
	assert_eq "$(sed -n 1p <<<"$out")" 0:0 "owner through the idmapped mount"
	assert_eq "$(sed -n 2p <<<"$out")" 65534:65534 "owner through a plain bind (host 1 unmapped)"
	assert_contains "$(sed -n 3p <<<"$out")" idmapped "mount options of /data"
	assert_not_contains "$(sed -n 3p <<<"$out")" "shared:" "propagation of /data"
}

# Without a user namespace of the container's: the mount's mapping alone, 1 -> 1000.
test_umnt_idmap_no_userns_owner() {
	skip_unless_pidbox "runc 1.1.5 has no idmapped mounts (runc 1.2+)"
	idmap_src "$PX_TMP/src"
	new_bundle
	add_idmap /data "$PX_TMP/src" '["bind"]' 1:1000:1 1:1000:1
	must_in_container 'stat -c "%u:%g" /data/f; touch /data/new 2>&1 || echo no-write;
		grep " /data " /proc/self/mountinfo'
	assert_eq "$(sed -n 1p <<<"$out")" 1000:1000 "owner through the idmapped mount"
	# root is not in the mount's mapping: it may not create files there (runc: EOVERFLOW)
	assert_contains "$out" no-write "writing as an unmapped id"
	assert_contains "$out" idmapped "mountinfo"
	assert_not_contains "$(grep ' /data ' <<<"$out")" "shared:" "propagation of /data"
}

# "idmap" with no mappings takes the container's: the image's owners, as ids of the
# namespace, are what the container sees; and what it creates is owned on the host
# by the id it has inside (root: host 0).
test_umnt_idmap_container_maps() {
	skip_unless_pidbox "runc 1.1.5 has no idmapped mounts (runc 1.2+)"
	mkdir -p "$PX_TMP/src"
	echo x >"$PX_TMP/src/f"
	chown 7:8 "$PX_TMP/src/f"
	new_bundle
	use_userns data
	add_mount /data bind "$PX_TMP/src" '["bind", "idmap"]'
	must_in_container 'stat -c "%u:%g" /data/f; echo y > /data/made'
	assert_eq "$out" 7:8 "owner through the idmapped mount"
	assert_eq "$(stat -c %u:%g "$PX_TMP/src/made")" 0:0 "host owner of a file the container's root made"
}

# ridmap maps the submounts an rbind brings along; idmap only the top.
test_umnt_ridmap_recursive() {
	skip_unless_pidbox "runc 1.1.5 has no idmapped mounts (runc 1.2+)"
	mkdir -p "$PX_TMP/src/sub"
	mount -t tmpfs -o size=1m pxt "$PX_TMP/src/sub" || fail "mount tmpfs"
	echo s >"$PX_TMP/src/sub/f"
	chown 1:1 "$PX_TMP/src/sub/f"
	new_bundle
	add_idmap /r "$PX_TMP/src" '["rbind", "ridmap"]' 1:1000:1 1:1000:1
	add_idmap /n "$PX_TMP/src" '["rbind", "idmap"]' 1:1000:1 1:1000:1
	must_in_container 'stat -c "%u:%g" /r/sub/f /n/sub/f'
	assert_eq "$out" $'1000:1000\n1:1' "owners under ridmap, then idmap"
}

# Every misuse says what is wrong before anything is made.
test_umnt_idmap_refusals() {
	skip_unless_pidbox "runc 1.1.5 has no idmapped mounts (runc 1.2+)"
	new_bundle
	add_mount /data bind "$PX_TMP" '["bind", "idmap"]'
	run rt run -b "$B" "$PX_ID"
	assert_fail
	assert_one_error_line
	assert_contains "$err" "mounts[" "error"
	assert_contains "$err" "needs a user namespace" "error"
	new_bundle
	add_idmap /t tmpfs '["idmap"]' 0:1000:1 0:1000:1
	set_config '.mounts[-1].type = "tmpfs"'
	run rt run -b "$B" "$PX_ID"
	assert_fail
	assert_contains "$err" "must be bind mounts" "error"
	new_bundle
	add_idmap /data "$PX_TMP" '["bind"]' 0:1000:1 0:1000:1
	set_config 'del(.mounts[-1].gidMappings)'
	run rt run -b "$B" "$PX_ID"
	assert_fail
	assert_contains "$err" "gidMappings: required along with uidMappings" "error"
	assert_nothing_left
}

# Recursive attributes reach the submounts of an rbind (a remount would not).
test_umnt_recursive_attrs() {
	mkdir -p "$PX_TMP/src/sub"
	mount -t tmpfs -o size=1m pxt "$PX_TMP/src/sub" || fail "mount tmpfs"
	new_bundle
	add_mount /r bind "$PX_TMP/src" '["rbind", "rro", "rnosuid", "rnodev", "rnoexec", "rnoatime", "rnosymfollow"]'
	add_mount /w bind "$PX_TMP/src" '["rbind", "ro", "rrw"]'
	must_in_container 'grep -E " /(r|w)/sub " /proc/self/mountinfo | cut -d" " -f5,6
		touch /r/sub/x 2>/dev/null && echo r-writable; touch /w/sub/x && echo w-writable'
	assert_contains "$out" "/r/sub ro,nosuid,nodev,noexec,noatime,nosymfollow" "submount of the rro bind"
	assert_contains "$out" "/w/sub rw" "submount of the rrw bind"
	assert_not_contains "$out" r-writable "writing under rro"
	assert_contains "$out" w-writable "writing under rrw"
}

# The atime mode is one setting: the last recursive one wins, on every submount.
test_umnt_recursive_atime() {
	skip_unless_pidbox "runc 1.1.5 fails rnoatime,rstrictatime with EINVAL (it leaves the old atime mode set)"
	mkdir -p "$PX_TMP/src/sub"
	mount -t tmpfs -o size=1m,noatime pxt "$PX_TMP/src/sub" || fail "mount tmpfs"
	new_bundle
	add_mount /s bind "$PX_TMP/src" '["rbind", "rnoatime", "rstrictatime"]'
	add_mount /a bind "$PX_TMP/src" '["rbind", "ratime"]'
	add_mount /n bind "$PX_TMP/src" '["rbind", "rnorelatime"]'
	must_in_container 'grep -E " /(s|a|n)/sub " /proc/self/mountinfo | cut -d" " -f5,6'
	assert_contains "$out" "/s/sub rw" "strictatime submount"
	assert_not_contains "$(grep /s/sub <<<"$out")" atime "strictatime submount (no atime word)"
	assert_contains "$out" "/a/sub rw,relatime" "ratime submount"
	assert_not_contains "$(grep /n/sub <<<"$out")" relatime "rnorelatime submount"
}

# /sys/fs/cgroup read-only as asked, recursively: every v1 hierarchy under it too.
test_umnt_cgroup_rro() {
	skip_unless_pidbox "runc 1.1.5 leaves the v1 tmpfs at /sys/fs/cgroup itself writable under rro"
	new_bundle
	set_config '(.mounts[] | select(.destination == "/sys/fs/cgroup") | .options) |= . + ["rro"]'
	must_in_container 'grep " /sys/fs/cgroup" /proc/self/mountinfo | cut -d" " -f5,6'
	# v1 or hybrid: a tmpfs and one bind per hierarchy; pure v2: one cgroup2 mount
	if [ -d /sys/fs/cgroup/cpu ]; then
		[ "$(wc -l <<<"$out")" -gt 1 ] || fail "expected hierarchies under /sys/fs/cgroup: $out"
	fi
	assert_not_contains "$out" " rw" "a writable mount under /sys/fs/cgroup"
}

# A bind source under a directory only the host's root may enter: the runtime opens
# it, the container's root (host 100000) could not.
test_umnt_userns_root_only_source() {
	mkdir -p "$PX_TMP/priv/src"
	chmod 700 "$PX_TMP/priv"
	echo secret-ok >"$PX_TMP/priv/src/f"
	new_bundle
	use_userns data
	add_mount /data bind "$PX_TMP/priv/src" '["bind", "ro"]'
	must_in_container 'cat /data/f; grep " /data " /proc/self/mountinfo'
	assert_eq "$(sed -n 1p <<<"$out")" secret-ok "file read through the bind"
	assert_contains "$out" " ro," "the bind is read-only"
}

# A bind's flags asked in a user namespace keep what the host locked: the source is
# nosuid,nodev,noexec,noatime; asking only "ro" must work (runc retries with the
# locked flags) and keep them all.
test_umnt_userns_locked_flags() {
	skip_unless_pidbox "runc 1.1.5 predates the retry with the locked flags (EPERM)"
	mkdir -p "$PX_TMP/src"
	mount -t tmpfs -o size=1m,nosuid,nodev,noexec,noatime pxt "$PX_TMP/src" || fail "mount tmpfs"
	new_bundle
	use_userns data data2
	add_mount /data bind "$PX_TMP/src" '["bind", "ro"]'
	add_mount /data2 bind "$PX_TMP/src" '["rbind", "rro"]'
	must_in_container 'grep -E " /data2? " /proc/self/mountinfo | cut -d" " -f5,6'
	assert_contains "$out" "/data ro,nosuid,nodev,noexec,noatime" "locked flags after the remount"
	assert_contains "$out" "/data2 ro,nosuid,nodev,noexec,noatime" "locked flags after rro"
}

# Atime options on a bind (remount) follow the kernel's rules: noatime, strictatime
# and relatime replace one another; nodiratime adds.
test_umnt_bind_atime() {
	mkdir -p "$PX_TMP/src"
	new_bundle
	add_mount /n bind "$PX_TMP/src" '["bind", "noatime"]'
	add_mount /s bind "$PX_TMP/src" '["bind", "strictatime"]'
	add_mount /d bind "$PX_TMP/src" '["bind", "relatime", "nodiratime"]'
	must_in_container 'grep -E " /(n|s|d) " /proc/self/mountinfo | cut -d" " -f5,6'
	assert_contains "$out" "/n rw,noatime" "noatime bind"
	assert_not_contains "$(grep '^/s ' <<<"$out")" "atime" "strictatime bind"
	assert_contains "$out" "/d rw,nodiratime,relatime" "relatime,nodiratime bind"
}

# Config order holds for sources in a user namespace too: a bind whose source is in
# the rootfs under an earlier tmpfs sees that tmpfs.
test_umnt_userns_mount_order() {
	skip_unless_pidbox "runc 1.1.5 opens a user namespace's bind sources before any mount"
	new_bundle
	use_userns early late
	add_mount /early tmpfs tmpfs '["size=1m"]'
	set_config '.process.args = ["true"]'
	add_mount /late bind "$B/rootfs/early" '["bind"]'
	must_in_container 'grep -c " /late .* tmpfs " /proc/self/mountinfo'
	assert_eq "$out" 1 "the later bind shows the earlier tmpfs"
}

# The same without a user namespace (the container's setup opens the source).
test_umnt_mount_order() {
	new_bundle
	mkdir -p "$B/rootfs/early"
	add_mount /early tmpfs tmpfs '["size=1m"]'
	add_mount /late bind "$B/rootfs/early" '["bind"]'
	must_in_container 'grep -c " /late .* tmpfs " /proc/self/mountinfo'
	assert_eq "$out" 1 "the later bind shows the earlier tmpfs"
}

# linux.devices in a user namespace: a node the host has no file for (here c 1:7,
# /dev/full's numbers, at a new name) is made by the runtime with the configured
# mode and owner (container ids), and works for that owner. runc binds the host's node of the same
# path, which does not exist.
test_umnt_userns_device_absent_on_host() {
	skip_unless_pidbox "runc 1.1.5 binds the host's node of the same path (there is none)"
	[ ! -e /dev/pxt-full ] || skip "/dev/pxt-full exists on the host"
	new_bundle
	use_userns
	set_config '.linux.devices = [{path: "/dev/pxt-full", type: "c", major: 1, minor: 7,
		fileMode: 416, uid: 5, gid: 6}] | .process.user = {uid: 5, gid: 6}'
	must_in_container 'stat -c "%F %t:%T %a %u:%g" /dev/pxt-full; head -c 3 /dev/pxt-full | wc -c'
	assert_eq "$out" $'character special file 1:7 640 5:6\n3' "the device inside"
	[ ! -e /dev/pxt-full ] || fail "a node appeared on the host"
}

# A device whose owner is not mapped in the container's user namespace is refused
# with the id named.
test_umnt_userns_device_unmapped_owner() {
	skip_unless_pidbox "runc 1.1.5 binds the host's node and ignores the owner"
	new_bundle
	use_userns
	set_config '.linux.devices = [{path: "/dev/pxt-full", type: "c", major: 1, minor: 7, uid: 70000}]'
	run rt run -b "$B" "$PX_ID"
	assert_fail
	assert_one_error_line
	assert_contains "$err" "linux.devices[0] (/dev/pxt-full): uid 70000 is not mapped" "error"
	assert_nothing_left
}

# A read-only rootfs in a user namespace still gets its /dev: the default devices
# (bound from the host), /dev/ptmx of its own devpts, the /dev links.
test_umnt_userns_readonly_root_devices() {
	new_bundle
	use_userns
	set_config '.root.readonly = true'
	must_in_container 'for d in null zero full random urandom tty; do [ -c /dev/$d ] || echo "no $d"; done
		readlink /dev/ptmx; readlink /dev/fd; exec 3<>/dev/ptmx && echo ptmx-opens
		echo x >/dev/null && head -c 1 /dev/zero | wc -c; touch /x 2>/dev/null || echo root-ro'
	assert_eq "$out" $'pts/ptmx\n/proc/self/fd\nptmx-opens\n1\nroot-ro' "container output"
}

# userns_holder: a process in a user namespace of its own mapping 0 -> 100000
# ($holder), and $B set to join it by path.
userns_holder() {
	local _
	bg unshare --user sleep 100
	holder=$bg_pid
	for _ in $(seq 50); do
		[ "$(readlink "/proc/$holder/ns/user")" != "$(readlink /proc/self/ns/user)" ] && break
		sleep 0.1
	done
	echo "0 100000 65536" >"/proc/$holder/uid_map" || fail "write uid_map"
	echo "0 100000 65536" >"/proc/$holder/gid_map" || fail "write gid_map"
	set_config --arg p "/proc/$holder/ns/user" '.linux.namespaces += [{type: "user", path: $p}]
		| .mounts |= map(select(.destination != "/sys/fs/cgroup"))'
}

# A user namespace joined by path with a new pid namespace: the workload is pid 1
# of a namespace owned by the joined user namespace, with its own procfs; exec
# joins both; pids.limit 1 still lets it start (the child that clones the init is
# gone before the limit is written).
test_umnt_join_userns_new_pidns() {
	local holder run_pid _
	skip_unless_pidbox "runc 1.1.5 refuses a joined user namespace without linux.uidMappings"
	new_bundle sh -c 'echo $$; readlink /proc/self/ns/user; cat /proc/self/uid_map
		ps -o pid,comm | awk "\$1 == 1 { print \$2 }"; echo ready; exec sleep 100'
	userns_holder
	set_config '.linux.resources.pids.limit = 3'
	bg rt run -b "$B" "$PX_ID" >"$PX_TMP/out" 2>&1
	run_pid=$bg_pid
	for _ in $(seq 100); do
		grep -q ready "$PX_TMP/out" && break
		kill -0 "$run_pid" 2>/dev/null || fail "run exited: $(cat "$PX_TMP/out")"
		sleep 0.1
	done
	run rt exec "$PX_ID" sh -c 'echo $$; readlink /proc/self/ns/pid'
	assert_ok
	must rt kill "$PX_ID" KILL
	wait_gone "$run_pid"
	mapfile -t lines <"$PX_TMP/out"
	assert_eq "${lines[0]}" 1 "the workload's pid"
	assert_eq "${lines[1]}" "$(readlink "/proc/$holder/ns/user")" "its user namespace"
	assert_match "${lines[2]}" '^ +0 +100000 +65536$' "uid_map"
	assert_eq "${lines[3]}" sh "pid 1 in the container's own procfs"
	assert_ne "$(sed -n 1p <<<"$out")" 1 "exec's pid"
}

# The same with a setup that fails after the init was cloned: one error line, no
# process, cgroup or state left.
test_umnt_join_userns_new_pidns_error() {
	local holder
	skip_unless_pidbox "runc 1.1.5 refuses a joined user namespace without linux.uidMappings"
	new_bundle true
	userns_holder
	set_config '.mounts += [{destination: "/bad", type: "bind", source: "/nonexistent-pxt"}]'
	run rt run -b "$B" "$PX_ID"
	assert_fail
	assert_one_error_line
	assert_contains "$err" "mounts[" "error"
	assert_nothing_left
}

# A tmpfs without mode= takes the mode of the directory it covers, as runc does
# (a fresh directory: the kernel's 1777); mode= given wins (runc 1.1.5 chmods the
# tmpfs to the directory's mode even then).
test_umnt_tmpfs_mode() {
	skip_unless_pidbox "runc 1.1.5 overrides mode= with the covered directory's mode"
	new_bundle
	mkdir -p "$B/rootfs/existing" "$B/rootfs/given"
	chmod 750 "$B/rootfs/existing" "$B/rootfs/given"
	add_mount /existing tmpfs tmpfs '["size=1m"]'
	add_mount /fresh tmpfs tmpfs '["size=1m"]'
	add_mount /given tmpfs tmpfs '["size=1m", "mode=711"]'
	must_in_container 'stat -c %a /existing /fresh /given'
	assert_eq "$out" $'750\n1777\n711' "modes of the tmpfs roots"
}

# In a user namespace the atime mode of a host mount is locked: asking another one
# on its bind is the kernel's EPERM, said in one line naming the mount.
test_umnt_userns_locked_atime_refused() {
	mkdir -p "$PX_TMP/src"
	mount -t tmpfs -o size=1m,noatime pxt "$PX_TMP/src" || fail "mount tmpfs"
	new_bundle true
	use_userns data
	add_mount /data bind "$PX_TMP/src" '["bind", "strictatime"]'
	run rt run -b "$B" "$PX_ID"
	assert_fail
	assert_one_error_line
	assert_contains "$err" "/data" "error"
	assert_contains "$(tr '[:upper:]' '[:lower:]' <<<"$err")" "operation not permitted" "error"
	assert_nothing_left
}

# idmap with the maps of a user namespace joined by path (here with a new pid
# namespace in it: the init that asks for the source is cloned after the join),
# and a plain bind from under a root-only directory.
test_umnt_idmap_joined_userns() {
	local holder
	skip_unless_pidbox "runc 1.1.5 has no idmapped mounts (runc 1.2+)"
	mkdir -p "$PX_TMP/src" "$PX_TMP/priv/p"
	echo x >"$PX_TMP/src/f"
	chown 7:8 "$PX_TMP/src/f"
	chmod 700 "$PX_TMP/priv"
	echo private >"$PX_TMP/priv/p/f"
	new_bundle
	mkdir -p "$B/rootfs/data" "$B/rootfs/p"
	userns_holder
	add_mount /data bind "$PX_TMP/src" '["bind", "idmap"]'
	add_mount /p bind "$PX_TMP/priv/p" '["bind"]'
	must_in_container 'echo $$; stat -c "%u:%g" /data/f; cat /p/f'
	assert_eq "$out" $'1\n7:8\nprivate' "pid, owner through the idmapped mount, the private file"
}

# The same with a terminal and --init: the session (its leader is pid 1) and the
# pty are made by the init after it was cloned into the new pid namespace.
test_umnt_join_userns_new_pidns_tty_init() {
	local holder
	skip_unless_pidbox "--init is pidbox's"
	new_bundle sh -c 'tty; echo "pid=$$ sid=$(cut -d" " -f6 /proc/$$/stat)"'
	userns_holder
	set_config '.process.terminal = true'
	out=$(timeout 20 "$RUNTIME" --root "$PX_ROOT" run --init -b "$B" "$PX_ID" </dev/null | tr -d '\r')
	assert_contains "$out" "/dev/pts/0" "the workload's terminal"
	assert_contains "$out" "pid=2 sid=1" "the workload (pid 2 under --init), in the session of the init"
	assert_nothing_left
}
