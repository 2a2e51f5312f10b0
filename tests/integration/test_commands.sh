# Commands and their flags: state, list, kill, spec, --pid-file, --preserve-fds,
# --no-pivot, --root, --version, --help.
# shellcheck shell=bash

test_state_validates_against_schema() {
	local s
	ctl_bundle 'while [ ! -e /ctl/go ]; do sleep 0.05; done'
	set_config '.annotations = {"org.pidbox.test": "yes"}'
	must_create "$PX_ID" "$B"
	for s in created running stopped; do
		case "$s" in
		running) must rt start "$PX_ID" ;;
		stopped)
			touch "$PX_TMP/ctl/go"
			wait_status stopped
			;;
		esac
		rt state "$PX_ID" >"$PX_TMP/state.json" || fail "state failed"
		cat "$PX_TMP/state.json"
		validate_json state-schema.json "$PX_TMP/state.json"
		assert_eq "$(jq -r .status "$PX_TMP/state.json")" "$s" "status"
		assert_eq "$(jq -r .id "$PX_TMP/state.json")" "$PX_ID" "id"
		assert_eq "$(jq -r .bundle "$PX_TMP/state.json")" "$B" "bundle"
		assert_eq "$(jq -r '.annotations["org.pidbox.test"]' "$PX_TMP/state.json")" yes "annotation"
	done
}

test_list_formats() {
	new_bundle -d "$PX_TMP/b1" true
	new_bundle -d "$PX_TMP/b2" true
	must rt list -q
	assert_eq "$out" "" "list -q of an empty root"
	must_create "$PX_ID-a" "$PX_TMP/b1"
	must_create "$PX_ID-b" "$PX_TMP/b2"
	must rt list -q
	assert_eq "$(sort <<<"$out")" "$PX_ID-a"$'\n'"$PX_ID-b" "list -q"
	must rt list
	assert_match "$(head -1 <<<"$out")" '^ID +PID +STATUS' "table header"
	assert_match "$out" "$PX_ID-a +[0-9]+ +created" "table row"
	assert_match "$out" "$PX_ID-b +[0-9]+ +created" "table row"
	must rt list --format json
	jq -e --arg a "$PX_ID-a" --arg b "$PX_ID-b" --arg ba "$PX_TMP/b1" '
		length == 2 and ([.[].id] | sort) == [$a, $b]
		and all(.[]; .status == "created" and .pid > 0)
		and (.[] | select(.id == $a) | .bundle) == $ba' <<<"$out" >/dev/null ||
		fail "list --format json"
	must rt list -f json
}

test_kill_signal_names_and_numbers() {
	ctl_bundle 'for s in USR1 USR2 HUP; do trap "echo $s >> /ctl/log" $s; done
		trap "echo TERM >> /ctl/log; exit 7" TERM
		echo ready > /ctl/ready; while :; do sleep 0.05; done'
	must_create "$PX_ID" "$B"
	must rt start "$PX_ID"
	wait_file "$PX_TMP/ctl/ready"
	must rt kill "$PX_ID" USR1
	wait_file_line "$PX_TMP/ctl/log" 1
	must rt kill "$PX_ID" SIGUSR2
	wait_file_line "$PX_TMP/ctl/log" 2
	must rt kill "$PX_ID" 1
	wait_file_line "$PX_TMP/ctl/log" 3
	run rt kill "$PX_ID" NOSUCHSIG
	assert_fail
	run rt kill "$PX_ID" 9999
	assert_fail
	assert_eq "$(status)" running "status after bad signals"
	must rt kill "$PX_ID" # default: TERM
	wait_status stopped
	assert_eq "$(cat "$PX_TMP/ctl/log")" $'USR1\nUSR2\nHUP\nTERM' "signals received"
	run rt kill "$PX_ID" KILL
	assert_fail
}

# wait_file_line FILE N: wait until FILE has N lines.
wait_file_line() {
	local _
	for _ in $(seq 100); do
		[ "$(wc -l <"$1" 2>/dev/null)" -ge "$2" ] 2>/dev/null && return 0
		sleep 0.05
	done
	fail "$1 never got $2 lines"
}

