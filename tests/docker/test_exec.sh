# docker exec: user, workdir, environment, detached, terminal, exit codes, session.
# shellcheck shell=bash

test_exec() {
	must dkr run -d --name "$PX_ID" "$IMG" sleep 1000
	dk_wait_state "$PX_ID" running
	must dk exec "$PX_ID" sh -c 'cat /proc/1/comm; echo err-line >&2'
	assert_eq "$out" sleep "pid 1 seen by exec"
	assert_eq "$err" err-line "stderr of exec"
	run dk exec "$PX_ID" sh -c 'exit 4'
	assert_rc 4
	must dk exec -u 65534 -w /tmp -e FOO=bar "$PX_ID" sh -c 'id -u; pwd; echo $FOO'
	assert_eq "$out" "65534
/tmp
bar" "user, cwd, env of exec"
	echo "\$ echo in | docker exec -i cat"
	out=$(echo in-through-stdin | dk exec -i "$PX_ID" cat)
	assert_eq "$out" in-through-stdin "stdin of exec -i"
	# a process that cannot be started: an error, not a hang
	run dk exec "$PX_ID" /nonexistent
	assert_rc 126
	# (docker exec prints the runtime's error on stdout)
	assert_contains "$out$err" "no such file or directory" "error of exec"
}

test_exec_detached() {
	must dkr run -d --name "$PX_ID" "$IMG" sleep 1000
	dk_wait_state "$PX_ID" running
	must dk exec -d "$PX_ID" sh -c 'echo done >/tmp/mark; sleep 1000'
	local i
	for i in $(seq 100); do
		dk exec "$PX_ID" test -f /tmp/mark && break
		sleep 0.1
	done
	must dk exec "$PX_ID" cat /tmp/mark
	assert_eq "$out" "done" "what exec -d wrote"
}

# an exec'd process without a terminal leads a session of its own (as runc's
# setsid), so a signal to the container's process group never reaches it by mistake
test_exec_session() {
	must dkr run -d --name "$PX_ID" "$IMG" sleep 1000
	dk_wait_state "$PX_ID" running
	# /proc/self/stat fields 6 and 5: session and process group of the exec'd sh
	must dk exec "$PX_ID" sh -c 'read -r s </proc/self/stat; set -- $s; echo "$1 $5 $6"'
	local pid pgrp sid
	read -r pid pgrp sid <<<"$out"
	assert_eq "$sid" "$pid" "session of the exec'd process"
	assert_eq "$pgrp" "$pid" "process group of the exec'd process"
}

test_exec_tty() {
	must dkr run -d --name "$PX_ID" "$IMG" sleep 1000
	dk_wait_state "$PX_ID" running
	dkr_argv exec -it "$PX_ID" sh -c 'tty; test -t 0 && echo stdin-is-a-tty; exit 5'
	tty_run "${dk_cmd[@]}"
	assert_rc 5
	assert_match "$out" '/dev/pts/[0-9]+' "tty of exec -it"
	assert_contains "$out" stdin-is-a-tty "exec -it"
}
