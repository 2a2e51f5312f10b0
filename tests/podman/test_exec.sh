# podman exec, with and without a terminal.
# shellcheck shell=bash

test_exec() {
	must pod run -d --name "$PX_ID" "$IMG" sleep 1000
	pod_wait_state "$PX_ID" running
	# the exec'd process is in the container's pid namespace, beside its pid 1
	must pod exec "$PX_ID" sh -c 'cat /proc/1/comm; echo err-line >&2'
	assert_eq "$out" sleep "pid 1 seen by exec"
	assert_eq "$err" err-line "stderr of exec"
	run pod exec "$PX_ID" sh -c 'exit 4'
	assert_rc 4
	echo "\$ echo in | podman exec -i cat"
	out=$(echo in-through-stdin | pod exec -i "$PX_ID" cat)
	assert_eq "$out" in-through-stdin "stdin of exec -i"
	# exec with another user, workdir and environment
	must pod exec -u 65534 -w /tmp -e FOO=bar "$PX_ID" sh -c 'id -u; pwd; echo $FOO'
	assert_eq "$out" "65534
/tmp
bar" "user, cwd, env of exec"
}

test_exec_tty() {
	must pod run -d --name "$PX_ID" "$IMG" sleep 1000
	pod_wait_state "$PX_ID" running
	pod_argv exec -t "$PX_ID" sh -c 'tty; test -t 0 && echo stdin-is-a-tty'
	tty_run "${pod_cmd[@]}"
	assert_ok
	assert_match "$out" '/dev/pts/[0-9]+' "tty of exec -t"
	assert_contains "$out" stdin-is-a-tty "exec -t"
	pod_argv exec -t "$PX_ID" sh -c 'exit 5'
	tty_run "${pod_cmd[@]}"
	assert_rc 5
}