# pid 1 ignores TERM without a handler; --all reaches its children, and pid 1
# exits when its children are gone.
test_kill_all() {
	ctl_bundle 'sleep 100 & sleep 100 & echo ready > /ctl/ready; wait; wait; echo done > /ctl/done'
	must_create "$PX_ID" "$B"
	must rt start "$PX_ID"
	wait_file "$PX_TMP/ctl/ready"
	must rt kill "$PX_ID" TERM
	# decided when kill returned: dropped by pid 1, and the children were not signalled
	local p
	for p in $(container_pids); do
		settled_unsignalled "$p" || fail "pid $p was signalled: $(grep -E 'State|Pnd' "/proc/$p/status")"
	done
	assert_eq "$(status)" running "status after TERM to pid 1 alone"
	must rt kill --all "$PX_ID" TERM
	wait_status stopped
	wait_file "$PX_TMP/ctl/done"
	must rt delete "$PX_ID"
	assert_nothing_left
}

# kill --all of a stopped container has nothing to signal: success, as runc;
# a plain kill of it is still an error.
test_kill_all_stopped_succeeds() {
	new_bundle true
	must_create "$PX_ID" "$B"
	must rt start "$PX_ID"
	wait_status stopped
	must rt kill --all "$PX_ID" KILL
	must rt kill -a "$PX_ID" TERM
	run rt kill "$PX_ID" KILL
	assert_fail
	assert_one_error_line "not running"
	must rt delete "$PX_ID"
}

# SIGKILL to a paused container ends it: the cgroup is thawed after the signal
# (a v1 freezer holds the signal until then), as runc does.
test_kill_paused_container_kill_thaws() {
	new_bundle sleep 100
	must_create "$PX_ID" "$B"
	must rt start "$PX_ID"
	must rt pause "$PX_ID"
	assert_eq "$(status)" paused "status after pause"
	must rt kill "$PX_ID" KILL
	wait_status stopped
	must rt delete "$PX_ID"
	assert_nothing_left
}

# A --root the caller names must exist (runc 1.2+): a typo is not "no containers".
# The default root may be missing (nothing created yet).
test_list_missing_root_fails() {
	skip_unless_pidbox "runc 1.1.5 creates the missing --root and lists nothing (runc 1.2+ fails)"
	run "$RUNTIME" --root "$PX_TMP/missing" list
	assert_fail
	assert_one_error_line "list: --root $PX_TMP/missing: No such file or directory"
	[ ! -e "$PX_TMP/missing" ] || fail "list created the root"
}

test_spec_validates_and_refuses_overwrite() {
	mkdir -p "$PX_TMP/spec"
	must rt spec -b "$PX_TMP/spec"
	validate_json config-schema.json "$PX_TMP/spec/config.json"
	cp "$PX_TMP/spec/config.json" "$PX_TMP/first.json"
	run rt spec -b "$PX_TMP/spec"
	assert_fail
	cmp "$PX_TMP/spec/config.json" "$PX_TMP/first.json" || fail "spec overwrote config.json"
	# in the current directory too
	mkdir -p "$PX_TMP/spec2"
	(cd "$PX_TMP/spec2" && rt spec) || fail "spec in cwd"
	validate_json config-schema.json "$PX_TMP/spec2/config.json"
	mkdir -p "$PX_TMP/spec3"
	must rt spec --rootless -b "$PX_TMP/spec3"
	validate_json config-schema.json "$PX_TMP/spec3/config.json"
	# the validator itself can fail (its $refs resolve)
	jq '.linux.namespaces[0].type = "bogus"' "$PX_TMP/spec3/config.json" >"$PX_TMP/bad.json"
	run "$PY3" -m jsonschema --base-uri "file://$SCHEMA_DIR/" -i "$PX_TMP/bad.json" \
		"$SCHEMA_DIR/config-schema.json"
	assert_fail
	jq -e '.linux.namespaces | any(.type == "user")' "$PX_TMP/spec3/config.json" >/dev/null ||
		fail "rootless spec has no user namespace"
}

