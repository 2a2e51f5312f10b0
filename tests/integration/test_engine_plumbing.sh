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
	echo "$(cat "$PX_TMP/epid")" >>"$PX_TMP/.pids"
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

# delete --force leaves nothing of a container, whatever its state, including
# processes exec'd into it
test_delete_force_every_state() {
	local state pid epid
	for state in created running stopped; do
		new_bundle sh -c 'exec sleep 1000'
		[ "$state" != stopped ] || set_config '.process.args = ["true"]'
		must_create "$PX_ID" "$B"
		pid=$(state_pid)
		epid=
		case "$state" in
		running)
			must rt start "$PX_ID"
			rt exec -d --pid-file "$PX_TMP/epid" "$PX_ID" sleep 1000 >/dev/null 2>&1 || fail "exec -d"
			epid=$(cat "$PX_TMP/epid")
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
