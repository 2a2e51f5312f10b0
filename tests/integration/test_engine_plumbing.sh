# What engines (podman/conmon, containerd's shim) rely on beyond the OCI commands:
# JSON log lines, atomic pid files, delete --force in every state, numeric signals.
# shellcheck shell=bash

# assert_json_error_log FILE WORD: FILE's last line is runc's JSON log shape
# {"level":"error","msg":"...","time":"RFC 3339"} and msg mentions WORD (pidbox).
assert_json_error_log() {
	local line
	[ -s "$1" ] || fail "log file $1 is empty"
	line=$(tail -1 "$1")
	echo "log: $line"
	jq -e . <<<"$line" >/dev/null || fail "last log line is not JSON"
	assert_eq "$(jq -r .level <<<"$line")" error "level"
	assert_match "$(jq -r .time <<<"$line")" '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$' "time"
	assert_ne "$(jq -r .msg <<<"$line")" "" "msg"
	if is_pidbox; then
		assert_contains "$(jq -r .msg <<<"$line")" "$2" "msg"
		# every line is JSON: conmon and the shim parse them one by one
		jq -e . "$1" >/dev/null || fail "a log line is not JSON: $(cat "$1")"
	fi
}

# conmon and containerd's shim pass --log FILE --log-format json and show the
# last error of the file to the user: it must carry pidbox's clear message.
test_json_log_of_failing_create() {
	new_bundle true
	set_config '.process.args = []'
	run rt --log "$PX_TMP/log.json" --log-format json create -b "$B" "$PX_ID"
	assert_fail
	assert_json_error_log "$PX_TMP/log.json" "process.args"
	assert_nothing_left
}

test_json_log_of_failing_exec() {
	new_bundle sleep 1000
	must_create "$PX_ID" "$B"
	must rt start "$PX_ID"
	run rt --log "$PX_TMP/log.json" --log-format json exec "$PX_ID" /no/such/binary
	assert_rc 255
	assert_json_error_log "$PX_TMP/log.json" "/no/such/binary"
}

# The pid file is replaced by rename (a new inode with the whole content), never
# rewritten in place: an engine polling it never reads a partial pid.
test_pid_file_written_atomically() {
	local ino
	new_bundle sleep 1000
	printf '999999999999\n' >"$PX_TMP/pid"
	ino=$(stat -c %i "$PX_TMP/pid")
	must_create "$PX_ID" "$B" --pid-file "$PX_TMP/pid"
	assert_eq "$(cat "$PX_TMP/pid")" "$(state_pid)" "pid file"
	assert_ne "$(stat -c %i "$PX_TMP/pid")" "$ino" "pid file inode (rewritten in place?)"
	assert_eq "$(find "$PX_TMP" -maxdepth 1 -name '*pid*' | wc -l)" 1 "files named like the pid file (temp left?)"
	must rt start "$PX_ID"
	printf '999999999999\n' >"$PX_TMP/epid"
	ino=$(stat -c %i "$PX_TMP/epid")
	rt exec -d --pid-file "$PX_TMP/epid" "$PX_ID" sleep 100 >/dev/null 2>&1 || fail "exec -d failed"
	assert_match "$(cat "$PX_TMP/epid")" '^[1-9][0-9]*$' "exec pid file"
	assert_ne "$(stat -c %i "$PX_TMP/epid")" "$ino" "exec pid file inode"
	printf "%s\n" "$(cat "$PX_TMP/epid")" >>"$PX_TMP/.pids"
}

# kill with a number, a name and a SIG name all reach the init
test_kill_numeric_signals() {
	local sig
	for sig in 10 USR1 SIGUSR1; do
		rm -rf "$PX_TMP/ctl" "$B"
		ctl_bundle 'trap "echo got > /ctl/got; exit 0" USR1; echo ready > /ctl/ready; while :; do sleep 0.05; done'
		must_create "$PX_ID" "$B"
		must rt start "$PX_ID"
		wait_file "$PX_TMP/ctl/ready"
		must rt kill "$PX_ID" "$sig"
		wait_file "$PX_TMP/ctl/got"
		wait_status stopped
		must rt delete "$PX_ID"
	done
	# SIGKILL by number
	new_bundle sleep 1000
	must_create "$PX_ID" "$B"
	must rt start "$PX_ID"
	must rt kill "$PX_ID" 9
	wait_status stopped
	must rt delete "$PX_ID"
}

