# The image's /dev, written by the attacker: the runtime makes device nodes and
# symlinks in /dev, binds the host's /dev/null over masked paths, and hands the
# workload a pty. Each of these writes or mounts on a path the image may have
# turned into a symlink to a host path or to a procfs file.
# shellcheck shell=bash

# Names the runtime makes in /dev: what would appear in the host's "/" if /dev ->
# "/" were followed there.
DEV_NAMES="null zero full random urandom tty ptmx fd stdin stdout stderr core pts shm mqueue"

without_dev_tmpfs() { set_config '.mounts |= map(select(.destination != "/dev"))'; }

# core_pattern_guard: remember the host's core_pattern; core_pattern_check puts
# it back and fails if the container changed it.
core_pattern_guard() { core_before=$(cat /proc/sys/kernel/core_pattern); }
core_pattern_check() {
	local now
	now=$(cat /proc/sys/kernel/core_pattern)
	if [ "$now" != "$core_before" ]; then
		printf '%s\n' "$core_before" >/proc/sys/kernel/core_pattern
		fail "the host's core_pattern was changed from the container: '$now'"
	fi
}

# Class: /dev symlinked to a host path. Attacker: the image (rootfs/dev is an
# absolute symlink to a host directory, with and without the config's /dev
# tmpfs). Reaches: device nodes (c 1:3 ... made with the runtime's CAP_MKNOD) and
# /dev's symlinks created in a host directory, the /dev tmpfs mounted over it.
# Seen to succeed against a deliberately broken build (RESOLVE_IN_ROOT dropped
# from ns_resolve_with in ns/mount_safe.c): with the image's /dev, null, zero,
# full... appeared in the host directory (with the /dev tmpfs the tmpfs went over
# the host directory, in the container's mount namespace only). runc 1.1.5 loses
# both variants here: /dev's symlinks (fd, stdin, ptmx...) appear in the host
# directory, since it makes them by string path.
test_dev_symlink_to_host_dir() {
	local host=$PX_TMP/hostdir with
	skip_unless_pidbox "runc 1.1.5 loses it on this host (it made /dev's symlinks in the host directory)"
	mkdir -p "$host"
	echo host >"$host/HOST-FILE"
	for with in tmpfs image; do
		new_bundle sh -c 'ls /dev; exit 0'
		rm -rf "$B/rootfs/dev"
		ln -s "$host" "$B/rootfs/dev"
		[ "$with" = tmpfs ] || without_dev_tmpfs
		run rt run -b "$B" "$PX_ID"
		assert_eq "$(ls -A "$host")" HOST-FILE "/dev from the $with: entries of the host directory"
		[ "$rc" -eq 0 ] || assert_one_error_line
		assert_nothing_left
	done
}

# The same with rootfs/dev -> "/" and the image's /dev (no tmpfs): the nodes would
# be made in the host's root directory. Seen to succeed against the same broken
# build: /pts, /shm and /mqueue made in the host's "/" (removed by the test).
test_dev_symlink_to_host_root() {
	local n made=""
	skip_unless_pidbox "runc 1.1.5 loses it on this host (it made /ptmx, /fd, /stdin... in the host's /)"
	for n in $DEV_NAMES; do
		if [ -e "/$n" ] || [ -L "/$n" ]; then
			fail "the host has /$n already: the test could not tell"
		fi
	done
	new_bundle sh -c 'ls /dev'
	rm -rf "$B/rootfs/dev"
	ln -s / "$B/rootfs/dev"
	without_dev_tmpfs
	run rt run -b "$B" "$PX_ID"
	for n in $DEV_NAMES; do
		if [ -e "/$n" ] || [ -L "/$n" ]; then
			made="$made /$n"
			mountpoint -q "/$n" || rm -f "/$n" 2>/dev/null || rmdir "/$n" 2>/dev/null
		fi
	done
	[ -z "$made" ] || fail "made on the host's /:$made"
	[ "$rc" -eq 0 ] || assert_one_error_line
	assert_nothing_left
}

