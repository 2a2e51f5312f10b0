# process: args, env, cwd, user, capabilities, noNewPrivileges, rlimits.
# shellcheck shell=bash

test_process_env() {
	new_bundle
	set_config '.process.env += ["FOO=bar baz", "EMPTY="]'
	must_in_container 'echo "$FOO|${EMPTY-unset}|$PATH"; env | grep -c ^HOSTNAME= || :'
	assert_eq "$(head -1 <<<"$out")" "bar baz||/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" "env"
}

test_process_cwd() {
	new_bundle
	mkdir -p "$B/rootfs/work/dir"
	set_config '.process.cwd = "/work/dir"'
	must_in_container pwd
	assert_eq "$out" /work/dir "cwd"
}

# runc's order: the cwd is entered while the runtime is still privileged, before
# the user change, so a workload may start in a directory it could not enter
# itself (still resolved inside the container: runtime/confine.h).
test_process_cwd_entered_before_user_change() {
	new_bundle
	chmod 700 "$B/rootfs/root"
	set_config '.process.cwd = "/root" | .process.user = {uid: 42, gid: 42}'
	must_in_container 'pwd; id -u; ls . >/dev/null 2>&1 || echo "cannot list"'
	assert_eq "$out" $'/root\n42\ncannot list' "cwd, uid"
}

test_process_user() {
	new_bundle
	set_config '.process.user = {uid: 65534, gid: 65534} | .root.readonly = false'
	must_in_container 'id -u; id -g; touch /tmp/f && stat -c "%u:%g" /tmp/f'
	assert_eq "$out" $'65534\n65534\n65534:65534' "ids inside"
}

test_process_additional_gids() {
	new_bundle
	set_config '.process.user = {uid: 1000, gid: 1000, additionalGids: [5, 65534]}'
	must_in_container 'id -u; id -g; id -G'
	assert_eq "$out" $'1000\n1000\n1000 5 65534' "ids inside"
}

test_process_args_verbatim() {
	new_bundle sh -c 'for a in "$@"; do echo "[$a]"; done' sh 'a b' '' '$HOME' '*'
	must rt run -b "$B" "$PX_ID"
	assert_eq "$out" $'[a b]\n[]\n[$HOME]\n[*]' "arguments"
}

# capabilities: exactly the configured sets, read from /proc/self/status inside.
# CAP_KILL is 5, CAP_NET_BIND_SERVICE 10, CAP_AUDIT_WRITE 29: the mask is 0x20000420.
# The workload runs as uid 0, and execve as root makes effective = permitted
# (capabilities(7)); noNewPrivileges keeps permitted from growing to the bounding set.
test_process_capabilities_exact() {
	new_bundle
	set_config '.process.capabilities = {bounding: ["CAP_KILL", "CAP_NET_BIND_SERVICE", "CAP_AUDIT_WRITE"],
		effective: ["CAP_KILL"], permitted: ["CAP_KILL", "CAP_NET_BIND_SERVICE"],
		inheritable: [], ambient: []}'
	must_in_container 'grep -E "^Cap(Inh|Prm|Eff|Bnd|Amb):" /proc/self/status'
	assert_contains "$out" "CapInh:	0000000000000000"
	assert_contains "$out" "CapPrm:	0000000000000420"
	assert_contains "$out" "CapEff:	0000000000000420"
	assert_contains "$out" "CapBnd:	0000000020000420"
	assert_contains "$out" "CapAmb:	0000000000000000"
}

# a non-root user keeps the configured capabilities across the uid change
test_process_capabilities_non_root() {
	new_bundle
	set_config '.process.user = {uid: 1000, gid: 1000}
		| .process.capabilities = {bounding: ["CAP_NET_BIND_SERVICE"], effective: ["CAP_NET_BIND_SERVICE"],
		   permitted: ["CAP_NET_BIND_SERVICE"], inheritable: ["CAP_NET_BIND_SERVICE"],
		   ambient: ["CAP_NET_BIND_SERVICE"]}'
	must_in_container 'id -u; grep -E "^Cap(Eff|Amb):" /proc/self/status'
	assert_contains "$out" "1000"
	assert_contains "$out" "CapEff:	0000000000000400"
	assert_contains "$out" "CapAmb:	0000000000000400"
}

test_process_no_new_privileges() {
	new_bundle
	set_config '.process.noNewPrivileges = true'
	must_in_container 'grep NoNewPrivs /proc/self/status'
	assert_contains "$out" "NoNewPrivs:	1"
	set_config '.process.noNewPrivileges = false'
	must_in_container 'grep NoNewPrivs /proc/self/status'
	assert_contains "$out" "NoNewPrivs:	0"
}

test_process_rlimits() {
	new_bundle
	set_config '.process.rlimits = [{type: "RLIMIT_NOFILE", soft: 512, hard: 1024},
		{type: "RLIMIT_CORE", soft: 0, hard: 0}]'
	must_in_container 'ulimit -Sn; ulimit -Hn; ulimit -c'
	assert_eq "$out" $'512\n1024\n0' "limits inside"
}

# Root on our machines lacks CAP_SYS_RESOURCE: raising a hard limit above the
# runtime's own fails with EPERM, and the error says why.
test_process_rlimit_raise_hard_refused() {
	local hard
	hard=$(ulimit -Hn)
	[ "$hard" != unlimited ] || skip "hard RLIMIT_NOFILE is unlimited here"
	if grep -q '^CapEff:.*' /proc/self/status && capsh --has-p=cap_sys_resource 2>/dev/null; then
		skip "this runtime has CAP_SYS_RESOURCE: raising the hard limit is allowed"
	fi
	new_bundle true
	set_config --argjson h "$((hard + 1))" '.process.rlimits = [{type: "RLIMIT_NOFILE", soft: 1024, hard: $h}]'
	run rt run -b "$B" "$PX_ID"
	assert_fail
	assert_one_error_line "RLIMIT_NOFILE"
	is_pidbox && assert_contains "$err" "cannot raise the hard limit" "stderr"
	assert_nothing_left
}

# The workload starts with every signal at its default and none blocked, even when
# whoever started the runtime ignored or blocked some (dispositions and the mask
# survive execve), glibc's internal 32 and 33 included. (runc 1.1 hands on an
# ignored 32 and a blocked SIGUSR2.)
test_process_signals_reset() {
	skip_unless_pidbox "hands on ignored and blocked signals"
	new_bundle
	set_config '.process.args = ["grep", "-E", "^Sig(Ign|Blk)", "/proc/self/status"]'
	run "$(helper sig-ignoring)" "$RUNTIME" --root "$PX_ROOT" run -b "$B" "$PX_ID"
	[ "$rc" -eq 0 ] || fail "run failed (rc=$rc): $err"
	assert_eq "$(awk '$1 == "SigIgn:" { print $2 }' <<<"$out")" 0000000000000000 "SigIgn"
	assert_eq "$(awk '$1 == "SigBlk:" { print $2 }' <<<"$out")" 0000000000000000 "SigBlk"
}
