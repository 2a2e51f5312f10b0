# --read-only, capabilities, no-new-privileges, Docker's default seccomp profile.
# shellcheck shell=bash

test_read_only() {
	run dkr run --rm --read-only "$IMG" touch /newfile
	assert_fail
	assert_contains "$err" "Read-only file system" "touch on a read-only root"
	# a tmpfs is still writable, with the size asked
	must dkr run --rm --read-only --tmpfs /scratch:size=1m "$IMG" sh -c 'echo x >/scratch/f && cat /scratch/f && df -k /scratch | tail -1'
	assert_eq "$(echo "$out" | head -1)" x "write to --tmpfs"
	assert_match "$(echo "$out" | tail -1)" '^tmpfs +1024 ' "size of --tmpfs"
}

test_capabilities() {
	# Docker's default set: no SYS_ADMIN, and chown works
	must dkr run --rm "$IMG" sh -c 'grep CapEff /proc/self/status; chown 65534 /tmp && echo chown-ok'
	assert_contains "$out" chown-ok "chown with the default caps"
	local eff
	eff=$(echo "$out" | awk '/CapEff/ {print $2}')
	[ $((0x$eff & (1 << 21))) -eq 0 ] || fail "CAP_SYS_ADMIN in the default set ($eff)"
	run dkr run --rm --cap-drop CHOWN "$IMG" chown 65534 /tmp
	assert_fail
	must dkr run --rm --cap-add NET_ADMIN "$IMG" grep CapEff /proc/self/status
	eff=$(echo "$out" | awk '{print $2}')
	[ $((0x$eff & (1 << 12))) -ne 0 ] || fail "--cap-add NET_ADMIN: not in CapEff ($eff)"
	must dkr run --rm --cap-drop ALL "$IMG" grep -E 'Cap(Eff|Bnd)' /proc/self/status
	assert_eq "$(echo "$out" | awk '{print $2}' | sort -u)" 0000000000000000 "caps with --cap-drop ALL"
	# a non-root user keeps no capability
	must dkr run --rm -u 65534 "$IMG" grep CapEff /proc/self/status
	assert_eq "$(echo "$out" | awk '{print $2}')" 0000000000000000 "CapEff of a non-root user"
}

test_no_new_privileges() {
	must dkr run --rm --security-opt no-new-privileges "$IMG" grep NoNewPrivs /proc/self/status
	assert_match "$out" 'NoNewPrivs:[[:space:]]+1' "no-new-privileges"
	must dkr run --rm "$IMG" grep NoNewPrivs /proc/self/status
	assert_match "$out" 'NoNewPrivs:[[:space:]]+0' "without no-new-privileges"
}

test_seccomp_default() {
	# Docker's default profile is a filter (mode 2) that refuses, for one, unshare
	# of a user namespace even to root
	must dkr run --rm "$IMG" grep '^Seccomp:' /proc/self/status
	assert_match "$out" 'Seccomp:[[:space:]]+2' "seccomp mode"
	run dkr run --rm "$IMG" unshare -U true
	assert_fail
	must dkr run --rm --security-opt seccomp=unconfined "$IMG" grep '^Seccomp:' /proc/self/status
	assert_match "$out" 'Seccomp:[[:space:]]+0' "seccomp=unconfined"
}
