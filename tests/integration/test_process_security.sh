# process: capabilities a container was not given cannot be used, every set is
# exact, noNewPrivileges holds across a setuid-root binary; AppArmor and SELinux
# labels are refused clearly on hosts without them.
# shellcheck shell=bash

CAPS='grep -E "^(Cap(Inh|Prm|Eff|Bnd|Amb)|NoNewPrivs):" /proc/self/status'

# CAP_CHOWN (0) is needed to chown a file to someone else, even as root.
test_process_caps_not_given_cannot_be_used() {
	new_bundle
	set_config '.root.readonly = false'
	must_in_container 'touch /tmp/f; chown 1234 /tmp/f 2>&1; echo "rc=$?"'
	assert_contains "$out" "Operation not permitted"
	assert_contains "$out" "rc=1"
	set_config '.process.capabilities.bounding += ["CAP_CHOWN"] | .process.capabilities.effective += ["CAP_CHOWN"]
		| .process.capabilities.permitted += ["CAP_CHOWN"]'
	must_in_container 'touch /tmp/f; chown 1234 /tmp/f && stat -c %u /tmp/f'
	assert_eq "$out" 1234 "owner after chown with CAP_CHOWN"
}

# Root with all five sets given: each one exactly as configured. CAP_CHOWN 0,
# CAP_KILL 5, CAP_NET_BIND_SERVICE 10, CAP_SYS_ADMIN 21.
test_process_caps_all_sets_root() {
	new_bundle
	set_config '.process.noNewPrivileges = true | .process.capabilities = {
		bounding: ["CAP_CHOWN", "CAP_KILL", "CAP_NET_BIND_SERVICE", "CAP_SYS_ADMIN"],
		effective: ["CAP_CHOWN", "CAP_KILL"], permitted: ["CAP_CHOWN", "CAP_KILL", "CAP_NET_BIND_SERVICE"],
		inheritable: ["CAP_KILL", "CAP_NET_BIND_SERVICE"], ambient: ["CAP_KILL"]}'
	must_in_container "$CAPS"
	assert_contains "$out" "CapInh:	0000000000000420"
	# execve as root treats the file as fully capable, so permitted would grow to
	# the bounding set; noNewPrivileges keeps it to what it was, and effective
	# becomes permitted (capabilities(7))
	assert_contains "$out" "CapPrm:	0000000000000421"
	assert_contains "$out" "CapEff:	0000000000000421"
	assert_contains "$out" "CapBnd:	0000000000200421"
	assert_contains "$out" "CapAmb:	0000000000000020"
	assert_contains "$out" "NoNewPrivs:	1"
}

# A user other than root: execve clears permitted and effective but for the
# ambient set, which is exactly what the workload keeps.
test_process_caps_non_root_exact() {
	new_bundle
	set_config '.process.user = {uid: 1000, gid: 1000} | .process.capabilities = {
		bounding: ["CAP_KILL", "CAP_NET_BIND_SERVICE", "CAP_NET_RAW"],
		effective: ["CAP_KILL", "CAP_NET_BIND_SERVICE"], permitted: ["CAP_KILL", "CAP_NET_BIND_SERVICE"],
		inheritable: ["CAP_KILL", "CAP_NET_BIND_SERVICE"], ambient: ["CAP_NET_BIND_SERVICE"]}'
	must_in_container "$CAPS"
	assert_contains "$out" "CapInh:	0000000000000420"
	assert_contains "$out" "CapPrm:	0000000000000400"
	assert_contains "$out" "CapEff:	0000000000000400"
	assert_contains "$out" "CapBnd:	0000000000002420"
	assert_contains "$out" "CapAmb:	0000000000000400"
}

# No capability at all: the workload is root without any power.
test_process_caps_none() {
	new_bundle
	set_config '.process.capabilities = {bounding: [], effective: [], permitted: [], inheritable: [], ambient: []}
		| .root.readonly = false'
	must_in_container "$CAPS"'; touch /tmp/f; chown 1 /tmp/f 2>/dev/null || echo denied'
	assert_contains "$out" "CapEff:	0000000000000000"
	assert_contains "$out" "CapBnd:	0000000000000000"
	assert_contains "$out" "denied"
}

# A capability name this runtime does not know (a newer kernel's, or a typo) is
# ignored, as runc 1.2+ does, so configs written for newer systems still run; the
# known names of the same sets still apply, and --debug names what was ignored.
test_process_caps_unknown_ignored() {
	skip_unless_pidbox "runc 1.1.5 refuses unknown capabilities (runc 1.2+ ignores them)"
	new_bundle
	set_config --arg s "$CAPS" '.process.args = ["sh", "-c", $s]
		| .process.capabilities |= with_entries(.value += ["CAP_NO_SUCH", "cap_kill"])'
	run rt --debug run -b "$B" "$PX_ID"
	assert_ok
	assert_contains "$err" 'process.capabilities.bounding[3]: ignoring unknown capability \"CAP_NO_SUCH'
	# CAP_KILL (5) CAP_NET_BIND_SERVICE (10) CAP_AUDIT_WRITE (29), nothing more
	assert_contains "$out" "CapBnd:	0000000020000420"
	assert_contains "$out" "CapEff:	0000000020000420"
	# a set that is not a list of strings is still refused
	set_config '.process.capabilities.bounding = [1]'
	run rt run -b "$B" "$PX_ID-2"
	assert_fail
	assert_one_error_line "process.capabilities.bounding[0]: must be a string"
}

test_process_rlimit_bad_values() {
	new_bundle true
	set_config '.process.rlimits = [{type: "RLIMIT_NOFILE", soft: 2048, hard: 1024}]'
	run rt run -b "$B" "$PX_ID"
	assert_fail
	assert_one_error_line "process.rlimits[0]: soft limit 2048 exceeds hard limit 1024"
	set_config '.process.rlimits = [{type: "RLIMIT_NOPE", soft: 1, hard: 1}]'
	run rt run -b "$B" "$PX_ID"
	assert_fail
	assert_one_error_line "process.rlimits[0].type: unknown rlimit"
	assert_nothing_left
}

# This host has no AppArmor and no SELinux: a label is refused, never ignored.
test_process_apparmor_refused_without_apparmor() {
	[ "$(cat /sys/module/apparmor/parameters/enabled 2>/dev/null)" = Y ] && skip "this host has AppArmor"
	skip_unless_pidbox "runc ignores apparmorProfile when AppArmor is off"
	new_bundle true
	set_config '.process.apparmorProfile = "docker-default"'
	run rt run -b "$B" "$PX_ID"
	assert_fail
	assert_one_error_line "process.apparmorProfile: AppArmor is not enabled on this host"
	assert_nothing_left
}

test_process_selinux_refused_without_selinux() {
	[ -d /sys/fs/selinux ] && skip "this host has SELinux"
	skip_unless_pidbox "runc ignores SELinux labels when SELinux is off"
	new_bundle true
	set_config '.process.selinuxLabel = "system_u:system_r:container_t:s0"'
	run rt run -b "$B" "$PX_ID"
	assert_fail
	assert_one_error_line "process.selinuxLabel: SELinux is not enabled on this host"
	set_config 'del(.process.selinuxLabel) | .linux.mountLabel = "system_u:object_r:container_file_t:s0"'
	run rt run -b "$B" "$PX_ID"
	assert_fail
	assert_one_error_line "linux.mountLabel: SELinux is not enabled on this host"
	# empty labels mean "none"
	set_config '.linux.mountLabel = "" | .process.selinuxLabel = "" | .process.apparmorProfile = ""'
	must rt run -b "$B" "$PX_ID"
	assert_nothing_left
}
