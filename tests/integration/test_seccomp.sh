# linux.seccomp: profiles built with libseccomp and loaded last, seen from inside.
# seccomp-default.json (beside this file) is our own Docker-like profile: deny by
# default with EPERM, an allow list, argument filters on personality and clone,
# ENOSYS for clone3.
# shellcheck shell=bash

PROFILE=$TOP/tests/integration/seccomp-default.json

# set_seccomp JSON: linux.seccomp = JSON
set_seccomp() { set_config --argjson s "$1" '.linux.seccomp = $s'; }

test_seccomp_default_profile_runs_busybox() {
	new_bundle
	set_config --slurpfile p "$PROFILE" '.linux.seccomp = $p[0] | .root.readonly = false'
	must_in_container 'grep -E "^(Seccomp|NoNewPrivs):" /proc/self/status; ls / >/dev/null && mkdir /tmp/d &&
		echo hi >/tmp/d/f && cat /tmp/d/f && ps >/dev/null && echo ok'
	assert_contains "$out" "Seccomp:	2"
	assert_contains "$out" $'hi\nok'
	# what the profile denies: a new namespace through clone (EPERM), and a
	# personality it does not list
	must_in_container 'unshare -U true 2>&1; echo "rc=$?"; linux32 uname -m'
	assert_contains "$out" "rc=1" "unshare under the profile"
	assert_contains "$out" "i686" "an allowed personality (LINUX32)"
}

# The same profile without noNewPrivileges: loaded while the runtime still has
# CAP_SYS_ADMIN, before it changes user, so the workload runs as uid 1000 with
# no capabilities and NoNewPrivs 0.
test_seccomp_without_no_new_privileges() {
	new_bundle
	set_config --slurpfile p "$PROFILE" '.linux.seccomp = $p[0] | .process.noNewPrivileges = false
		| .process.user = {uid: 1000, gid: 1000}'
	must_in_container 'grep -E "^(Seccomp|NoNewPrivs|CapEff):" /proc/self/status; id -u'
	assert_contains "$out" "Seccomp:	2"
	assert_contains "$out" "NoNewPrivs:	0"
	assert_contains "$out" "1000"
}

test_seccomp_errno_mkdir() {
	new_bundle
	set_config '.root.readonly = false'
	set_seccomp '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [
		{"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1}]}'
	must_in_container 'mkdir /tmp/x 2>&1; echo "rc=$?"; test -d /tmp/x || echo absent; touch /tmp/f && echo touched'
	assert_contains "$out" "Operation not permitted"
	assert_contains "$out" $'rc=1\nabsent\ntouched'
	# errnoRet absent: EPERM too; another number is returned as is (EACCES)
	set_seccomp '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [
		{"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_ERRNO", "errnoRet": 13}]}'
	must_in_container 'mkdir /tmp/x 2>&1; true'
	assert_contains "$out" "Permission denied"
}

# defaultErrnoRet: everything not listed fails with that errno
test_seccomp_default_errno_ret() {
	new_bundle
	set_config --slurpfile p "$PROFILE" '.linux.seccomp = $p[0] | .linux.seccomp.defaultErrnoRet = 13
		| .linux.seccomp.syscalls[0].names -= ["mkdir", "mkdirat"] | .root.readonly = false'
	must_in_container 'mkdir /tmp/x 2>&1; echo "rc=$?"'
	assert_contains "$out" "Permission denied"
}

# the workload itself (exec) makes the call: its exit status is the signal's
test_seccomp_kill_process() {
	new_bundle
	set_config '.root.readonly = false'
	set_seccomp '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [
		{"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_KILL_PROCESS"}]}'
	in_container 'echo before; exec mkdir /tmp/x'
	assert_rc 159 # 128 + SIGSYS
	assert_eq "$out" before "output"
	set_seccomp '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [
		{"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_TRAP"}]}'
	in_container 'exec mkdir /tmp/x'
	assert_rc 159
	set_seccomp '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [
		{"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_KILL_THREAD"}]}'
	in_container 'exec mkdir /tmp/x'
	assert_rc 159
}

# SCMP_ACT_LOG and SCMP_ACT_TRACE (no tracer: ENOSYS) let the call proceed or fail
# as the kernel defines; the flags are accepted.
test_seccomp_log_trace_and_flags() {
	skip_unless_pidbox "runc 1.1 refuses seccomp flags"
	new_bundle
	set_config '.root.readonly = false'
	set_seccomp '{"defaultAction": "SCMP_ACT_ALLOW",
		"flags": ["SECCOMP_FILTER_FLAG_LOG", "SECCOMP_FILTER_FLAG_SPEC_ALLOW", "SECCOMP_FILTER_FLAG_TSYNC"],
		"syscalls": [{"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_LOG"},
		             {"names": ["rmdir"], "action": "SCMP_ACT_TRACE"}]}'
	must_in_container 'mkdir /tmp/x && echo made; rmdir /tmp/x 2>&1; test -d /tmp/x && echo kept'
	assert_contains "$out" "made"
	assert_contains "$out" "Function not implemented"
	assert_contains "$out" "kept"
}

