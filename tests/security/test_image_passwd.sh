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
