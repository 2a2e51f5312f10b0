# process.terminal + --console-socket: the test is the engine (tests/helpers/
# console-recv receives the pty master over a unix socket, types a command and
# reads the answer).
# shellcheck shell=bash

# The workloads are non-interactive shells reading the terminal in its canonical
# mode: busybox's interactive line editor asks the terminal for the cursor
# position (ESC [6n) and eats typed input while it waits for an answer no test
# sends, which would make the tests timing-dependent.

# start_engine INPUT...: console-recv listening on $SOCK in the background; its
# output goes to $PX_TMP/console.out.
start_engine() {
	local recv
	recv=$(helper console-recv)
	SOCK=$PX_TMP/console.sock
	[ -x "$recv" ] || fail "$recv missing (make unit)"
	bg "$recv" "$SOCK" 20 "$@" >"$PX_TMP/console.out" 2>"$PX_TMP/console.err"
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
	new_bundle sh -c 'read -r x; echo "got $x"; tty; stty size; exit 3'
	set_config '.process.terminal = true | .process.consoleSize = {height: 33, width: 101}'
	start_engine $'hello\n'
	run rt run --console-socket "$SOCK" -b "$B" "$PX_ID"
	assert_rc 3
	engine_wait
	assert_eq "$engine_rc" 0 "engine status"
	assert_contains "$screen" $'got hello\n/dev/pts/0\n33 101' "screen"
	assert_contains "$(cat "$PX_TMP/console.err")" "payload: /dev/ptmx"
}

# create hands the master over at once; the workload only runs at start
test_terminal_create_start() {
	new_bundle sh -c 'read -r x; id -u; [ -t 0 ] && [ -t 1 ] && [ -t 2 ] && echo "all-tty $x"'
	set_config '.process.terminal = true | .process.user = {uid: 1000, gid: 1000}'
	start_engine $'go\n'
	must_create "$PX_ID" "$B" --console-socket "$SOCK"
	must rt start "$PX_ID"
	engine_wait
	assert_contains "$screen" $'\n1000\nall-tty go' "screen"
	assert_eq "$engine_rc" 0 "engine status"
	wait_status stopped
	must rt delete "$PX_ID"
}

