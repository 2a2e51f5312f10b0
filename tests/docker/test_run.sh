# docker run: exit codes (Docker maps a runtime's start error to 126/127 by its
# wording), detached containers and logs, terminals, --init, --pid=host, HOME.
# shellcheck shell=bash

test_exit_codes() {
	run dkr run --rm "$IMG" true
	assert_rc 0
	run dkr run --rm "$IMG" sh -c 'exit 42'
	assert_rc 42
	# the workload cannot be started: Docker reads the runtime's error text (runc's
	# wording) to tell "not found" (127) from "cannot be invoked" (126); else 125
	run dkr run --rm "$IMG" /nonexistent
	assert_rc 127
	run dkr run --rm "$IMG" no-such-command
	assert_rc 127
	run dkr run --rm "$IMG" /etc/passwd
	assert_rc 126
	# the container is left "created" with the exit code, as with runc
	run dkr run --name "$PX_ID" "$IMG" /nonexistent
	assert_rc 127
	assert_eq "$(dk_inspect "$PX_ID" '{{.State.ExitCode}}')" 127 "ExitCode in inspect"
}

test_detached_logs() {
	must dkr run -d --name "$PX_ID" "$IMG" sh -c 'echo out-line; echo err-line >&2
		until [ -f /tmp/go ]; do sleep 0.1; done; exit 3'
	dk_wait_log "$PX_ID" err-line
	must dk logs "$PX_ID"
	assert_eq "$out" out-line "stdout in docker logs"
	assert_eq "$err" err-line "stderr in docker logs"
	assert_eq "$(dk_inspect "$PX_ID" '{{.State.Running}}')" true "Running"
	must dk exec "$PX_ID" touch /tmp/go
	must dk wait "$PX_ID"
	assert_eq "$out" 3 "docker wait"
}

test_tty() {
	dkr_argv run --rm -it "$IMG" sh -c 'tty; test -t 0 && echo stdin-is-a-tty; exit 7'
	tty_run "${dk_cmd[@]}"
	assert_rc 7
	assert_match "$out" '/dev/pts/[0-9]+' "tty of run -it"
	assert_contains "$out" stdin-is-a-tty "run -it"
	# input typed at the terminal reaches the container
	echo "\$ echo typed | docker run -i"
	out=$(echo typed-in | dkr run --rm -i "$IMG" cat)
	assert_eq "$out" typed-in "stdin of run -i"
}

test_init() {
	# --init: Docker's docker-init is pid 1 and the workload its child
	must dkr run --rm --init "$IMG" sh -c 'cat /proc/1/comm; echo $$'
	assert_eq "$(echo "$out" | head -1)" docker-init "pid 1 with --init"
	assert_ne "$(echo "$out" | tail -1)" 1 "pid of the workload with --init"
	# without: the workload is pid 1
	must dkr run --rm "$IMG" sh -c 'echo $$'
	assert_eq "$out" 1 "pid of the workload"
}

test_pid_host() {
	# the host's pid namespace: this test's own shell is visible
	must dkr run --rm --pid=host "$IMG" sh -c "test -d /proc/$$ && echo sees-host"
	assert_eq "$out" sees-host "--pid=host"
	must dkr run --rm "$IMG" sh -c "test -d /proc/$$ || echo private"
	assert_eq "$out" private "private pid namespace"
}

# HOME comes from the image's /etc/passwd for the container's uid (runc's rule),
# for the container's process and for exec, unless the environment sets it
test_home() {
	must dkr run --rm "$IMG" sh -c 'echo "$HOME"'
	assert_eq "$out" /root "HOME of root"
	must dkr run --rm -u 65534 "$IMG" sh -c 'echo "$HOME"'
	assert_eq "$out" /nonexistent "HOME of uid 65534"
	# a uid with no passwd entry: /
	must dkr run --rm -u 4242 "$IMG" sh -c 'echo "$HOME"'
	assert_eq "$out" / "HOME of a uid not in /etc/passwd"
	must dkr run --rm -e HOME=/given "$IMG" sh -c 'echo "$HOME"'
	assert_eq "$out" /given "HOME set by -e"
	must dkr run -d --name "$PX_ID" "$IMG" sleep 1000
	dk_wait_state "$PX_ID" running
	must dk exec "$PX_ID" sh -c 'echo "$HOME"'
	assert_eq "$out" /root "HOME of exec"
	must dk exec -u 65534 "$PX_ID" sh -c 'echo "$HOME"'
	assert_eq "$out" /nonexistent "HOME of exec -u"
}

# a non-root workload can reopen its own stdout and stderr (nginx writes its logs
# to /dev/stdout): the runtime hands it stdio it owns
test_user_stdio() {
	must dkr run --rm --user 65534:65534 "$IMG" sh -c 'id -u; id -g; echo to-stdout >/dev/stdout; echo to-stderr >/dev/stderr'
	assert_eq "$out" "65534
65534
to-stdout" "stdout of --user"
	assert_eq "$err" to-stderr "stderr of --user"
}