# Argument filters: every operator, and two comparisons on one argument (each a
# rule of its own, so either matching denies).
test_seccomp_argument_operators() {
	local op want words
	new_bundle
	# personality(8) is LINUX32 (linux32); personality(0xffffffff) is a query
	for op in "SCMP_CMP_EQ 8 deny" "SCMP_CMP_NE 8 allow" "SCMP_CMP_LT 9 deny" "SCMP_CMP_LE 8 deny" \
		"SCMP_CMP_GT 7 deny" "SCMP_CMP_GE 9 allow" "SCMP_CMP_MASKED_EQ 8 deny"; do
		read -r -a words <<<"$op"
		set -- "${words[@]}"
		want=$3
		set_seccomp "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": [\"personality\"],
			\"action\": \"SCMP_ACT_ERRNO\", \"args\": [{\"index\": 0, \"value\": $2,
			\"valueTwo\": $([ "$1" = SCMP_CMP_MASKED_EQ ] && echo 8 || echo 0), \"op\": \"$1\"}]}]}"
		in_container 'linux32 uname -m 2>&1'
		if [ "$want" = deny ]; then
			assert_contains "$out" "Operation not permitted" "$1 $2"
		else
			assert_eq "$out" i686 "$1 $2"
		fi
	done
	set_seccomp '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["personality"],
		"action": "SCMP_ACT_ERRNO", "args": [{"index": 0, "value": 1, "op": "SCMP_CMP_EQ"},
		{"index": 0, "value": 8, "op": "SCMP_CMP_EQ"}]}]}'
	in_container 'linux32 uname -m 2>&1'
	assert_contains "$out" "Operation not permitted" "either comparison on one argument"
}

test_seccomp_bad_profiles_refused() {
	new_bundle true
	set_seccomp '{"defaultAction": "SCMP_ACT_NOPE"}'
	run rt run -b "$B" "$PX_ID"
	assert_fail
	assert_one_error_line "linux.seccomp.defaultAction: unknown action"
	set_seccomp '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["mkdir"], "action": "SCMP_ACT_KILL",
		"errnoRet": 5}]}'
	if is_pidbox; then # runc 1.1 ignores it
		run rt run -b "$B" "$PX_ID"
		assert_fail
		assert_one_error_line "linux.seccomp.syscalls[0].errnoRet: only SCMP_ACT_ERRNO and SCMP_ACT_TRACE"
	fi
	set_seccomp '{"defaultAction": "SCMP_ACT_ALLOW", "architectures": ["SCMP_ARCH_PDP11"]}'
	run rt run -b "$B" "$PX_ID"
	assert_fail
	assert_one_error_line "linux.seccomp.architectures[0]: unknown architecture"
	assert_nothing_left
}

# SCMP_ACT_NOTIFY: tests/helpers/seccomp-agent plays the agent at listenerPath. It
# gets the containerProcessState and the listener fd, and answers every mkdir
# with EXDEV, a number the kernel itself would never give for it.
test_seccomp_notify_agent() {
	local agent validate sock=$PX_TMP/agent.sock
	agent=$(helper seccomp-agent)
	[ -x "$agent" ] || fail "$agent missing (make unit)"
	bg "$agent" "$sock" "$PX_TMP/agent-state.json" 18 >"$PX_TMP/agent.out"
	wait_file "$sock"
	new_bundle
	set_config '.root.readonly = false | .annotations = {"org.example": "x"}'
	set_seccomp "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"listenerPath\": \"$sock\",
		\"listenerMetadata\": \"meta=1\",
		\"syscalls\": [{\"names\": [\"mkdir\", \"mkdirat\"], \"action\": \"SCMP_ACT_NOTIFY\"}]}"
	must_in_container 'mkdir /tmp/x 2>&1; echo "rc=$?"; test -d /tmp/x || echo absent'
	assert_contains "$out" "Invalid cross-device link"
	assert_contains "$out" $'rc=1\nabsent'
	wait "$bg_pid"
	assert_match "$(cat "$PX_TMP/agent.out")" '^mkdir(at)?$' "what the agent saw"
	assert_match "$(jq -r .ociVersion "$PX_TMP/agent-state.json")" '^1\.[0-9]+\.[0-9]+' "ociVersion"
	validate=$(jq -c '[.fds, .metadata, .state.id, .state.status, .state.annotations["org.example"],
		(.pid == .state.pid), (.pid > 0)]' "$PX_TMP/agent-state.json")
	assert_eq "$validate" "[[\"seccompFd\"],\"meta=1\",\"$PX_ID\",\"creating\",\"x\",true,true]" \
		"containerProcessState"
}

