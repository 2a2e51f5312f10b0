# ctr tasks exec, with and without a terminal.
# shellcheck shell=bash

test_exec() {
	must ct_run -d "$PX_ID" sleep 1000
	ct_wait_status "$PX_ID" RUNNING
	must cr tasks exec --exec-id e1 "$PX_ID" sh -c 'cat /proc/1/comm'
	assert_eq "$out" sleep "pid 1 seen by exec"
	run cr tasks exec --exec-id e2 "$PX_ID" sh -c 'exit 4'
	assert_rc 4
	must cr tasks exec --exec-id e3 --user 65534 --cwd /tmp "$PX_ID" sh -c 'id -u; pwd'
	assert_eq "$out" "65534
/tmp" "user and cwd of exec"
}

test_exec_tty() {
	must ct_run -d "$PX_ID" sleep 1000
	ct_wait_status "$PX_ID" RUNNING
	ctr_argv tasks exec -t --exec-id t1 "$PX_ID" sh -c 'tty; test -t 0 && echo stdin-is-a-tty'
	tty_run "${ctr_cmd[@]}"
	assert_ok
	assert_match "$out" '/dev/pts/[0-9]+' "tty of exec -t"
	assert_contains "$out" stdin-is-a-tty "exec -t"
}
