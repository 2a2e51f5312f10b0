# Mounts: bind/rbind/tmpfs options, propagation, readonly root, /proc, /dev,
# devices, masked and read-only paths, symlink escapes.
# shellcheck shell=bash

# add_mount DEST TYPE SOURCE OPTIONS_JSON
add_mount() {
	set_config --arg d "$1" --arg t "$2" --arg s "$3" --argjson o "$4" \
		'.mounts += [{destination: $d, type: $t, source: $s, options: $o}]'
}

test_mount_bind_ro_and_rw() {
	mkdir -p "$PX_TMP/ro" "$PX_TMP/rw"
	echo from-host >"$PX_TMP/ro/file"
	new_bundle
	add_mount /data-ro bind "$PX_TMP/ro" '["bind", "ro"]'
	add_mount /data-rw bind "$PX_TMP/rw" '["rbind", "rw"]'
	must_in_container 'cat /data-ro/file; touch /data-ro/new 2>/dev/null && echo ro-writable; echo from-ctr > /data-rw/file'
	assert_eq "$out" from-host "container output"
	[ ! -e "$PX_TMP/ro/new" ] || fail "wrote through a read-only bind"
	assert_eq "$(cat "$PX_TMP/rw/file")" from-ctr "file written through the rw bind"
}

test_mount_tmpfs_size_mode() {
	new_bundle
	add_mount /scratch tmpfs tmpfs '["nosuid", "size=1m", "mode=1770"]'
	must_in_container 'grep " /scratch " /proc/self/mountinfo; stat -c %a /scratch'
	assert_contains "$out" "- tmpfs " "mount type"
	assert_contains "$out" "size=1024k" "tmpfs options"
	assert_contains "$out" "nosuid" "mount flags"
	assert_eq "$(sed -n 2p <<<"$out")" 1770 "mode of the tmpfs"
}

# tmpcopyup (podman's --read-only tmpfs): the tmpfs starts with a copy of what it
# covers, owners, modes and symlinks kept, and writing to it leaves the image alone
test_mount_tmpfs_tmpcopyup() {
	new_bundle
	mkdir -p "$B/rootfs/data/sub"
	echo image-file >"$B/rootfs/data/sub/f"
	chown 65534:65534 "$B/rootfs/data/sub/f"
	chmod 664 "$B/rootfs/data/sub/f"
	chmod 710 "$B/rootfs/data"
	ln -s /etc/passwd "$B/rootfs/data/link"
	add_mount /data tmpfs tmpfs '["nosuid", "size=1m", "tmpcopyup"]'
	must_in_container 'grep -c " /data .* tmpfs " /proc/self/mountinfo
cat /data/sub/f; stat -c "%u:%g %a" /data/sub/f /data; readlink /data/link
echo new > /data/new && cat /data/new'
	assert_eq "$out" "1
image-file
65534:65534 664
0:0 710
/etc/passwd
new" "container output"
	[ ! -e "$B/rootfs/data/new" ] || fail "the write reached the image"
}

# bind is not recursive, rbind is: a mount under the source shows only through rbind.
test_mount_bind_vs_rbind() {
	mkdir -p "$PX_TMP/src/sub"
	mount -t tmpfs -o size=1m pxt "$PX_TMP/src/sub" || fail "mount tmpfs"
	echo sub-file >"$PX_TMP/src/sub/f"
	new_bundle
	add_mount /b bind "$PX_TMP/src" '["bind"]'
	add_mount /rb bind "$PX_TMP/src" '["rbind"]'
	must_in_container 'cat /rb/sub/f; ls /b/sub | wc -l'
	assert_eq "$out" $'sub-file\n0' "rbind sees the submount, bind does not"
}

# A mount made on the host after start reaches the container only through an
# rslave bind of a shared source, never through an rprivate one.
test_mount_propagation() {
	mkdir -p "$PX_TMP/src/sub"
	mount --bind "$PX_TMP/src" "$PX_TMP/src" || fail "bind src"
	mount --make-shared "$PX_TMP/src" || fail "make-shared"
	ctl_bundle 'echo ready > /ctl/ready; while [ ! -e /ctl/go ]; do sleep 0.05; done
		cat /slave/sub/f 2>&1; cat /private/sub/f 2>/dev/null || echo private-empty'
	add_mount /slave bind "$PX_TMP/src" '["rbind", "rslave"]'
	add_mount /private bind "$PX_TMP/src" '["rbind", "rprivate"]'
	bg rt run -b "$B" "$PX_ID" >"$PX_TMP/out" 2>&1
	wait_file "$PX_TMP/ctl/ready"
	mount -t tmpfs -o size=1m pxt "$PX_TMP/src/sub" || fail "mount tmpfs"
	echo propagated >"$PX_TMP/src/sub/f"
	touch "$PX_TMP/ctl/go"
	wait "$bg_pid"
	rc=$?
	cat "$PX_TMP/out"
	assert_ok
	assert_eq "$(cat "$PX_TMP/out")" $'propagated\nprivate-empty' "container output"
}

test_rootfs_propagation() {
	local p
	new_bundle
	for p in private shared slave; do
		set_config --arg p "$p" '.linux.rootfsPropagation = $p'
		must_in_container 'awk '\''$5 == "/" {print}'\'' /proc/self/mountinfo'
		case "$p" in
		private) assert_not_contains "$out" "shared:" "root mount ($p)" ;;
		# runc 1.1 loses "shared" across pivot_root; pidbox must re-apply it after
		shared) if is_pidbox; then assert_contains "$out" "shared:" "root mount ($p)"; fi ;;
		slave) ;; # the host's / is private here: nothing to be a slave of
		esac
	done
}