# The pty is the controlling terminal of a new session: a ^C typed at it
# interrupts its foreground process group: sleep dies of SIGINT, the shell
# (which traps it) goes on.
test_terminal_controlling_tty() {
	new_bundle sh -c 'trap "echo trapped" INT; echo go-$((1+1)); sleep 30; echo interrupted-$?'
	set_config '.process.terminal = true'
	start_engine '?go-2' $'\003'
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

# A foreground run without --console-socket is its own engine, as runc's: the
# workload gets a terminal, pidbox copies stdin to it and its output back; when
# stdin ends, ^D.
test_terminal_run_own_console() {
	skip_unless_pidbox "runc 1.1 wants a controlling terminal of its own here (open /dev/tty)"
	new_bundle sh -c 'read -r x; echo "got $x"; tty; [ -t 0 ] && echo stdin-tty; exit 4'
	set_config '.process.terminal = true'
	echo "\$ printf ... | $RUNTIME run -b $B $PX_ID"
	printf 'hello\n' |
		timeout 20 "$RUNTIME" --root "$PX_ROOT" run -b "$B" "$PX_ID" >"$PX_TMP/screen"
	rc=$?
	out=$(tr -d '\r' <"$PX_TMP/screen")
	printf '%s\n' "$out" | sed 's/^/  out: /'
	assert_rc 4
	assert_contains "$out" $'got hello\n/dev/pts/0\nstdin-tty' "screen"
	# end of input is end of file for the workload: cat ends
	set_config '.process.args = ["cat"]'
	out=$(printf 'hi\n' | timeout 20 "$RUNTIME" --root "$PX_ROOT" run -b "$B" "$PX_ID" | tr -d '\r')
	assert_contains "$out" $'hi\nhi' "screen (typed, then cat's copy)"
	assert_nothing_left
}

# The pty of a foreground run has ONLCR off, as runc's: what the workload
# writes reaches stdout byte for byte ("\n", not the kernel's default "\r\n"),
# and on a real terminal (script(1)'s) lines still start at column 0, the
# terminal translating "\n" as for any program. (With --console-socket the pty
# is the engine's, left as the kernel makes it, as runc does.)
test_terminal_run_own_console_no_onlcr() {
	command -v script >/dev/null || skip "script(1) missing (util-linux)"
	new_bundle printf 'one\ntwo\n'
	set_config '.process.terminal = true'
	if is_pidbox; then # runc 1.1 wants a controlling terminal of its own (open /dev/tty)
		echo "\$ $RUNTIME run -b $B $PX_ID >file (stdin a pipe)"
		: | timeout 20 "$RUNTIME" --root "$PX_ROOT" run -b "$B" "$PX_ID" >"$PX_TMP/screen"
		assert_eq "$(od -An -c "$PX_TMP/screen" | tr -s ' ')" " o n e \n t w o \n" "bytes written by run"
	fi
	echo "\$ script -qec '$RUNTIME run ...' (a terminal)"
	: | timeout 20 script -qec "$RUNTIME --root $PX_ROOT run -b $B $PX_ID-2" /dev/null >"$PX_TMP/tty"
	# (script's pty may echo a "^@" somewhere: the NUL script types when its stdin ends)
	assert_eq "$(sed 's/\^@//g' "$PX_TMP/tty" | od -An -c | tr -s ' ')" " o n e \r \n t w o \r \n" \
		"bytes on the terminal"
}

# On a real terminal (script(1) gives us one) it is put in raw mode, so a ^C
# typed there reaches the container's foreground job, not pidbox; afterwards
# the terminal's settings are back. (The ^C is typed 2 s after the start: a
# container starts in well under that.)
test_terminal_run_own_console_raw() {
	command -v script >/dev/null || skip "script(1) missing (util-linux)"
	new_bundle sh -c 'trap "echo trapped" INT; sleep 30; echo interrupted-$?'
	set_config '.process.terminal = true'
	cat >"$PX_TMP/inner.sh" <<EOF2
stty -g >"$PX_TMP/before"
"$RUNTIME" --root "$PX_ROOT" run -b "$B" "$PX_ID"
echo "rc=\$?"
stty -g >"$PX_TMP/after"
EOF2
	out=$( { sleep 2; printf '\003'; } |
		timeout 30 script -qec "sh $PX_TMP/inner.sh" /dev/null | tr -d '\r')
	printf '%s\n' "$out" | sed 's/^/  out: /'
	assert_contains "$out" "interrupted-130" "screen"
	assert_contains "$out" "rc=0" "screen"
	assert_eq "$(cat "$PX_TMP/after")" "$(cat "$PX_TMP/before")" "terminal settings after run"
}

# With pidbox's init on a terminal: the workload (pid 2) gets its own process
# group and the terminal's foreground, so ^C reaches the job it should.
test_terminal_with_init() {
	skip_unless_pidbox "--init is pidbox's"
	new_bundle sh
	set_config '.process.terminal = true'
	start_engine $'echo "pid=$$ fg=$(($(cut -d" " -f8 /proc/$$/stat) == $(cut -d" " -f5 /proc/$$/stat)))"; sleep 30\n' \
		'?pid=2' $'\003' $'echo interrupted-$?; exit 5\n'
	must_create "$PX_ID" "$B" --console-socket "$SOCK" --init
	must rt start "$PX_ID"
	engine_wait
	assert_contains "$screen" "pid=2 fg=1" "screen"
	assert_contains "$screen" "interrupted-130" "screen"
	assert_eq "$engine_rc" 0 "engine status"
	wait_status stopped
	must rt delete "$PX_ID"
}

# With process.terminal, /dev/console is the container's pty (config-linux.md
# lists it among the default devices; runc binds the pty slave there), and the
# pty is owned by the workload's uid, as runc leaves it: a non-root workload
# can reopen its terminal and read its name. Before: no /dev/console, and the
# pty stayed root's ("ls: /dev/console: No such file or directory").
test_terminal_dev_console_and_owner() {
	new_bundle sh -c 'echo "console=$(stat -c %t:%T /dev/console) tty=$(stat -c %t:%T "$(tty)")"
		echo "owner=$(stat -L -c %u /proc/self/fd/0)"; echo reopened >/proc/self/fd/1 && echo reopen-ok'
	set_config '.process.terminal = true | .process.user = {uid: 1000, gid: 1000}'
	start_engine ''
	must_create "$PX_ID" "$B" --console-socket "$SOCK"
	must rt start "$PX_ID"
	engine_wait
	assert_match "$screen" 'console=([0-9a-f]+:[0-9a-f]+) tty=\1' "screen: /dev/console is the pty"
	assert_contains "$screen" "owner=1000" "screen: the pty's owner"
	assert_contains "$screen" $'reopened\nreopen-ok' "screen: the pty reopened by uid 1000"
	wait_status stopped
	must rt delete "$PX_ID"
}

# A /dev/console that is a symlink (the image's /dev is the container's) is not
# followed: the bind would land on its target. Refused clearly, nothing left.
test_terminal_dev_console_symlink_refused() {
	skip_unless_pidbox "runc's wording differs; pidbox refuses with its own"
	new_bundle true
	set_config '.process.terminal = true | .mounts = [.mounts[] | select(.destination != "/dev")]'
	mkdir -p "$B"/rootfs/dev
	ln -s /etc/hostname "$B"/rootfs/dev/console
	start_engine ''
	rt_create "$PX_ID" "$B" --console-socket "$SOCK"
	assert_fail
	assert_one_error_line "/dev/console in the container is not a file or a device"
	assert_nothing_left
	assert_eq "$(cat "$B"/rootfs/etc/hostname)" pidbox-test "the symlink's target"
}
