# Mount destinations (CVE-2021-30465 class, and the symlink/".." escapes before
# it): a mounts[] destination is a path inside the image, and the image is the
# attacker's. Any directory on the way may be a symlink to a host path, a chain
# of "..", or be swapped for such a symlink while the runtime is between its
# check and its mount (RENAME_EXCHANGE keeps both names present at every
# instant). If the runtime resolves the destination against the host's "/", the
# directories it creates for a missing destination, and the mount itself, land on
# the host. Defence: ns/mount_safe.c resolves every destination once, with
# openat2(RESOLVE_IN_ROOT), creates missing components on the fd of the resolved
# parent, and mounts on that fd (/proc/self/fd/N), never on a string path.
# shellcheck shell=bash

# host_dir: a host directory the attacker aims at, with one file in it ($host).
host_dir() {
	host=$PX_TMP/hostdir
	mkdir -p "$host" "$PX_TMP/vol"
	echo host >"$host/HOST-FILE"
	echo B-VOLUME >"$PX_TMP/vol/MARKER"
}

# assert_host_untouched: nothing was created in $host, nothing of the test is
# mounted in the host's namespace.
assert_host_untouched() {
	assert_eq "$(ls -A "$host")" HOST-FILE "${1:-}: entries of the host directory $host"
	if grep -F -e "$host" -e "$PX_TMP/vol" /proc/self/mountinfo; then
		fail "${1:-}: a mount of the test is on the host"
	fi
}

# try_dest DEST: run a container with the volume $PX_TMP/vol bound at DEST: refused
# (one error line), or mounted inside the container; the host untouched.
try_dest() {
	new_bundle sh -c "cat '$1/MARKER'"
	set_config --arg d "$1" --arg s "$PX_TMP/vol" \
		'.mounts += [{destination: $d, type: "bind", source: $s, options: ["rbind"]}]'
	run rt run -b "$B" "$PX_ID"
	assert_host_untouched "destination $1"
	if [ "$rc" -eq 0 ]; then
		assert_eq "$out" B-VOLUME "the volume, seen at $1 inside the container"
	else
		assert_one_error_line
	fi
	assert_nothing_left
}

# Attacker: the image. /vol is an absolute symlink to a host directory, /up a
# relative one made of ".." (past the rootfs's own root); a destination under
# each, missing so that the runtime creates it. Reaches: directories created in
# (and a volume mounted on) the host directory. Seen to succeed against a
# deliberately broken build (RESOLVE_IN_ROOT dropped from ns_resolve_with in
# ns/mount_safe.c): "sub" was created in $host for both, and the container ran
# with the volume on the host's directory. Both links dangle inside the rootfs:
# since pidbox creates a dangling link's target as runc does (in the rootfs, the
# volume then mounted there), this also guards that path: seen to succeed against
# a build whose ns_create_through_link resolved an absolute target from the
# host's "/" ("sub" created in $host).
test_mount_dest_symlink_to_host_path() {
	host_dir
	new_bundle
	ln -s "$host" "$B/rootfs/vol"
	ln -s "../../../../../../../../../../../..$host" "$B/rootfs/up"
	try_dest /vol/sub
	try_dest /up/sub
}

# Attacker: whoever writes the config's destination (an engine passing an
# image's VOLUME line through): literal ".." components climbing out of the
# rootfs, alone and after an image symlink. Reaches: as above. The literal ".."
# is applied lexically, clamped at the root (ns_split_path), and the rest by
# RESOLVE_IN_ROOT. Seen to succeed against a deliberately broken build (both the
# clamp and RESOLVE_IN_ROOT removed): "sub" created in $host.
test_mount_dest_dotdot_components() {
	host_dir
	new_bundle
	ln -s /etc "$B/rootfs/etclink"
	try_dest "/../../../../../../../../../../..$host/sub"
	try_dest "/etclink/../../../../../../../../../..$host/sub"
}

# CVE-2021-30465: container A (the attacker, running) shares a volume with
# container B, which an operator creates with a second volume whose destination
# lies in the shared one (/shared/d/sub). A swaps /shared/d, a directory, with
# /shared/l, a symlink to a host directory, with renameat2(RENAME_EXCHANGE) in a
# loop. Reaches: if any lookup of B's destination meets the symlink and follows it
# on the host, "sub" is created in the host directory and B's volume mounted
# there. Each of the 40 rounds must end with B refused (the lookup met the
# symlink: dangling inside B's rootfs) or B seeing its volume, and the host
# directory as it was. Seen to succeed against a deliberately broken build
# (RESOLVE_IN_ROOT dropped from ns_resolve_with): "sub" appeared in $host in the
# first rounds.
test_mount_dest_rename_exchange_race() {
	local shared=$PX_TMP/shared i mounted=0 refused=0
	skip_unless_pidbox "runc 1.1.5 loses this race on this host (issue 10)"
	host_dir
	mkdir -p "$shared/d"
	ln -s "$host" "$shared/l"
	new_bundle -d "$PX_TMP/a" /bin/rename-exchange /shared d l /shared/stop
	cp "$(helper rename-exchange)" "$PX_TMP/a/rootfs/bin/" || fail "rename-exchange missing (make unit)"
	bundle_set "$PX_TMP/a" --arg s "$shared" \
		'.mounts += [{destination: "/shared", type: "bind", source: $s, options: ["rbind", "rw"]}]' ||
		fail "bundle_set"
	# shellcheck disable=SC2217 # bg runs the command with these redirections
	bg rt run -b "$PX_TMP/a" "$PX_ID-a" </dev/null >"$PX_TMP/a.out" 2>&1
	wait_file "$shared/.running"
	# B reads its volume through whichever name is the directory at that instant
	new_bundle -d "$PX_TMP/b" sh -c 'for i in $(seq 200); do for n in d l; do
		cat /shared/$n/sub/MARKER 2>/dev/null && exit 0; done; done; exit 1'
	bundle_set "$PX_TMP/b" --arg s "$shared" --arg v "$PX_TMP/vol" \
		'.mounts += [{destination: "/shared", type: "bind", source: $s, options: ["rbind", "rw"]},
		             {destination: "/shared/d/sub", type: "bind", source: $v, options: ["rbind"]}]' ||
		fail "bundle_set"
	for i in $(seq 40); do
		run rt run -b "$PX_TMP/b" "$PX_ID-b"
		assert_host_untouched "round $i"
		if [ "$rc" -eq 0 ]; then
			assert_eq "$out" B-VOLUME "round $i: B's volume"
			mounted=$((mounted + 1))
		else
			refused=$((refused + 1))
		fi
		rt delete -f "$PX_ID-b" >/dev/null 2>&1
	done
	touch "$shared/stop"
	wait "$bg_pid"
	echo "attacker: $(cat "$PX_TMP/a.out"); B mounted $mounted times, refused $refused times"
	assert_nothing_left "$PX_ID-b" "$PX_TMP/b"
}
