# The image's /etc/passwd, read by the runtime to set HOME (runc's rule, which
# Docker, buildah and the CRI plugin rely on). The file is the attacker's: it is read
# by the container's init while it still holds the runtime's fds (the host's /proc
# among them) and all of root's capabilities, before any seccomp profile. Through a
# /proc magic link it would read a host file and hand a line of it to the container
# as HOME; as a FIFO or a device it would hang the runtime (and the engine waiting on
# `create`) for ever. Every run here is bounded by `timeout`.
# shellcheck shell=bash

# bounded_run ARGS...: `rt ARGS` that must end by itself within 30 s.
bounded_run() {
	run timeout 30 "$RUNTIME" --root "$PX_ROOT" "$@"
	[ "$rc" -ne 124 ] || fail "the runtime hung (killed by timeout after 30 s)"
}

# The image's /etc/passwd is a symlink through the init's own fds: /proc/self/fd/N
# (the runtime's exec fifo, its sync socket, the host's /proc...) or
# /proc/self/fd/N/1/root/<host file> (when N is the host's /proc, the host's pid 1's
# root: the host file's line for uid 0 would become the container's HOME). The
# attacker does not know N: it tries each, one container per guess. Seen to succeed
# with a broken build whose passwd open was a plain open("/etc/passwd") (no
# RESOLVE_IN_ROOT|RESOLVE_NO_MAGICLINKS, no regular-file check): with
# /etc/passwd -> /proc/self/fd/5 the init opened a runtime fd and `run` hung.
# runc 1.1.5 loses this one (seen: `runc run` hung with /etc/passwd ->
# /proc/self/fd/4), so it is no control here.
test_passwd_magic_link_to_host() {
	local n link
	skip_unless_pidbox "runc 1.1.5 hangs when /etc/passwd leads to one of its fds"
	printf 'root:x:0:0:root:/host-secret-home:/bin/sh\n' >"$PX_TMP"/secret
	new_bundle sh -c 'echo "HOME=$HOME"'
	for n in $(seq 3 12); do
		for link in "/proc/self/fd/$n" "/proc/self/fd/$n/1/root$PX_TMP/secret"; do
			rm -f "$B"/rootfs/etc/passwd
			ln -s "$link" "$B"/rootfs/etc/passwd
			bounded_run run -b "$B" "$PX_ID-$n"
			assert_not_contains "$out" host-secret-home "HOME with /etc/passwd -> $link"
			[ "$rc" -ne 0 ] || assert_eq "$out" "HOME=/" "HOME with /etc/passwd -> $link"
		done
	done
}

# /etc/passwd is a FIFO no one writes, or /dev/zero (which never ends): the runtime
# must neither block nor read without end; HOME falls back to "/". runc 1.1.5 opens
# it with a plain open(2) and hangs on the FIFO, so it is no control here. Seen to
# succeed with a broken build that opened it without O_NONBLOCK and without the
# regular-file check: `run` hung until the timeout.
test_passwd_fifo_or_device_no_hang() {
	skip_unless_pidbox "runc 1.1.5 blocks on a FIFO /etc/passwd (os.Open)"
	new_bundle sh -c 'echo "HOME=$HOME"'
	rm -f "$B"/rootfs/etc/passwd
	mkfifo "$B"/rootfs/etc/passwd
	bounded_run run -b "$B" "$PX_ID"
	assert_ok
	assert_eq "$out" "HOME=/" "HOME with a FIFO /etc/passwd"
	rm -f "$B"/rootfs/etc/passwd
	ln -s /dev/zero "$B"/rootfs/etc/passwd
	bounded_run run -b "$B" "$PX_ID-zero"
	assert_ok
	assert_eq "$out" "HOME=/" "HOME with /etc/passwd -> /dev/zero"
}

# exec -u NAME / -g GROUP read the image's /etc/passwd and /etc/group in the exec
# process, which holds fds of the runtime's (the sync socket, the init's pidfd,
# with -t the console socket) while it reads them, with root's capabilities.
# Through /proc/self/fd/N it would open and read one of those; a FIFO would hang
# `exec`. The names must then fail clearly ("no readable"), never hang, never
# resolve from anything but a regular file of the image. Seen to succeed with a
# broken build whose reader was a plain openat(root, "etc/group") without the
# regular-file check: with /etc/group -> /proc/self/fd/3 the exec process opened
# its own fd 3 and read it ("no group \"evil\"" instead of "no readable").
# runc 1.1.5 takes no names.
test_exec_user_names_magic_link() {
	local n
	skip_unless_pidbox "runc 1.1.5's exec -u takes numbers only"
	new_bundle sleep 1000
	must_create "$PX_ID" "$B"
	must rt start "$PX_ID"
	for n in $(seq 3 8); do
		rm -f "$B"/rootfs/etc/group
		ln -s "/proc/self/fd/$n" "$B"/rootfs/etc/group
		run timeout 30 "$RUNTIME" --root "$PX_ROOT" exec -u 5:evil "$PX_ID" id -g
		[ "$rc" -ne 124 ] || fail "exec hung with /etc/group -> /proc/self/fd/$n"
		assert_rc 255
		assert_one_error_line "no readable /etc/group"
	done
	rm -f "$B"/rootfs/etc/group
	mkfifo "$B"/rootfs/etc/group
	run timeout 30 "$RUNTIME" --root "$PX_ROOT" exec -g evil "$PX_ID" true
	[ "$rc" -ne 124 ] || fail "exec hung with a FIFO /etc/group"
	assert_one_error_line "no readable /etc/group"
}
