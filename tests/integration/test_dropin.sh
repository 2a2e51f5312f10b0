# What Docker, buildah and containerd's CRI plugin leave to the runtime, as runc
# does it (issue 12): HOME from the image's passwd, runc's wording for a workload
# that cannot be started, stdio the container's user can reopen, exec's own session.
# shellcheck shell=bash

test_dropin_home() {
	new_bundle
	must_in_container 'echo "$HOME"'
	assert_eq "$out" /root "HOME of uid 0"
	set_config '.process.user = {uid: 65534, gid: 65534}'
	must_in_container 'echo "$HOME"'
	assert_eq "$out" /nonexistent "HOME of uid 65534"
	set_config '.process.user = {uid: 4242, gid: 4242}'
	must_in_container 'echo "$HOME"'
	assert_eq "$out" / "HOME of a uid without a passwd entry"
	set_config '.process.env += ["HOME=/given"]'
	must_in_container 'echo "$HOME"'
	assert_eq "$out" /given "HOME from process.env"
}

# /etc/passwd a symlink, absolute or relative: followed inside the rootfs
test_dropin_home_passwd_symlink() {
	new_bundle
	mkdir -p "$B"/rootfs/data
	printf 'root:x:0:0:root:/from-link:/bin/sh\n' >"$B"/rootfs/data/pw
	rm "$B"/rootfs/etc/passwd
	ln -s /data/pw "$B"/rootfs/etc/passwd
	must_in_container 'echo "$HOME"'
	assert_eq "$out" /from-link "HOME through an absolute symlink"
	ln -sf ../data/pw "$B"/rootfs/etc/passwd
	must_in_container 'echo "$HOME"'
	assert_eq "$out" /from-link "HOME through a relative symlink"
	rm "$B"/rootfs/etc/passwd
	must_in_container 'echo "$HOME"'
	assert_eq "$out" / "HOME without /etc/passwd"
}

test_dropin_home_exec() {
	new_bundle sleep 1000
	must_create "$PX_ID" "$B"
	must rt start "$PX_ID"
	wait_status running
	must rt exec "$PX_ID" sh -c 'echo "$HOME"'
	assert_eq "$out" /root "HOME of exec"
	must rt exec --user 65534:65534 "$PX_ID" sh -c 'echo "$HOME"'
	assert_eq "$out" /nonexistent "HOME of exec --user"
	must rt exec --env HOME=/x "$PX_ID" sh -c 'echo "$HOME"'
	assert_eq "$out" /x "HOME of exec --env"
}

# Docker maps "no such file or directory" (with the command) to 127 and
# "permission denied" to 126: the words are runc's (Go's exec.LookPath)
test_dropin_exec_error_wording() {
	new_bundle /nonexistent
	run rt run -b "$B" "$PX_ID"
	assert_fail
	# (runc's log line escapes the quotes)
	assert_match "$err" 'exec: \\?"/nonexistent\\?": stat /nonexistent: no such file or directory' "error"
	new_bundle /etc/passwd
	run rt run -b "$B" "$PX_ID"
	assert_fail
	assert_match "$err" 'exec: \\?"/etc/passwd\\?": permission denied' "error"
	new_bundle no-such-command
	run rt run -b "$B" "$PX_ID"
	assert_fail
	assert_match "$err" 'exec: \\?"no-such-command\\?": executable file not found in \$PATH' "error"
}

# a non-root workload reopens its stdio by path (/dev/stdout): the pipes it was
# given are chowned to its uid, as runc does
test_dropin_stdio_owner() {
	new_bundle
	set_config '.process.user = {uid: 65534, gid: 65534}'
	must_in_container 'echo to-stdout >/dev/stdout && echo to-stderr >/proc/self/fd/2'
	assert_eq "$out" to-stdout "stdout reopened by path"
	assert_eq "$err" to-stderr "stderr reopened by path"
}

# stdio that is the caller's terminal (a `run` without process.terminal, from a
# shell) is not given to the container's uid: every host process of that uid could
# then open the caller's terminal (runc chowns it; pidbox leaves character devices)
test_dropin_stdio_caller_tty_kept() {
	skip_unless_pidbox "runc chowns any stdio but /dev/null"
	# shellcheck source=tests/lib/tty-run.sh
	. "$TOP"/tests/lib/tty-run.sh
	new_bundle
	set_config '.process.user = {uid: 65534, gid: 65534} | .process.args = ["sh", "-c", "stat -L -c owner=%u /proc/self/fd/0"]'
	tty_run "$RUNTIME" --root "$PX_ROOT" run -b "$B" "$PX_ID"
	assert_ok
	assert_contains "$out" owner=0 "owner of the caller's terminal, seen inside"
}

# exec without a terminal leads its own session and process group
test_dropin_exec_session() {
	new_bundle sleep 1000
	must_create "$PX_ID" "$B"
	must rt start "$PX_ID"
	wait_status running
	must rt exec "$PX_ID" sh -c 'read -r s </proc/self/stat; set -- $s; echo "$1 $5 $6"'
	local pid pgrp sid
	read -r pid pgrp sid <<<"$out"
	assert_eq "$sid" "$pid" "session of the exec'd process"
	assert_eq "$pgrp" "$pid" "process group of the exec'd process"
}

# a network namespace the runtime creates has its loopback up (runc's "loopback")
test_dropin_loopback_up() {
	new_bundle
	must_in_container 'cat /sys/class/net/lo/operstate; ip -o link show lo'
	assert_match "$out" '<LOOPBACK,UP,LOWER_UP>' "lo in a new network namespace"
}

# a missing process.cwd is created (0755, owned by root), as runc does: the CRI
# plugin passes an image's WORKDIR as it is
test_dropin_cwd_created() {
	new_bundle
	set_config '.process.cwd = "/new/work/dir" | .root.readonly = false | .process.user = {uid: 65534, gid: 65534}'
	must_in_container 'pwd; stat -c "%a %u" /new /new/work/dir'
	assert_eq "$out" $'/new/work/dir\n755 0\n755 0' "cwd made"
}

# the cwd is made inside the rootfs only: through a symlink that dangles, nothing is
# created where it points (refused, as a dangling symlink)
test_dropin_cwd_dangling_symlink_refused() {
	new_bundle
	ln -s "/../../../$PX_TMP/outside" "$B"/rootfs/link
	set_config '.process.cwd = "/link/dir" | .root.readonly = false'
	in_container pwd
	if [ "$rc" -eq 0 ]; then
		# runc makes it at the symlink's target, resolved inside the rootfs
		assert_eq "$out" /link/dir "cwd"
	fi
	[ ! -e "$PX_TMP/outside" ] || fail "a directory was made outside the rootfs"
}
