# hooks: every phase with its state on stdin, in order, in the right namespaces,
# with args, env, timeouts and the failure semantics of runtime-spec 1.3.
# shellcheck shell=bash

# hooks_bundle: a bundle whose six phases all run a logging hook. Each writes its
# state JSON to <dir>/<phase>.json, its hostname to <dir>/<phase>.host and appends
# its phase to <dir>/order. <dir> is $PX_TMP/ctl on the host, /ctl in the
# container (startContainer's path is resolved there, so it is a copy in the rootfs).
hooks_bundle() {
	ctl_bundle "${1:-true}"
	LOG=$PX_TMP/ctl
	cat >"$PX_TMP/hook.sh" <<'HOOK'
#!/bin/sh
d=$1
shift
cat >"$d/$1.json"
hostname >"$d/$1.host"
echo "$1" >>"$d/order"
HOOK
	chmod +x "$PX_TMP/hook.sh"
	cp "$PX_TMP/hook.sh" "$B/rootfs/hook.sh"
	set_config --arg h "$PX_TMP/hook.sh" --arg d "$LOG" '.hooks = {
		prestart: [{path: $h, args: ["hook", $d, "prestart"]}],
		createRuntime: [{path: $h, args: ["hook", $d, "createRuntime"]}],
		createContainer: [{path: $h, args: ["hook", $d, "createContainer"]}],
		startContainer: [{path: "/hook.sh", args: ["hook", "/ctl", "startContainer"]}],
		poststart: [{path: $h, args: ["hook", $d, "poststart"]}],
		poststop: [{path: $h, args: ["hook", $d, "poststop"]}]}'
}

# assert_state PHASE STATUS PID: the state the hook of PHASE read on stdin
assert_state() {
	local f=$LOG/$1.json
	[ -f "$f" ] || fail "hook $1 did not run"
	assert_eq "$(jq -r .status "$f")" "$2" "$1 status"
	assert_eq "$(jq -r .id "$f")" "$PX_ID" "$1 id"
	assert_eq "$(jq -r .pid "$f")" "$3" "$1 pid"
	assert_eq "$(jq -r .bundle "$f")" "$B" "$1 bundle"
	assert_eq "$(jq -r .ociVersion "$f")" "$(jq -r .ociVersion "$B/config.json")" "$1 ociVersion"
}

test_hooks_order_state_and_namespaces() {
	skip_unless_pidbox "runc 1.1 runs poststart hooks during create (fixed in runc 1.2)"
	local pid
	hooks_bundle 'echo workload >>/ctl/order'
	set_config '.annotations = {"org.example.hook": "yes"}'
	must_create "$PX_ID" "$B"
	assert_eq "$(cat "$LOG/order")" $'prestart\ncreateRuntime\ncreateContainer' "hooks run by create"
	pid=$(state_pid)
	must rt start "$PX_ID"
	wait_status stopped
	must rt delete "$PX_ID"
	assert_eq "$(sed '/workload/d' "$LOG/order")" \
		$'prestart\ncreateRuntime\ncreateContainer\nstartContainer\npoststart\npoststop' "order"
	# the workload ran after startContainer (poststart may race with it)
	assert_match "$(tr '\n' ' ' <"$LOG/order")" 'startContainer .*workload' "workload after startContainer"
	assert_state prestart creating "$pid"
	assert_state createRuntime creating "$pid"
	assert_state createContainer creating "$pid"
	# startContainer runs in the container's init (as runc's): the pid as the
	# container sees it (runtime-spec: "as seen by the container")
	assert_state startContainer created 1
	assert_state poststart running "$pid"
	assert_eq "$(jq -r .status "$LOG/poststop.json")" stopped "poststop status"
	assert_eq "$(jq -r '.annotations["org.example.hook"]' "$LOG/prestart.json")" yes "annotations"
	# runtime namespace for prestart/createRuntime/poststart/poststop, the
	# container's (its uts namespace) for createContainer and startContainer
	assert_eq "$(cat "$LOG/prestart.host")" "$(hostname)" "prestart hostname"
	assert_eq "$(cat "$LOG/createRuntime.host")" "$(hostname)" "createRuntime hostname"
	assert_eq "$(cat "$LOG/createContainer.host")" pidbox-test "createContainer hostname"
	assert_eq "$(cat "$LOG/startContainer.host")" pidbox-test "startContainer hostname"
	assert_eq "$(cat "$LOG/poststart.host")" "$(hostname)" "poststart hostname"
	assert_eq "$(cat "$LOG/poststop.host")" "$(hostname)" "poststop hostname"
	assert_nothing_left
}

