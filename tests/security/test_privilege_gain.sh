# Privilege gain by exec inside the container: a program in the image carries
# more than its caller has (file capabilities, the setuid bit); the config's
# process.capabilities and noNewPrivileges bound what a workload can become.
# shellcheck shell=bash

# Class: inheritable capabilities (CVE-2022-29162). Attacker: the image (a
# program with file capabilities cap_net_bind_service,cap_kill+ei) run by a
# non-root workload whose config lists no inheritable capabilities. Reaches: if
# the runtime leaves inheritable capabilities set, exec of the file raises them
# into the permitted and effective sets (P'(permitted) = P(inheritable) &
# F(inheritable)): capabilities the config never gave the user. Defence:
# runtime/process_setup.c sets the inheritable set to exactly the config's
# (empty here). Seen to succeed against a deliberately broken build (set_caps
# setting the inheritable set to the bounding set, runc's behaviour before
# 1.1.2): CapEff 0000000000000420 in the file-capability program.
test_file_caps_gain_nothing_without_inheritable() {
	command -v setcap >/dev/null || fail "setcap missing (libcap2-bin, tests/lib/deps.sh)"
	new_bundle
	mkdir "$B/rootfs/caps"
	cp "$B/rootfs/bin/busybox" "$B/rootfs/caps/cat"
	setcap cap_net_bind_service,cap_kill+ei "$B/rootfs/caps/cat" || fail "setcap"
	set_config '.process.user = {uid: 1000, gid: 1000} | .process.noNewPrivileges = false
		| .process.capabilities = {bounding: ["CAP_NET_BIND_SERVICE", "CAP_KILL"]}'
	must_in_container 'grep -E "^Cap(Inh|Prm|Eff)" /proc/self/status; /caps/cat /proc/self/status | grep -E "^Cap(Inh|Prm|Eff)" | sed s/^/file-caps-/'
	assert_eq "$(grep -c 0000000000000000 <<<"$out")" 6 "capability sets (shell, then the file-capability program)"
}

# Class: no_new_privs with setuid binaries. Attacker: the image (a setuid-root
# program) run by a non-root workload with noNewPrivileges. Reaches: root in the
# container (euid 0, and with it every file of root's in the image and whatever
# the bounding set still allows). Defence: rt_apply_no_new_privs
# (runtime/process_setup.c) before the workload's execve. The second half shows
# the setuid bit works in this image when noNewPrivileges is off, so that the
# first proves something. Seen to succeed against a deliberately broken build
# (the prctl(PR_SET_NO_NEW_PRIVS) call removed): "NoNewPrivs: 0" and "1000 0".
test_process_no_new_privileges_setuid() {
	local ids
	ids=$(helper print-ids)
	[ -x "$ids" ] || fail "$ids missing (make unit)"
	new_bundle
	cp "$ids" "$B/rootfs/bin/print-ids"
	chown 0:0 "$B/rootfs/bin/print-ids"
	chmod 4755 "$B/rootfs/bin/print-ids"
	set_config '.process.user = {uid: 1000, gid: 1000} | .process.noNewPrivileges = true'
	must_in_container 'grep NoNewPrivs /proc/self/status; print-ids'
	assert_eq "$out" $'NoNewPrivs:\t1\n1000 1000' "ids of the setuid program"
	set_config '.process.noNewPrivileges = false'
	must_in_container 'print-ids'
	assert_eq "$out" "1000 0" "without noNewPrivileges the setuid bit applies"
}
