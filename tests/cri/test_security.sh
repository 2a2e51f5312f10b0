# The CRI security context of a container: run_as_user/run_as_group and
# supplemental groups, capabilities added and dropped, no_new_privs, a read-only
# root filesystem, privileged.
# shellcheck shell=bash

# cap_bit NAME: the bit of a capability in /proc/PID/status's masks
cap_bit() {
	case "$1" in
	NET_RAW) echo 13 ;; SYS_ADMIN) echo 21 ;; CHOWN) echo 0 ;; SYS_TIME) echo 25 ;; KILL) echo 5 ;;
	*) fail "cap_bit: $1" ;;
	esac
}

# has_cap MASK NAME: the hex mask has the capability
has_cap() { (((0x$1 >> $(cap_bit "$2")) & 1)); }

# uid, gid and groups from the security context, for the command and for ExecSync
test_security_user_groups() {
	cri_runp
	cri_run c '.linux.security_context += {run_as_user: {value: 1000}, run_as_group: {value: 1001},
		supplemental_groups: [1002, 1003]}' -- sleep 1000
	must cri_exec "$CID" 10 sh -c 'grep -E "^(Uid|Gid|Groups):" /proc/1/status; id -u; id -g'
	assert_match "$out" $'Uid:\t1000\t1000\t1000\t1000' "the command's uids"
	assert_match "$out" $'Gid:\t1001\t1001\t1001\t1001' "the command's gids"
	assert_match "$out" $'Groups:\t(.* )?1002 1003' "the command's supplementary groups"
	assert_contains "$out" $'\n1000\n1001' "exec's uid and gid"
	# a file only root may write stays out of reach
	run cri_exec "$CID" 10 sh -c 'echo x > /etc/px-test'
	assert_fail
}

# capabilities: the runtime's default set, with one added and one dropped; the
# bounding set agrees
test_security_capabilities() {
	local eff bnd
	cri_runp
	cri_run c '.linux.security_context.capabilities = {add_capabilities: ["SYS_TIME"],
		drop_capabilities: ["NET_RAW", "KILL"]}' -- sleep 1000
	must cri_exec "$CID" 10 sh -c 'grep -E "^Cap(Eff|Bnd):" /proc/1/status'
	eff=$(awk '$1 == "CapEff:" {print $2}' <<<"$out")
	bnd=$(awk '$1 == "CapBnd:" {print $2}' <<<"$out")
	has_cap "$eff" SYS_TIME || fail "SYS_TIME not effective ($eff)"
	has_cap "$bnd" SYS_TIME || fail "SYS_TIME not in the bounding set ($bnd)"
	! has_cap "$eff" NET_RAW || fail "NET_RAW still effective ($eff)"
	! has_cap "$bnd" KILL || fail "KILL still in the bounding set ($bnd)"
	has_cap "$eff" CHOWN || fail "default CHOWN missing ($eff)"
	! has_cap "$eff" SYS_ADMIN || fail "SYS_ADMIN effective without privileged ($eff)"
	# the capability works: KILL dropped, root cannot signal another user's process
	run cri_exec "$CID" 10 sh -c 'su -s /bin/sh nobody -c "sleep 30" >/dev/null 2>&1 & sleep 0.5; kill $!'
	assert_fail
	assert_contains "$err" "not permitted" "kill without CAP_KILL"
}

# no_new_privs set for the command and for ExecSync; off when not asked for
test_security_no_new_privs() {
	local plain
	cri_runp
	cri_run plain -- sleep 1000
	plain=$CID
	cri_run c '.linux.security_context.no_new_privs = true' -- sleep 1000
	must cri_exec "$CID" 10 sh -c 'grep NoNewPrivs /proc/1/status /proc/self/status'
	assert_eq "$(grep -c $'NoNewPrivs:\t1' <<<"$out")" 2 "NoNewPrivs of the command and the exec"
	must cri_exec "$plain" 10 grep NoNewPrivs /proc/self/status
	assert_eq "$out" $'NoNewPrivs:\t0' "NoNewPrivs without no_new_privs"
}

# readonly_rootfs: / cannot be written, the writable mounts CRI adds still can
# (/dev/shm, and /etc/hosts... are mounted files)
test_security_readonly_rootfs() {
	cri_runp
	cri_run c '.linux.security_context.readonly_rootfs = true' -- sleep 1000
	run cri_exec "$CID" 10 touch /px-file
	assert_fail
	assert_contains "$err" "Read-only file system" "touch /"
	must cri_exec "$CID" 10 sh -c 'touch /dev/shm/ok && echo ok'
	assert_eq "$out" ok "/dev/shm of a read-only root"
	must cri_exec "$CID" 10 sh -c 'grep " / " /proc/self/mounts'
	assert_match "$out" " ro[ ,]" "the root mount's options"
}

# privileged: every capability, host devices visible, /sys writable
test_security_privileged() {
	cri_runp '.linux.security_context.privileged = true'
	cri_run c '.linux.security_context.privileged = true' -- sleep 1000
	must cri_exec "$CID" 10 sh -c 'grep CapEff /proc/1/status; test -e /dev/kmsg && echo kmsg'
	has_cap "$(awk '$1 == "CapEff:" {print $2}' <<<"$out")" SYS_ADMIN || fail "SYS_ADMIN missing: $out"
	assert_contains "$out" kmsg "host devices of a privileged container"
}