# Without noNewPrivileges the filter is loaded before the user change (only a
# CAP_SYS_ADMIN holder may load one), so a notify rule on a syscall pidbox still
# makes (setgroups, for process.user) reaches the agent during setup. The listener used
# to be sent only after setup: create waited for ever on an agent that had no
# listener yet (seen: `run` hung until the timeout). The agent answers 0.
test_seccomp_notify_before_user_change() {
	local agent sock=$PX_TMP/agent.sock
	agent=$(helper seccomp-agent)
	[ -x "$agent" ] || fail "$agent missing (make unit)"
	bg "$agent" "$sock" "$PX_TMP/agent-state.json" 0 >"$PX_TMP/agent.out"
	wait_file "$sock"
	new_bundle true
	set_config '.process.noNewPrivileges = false'
	set_seccomp "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"listenerPath\": \"$sock\",
		\"syscalls\": [{\"names\": [\"setgroups\"], \"action\": \"SCMP_ACT_NOTIFY\"}]}"
	run timeout 20 "$RUNTIME" --root "$PX_ROOT" run -b "$B" "$PX_ID"
	[ "$rc" -ne 124 ] || fail "run hung: the agent never got the listener"
	assert_ok
	wait "$bg_pid"
	assert_contains "$(cat "$PX_TMP/agent.out")" setgroups "what the agent saw"
	assert_nothing_left
}

test_seccomp_notify_needs_listener() {
	new_bundle true
	set_seccomp '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["mkdir"], "action": "SCMP_ACT_NOTIFY"}]}'
	run rt run -b "$B" "$PX_ID"
	assert_fail
	assert_one_error_line "linux.seccomp.listenerPath: required when an action is SCMP_ACT_NOTIFY"
	set_seccomp "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"listenerPath\": \"$PX_TMP/nobody.sock\",
		\"syscalls\": [{\"names\": [\"mkdir\"], \"action\": \"SCMP_ACT_NOTIFY\"}]}"
	run rt run -b "$B" "$PX_ID"
	assert_fail
	assert_one_error_line "linux.seccomp.listenerPath: connect to $PX_TMP/nobody.sock"
	assert_nothing_left
}

# The filter is loaded last, after the user change: a profile that denies the
# very syscalls pidbox needs to set the process up (setgroups, setresuid,
# capset, chdir, umask...) still gets its container, and the workload finds
# them denied.
test_seccomp_loaded_after_setup() {
	new_bundle
	set_config '.process.user = {uid: 1000, gid: 1000, additionalGids: [5]} | .process.noNewPrivileges = true
		| .process.cwd = "/tmp"'
	set_seccomp '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["setgroups", "setresuid",
		"setresgid", "setuid", "setgid", "capset", "chdir", "umask", "sched_setattr", "ioprio_set", "prctl"],
		"action": "SCMP_ACT_ERRNO", "errnoRet": 1}]}'
	must_in_container 'id -u; id -G; pwd; cd / 2>&1 || echo "cd denied"'
	assert_contains "$out" $'1000\n1000 5\n/tmp'
	assert_contains "$out" "cd denied"
}

# exec of a container whose profile has SCMP_ACT_NOTIFY: the exec'd process's
# listener reaches the agent too, with its own pid and the container's state
# (runc does this). It used to fail "this caller cannot pass the listener on".
test_seccomp_notify_exec() {
	local agent sock=$PX_TMP/agent.sock agent_pid states
	agent=$(helper seccomp-agent)
	[ -x "$agent" ] || fail "$agent missing (make unit)"
	bg "$agent" "$sock" "$PX_TMP/agent-state.json" 18 2 >"$PX_TMP/agent.out"
	agent_pid=$bg_pid
	wait_file "$sock"
	new_bundle sleep 1000
	set_config '.root.readonly = false'
	set_seccomp "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"listenerPath\": \"$sock\",
		\"syscalls\": [{\"names\": [\"mkdir\", \"mkdirat\"], \"action\": \"SCMP_ACT_NOTIFY\"}]}"
	must_create "$PX_ID" "$B"
	must rt start "$PX_ID"
	run timeout 20 "$RUNTIME" --root "$PX_ROOT" exec "$PX_ID" sh -c 'mkdir /tmp/x 2>&1; echo "rc=$?"'
	[ "$rc" -ne 124 ] || fail "exec hung: the agent never got the listener"
	assert_ok
	assert_contains "$out" "Invalid cross-device link"
	assert_contains "$out" "rc=1"
	must rt delete -f "$PX_ID"
	wait "$agent_pid"
	states=$(jq -sc '[length, .[1].pid != .[1].state.pid, .[1].pid > 0, .[1].state.status]' \
		"$PX_TMP/agent-state.json")
	assert_eq "$states" '[2,true,true,"running"]' "containerProcessState of the exec'd process"
}