# delete --force leaves nothing of a container, whatever its state (a paused one
# is frozen: its processes must still die), including processes exec'd into it
test_delete_force_every_state() {
	local state pid epid
	for state in created running paused stopped; do
		new_bundle sh -c 'exec sleep 1000'
		[ "$state" != stopped ] || set_config '.process.args = ["true"]'
		must_create "$PX_ID" "$B"
		pid=$(state_pid)
		epid=
		case "$state" in
		running | paused)
			must rt start "$PX_ID"
			rt exec -d --pid-file "$PX_TMP/epid" "$PX_ID" sleep 1000 >/dev/null 2>&1 || fail "exec -d"
			epid=$(cat "$PX_TMP/epid")
			[ "$state" = running ] || must rt pause "$PX_ID"
			;;
		stopped)
			must rt start "$PX_ID"
			wait_status stopped
			;;
		esac
		assert_eq "$(status)" "$state" "status before delete"
		must rt delete --force "$PX_ID"
		wait_gone "$pid"
		[ -z "$epid" ] || wait_gone "$epid"
		assert_nothing_left
	done
	# and of one that does not exist (an engine cleaning up twice)
	must rt delete --force "$PX_ID"
}

# NOTIFY_SOCKET: the container notifies its own socket; the engine's socket gets
# READY=1 and MAINPID=<the init's host pid>.
test_notify_socket_relays_ready() {
	local _ got pid
	ctl_bundle 'echo "$NOTIFY_SOCKET" > /ctl/env; while [ ! -e /ctl/go ]; do sleep 0.05; done;
		/sd-notify READY=1 STATUS=up; sleep 1000'
	cp "$(helper sd-notify)" "$B/rootfs/sd-notify" || fail "copy sd-notify (make unit)"
	bg "$PY3" -c '
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
with open(sys.argv[2], "ab", 0) as f:
    while True:
        f.write(s.recv(4096).replace(b"\n", b" ") + b"\n")
' "$PX_TMP/host.sock" "$PX_TMP/got"
	wait_file "$PX_TMP/host.sock"
	export NOTIFY_SOCKET=$PX_TMP/host.sock
	must_create "$PX_ID" "$B"
	pid=$(state_pid)
	# runc's start waits for READY=1: in the background
	bg rt start "$PX_ID"
	wait_file "$PX_TMP/ctl/env"
	assert_eq "$(cat "$PX_TMP/ctl/env")" /run/notify/notify.sock "NOTIFY_SOCKET inside"
	[ ! -s "$PX_TMP/got" ] || fail "something reached the host socket before READY: $(cat "$PX_TMP/got")"
	touch "$PX_TMP/ctl/go"
	for _ in $(seq 100); do
		grep -q "MAINPID=$pid" "$PX_TMP/got" 2>/dev/null && break
		sleep 0.1
	done
	echo "host socket got: $(cat "$PX_TMP/got")"
	assert_contains "$(cat "$PX_TMP/got")" "READY=1" "host socket"
	assert_contains "$(cat "$PX_TMP/got")" "MAINPID=$pid" "host socket"
	unset NOTIFY_SOCKET
	must rt delete -f "$PX_ID"
	assert_nothing_left
}

# LISTEN_FDS (socket activation): with LISTEN_PID = the runtime's pid, fds 3.. go
# to the container with LISTEN_FDS=N and LISTEN_PID=1, before --preserve-fds.
test_listen_fds_passed() {
	new_bundle sh -c 'echo "$LISTEN_FDS $LISTEN_PID"; cat <&3; cat <&4; cat <&5; ls /proc/self/fd | sort -n | tr "\n" " "'
	echo fd3 >"$PX_TMP/f3"
	echo fd4 >"$PX_TMP/f4"
	echo fd5 >"$PX_TMP/f5"
	# LISTEN_PID must be the runtime's own pid: exec it from a shell that knows it
	echo "\$ LISTEN_FDS=2 run --preserve-fds 1"
	out=$(bash -c 'export LISTEN_FDS=2 LISTEN_PID=$$; exec "$@"' _ "$RUNTIME" --root "$PX_ROOT" run \
		--preserve-fds 1 -b "$B" "$PX_ID" 3<"$PX_TMP/f3" 4<"$PX_TMP/f4" 5<"$PX_TMP/f5" 6<"$PX_TMP/f5" 2>&1)
	rc=$?
	echo "$out"
	assert_ok
	assert_eq "$(sed -n 1p <<<"$out")" "2 1" "LISTEN_FDS LISTEN_PID"
	assert_eq "$(sed -n 2,4p <<<"$out")" $'fd3\nfd4\nfd5' "fds 3-5"
	assert_match "$(sed -n 5p <<<"$out")" '^0 1 2 3 4 5 [0-9]+ $' "no fd 6"
	# another process's LISTEN_PID: nothing is passed
	echo "\$ LISTEN_FDS=2 LISTEN_PID=1 run"
	out=$(LISTEN_FDS=2 LISTEN_PID=1 rt run -b "$B" "$PX_ID" 3<"$PX_TMP/f3" 2>&1)
	assert_eq "$(sed -n 1p <<<"$out")" " " "LISTEN_FDS for someone else"
}

