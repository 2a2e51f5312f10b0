# process.terminal + --console-socket: the test is the engine (tests/helpers/
# console-recv receives the pty master over a unix socket, types a command and
# reads the answer).
# shellcheck shell=bash

RECV=$(helper console-recv)

# start_engine INPUT...: console-recv listening on $SOCK in the background; its
# output goes to $PX_TMP/console.out.
start_engine() {
	SOCK=$PX_TMP/console.sock
	[ -x "$RECV" ] || fail "$RECV missing (make unit)"
	bg "$RECV" "$SOCK" 20 "$@" >"$PX_TMP/console.out" 2>"$PX_TMP/console.err"
	engine_pid=$bg_pid
	wait_file "$SOCK"
}

# engine_wait: wait for the engine to finish; $engine_rc its status, $screen what
# it read, without carriage returns
engine_wait() {
	wait "$engine_pid"
	engine_rc=$?
	screen=$(tr -d '\r' <"$PX_TMP/console.out")
	printf '%s\n' "$screen" | sed 's/^/  screen: /'
}

# pidbox's foreground run also takes a console socket (runc wants --detach with it)
test_terminal_run_console_socket() {
	skip_unless_pidbox "runc refuses --console-socket without --detach"
	new_bundle sh
	set_config '.process.terminal = true | .process.consoleSize = {height: 33, width: 101}'
	start_engine $'echo $((6*7)); tty; stty size; exit 3\n'
	run rt run --console-socket "$SOCK" -b "$B" "$PX_ID"
	assert_rc 3
	engine_wait
	assert_eq "$engine_rc" 0 "engine status"
	assert_contains "$screen" $'\n42\n/dev/pts/0\n33 101' "screen"
	assert_contains "$(cat "$PX_TMP/console.err")" "payload: /dev/ptmx"
}

# create hands the master over at once; the workload only runs at start
test_terminal_create_start() {
	new_bundle sh
	set_config '.process.terminal = true | .process.user = {uid: 1000, gid: 1000}'
	start_engine $'id -u; [ -t 0 ] && [ -t 1 ] && [ -t 2 ] && echo all-tty; exit\n'
	must_create "$PX_ID" "$B" --console-socket "$SOCK"
	must rt start "$PX_ID"
	engine_wait
	assert_contains "$screen" $'\n1000\nall-tty' "screen"
	assert_eq "$engine_rc" 0 "engine status"
	wait_status stopped
	must rt delete "$PX_ID"
}

# The pty is the controlling terminal of a new session: a ^C typed at it
# interrupts the foreground job, and the shell goes on.
test_terminal_controlling_tty() {
	new_bundle sh
	set_config '.process.terminal = true'
	start_engine $'echo go-$((1+1)); sleep 30\n' '?go-2' $'\003' $'echo interrupted-$?; exit\n'
	must_create "$PX_ID" "$B" --console-socket "$SOCK"
	must rt start "$PX_ID"
	engine_wait
	assert_contains "$screen" "interrupted-130" "screen"
	assert_eq "$engine_rc" 0 "engine status"
}

test_terminal_errors() {
	new_bundle true
	set_config '.process.terminal = true'
	run rt run -d -b "$B" "$PX_ID"
	assert_fail
	assert_one_error_line "process.terminal: true needs --console-socket"
	assert_nothing_left
	rt_create "$PX_ID" "$B" --console-socket "$PX_TMP/nobody-listens.sock"
	assert_fail
	assert_one_error_line "--console-socket: connect to $PX_TMP/nobody-listens.sock"
	assert_nothing_left
	set_config '.process.terminal = false'
	start_engine ''
	rt_create "$PX_ID" "$B" --console-socket "$SOCK"
	assert_fail
	assert_one_error_line "--console-socket: given, but process.terminal is false"
	assert_nothing_left
}