test_readonly_root() {
	new_bundle
	in_container 'touch /x'
	assert_fail
	set_config '.root.readonly = false'
	must_in_container 'touch /x && echo written'
	assert_eq "$out" written "write to a writable root"
	[ -e "$B/rootfs/x" ] || fail "file not in the rootfs"
}

test_proc_and_sys() {
	must_in_container 'grep -c . /proc/self/status >/dev/null && awk '\''$5 == "/proc" || $5 == "/sys" {print $5, $(NF-2)}'\'' /proc/self/mountinfo; touch /sys/x 2>/dev/null && echo sys-writable; echo end'
	assert_contains "$out" "/proc proc" "mounts"
	assert_contains "$out" "/sys sysfs" "mounts"
	assert_not_contains "$out" sys-writable "ro sysfs"
}

test_dev_contents() {
	must_in_container '
		for n in null zero full random urandom tty; do [ -c /dev/$n ] || echo "no /dev/$n"; done
		[ -e /dev/ptmx ] || echo "no ptmx"; [ -c /dev/pts/ptmx ] || echo "no pts/ptmx"
		for l in fd stdin stdout stderr; do [ -L /dev/$l ] || echo "no /dev/$l link"; done
		[ "$(readlink /dev/fd)" = /proc/self/fd ] || echo "bad /dev/fd"
		awk '\''$5 ~ /^\/dev/ {print $5, $(NF-2)}'\'' /proc/self/mountinfo
		echo x > /dev/null || echo "null not writable"
		[ "$(head -c 5 /dev/zero | wc -c)" = 5 ] || echo "zero unreadable"
		[ "$(head -c 5 /dev/urandom | wc -c)" = 5 ] || echo "urandom unreadable"
		(echo x > /dev/full) 2>/dev/null && echo "full accepted a write"
		ls /dev | wc -l'
	assert_not_contains "$out" "no " "device checks"
	assert_not_contains "$out" "bad " "device checks"
	assert_not_contains "$out" "accepted" "device checks"
	assert_not_contains "$out" "unreadable" "device checks"
	assert_contains "$out" "/dev tmpfs" "mounts"
	assert_contains "$out" "/dev/pts devpts" "mounts"
	assert_contains "$out" "/dev/shm tmpfs" "mounts"
	assert_contains "$out" "/dev/mqueue mqueue" "mounts"
	# no host devices leaked in: the defaults and a handful of entries only
	[ "$(tail -1 <<<"$out")" -le 20 ] || fail "too many entries in /dev"
}

test_linux_device() {
	new_bundle
	set_config '.linux.devices = [{path: "/dev/mynull", type: "c", major: 1, minor: 3,
		fileMode: 438, uid: 0, gid: 0}]'
	must_in_container 'stat -c "%F %t %T %a" /dev/mynull; echo x > /dev/mynull && echo wrote'
	assert_eq "$out" $'character special file 1 3 666\nwrote' "device node"
}

test_masked_paths() {
	new_bundle
	# /proc/kcore (a default) does not exist on every kernel: mask cpuinfo too
	set_config '.linux.maskedPaths += ["/proc/cpuinfo", "/etc/hostname", "/home"]'
	touch "$B/rootfs/home/secret"
	must_in_container '[ ! -e /proc/kcore ] || wc -c < /proc/kcore
		wc -c < /proc/cpuinfo; wc -c < /etc/hostname; ls /home | wc -l; grep -c . /proc/version'
	[ ! -e /proc/kcore ] || out=$(sed 1d <<<"$out")
	assert_eq "$out" $'0\n0\n0\n1' "sizes of masked paths (and of an unmasked one)"
}

test_readonly_paths() {
	new_bundle
	set_config '.root.readonly = false | .linux.readonlyPaths += ["/etc"]'
	# the container's own hostname: harmless even if the write went through
	in_container 'echo x > /proc/sys/kernel/hostname 2>/dev/null && echo proc-sys-writable
		touch /etc/x 2>/dev/null && echo etc-writable; touch /tmp/y && echo tmp-writable'
	assert_ok
	assert_eq "$out" tmp-writable "writes"
}

# A mount destination whose parent is a symlink to "/" or "../../.." must be
# resolved inside the rootfs: the mount lands there, the host is untouched.
test_mount_symlink_escape() {
	local m=pxt-escape-$PX_ID
	new_bundle
	ln -s / "$B/rootfs/abs"
	ln -s ../../../../../../../../tmp "$B/rootfs/rel"
	add_mount "/abs/$m" tmpfs tmpfs '["size=1m"]'
	add_mount "/rel/$m" tmpfs tmpfs '["size=1m"]'
	set_config '.root.readonly = false'
	in_container "awk '\$5 ~ /$m/ {print \$5}' /proc/self/mountinfo"
	# either refused or mounted inside; never on the host
	[ ! -e "/$m" ] || { rmdir "/$m" 2>/dev/null; fail "created /$m on the host"; }
	[ ! -e "/tmp/$m" ] || { rmdir "/tmp/$m" 2>/dev/null; fail "created /tmp/$m on the host"; }
	if grep -F "$m" /proc/self/mountinfo; then
		fail "a mount escaped to the host"
	fi
	if [ "$rc" -eq 0 ]; then
		assert_eq "$out" $'/'"$m"$'\n/tmp/'"$m" "mounts inside the container"
	else
		assert_one_error_line
	fi
	assert_nothing_left
}