# A notified write would hold the init's write to the exec fifo (and so `start`)
# on the agent: refused as runc refuses it, naming the entry.
test_seccomp_notify_write_refused() {
	new_bundle true
	set_seccomp "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"listenerPath\": \"$PX_TMP/agent.sock\",
		\"syscalls\": [{\"names\": [\"getcwd\", \"write\"], \"action\": \"SCMP_ACT_NOTIFY\"}]}"
	run rt run -b "$B" "$PX_ID"
	assert_fail
	if is_pidbox; then
		assert_one_error_line "linux.seccomp.syscalls[0].names[1]: SCMP_ACT_NOTIFY cannot be used for the write syscall"
	else
		assert_contains "$err" "SCMP_ACT_NOTIFY cannot be used for the write syscall"
	fi
	assert_nothing_left
}

# A listenerPath with no SCMP_ACT_NOTIFY anywhere is ignored (runc): the socket
# does not even exist, and nothing tries to reach it.
test_seccomp_listener_without_notify_ignored() {
	new_bundle sh -c 'echo ran'
	set_seccomp "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"listenerPath\": \"$PX_TMP/nobody.sock\",
		\"syscalls\": [{\"names\": [\"getcwd\"], \"action\": \"SCMP_ACT_ERRNO\"}]}"
	run rt run -b "$B" "$PX_ID"
	assert_ok
	assert_eq "$out" ran
	assert_nothing_left
}

# A syscall newer than every one the profile names gets ENOSYS, not the default
# errno (runc's rule, its "-ENOSYS stub"): libc then falls back to the older call
# (glibc's clone3 → clone) instead of failing with EPERM. One the profile merely
# leaves out, below its newest, keeps the default action. Here with Docker's
# profile (default EPERM): 1000 is above anything it names, kexec_load (246 on
# x86_64) is below and not allowed. Without the stub, 1000 said EPERM.
test_seccomp_enosys_for_newer_syscalls() {
	[ "$(uname -m)" = x86_64 ] || skip "syscall numbers below are x86_64's"
	new_bundle /syscall-errno 1000 246 39
	cp "$(helper syscall-errno)" "$B/rootfs/syscall-errno" || fail "syscall-errno missing (make unit)"
	set_config --slurpfile p "$PROFILE" '.linux.seccomp = $p[0]'
	run rt run -b "$B" "$PX_ID"
	assert_ok
	assert_eq "$out" $'1000 ENOSYS\n246 EPERM\n39 ok' "errno of a newer syscall, a left-out one, getpid"
	# with SCMP_ACT_ALLOW as default there is nothing to stub: the kernel's own ENOSYS
	set_config '.linux.seccomp = {defaultAction: "SCMP_ACT_ALLOW",
		syscalls: [{names: ["kexec_load"], action: "SCMP_ACT_ERRNO"}]}'
	run rt run -b "$B" "$PX_ID"
	assert_ok
	assert_eq "$out" $'1000 ENOSYS\n246 EPERM\n39 ok' "with an allowing default"
}

# The stubbed filter is loaded by pidbox itself (seccomp(2)), and then the
# SCMP_ACT_NOTIFY listener is the one that call returns: Docker's profile with a
# notify rule on mkdir still reaches the agent.
test_seccomp_notify_with_enosys_stub() {
	local agent sock=$PX_TMP/agent.sock agent_pid
	agent=$(helper seccomp-agent)
	[ -x "$agent" ] || fail "$agent missing (make unit)"
	bg "$agent" "$sock" "$PX_TMP/agent-state.json" 18 >"$PX_TMP/agent.out"
	agent_pid=$bg_pid
	wait_file "$sock"
	new_bundle
	set_config --slurpfile p "$PROFILE" --arg s "$sock" '.root.readonly = false | .linux.seccomp = ($p[0]
		| .listenerPath = $s | .syscalls |= map(.names -= ["mkdir", "mkdirat"])
		| .syscalls += [{names: ["mkdir", "mkdirat"], action: "SCMP_ACT_NOTIFY"}])'
	set_config --arg s 'mkdir /tmp/x 2>&1; echo "rc=$?"' '.process.args = ["sh", "-c", $s]'
	run timeout 20 "$RUNTIME" --root "$PX_ROOT" run -b "$B" "$PX_ID"
	[ "$rc" -ne 124 ] || fail "run hung: the agent never got the listener"
	assert_ok
	assert_contains "$out" "Invalid cross-device link"
	wait "$agent_pid"
	assert_match "$(cat "$PX_TMP/agent.out")" '^mkdir(at)?$' "what the agent saw"
}