# run goes through the same phases (its own teardown runs poststop)
test_hooks_run() {
	skip_unless_pidbox "runc 1.1 runs poststart hooks before startContainer"
	hooks_bundle 'echo workload >>/ctl/order'
	must rt run -b "$B" "$PX_ID"
	assert_eq "$(sed '/workload/d' "$LOG/order")" \
		$'prestart\ncreateRuntime\ncreateContainer\nstartContainer\npoststart\npoststop' "order"
	assert_nothing_left
}

test_hooks_args_env() {
	new_bundle true
	cat >"$PX_TMP/args.sh" <<'HOOK'
#!/bin/sh
{ echo "argv0=$0"; for a in "$@"; do echo "[$a]"; done; env | sort; } >"$OUT"
HOOK
	chmod +x "$PX_TMP/args.sh"
	set_config --arg h "$PX_TMP/args.sh" --arg o "$PX_TMP/args.out" \
		'.hooks.createRuntime = [{path: $h, args: ["/the/name", "a b", ""], env: ["OUT=\($o)", "X=1"]}]'
	must rt run -b "$B" "$PX_ID"
	assert_contains "$(cat "$PX_TMP/args.out")" $'[a b]\n[]' "args"
	assert_contains "$(cat "$PX_TMP/args.out")" "X=1" "env"
	# nothing of the runtime's environment leaks into the hook's
	assert_not_contains "$(cat "$PX_TMP/args.out")" "PX_ROOT=" "env"
	# without args the hook's argv is just its path; without env it has the
	# runtime's (as runc's hooks do)
	set_config '.hooks.createRuntime[0] |= del(.args, .env)'
	OUT=$PX_TMP/args.out must rt run -b "$B" "$PX_ID"
	assert_contains "$(cat "$PX_TMP/args.out")" "argv0=$PX_TMP/args.sh" "argv[0]"
	assert_contains "$(cat "$PX_TMP/args.out")" "PX_ROOT=$PX_ROOT" "inherited env"
}

# A hook that outlives its timeout is killed with everything it started, and
# create fails cleanly.
test_hooks_timeout() {
	skip_unless_pidbox "runc 1.1 waits for what a timed-out hook left running"
	new_bundle true
	cat >"$PX_TMP/slow.sh" <<HOOK
#!/bin/sh
sleep 60 &
echo \$! >"$PX_TMP/slow.pid"
echo started
wait
HOOK
	chmod +x "$PX_TMP/slow.sh"
	set_config --arg h "$PX_TMP/slow.sh" '.hooks.prestart = [{path: $h, timeout: 1}]'
	run rt run -b "$B" "$PX_ID"
	assert_fail
	assert_one_error_line "hooks.prestart[0]: $PX_TMP/slow.sh: timed out after 1 s (killed): started"
	wait_gone "$(cat "$PX_TMP/slow.pid")"
	assert_nothing_left
}

