# Bind sources (issue 13): in a user namespace, and for idmapped mounts, the runtime
# opens a bind's source with its host credentials and hands the container a clone
# of it (ns/mount_source.c). Two ways that goes wrong:
#  - the source lies in the rootfs, which is the image's: a symlink there pointing
#    at an absolute host path, followed on the host with root's credentials, binds
#    the host's files into the container;
#  - the clone is made in the host's mount namespace: the kernel then locks none of
#    the source's flags, and a container root with CAP_SYS_ADMIN in its user
#    namespace remounts a host nodev/nosuid mount without them.
# shellcheck shell=bash

# userns_config: the container's root is host 100000 (no cgroup mount: it would
# need a cgroup namespace).
userns_config() {
	set_config '.linux.namespaces += [{type: "user"}]
		| .linux.uidMappings = [{containerID: 0, hostID: 100000, size: 65536}]
		| .linux.gidMappings = [{containerID: 0, hostID: 100000, size: 65536}]
		| .mounts |= map(select(.destination != "/sys/fs/cgroup"))'
}

# image_symlink_source: a host directory with a secret, and an image whose /data is
# a symlink to that host path; the config binds the image's /data (a source inside
# the rootfs) at /vol. The image also holds the same path, with its own file: that
# is what the symlink names as the container sees it.
image_symlink_source() {
	mkdir -p "$PX_TMP/hostsecret" "$B/rootfs/vol" "$B/rootfs$PX_TMP/hostsecret"
	echo HOST-SECRET >"$PX_TMP/hostsecret/f"
	echo image-file >"$B/rootfs$PX_TMP/hostsecret/f"
	ln -s "$PX_TMP/hostsecret" "$B/rootfs/data"
	set_config --arg s "$B/rootfs/data" \
		'.mounts += [{destination: "/vol", type: "bind", source: $s, options: ["bind"]}]'
}

# Attack: an image symlink as a bind source, followed on the host. Seen to succeed
# against the code before 38fbcbe (the build of main d7e87e6: "HOST-SECRET" read
# through /vol, with and without a user namespace). runc 1.1.5 follows it too.
test_sec_bind_source_image_symlink() {
	skip_unless_pidbox "runc 1.1.5 follows the image's symlink on the host (HOST-SECRET)"
	new_bundle
	image_symlink_source
	in_container 'cat /vol/f'
	assert_not_contains "$out" HOST-SECRET "file read through the bind"
	assert_eq "$out" image-file "the symlink resolved inside the image"
}

test_sec_bind_source_image_symlink_userns() {
	skip_unless_pidbox "runc 1.1.5 follows the image's symlink on the host (HOST-SECRET)"
	new_bundle
	userns_config
	image_symlink_source
	in_container 'cat /vol/f'
	assert_not_contains "$out" HOST-SECRET "file read through the bind"
	assert_eq "$out" image-file "the symlink resolved inside the image"
}

# Attack: the container's root, with CAP_SYS_ADMIN in its user namespace, remounts
# the bind of a host nodev,nosuid mount without those flags (then a device node or
# a setuid file on it would work). Seen to succeed against a build whose helper
# clones the source without joining the container's mount namespace (join_mntns()
# removed from runtime/mount_sources.c): the remount returned 0 and mountinfo showed
# "/data rw,relatime".
test_sec_userns_bind_keeps_locked_flags() {
	mkdir -p "$PX_TMP/src"
	mount -t tmpfs -o size=1m,nosuid,nodev pxt "$PX_TMP/src" || fail "mount tmpfs"
	new_bundle
	userns_config
	mkdir -p "$B/rootfs/data"
	set_config --arg s "$PX_TMP/src" \
		'.mounts += [{destination: "/data", type: "bind", source: $s, options: ["bind"]}]
		| .process.capabilities.bounding += ["CAP_SYS_ADMIN"]
		| .process.capabilities.effective += ["CAP_SYS_ADMIN"]
		| .process.capabilities.permitted += ["CAP_SYS_ADMIN"]'
	in_container 'mount -o remount,bind,dev,suid /data && echo REMOUNTED; grep " /data " /proc/self/mountinfo | cut -d" " -f5,6'
	assert_not_contains "$out" REMOUNTED "the remount dropping nodev,nosuid"
	assert_contains "$out" "/data rw,nosuid,nodev" "flags of the bind after the attempt"
}

# Attack: the host's source is a shared mount; the clone the container is given
# stays a peer of it, so a mount the container's root (CAP_SYS_ADMIN in its user
# namespace) makes under the bind appears on the host. Two defences each stop it:
# the clone is made in the container's mount namespace, already a slave there, and
# its propagation is then set (private or slave). Seen to succeed against a build
# with both removed (join_mntns() skipped in runtime/mount_sources.c, the
# .propagation mount_setattr skipped in ns/mount_source.c): the container's
# mountinfo showed "/data ... shared:1" and the tmpfs appeared at $PX_TMP/src/sub
# on the host. Either one alone keeps it passing.
test_sec_userns_bind_no_propagation_to_host() {
	local opts
	mkdir -p "$PX_TMP/src/sub"
	mount --bind "$PX_TMP/src" "$PX_TMP/src" || fail "bind src"
	mount --make-shared "$PX_TMP/src" || fail "make-shared"
	for opts in '["bind"]' '["bind", "idmap"]'; do
		is_pidbox || [ "$opts" = '["bind"]' ] || continue # runc 1.1.5: no idmap
		new_bundle
		userns_config
		mkdir -p "$B/rootfs/data"
		set_config --arg s "$PX_TMP/src" --argjson o "$opts" \
			'.mounts += [{destination: "/data", type: "bind", source: $s, options: $o}]
			| .process.capabilities.bounding += ["CAP_SYS_ADMIN"]
			| .process.capabilities.effective += ["CAP_SYS_ADMIN"]
			| .process.capabilities.permitted += ["CAP_SYS_ADMIN"]'
		in_container 'mount -t tmpfs pxt-attack /data/sub && echo MOUNTED; grep " /data " /proc/self/mountinfo'
		assert_contains "$out" MOUNTED "the container's own mount (else the test proves nothing)"
		if grep -F " $PX_TMP/src/sub " /proc/self/mountinfo; then
			umount "$PX_TMP/src/sub"
			fail "options $opts: the container's mount propagated to the host"
		fi
		rm -rf "$B"
	done
}