# CVE-2025-31133 (runc GHSA-9493-h29p-rfm2): maskedPaths are covered by a bind of
# /dev/null; a container whose /dev/null is a symlink to a procfs file
# (/proc/sys/kernel/core_pattern) makes a runtime that binds "its" /dev/null bind
# that file, writable, over the masked path. Attacker: the image (its own /dev,
# /dev/null -> /proc/sys/kernel/core_pattern; a race on a shared /dev does the
# same with the default tmpfs). Reaches: the host's core_pattern, which the
# kernel runs as root on the next crash. Defence: ns/masked.c binds the host's
# /dev/null (a path resolved in the runtime's view, before pivot_root), never the
# container's. Seen to succeed against a deliberately broken build (ns_mask_one
# binding the container's dev/null resolved with ns_open_in_root, symlinks
# followed): the container wrote the host's core_pattern through /etc/masked
# (the test put it back). runc 1.1.5 loses it too: with the skip removed, the
# host's core_pattern became the container's error message.
test_masked_path_dev_null_swap() {
	skip_unless_pidbox "runc 1.1.5 loses it on this host (the host's core_pattern was overwritten)"
	core_pattern_guard
	new_bundle sh -c 'echo "|/bin/false pwned" >/etc/masked; echo "CONTENT:$(cat /etc/masked)"
		awk '\''$5 == "/etc/masked" {print "fstype", $(NF-2)}'\'' /proc/self/mountinfo'
	without_dev_tmpfs
	rm -f "$B/rootfs/dev/null"
	ln -s /proc/sys/kernel/core_pattern "$B/rootfs/dev/null"
	echo secret >"$B/rootfs/etc/masked"
	set_config '.linux.maskedPaths += ["/etc/masked"] | .root.readonly = false'
	run rt run -b "$B" "$PX_ID"
	core_pattern_check
	assert_not_contains "$out" "fstype proc" "the mask over /etc/masked"
	if [ "$rc" -eq 0 ]; then
		assert_contains "$out" $'CONTENT:\nfstype' "the masked path, read after the write"
	else
		assert_one_error_line
	fi
	assert_nothing_left
}

# CVE-2025-52565 (runc GHSA-qw9x-cqr3-wc7r): with a terminal, runc binds the pty
# onto /dev/console; a /dev/console that is a symlink to a procfs file (or a
# /dev/pts/N swapped for one) puts that bind where the image chose. Attacker: the
# image (/dev/console -> /proc/sys/kernel/core_pattern, its own /dev). Reaches: a
# mount over a procfs file of the image's choosing (hiding what a mask or the
# read-only /proc/sys protects, or exposing it writable). Defence: pidbox binds
# the pty on /dev/console (as runc and crun) from fds alone: /dev reached without
# a symlink, /dev/console opened without following one and accepted only as a
# plain file or a device node (a symlink is refused: create fails in one line),
# the slave from TIOCGPTPEER, the bind by open_tree + move_mount
# (runtime/terminal.c). Seen to succeed against deliberately broken builds: one
# binding the slave onto "/dev/console" by path, as runc does (a devpts mount sat
# on /proc/sys/kernel/core_pattern in the container), and one opening
# /dev/console without O_NOFOLLOW and without the type check (the same mount).
test_console_symlink_to_procfs() {
	skip_unless_pidbox "runc 1.1.5 predates the CVE-2025-52565 fix, and wants --detach with --console-socket"
	core_pattern_guard
	new_bundle sh -c 'echo "|/bin/false pwned" >/dev/console && echo WROTE_CONSOLE
		awk '\''$5 != "/dev/pts" && $(NF-2) == "devpts" || $5 ~ /core_pattern|console/ {print "MOUNT", $5, $(NF-2)}'\'' /proc/self/mountinfo
		echo END'
	without_dev_tmpfs
	ln -s /proc/sys/kernel/core_pattern "$B/rootfs/dev/console"
	set_config '.process.terminal = true | .root.readonly = false'
	start_console_engine
	run rt run --console-socket "$SOCK" -b "$B" "$PX_ID"
	wait "$engine_pid"
	screen=$(tr -d '\r' <"$PX_TMP/console.out")
	echo "screen: $screen"
	core_pattern_check
	assert_not_contains "$screen" MOUNT "mounts in the container"
	assert_not_contains "$screen" WROTE_CONSOLE "container output (wrote through /dev/console)"
	# refused before the workload runs, clearly; or run without such a bind
	if [ "$rc" -ne 0 ]; then
		assert_one_error_line "/dev/console in the container is not a file or a device"
	else
		assert_contains "$screen" END "container output"
	fi
	assert_nothing_left
}

# start_console_engine: console-recv on $SOCK in the background (as an engine),
# typing nothing ("?END" waits for the end of the output).
start_console_engine() {
	local recv
	recv=$(helper console-recv)
	SOCK=$PX_TMP/console.sock
	[ -x "$recv" ] || fail "$recv missing (make unit)"
	bg "$recv" "$SOCK" 20 "?END" >"$PX_TMP/console.out" 2>"$PX_TMP/console.err"
	engine_pid=$bg_pid
	wait_file "$SOCK"
}