# A failing create hook fails create in one line (with what it said), stops and
# destroys the container, and the poststop hooks still run.
test_hooks_create_failure() {
	local phase
	for phase in prestart createRuntime createContainer; do
		hooks_bundle
		printf '#!/bin/sh\necho "no way" >&2\nexit 3\n' >"$PX_TMP/fail.sh"
		chmod +x "$PX_TMP/fail.sh"
		rm -f "$LOG"/*
		set_config --arg h "$PX_TMP/fail.sh" --arg p "$phase" '.hooks[$p] += [{path: $h}]'
		rt_create "$PX_ID" "$B"
		assert_fail
		assert_one_error_line "hooks.${phase}[1]: $PX_TMP/fail.sh: exited with status 3: no way"
		assert_nothing_left
		assert_contains "$(cat "$LOG/order")" poststop "poststop after a failed $phase"
		assert_not_contains "$(cat "$LOG/order")" startContainer "hooks after the failure"
	done
}

# startContainer and poststart failures fail start and stop the container
# (runtime-spec 1.3); delete then destroys it and runs poststop.
test_hooks_start_failure() {
	skip_unless_pidbox "runc 1.1 does not fail start when a poststart hook fails (runtime-spec 1.3 says it must)"
	local phase
	for phase in startContainer poststart; do
		hooks_bundle 'echo workload >>/ctl/order; sleep 30'
		printf '#!/bin/sh\nexit 5\n' >"$PX_TMP/fail.sh"
		cp "$PX_TMP/fail.sh" "$B/rootfs/fail.sh"
		chmod +x "$PX_TMP/fail.sh" "$B/rootfs/fail.sh"
		rm -f "$LOG"/*
		set_config --arg h "$([ $phase = startContainer ] && echo /fail.sh || echo "$PX_TMP/fail.sh")" \
			--arg p "$phase" '.hooks[$p] = [{path: $h}]'
		must_create "$PX_ID" "$B"
		run rt start "$PX_ID"
		assert_fail
		assert_one_error_line "hooks.${phase}[0]: "
		is_pidbox && assert_contains "$err" "exited with status 5" "stderr"
		wait_status stopped
		if [ "$phase" = startContainer ]; then
			assert_not_contains "$(cat "$LOG/order")" workload "the workload after a failed startContainer"
		fi
		must rt delete "$PX_ID"
		assert_contains "$(cat "$LOG/order")" poststop "poststop"
		assert_nothing_left
	done
}

# poststop failures are warnings: delete succeeds and the next hook still runs
test_hooks_poststop_failure_warns() {
	skip_unless_pidbox "runc 1.1 stops at the first failing poststop hook"
	hooks_bundle
	printf '#!/bin/sh\nexit 7\n' >"$PX_TMP/fail.sh"
	chmod +x "$PX_TMP/fail.sh"
	set_config --arg h "$PX_TMP/fail.sh" '.hooks.poststop = [{path: $h}] + .hooks.poststop'
	must_create "$PX_ID" "$B"
	must rt start "$PX_ID"
	wait_status stopped
	run rt delete "$PX_ID"
	assert_ok
	is_pidbox && assert_contains "$err" "hooks.poststop[0]: $PX_TMP/fail.sh: exited with status 7" "warning"
	assert_contains "$(cat "$LOG/order")" poststop "the second poststop hook"
	assert_nothing_left
}

# runtime.md: changes to config.json after create do not affect the container
test_hooks_config_kept_from_create() {
	hooks_bundle
	must_create "$PX_ID" "$B"
	set_config '.hooks = {}'
	must rt start "$PX_ID"
	wait_status stopped
	must rt delete "$PX_ID"
	assert_contains "$(cat "$LOG/order")" poststop "poststop from the config of create"
}

test_hooks_bad_values() {
	new_bundle true
	set_config '.hooks.prestart = [{path: "relative/hook"}]'
	run rt run -b "$B" "$PX_ID"
	assert_fail
	assert_one_error_line "hooks.prestart[0].path: must be an absolute path"
	set_config '.hooks.prestart = [{path: "/bin/true", timeout: 0}]'
	run rt run -b "$B" "$PX_ID"
	assert_fail
	assert_one_error_line "hooks.prestart[0].timeout: must be a number of seconds greater than zero"
	set_config '.hooks.prestart = [{path: "/no/such/hook"}]'
	run rt run -b "$B" "$PX_ID"
	assert_fail
	assert_one_error_line "hooks.prestart[0]: /no/such/hook: exited with status 127"
	assert_nothing_left
}

# createContainer and startContainer join the container's user namespace too
# (setns on the init's pidfd takes them all at once): inside it, the hook sees
# the container's uid map.
test_hooks_in_user_namespace() {
	skip_unless_pidbox "runc 1.1 runs poststart hooks during create"
	hooks_bundle
	set_config '.linux.namespaces += [{type: "user"}]
		| .linux.uidMappings = [{containerID: 0, hostID: 100000, size: 65536}]
		| .linux.gidMappings = [{containerID: 0, hostID: 100000, size: 65536}]
		| .mounts |= map(select(.destination != "/sys/fs/cgroup"))'
	printf '#!/bin/sh\ncat /proc/self/uid_map >"$1/$2.uidmap"\n' >"$PX_TMP/map.sh"
	chmod +x "$PX_TMP/map.sh"
	cp "$PX_TMP/map.sh" "$B/rootfs/map.sh"
	# startContainer runs as the container's root (host uid 100000), so what it
	# writes must be writable by that user
	chmod 777 "$LOG"
	touch "$LOG/order"
	chmod 666 "$LOG/order"
	mkdir -p "$B/rootfs/ctl"
	set_config --arg h "$PX_TMP/map.sh" --arg d "$LOG" '
		.hooks.createContainer += [{path: $h, args: ["map", $d, "createContainer"]}]
		| .hooks.startContainer += [{path: "/map.sh", args: ["map", "/ctl", "startContainer"]}]
		| .hooks.createRuntime += [{path: $h, args: ["map", $d, "createRuntime"]}]'
	must rt run -b "$B" "$PX_ID"
	assert_match "$(cat "$LOG/createContainer.uidmap")" '^ +0 +100000 +65536$' "createContainer's uid map"
	assert_match "$(cat "$LOG/startContainer.uidmap")" '^ +0 +100000 +65536$' "startContainer's uid map"
	assert_match "$(cat "$LOG/createRuntime.uidmap")" '^ +0 +0 +4294967295$' "createRuntime's uid map"
	assert_eq "$(sed '/workload/d' "$LOG/order")" \
		$'prestart\ncreateRuntime\ncreateContainer\nstartContainer\npoststart\npoststop' "order"
}

# A hook that closes its output and then hangs is still killed at its timeout.
test_hooks_timeout_after_closing_output() {
	skip_unless_pidbox "runc 1.1 waits for what a timed-out hook left running"
	new_bundle true
	printf '#!/bin/sh\nexec >&- 2>&-\nexec sleep 60\n' >"$PX_TMP/quiet.sh"
	chmod +x "$PX_TMP/quiet.sh"
	set_config --arg h "$PX_TMP/quiet.sh" '.hooks.createRuntime = [{path: $h, timeout: 1}]'
	run rt run -b "$B" "$PX_ID"
	assert_fail
	assert_one_error_line "hooks.createRuntime[0]: $PX_TMP/quiet.sh: timed out after 1 s (killed)"
	assert_nothing_left
}

# startContainer hooks run in the container's init, so a hook without an env of
# its own gets the init's: process.env (runc's behaviour), never the runtime's.
test_hooks_start_container_env_is_process_env() {
	ctl_bundle true
	printf '#!/bin/sh\nenv >"$1"\n' >"$B/rootfs/env.sh"
	chmod 755 "$B/rootfs/env.sh"
	set_config '.process.env = ["PATH=/bin", "FROM_PROCESS=yes"]
		| .hooks.startContainer = [{path: "/env.sh", args: ["env.sh", "/ctl/inherited"]},
			{path: "/env.sh", args: ["env.sh", "/ctl/own"], env: ["OWN=1"]}]'
	must rt run -b "$B" "$PX_ID"
	assert_contains "$(cat "$PX_TMP/ctl/inherited")" "FROM_PROCESS=yes" "a hook without env"
	assert_not_contains "$(cat "$PX_TMP/ctl/inherited")" "PX_ROOT=" "a hook without env"
	assert_contains "$(cat "$PX_TMP/ctl/own")" "OWN=1" "a hook with its own env"
	assert_not_contains "$(cat "$PX_TMP/ctl/own")" "FROM_PROCESS" "a hook with its own env"
}

# A createContainer hook starts in the rootfs (runc chdirs there before running
# them), so relative paths resolve in the container's filesystem.
test_hooks_create_container_cwd_is_rootfs() {
	new_bundle true
	echo in-rootfs >"$B/rootfs/marker"
	printf '#!/bin/sh\npwd >"$1"\ncat marker >>"$1"\n' >"$PX_TMP/cwd.sh"
	chmod +x "$PX_TMP/cwd.sh"
	set_config --arg h "$PX_TMP/cwd.sh" --arg o "$PX_TMP/cwd.out" \
		'.hooks.createContainer = [{path: $h, args: ["cwd.sh", $o]}]'
	must rt run -b "$B" "$PX_ID"
	assert_eq "$(cat "$PX_TMP/cwd.out")" "$(realpath "$B/rootfs")"$'\n'in-rootfs "the hook's cwd"
}

# A startContainer hook (run by the container's init) that outlives its timeout
# is killed by the init, and start fails with the hook's error: the container is
# stopped and never runs its workload.
test_hooks_start_container_timeout() {
	skip_unless_pidbox "runc 1.1 start succeeds when a startContainer hook fails (the init reports it on the container's stderr)"
	ctl_bundle 'echo workload >/ctl/workload'
	printf '#!/bin/sh\necho waiting\nexec sleep 60\n' >"$B/rootfs/slow.sh"
	chmod 755 "$B/rootfs/slow.sh"
	set_config '.hooks.startContainer = [{path: "/slow.sh", timeout: 1}]'
	must_create "$PX_ID" "$B"
	run rt start "$PX_ID"
	assert_fail
	assert_one_error_line "hooks.startContainer[0]: /slow.sh: timed out after 1 s (killed): waiting"
	wait_status stopped
	[ ! -e "$PX_TMP/ctl/workload" ] || fail "the workload ran after a failed startContainer hook"
	must rt delete "$PX_ID"
	assert_nothing_left
}

# A timeout beyond poll()'s int milliseconds (~24.8 days; the spec allows any
# positive int of seconds) must mean what it says: 4294968 s is 2^32 ms + 704 ms,
# which the old code wrapped into a 0.7 s timeout and killed this 1.5 s hook for.
test_hooks_timeout_beyond_int_milliseconds() {
	new_bundle true
	cat >"$PX_TMP/slowish.sh" <<HOOK
#!/bin/sh
sleep 1.5
echo finished >"$PX_TMP/slowish.out"
HOOK
	chmod +x "$PX_TMP/slowish.sh"
	set_config --arg h "$PX_TMP/slowish.sh" '.hooks.prestart = [{path: $h, timeout: 4294968}]'
	must rt run -b "$B" "$PX_ID"
	assert_eq "$(cat "$PX_TMP/slowish.out")" finished "what the hook wrote"
}