# With pidbox's init as pid 1, LISTEN_PID names the workload, which is not pid 1.
test_listen_fds_with_init() {
	skip_unless_pidbox "pidbox's --init"
	new_bundle sh -c 'echo "$LISTEN_FDS $LISTEN_PID $$"; cat <&3'
	echo fd3 >"$PX_TMP/f3"
	echo "\$ LISTEN_FDS=1 run --init"
	out=$(bash -c 'export LISTEN_FDS=1 LISTEN_PID=$$; exec "$@"' _ "$RUNTIME" --root "$PX_ROOT" run --init \
		-b "$B" "$PX_ID" 3<"$PX_TMP/f3" 2>&1)
	rc=$?
	echo "$out"
	assert_ok
	read -r n lpid self <<<"$(sed -n 1p <<<"$out")"
	assert_eq "$n" 1 "LISTEN_FDS"
	assert_ne "$self" 1 "the workload's pid under --init"
	assert_eq "$lpid" "$self" "LISTEN_PID"
	assert_eq "$(sed -n 2p <<<"$out")" fd3 "fd 3"
}

# --pidfd-socket (runc 1.2+): the engine (tests/helpers/pidfd-recv) receives a
# pidfd of the container's init from create and run -d ("standard"), of the
# exec'd process from exec ("setns"); the helper checks it is a pidfd of that
# live process, and SIGKILLs it through the pidfd.
start_pidfd_engine() { # start_pidfd_engine SIGNAL: pidfd-recv on $PIDFD_SOCK, output in $PX_TMP/pidfd.out
	local recv
	recv=$(helper pidfd-recv)
	[ -x "$recv" ] || fail "$recv missing (make unit)"
	PIDFD_SOCK=$PX_TMP/pidfd-$RANDOM.sock
	bg "$recv" "$PIDFD_SOCK" "$@" >"$PX_TMP/pidfd.out"
	pidfd_engine=$bg_pid
	wait_file "$PIDFD_SOCK"
}

test_pidfd_socket_create_run_exec() {
	skip_unless_pidbox "runc 1.1.5 has no --pidfd-socket (runc 1.2+)"
	new_bundle sleep 100
	start_pidfd_engine 9
	must_create "$PX_ID" "$B" --pidfd-socket "$PIDFD_SOCK" --pid-file "$PX_TMP/init.pid"
	wait "$pidfd_engine" || fail "pidfd-recv failed: $(cat "$PX_TMP/pidfd.out")"
	assert_eq "$(cat "$PX_TMP/pidfd.out")" "kind=standard pid=$(cat "$PX_TMP/init.pid")"$'\n'exited \
		"create: what the engine got"
	wait_status stopped
	must rt delete "$PX_ID"

	start_pidfd_engine
	# (the container keeps the stdio it is given: not a pipe of ours)
	rt run -d --pidfd-socket "$PIDFD_SOCK" -b "$B" "$PX_ID" </dev/null >/dev/null || fail "run -d failed"
	wait "$pidfd_engine" || fail "pidfd-recv failed"
	assert_eq "$(cat "$PX_TMP/pidfd.out")" "kind=standard pid=$(state_pid)" "run -d: what the engine got"
	start_pidfd_engine 9
	must rt exec -d --pid-file "$PX_TMP/exec.pid" --pidfd-socket "$PIDFD_SOCK" "$PX_ID" sleep 100
	wait "$pidfd_engine" || fail "pidfd-recv failed: $(cat "$PX_TMP/pidfd.out")"
	assert_eq "$(cat "$PX_TMP/pidfd.out")" "kind=setns pid=$(cat "$PX_TMP/exec.pid")"$'\n'exited \
		"exec: what the engine got"
	assert_eq "$(status)" running "the container after its exec'd process was killed"
	must rt delete -f "$PX_ID"

	# nobody listening: create fails, naming the flag, and leaves nothing
	run rt create --pidfd-socket "$PX_TMP/nobody.sock" -b "$B" "$PX_ID"
	assert_fail
	assert_one_error_line "--pidfd-socket: connect to $PX_TMP/nobody.sock"
	assert_nothing_left
}