# `spec` writes what `runc spec` writes (tutorials and engines rely on its
# terminal: true, its namespaces, mounts and device rule), rootless too. Allowed
# differences: hostname, ociVersion, and ambient capabilities, which runc 1.1
# writes and runc 1.2+ dropped (without inheritable ones they never applied).
test_spec_matches_runc() {
	command -v runc >/dev/null || skip "no runc to compare with"
	local v norm='del(.hostname, .ociVersion, .process.capabilities.ambient)'
	for v in "" --rootless; do
		mkdir -p "$PX_TMP/ours$v" "$PX_TMP/runc$v"
		# shellcheck disable=SC2086 # $v is empty or one flag
		must rt spec $v -b "$PX_TMP/ours$v"
		# shellcheck disable=SC2086
		(cd "$PX_TMP/runc$v" && runc spec $v) || fail "runc spec $v"
		diff <(jq -S "$norm" "$PX_TMP/runc$v/config.json") <(jq -S "$norm" "$PX_TMP/ours$v/config.json") ||
			fail "spec $v differs from runc spec $v"
	done
	assert_eq "$(jq .process.terminal "$PX_TMP/ours/config.json")" true "process.terminal"
}

# pidbox's own default must run as is on a busybox rootfs (with terminal off:
# the terminal belongs to a later issue).
test_spec_default_runs_busybox() {
	skip_unless_pidbox "runc's default has terminal: true and cgroups we do not own"
	new_bundle
	rm "$B/config.json"
	must rt spec -b "$B"
	assert_eq "$(jq -r .ociVersion "$B/config.json")" 1.3.0 "ociVersion"
	bundle_set "$B" --arg p "/$CG_PARENT/bundle-$PX_ID" \
		'.process.terminal = false | .process.args = ["sh", "-c", "echo $$"] | .linux.cgroupsPath = $p' ||
		fail bundle_set
	must rt run -b "$B" "$PX_ID"
	assert_eq "$out" 1 "output"
}

test_pid_file() {
	new_bundle true
	must_create "$PX_ID" "$B" --pid-file "$PX_TMP/pidfile"
	assert_eq "$(cat "$PX_TMP/pidfile")" "$(state_pid)" "pid file"
	# relative to the cwd
	new_bundle -d "$PX_TMP/b2" true
	must_create "$PX_ID-2" "$PX_TMP/b2" --pid-file rel.pid
	assert_eq "$(cat "$PX_TMP/rel.pid")" "$(state_pid "$PX_ID-2")" "relative pid file"
}

test_preserve_fds() {
	new_bundle sh -c 'ls /proc/self/fd | sort -n | tr "\n" " "; echo; cat <&3'
	echo passed-through >"$PX_TMP/fd3"
	echo "\$ run --preserve-fds 1 (fd 3 open, fd 4 open but not passed)"
	out=$(rt run --preserve-fds 1 -b "$B" "$PX_ID" 3<"$PX_TMP/fd3" 4<"$PX_TMP/fd3" </dev/null 2>"$PX_TMP/err")
	rc=$?
	echo "$out"
	cat "$PX_TMP/err"
	assert_ok
	assert_match "$(head -1 <<<"$out")" '^0 1 2 3 [0-9]* ?$' "fds inside (3 passed, 4 not)"
	assert_eq "$(sed -n 2p <<<"$out")" passed-through "read from fd 3"
	# without the flag fd 3 is not passed
	out=$(rt run -b "$B" "$PX_ID" 3<"$PX_TMP/fd3" </dev/null 2>/dev/null)
	assert_match "$(head -1 <<<"$out")" '^0 1 2 [0-9]* ?$' "fds inside without --preserve-fds"
}

test_no_pivot() {
	new_bundle sh -c 'echo $$; [ -x /bin/busybox ] && echo rootfs; [ -e /etc/os-release ] && echo host-visible; hostname'
	must rt run --no-pivot -b "$B" "$PX_ID"
	assert_eq "$out" $'1\nrootfs\npidbox-test' "output"
}

test_no_new_keyring() {
	new_bundle true
	must rt run --no-new-keyring -b "$B" "$PX_ID"
}

test_global_root() {
	new_bundle true
	must_create "$PX_ID" "$B"
	[ -d "$PX_ROOT/$PX_ID" ] || fail "no state under --root"
	mkdir -p "$PX_TMP/other-root"
	run "$RUNTIME" --root "$PX_TMP/other-root" state "$PX_ID"
	assert_fail
	must rt state "$PX_ID"
}

test_version_and_help() {
	local c
	must "$RUNTIME" --version
	assert_match "$out" 'version' "--version"
	for c in create start run state kill delete list spec; do
		must "$RUNTIME" "$c" --help
		[ -n "$out" ] || fail "$c --help printed nothing"
	done
	run "$RUNTIME" no-such-command
	assert_fail
}
