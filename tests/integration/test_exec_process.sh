# exec with the process settings of the container: its seccomp filter, and a
# terminal handed to the engine (-t --console-socket).
# shellcheck shell=bash

RECV=$(helper console-recv)

exec_sleeper() {
	new_bundle sleep 1000
	[ -z "${1:-}" ] || set_config "$1"
	must_create "$PX_ID" "$B"
	must rt start "$PX_ID"
	wait_status running
}

# The container's seccomp filter binds exec'd processes too.
test_exec_inherits_seccomp() {
	exec_sleeper '.root.readonly = false | .linux.seccomp = {defaultAction: "SCMP_ACT_ALLOW",
		syscalls: [{names: ["mkdir", "mkdirat"], action: "SCMP_ACT_ERRNO", errnoRet: 1}]}'
	run rt exec "$PX_ID" sh -c 'grep ^Seccomp: /proc/self/status; mkdir /tmp/x 2>&1; echo "rc=$?"; touch /tmp/f && echo touched'
	assert_ok
	assert_contains "$out" "Seccomp:	2"
	assert_contains "$out" "Operation not permitted"
	assert_contains "$out" $'rc=1\ntouched'
}

# -t --console-socket: the engine gets the pty master; the process has the slave
# as its controlling terminal and stdio. Detached, as containerd and conmon run it.
test_exec_tty_console_socket() {
	local pid
	[ -x "$RECV" ] || fail "$RECV missing (make unit)"
	exec_sleeper
	bg "$RECV" "$PX_TMP/console.sock" 20 $'tty; [ -t 0 ] && [ -t 1 ] && [ -t 2 ] && echo all-tty-$((6*7)); exit 5\n' \
		>"$PX_TMP/console.out" 2>"$PX_TMP/console.err"
	local engine=$bg_pid
	wait_file "$PX_TMP/console.sock"
	echo "\$ exec -d -t --console-socket console.sock --pid-file p sh"
	rt exec -d -t --console-socket "$PX_TMP/console.sock" --pid-file "$PX_TMP/p" "$PX_ID" sh \
		</dev/null >"$PX_TMP/exec.out" 2>&1
	rc=$?
	cat "$PX_TMP/exec.out"
	assert_ok
	pid=$(cat "$PX_TMP/p")
	wait "$engine"
	local screen
	screen=$(tr -d '\r' <"$PX_TMP/console.out")
	echo "screen: $screen"
	assert_match "$screen" $'/dev/pts/[0-9]+\nall-tty-42' "screen"
	wait_gone "$pid"
}

test_exec_tty_errors() {
	exec_sleeper
	# (in the foreground -t proxies a pty of its own: test_dropin_exec_tty_foreground)
	run rt exec -d -t "$PX_ID" true
	assert_rc 255
	assert_one_error_line "console-socket"
	bg "$RECV" "$PX_TMP/console.sock" 5 ''
	wait_file "$PX_TMP/console.sock"
	run rt exec -d --console-socket "$PX_TMP/console.sock" "$PX_ID" true
	assert_rc 255
	assert_one_error_line "console-socket"
}

# process.execCPUAffinity: "final" is the exec'd process's affinity inside the
# container ("initial" applies only before it joins the cgroup); create ignores
# both (not applicable to the init).
test_exec_cpu_affinity() {
	local cpus
	cpus=$(nproc)
	[ "$cpus" -ge 2 ] || skip "needs 2 CPUs"
	is_pidbox || skip "runc 1.1 has no execCPUAffinity"
	exec_sleeper '.process.execCPUAffinity = {initial: "0", final: "1"}'
	jq '.process | .args = ["sh", "-c", "grep Cpus_allowed_list /proc/self/status"]' "$B/config.json" \
		>"$PX_TMP/p.json"
	must rt exec -p "$PX_TMP/p.json" "$PX_ID"
	assert_contains "$out" "Cpus_allowed_list:	1" "exec'd process"
	# without "final" the kernel decides (a cpuset cgroup resets it): only check it runs
	jq '.process | .args = ["true"] | del(.execCPUAffinity.final)' "$B/config.json" >"$PX_TMP/p2.json"
	must rt exec -p "$PX_TMP/p2.json" "$PX_ID"
	# the init is not affected
	assert_not_contains "$(grep Cpus_allowed_list "/proc/$(state_pid)/status")" "	1"$'\n' "init"
	jq '.process | .execCPUAffinity.final = "0-99999"' "$B/config.json" >"$PX_TMP/bad.json"
	run rt exec -p "$PX_TMP/bad.json" "$PX_ID"
	assert_rc 255
	assert_one_error_line "execCPUAffinity.final"
}

# conmon's and containerd's way: the terminal comes from the process.json
# (terminal: true), with --detach, --pid-file and --console-socket
test_exec_tty_from_process_file() {
	local engine screen
	exec_sleeper
	jq '.process | .terminal = true | .args = ["sh"]' "$B/config.json" >"$PX_TMP/p.json"
	bg "$RECV" "$PX_TMP/console.sock" 20 $'[ -t 0 ] && echo tty-$((6*7)); exit\n' \
		>"$PX_TMP/console.out" 2>"$PX_TMP/console.err"
	engine=$bg_pid
	wait_file "$PX_TMP/console.sock"
	echo "\$ exec --process p.json --detach --pid-file p --console-socket console.sock"
	rt exec --process "$PX_TMP/p.json" --detach --pid-file "$PX_TMP/p" --console-socket "$PX_TMP/console.sock" \
		"$PX_ID" </dev/null >"$PX_TMP/exec.out" 2>&1
	rc=$?
	cat "$PX_TMP/exec.out"
	assert_ok
	wait "$engine"
	screen=$(tr -d '\r' <"$PX_TMP/console.out")
	echo "screen: $screen"
	assert_contains "$screen" "tty-42" "screen"
}

# --apparmor / --process-label label the exec'd process where the host has the
# LSM; where it has not (our hosts), exec refuses instead of running unconfined.
test_exec_lsm_labels() {
	exec_sleeper
	if [ "$(cat /sys/module/apparmor/parameters/enabled 2>/dev/null)" = Y ]; then
		must rt exec --apparmor unconfined "$PX_ID" cat /proc/self/attr/current
		assert_contains "$out" unconfined "AppArmor label"
	else
		run rt exec --apparmor pidbox-test-profile "$PX_ID" true
		assert_rc 255
		assert_one_error_line "AppArmor is not enabled"
	fi
	if grep -qw selinuxfs /proc/self/mountinfo; then
		skip "SELinux host: the label test needs a policy of ours"
	fi
	run rt exec --process-label system_u:system_r:container_t:s0 "$PX_ID" true
	assert_rc 255
	assert_one_error_line "SELinux is not enabled"
}
