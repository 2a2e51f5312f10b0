# Hostile input files: config.json, exec --process, update --resources and the
# state record must not hang pidbox, exhaust its memory, make it deaf to TERM, or
# quote bytes of a file the user did not name.
# shellcheck shell=bash

# Class: resource exhaustion / denial of service through inputs. Attacker: whoever
# supplies the bundle or the file (an image unpacked by an engine, a user's path).
# A config.json that is a FIFO made `run` block in read() with every signal
# already blocked, so TERM (an engine's stop, a ^C) did nothing.
# Seen to succeed before the fix (commit c3bb862, /tmp/inputs-old/pidbox): `run`
# stayed alive through 50 TERMs over 5 s ("run still alive after TERM") and had
# to be SIGKILLed. runc 1.1.5 blocks in open() but dies on TERM: a fair control.
test_hostile_fifo_config_term_works() {
	local pid i
	new_bundle true
	rm "$B/config.json"
	mkfifo "$B/config.json"
	bg rt run -b "$B" "$PX_ID"
	pid=$bg_pid
	for i in $(seq 50); do
		kill -TERM "$pid" 2>/dev/null || break
		sleep 0.1
	done
	if kill -0 "$pid" 2>/dev/null; then
		kill -KILL "$pid"
		fail "run still alive after TERM ($i TERMs) while config.json is a FIFO"
	fi
	[ ! -e "$PX_ROOT/$PX_ID" ] || fail "state dir left behind"
}

# The same FIFO and a FIFO process.json/resources file: refused at once, without
# opening them (open of a FIFO blocks until a writer comes), one line naming the
# file. Seen to succeed before the fix: each command hung until `timeout` (rc 124).
test_hostile_fifo_inputs_refused() {
	skip_unless_pidbox "runc opens the file as it is and blocks on a FIFO (TERM still ends it)"
	new_bundle sleep 1000
	mkfifo "$PX_TMP/fifo"
	must_create "$PX_ID" "$B"
	run timeout 10 "$RUNTIME" --root "$PX_ROOT" exec -p "$PX_TMP/fifo" "$PX_ID"
	assert_ne "$rc" 124 "exit code (124: hung on the FIFO)"
	assert_fail
	assert_one_error_line "FIFO"
	run timeout 10 "$RUNTIME" --root "$PX_ROOT" update -r "$PX_TMP/fifo" "$PX_ID"
	assert_ne "$rc" 124 "exit code (124: hung on the FIFO)"
	assert_fail
	assert_one_error_line "FIFO"
	must rt delete -f "$PX_ID"
	rm "$B/config.json"
	mkfifo "$B/config.json"
	run timeout 10 "$RUNTIME" --root "$PX_ROOT" create -b "$B" "$PX_ID"
	assert_ne "$rc" 124 "exit code (124: hung on the FIFO)"
	assert_one_error_line "config.json"
	assert_contains "$err" "FIFO" "stderr"
}

# bounded CMD...: run CMD with 1 GiB of address space and 20 s; $rc/$out/$err as run.
# The SANITIZE=1 build (ASan) reserves terabytes of shadow address space at start,
# so an address-space limit cannot apply to it: there ASan's own bound takes its
# place (an allocation over 1 GiB aborts, which the 134 check catches). Its runtime
# is linked in statically (clang), so it is found by its symbol, not by ldd.
bounded() {
	local as=1048576
	if grep -q __asan_init "$RUNTIME"; then
		as=unlimited
		export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}max_allocation_size_mb=1024"
	fi
	run bash -c 'ulimit -v "$1"; shift; exec timeout 20 "$@"' bounded "$as" "$@"
	assert_ne "$rc" 124 "exit code (124: still reading after 20 s)"
	assert_ne "$rc" 134 "exit code (134: aborted, out of memory)"
	assert_ne "$rc" 137 "exit code (137: killed)"
}

# /dev/zero (never ends) and a sparse 8 GiB file as config.json, exec --process
# and update --resources: refused within 1 GiB of memory and 20 s.
# Seen to succeed before the fix: config.json -> /dev/zero made `run` grow until
# it aborted ("pidbox: out of memory", rc 134 under this ulimit); the sparse file
# was read whole likewise.
test_hostile_endless_and_huge_inputs() {
	local f
	new_bundle sleep 1000
	truncate -s 8G "$PX_TMP/huge"
	must_create "$PX_ID" "$B"
	for f in /dev/zero "$PX_TMP/huge"; do
		bounded "$RUNTIME" --root "$PX_ROOT" exec -p "$f" "$PX_ID"
		assert_fail
		bounded "$RUNTIME" --root "$PX_ROOT" update -r "$f" "$PX_ID"
		assert_fail
	done
	must rt delete -f "$PX_ID"
	for f in /dev/zero "$PX_TMP/huge"; do
		ln -sf "$f" "$B/config.json"
		bounded "$RUNTIME" --root "$PX_ROOT" run -b "$B" "$PX_ID"
		assert_fail
		is_pidbox && assert_one_error_line "config.json"
		[ ! -e "$PX_ROOT/$PX_ID" ] || fail "state dir left behind"
	done
}

# Class: information disclosure through error messages. Attacker: whoever can
# replace a container's state.json with a symlink (or trick pidbox into reading
# another file as it): JSON errors quoted the first bytes of what was read.
# Seen to succeed before the fix: `state`, `list`-less commands printed
# "invalid JSON: lexical error ... (near: TOPSECRET-…)" for a symlink to a
# root-only file. runc 1.1.5's Go errors name one character at most.
test_hostile_state_symlink_leaks_nothing() {
	local secret=TOPSECRET-$RANDOM$RANDOM cmd st
	new_bundle sleep 1000
	must_create "$PX_ID" "$B"
	st=$PX_ROOT/$PX_ID/state.json
	printf '%s and more secret text\n' "$secret" >"$PX_TMP/secret"
	chmod 600 "$PX_TMP/secret"
	mv "$st" "$PX_TMP/state.saved"
	ln -s "$PX_TMP/secret" "$st"
	for cmd in "state $PX_ID" "list" "kill $PX_ID KILL" "delete $PX_ID" "exec $PX_ID true" "events --stats $PX_ID" "ps $PX_ID"; do
		# shellcheck disable=SC2086 # cmd is a command line
		run timeout 10 "$RUNTIME" --root "$PX_ROOT" $cmd
		assert_not_contains "$err" "$secret" "stderr of $cmd"
		assert_not_contains "$out" "$secret" "stdout of $cmd"
		assert_not_contains "$err" "TOPSECRET" "stderr of $cmd"
	done
	rm "$st"
	mv "$PX_TMP/state.saved" "$st"
	must rt delete -f "$PX_ID"
}
