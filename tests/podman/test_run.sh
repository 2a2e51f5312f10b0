# podman run: foreground, exit codes, stdin, detached with logs, inspect, -t,
# --init, top.
# shellcheck shell=bash

test_run_foreground() {
	must pod run --rm "$IMG" sh -c 'echo hello; echo to-stderr >&2'
	assert_contains "$out" hello "stdout"
	assert_contains "$err" to-stderr "stderr"
}

test_run_exit_code() {
	run pod run --rm "$IMG" sh -c 'exit 7'
	assert_rc 7
}

test_run_stdin() {
	echo "\$ echo hi | podman run -i cat"
	out=$(echo hi-from-stdin | pod run -i --rm "$IMG" cat)
	rc=$?
	assert_ok
	assert_eq "$out" hi-from-stdin "stdout"
}

# run -d, then `podman logs` shows what the container wrote to stdout and stderr
test_run_detach_logs() {
	must pod run -d --name "$PX_ID" "$IMG" sh -c 'echo line-out; echo line-err >&2; sleep 1000'
	pod_wait_log "$PX_ID" line-out
	pod_wait_log "$PX_ID" line-err
	assert_eq "$(pod_state "$PX_ID")" running "status"
	must pod rm -f -t 0 "$PX_ID"
}

# inspect: the container runs under the runtime asked for, its pid is a real process
# in its own pid namespace, and the exit code is recorded
test_inspect() {
	local pid
	must pod run -d --name "$PX_ID" "$IMG" sh -c 'trap "exit 3" TERM; while :; do sleep 0.1; done'
	must pod_inspect "$PX_ID" '{{.OCIRuntime}}'
	assert_eq "$out" "$RUNTIME" "OCIRuntime"
	must pod_inspect "$PX_ID" '{{.State.Pid}}'
	pid=$out
	[ "$pid" -gt 0 ] || fail "State.Pid is $pid"
	[ -d "/proc/$pid" ] || fail "State.Pid $pid is not a process"
	assert_ne "$(readlink "/proc/$pid/ns/pid")" "$(readlink /proc/self/ns/pid)" "pid namespace"
	assert_eq "$(cat "/proc/$pid/comm")" sh "comm of State.Pid"
	must pod stop -t 10 "$PX_ID"
	must pod_inspect "$PX_ID" '{{.State.Status}} {{.State.ExitCode}}'
	assert_eq "$out" "exited 3" "state after stop"
}

test_run_tty() {
	pod_argv run --rm -t "$IMG" sh -c 'tty; test -t 1 && echo stdout-is-a-tty'
	tty_run "${pod_cmd[@]}"
	assert_ok
	assert_match "$out" '/dev/pts/[0-9]+' "tty of run -t"
	assert_contains "$out" stdout-is-a-tty "run -t"
	pod_argv run --rm -t "$IMG" sh -c 'exit 6'
	tty_run "${pod_cmd[@]}"
	assert_rc 6
}

# --init: catatonit is pid 1, the command its child; a TERM from stop is forwarded to
# the command (which dies of it, at once, instead of waiting for the KILL)
test_init() {
	local t0 t1
	must pod run --rm --init "$IMG" sh -c 'cat /proc/1/cmdline | tr "\0" " "; echo; echo $$'
	assert_contains "$(sed -n 1p <<<"$out")" "/run/podman-init -- sh" "pid 1 with --init"
	assert_ne "$(sed -n 2p <<<"$out")" 1 "pid of the command"
	must pod run -d --init --name "$PX_ID" "$IMG" sleep 1000
	pod_wait_state "$PX_ID" running
	t0=$(date +%s)
	must pod stop -t 20 "$PX_ID"
	t1=$(date +%s)
	[ $((t1 - t0)) -lt 10 ] || fail "stop took $((t1 - t0))s: TERM was not forwarded"
	must pod_inspect "$PX_ID" '{{.State.ExitCode}}'
	assert_eq "$out" 143 "exit code (TERM)"
}

test_top() {
	must pod run -d --name "$PX_ID" "$IMG" sh -c 'sleep 1000 & sleep 1001 & wait'
	pod_wait_state "$PX_ID" running
	sleep 0.5
	must pod top "$PX_ID" pid args
	assert_match "$out" '(^|[[:space:]])1[[:space:]]+sh -c' "pid 1 in top"
	assert_contains "$out" "sleep 1000" "child in top"
	assert_contains "$out" "sleep 1001" "child in top"
}

# pidbox's own init, asked for the only way podman can pass it (an annotation): it is
# pid 1, the command its child, and it forwards stop's TERM
test_pidbox_init_annotation() {
	local t0 t1
	skip_unless_pidbox "run.oci.pidbox.init is pidbox's annotation"
	must pod run --rm --annotation run.oci.pidbox.init=true "$IMG" sh -c 'cat /proc/1/comm; echo $$'
	assert_eq "$out" "pidbox-init
2" "pid 1 and the command's pid"
	must pod run -d --annotation run.oci.pidbox.init=true --name "$PX_ID" "$IMG" sleep 1000
	pod_wait_state "$PX_ID" running
	t0=$(date +%s)
	must pod stop -t 20 "$PX_ID"
	t1=$(date +%s)
	[ $((t1 - t0)) -lt 10 ] || fail "stop took $((t1 - t0))s: TERM was not forwarded"
	must pod_inspect "$PX_ID" '{{.State.ExitCode}}'
	assert_eq "$out" 143 "exit code (TERM)"
}
