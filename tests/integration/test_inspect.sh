# pidbox inspect (alias pid1): the pid-1 report, and kill's warning about signals
# the kernel drops. pidbox's own commands: every test is pidbox-only.
# shellcheck shell=bash

# start_ctl [FLAGS] SCRIPT: run -d of sh -c SCRIPT with /ctl; waits for /ctl/ready.
start_ctl() {
	local flags=""
	if [ $# -gt 1 ]; then
		flags=$1
		shift
	fi
	ctl_bundle "$1"
	# shellcheck disable=SC2086 # flags is a word list
	rt run -d $flags -b "$B" "$PX_ID" </dev/null >"$PX_TMP/c.out" 2>"$PX_TMP/c.err" ||
		fail "run -d failed: $(cat "$PX_TMP/c.err")"
	wait_file "$PX_TMP/ctl/ready"
	case $1 in
	*"exec sleep 1000"*) wait_sleeping ;;
	esac
}

# wait_sleeping: until the container's `sleep 1000` runs and sleeps (the shell
# writes /ctl/ready just before it execs sleep).
wait_sleeping() {
	local _ s
	for _ in $(seq 50); do
		s=$(rt ps --tree --format json "$PX_ID" | jq -r '.. | objects | select(.command? == "sleep 1000") | .state')
		[ "$s" = S ] && return 0
		sleep 0.1
	done
	fail "no sleeping \`sleep 1000\` in the container"
}

test_inspect_pid1_without_handlers() {
	local pid
	skip_unless_pidbox "inspect is pidbox's"
	start_ctl 'echo ready > /ctl/ready; exec sleep 1000'
	pid=$(state_pid)
	must rt inspect "$PX_ID"
	assert_match "$out" "pid 1 +pid 1 in the container, host pid $pid, state S: sleep 1000" "pid 1 line"
	assert_contains "$out" "the workload itself"
	assert_contains "$out" 'pid 1 (sleep) has no SIGTERM handler: `kill TERM` will be ignored (namespace init); use --init or SIGKILL'
	must rt pid1 --format json "$PX_ID"
	assert_eq "$(jq -r .init <<<"$out")" workload "init"
	assert_eq "$(jq -r .pid1.pid <<<"$out")" "$pid" "pid1.pid"
	assert_eq "$(jq -r .pid1.containerPid <<<"$out")" 1 "pid1.containerPid"
	assert_eq "$(jq -r '.pid1.signals.handled | length' <<<"$out")" 0 "handled signals"
	assert_eq "$(jq -r '.warnings | map(select(test("no SIGTERM handler"))) | length' <<<"$out")" 1 "TERM warning"
	assert_eq "$(jq -r .namespaces.pid <<<"$out")" "$(stat -L -c %i "/proc/$pid/ns/pid")" "pid namespace inode"
	assert_eq "$(jq -r .namespaces.net <<<"$out")" "$(stat -L -c %i "/proc/$pid/ns/net")" "net namespace inode"
	assert_eq "$(jq -r '.hostNamespaces | index("pid")' <<<"$out")" null "pid namespace is not the host's"
	assert_eq "$(jq -r .cgroup.path <<<"$out")" "$(jq -r .linux.cgroupsPath "$B/config.json")" "cgroup path"
	if [ -f "/sys/fs/cgroup/cpu$(jq -r .linux.cgroupsPath "$B/config.json")/cpu.stat" ]; then
		assert_match "$(jq -r .cgroup.cpu.nrThrottled <<<"$out")" '^[0-9]+$' "cpu throttling figure"
	fi
	# kill says once that the kernel drops it, sends it anyway, succeeds as runc's
	must rt kill "$PX_ID" TERM
	assert_eq "$err" 'pidbox: kill '"$PX_ID"': warning: pid 1 (sleep) has no SIGTERM handler: `kill TERM` will be ignored (namespace init); use --init or SIGKILL' "kill's warning"
	# decided when kill returned (see settled_unsignalled): dropped
	settled_unsignalled "$pid" || fail "pid 1 was signalled: $(grep -E 'State|Pnd' "/proc/$pid/status")"
	assert_eq "$(status)" running "status after TERM"
	must rt kill "$PX_ID" KILL
	assert_eq "$err" "" "no warning for KILL"
	wait_status stopped
	must rt inspect --format json "$PX_ID"
	assert_eq "$(jq -r .init <<<"$out")" none "init of a stopped container"
	must rt delete "$PX_ID"
}

test_inspect_pid1_with_handler() {
	skip_unless_pidbox "inspect is pidbox's"
	start_ctl "trap 'exit 3' TERM; echo ready > /ctl/ready; while :; do sleep 0.1; done"
	must rt inspect --format json "$PX_ID"
	assert_contains "$(jq -c .pid1.signals.handled <<<"$out")" '"TERM"' "handled signals"
	assert_eq "$(jq -r '.warnings | map(select(test("SIGTERM"))) | length' <<<"$out")" 0 "TERM warnings"
	must rt kill "$PX_ID" TERM
	assert_eq "$err" "" "kill's stderr"
	wait_status stopped
	must rt delete "$PX_ID"
}

test_inspect_pidbox_init() {
	skip_unless_pidbox "inspect is pidbox's"
	start_ctl --init 'echo ready > /ctl/ready; exec sleep 1000'
	must rt inspect "$PX_ID"
	assert_match "$out" "pid 1 +pid 1 in the container, host pid [0-9]+, state S: pidbox-init" "pid 1 line"
	assert_match "$out" "workload +pid 2 in the container, host pid [0-9]+, state S: sleep 1000" "workload line"
	assert_match "$out" $'pid 1 sigs +handled +-\n +ignored +-\n +blocked +all' "pid 1 blocks everything"
	assert_not_contains "$out" "warnings:"
	must rt inspect --format json "$PX_ID"
	assert_eq "$(jq -r .init <<<"$out")" pidbox "init"
	assert_eq "$(jq -r .workload.containerPid <<<"$out")" 2 "workload's pid"
	assert_contains "$(jq -c .pid1.signals.blocked <<<"$out")" '"TERM"' "blocked signals"
	must rt kill "$PX_ID" TERM
	assert_eq "$err" "" "kill's stderr with --init"
	wait_status stopped
	must rt delete "$PX_ID"
}

test_inspect_zombies() {
	local n
	skip_unless_pidbox "inspect is pidbox's"
	# children of the shell that becomes sleep (pid 1), which never reaps them
	# children of the shell that becomes sleep (pid 1), exiting after it has: sleep
	# never reaps them
	start_ctl 'sleep 0.2 & sleep 0.2 & echo ready > /ctl/ready; exec sleep 1000'
	wait_for "2 zombies" eval 'n=$(rt inspect --format json "$PX_ID" | jq -r .zombies); [ "$n" -ge 2 ]'
	must rt inspect --format json "$PX_ID"
	assert_eq "$(jq -r '.warnings | map(select(test("wait for their parent, pid 1 \\(sleep\\), to reap them; pid 1 does not reap: use --init"))) | length' <<<"$out")" 1 "zombie warning"
	must rt delete -f "$PX_ID"
}

# pidbox's init does not keep what its caller ignored either: the report shows
# its own dispositions, not the caller's.
test_inspect_init_ignores_nothing() {
	skip_unless_pidbox "inspect"
	ctl_bundle 'echo ready > /ctl/ready; exec sleep 1000'
	"$(helper sig-ignoring)" "$RUNTIME" --root "$PX_ROOT" run --init -d -b "$B" "$PX_ID" \
		</dev/null >"$PX_TMP/c.out" 2>"$PX_TMP/c.err" || fail "run -d failed: $(cat "$PX_TMP/c.err")"
	wait_file "$PX_TMP/ctl/ready"
	must rt inspect --format json "$PX_ID"
	assert_eq "$(jq -c .pid1.signals.ignored <<<"$out")" "[]" "signals pid 1 ignores"
	assert_eq "$(jq -c .workload.signals.ignored <<<"$out")" "[]" "signals the workload ignores"
	must rt delete -f "$PX_ID"
}

# A stopped process is named: TSTP goes through pidbox's init to the workload;
# STOP cannot be forwarded (nor blocked) and stops the init itself.
test_inspect_stopped() {
	local _ w
	skip_unless_pidbox "inspect is pidbox's"
	start_ctl --init 'echo ready > /ctl/ready; exec sleep 1000'
	must rt kill "$PX_ID" TSTP
	for _ in $(seq 50); do
		w=$(rt inspect --format json "$PX_ID" | jq -r '.warnings[]')
		[[ $w == *"is stopped"* ]] && break
		sleep 0.1
	done
	assert_contains "$w" "the workload (pid 2) is stopped: \`pidbox kill $PX_ID CONT\` resumes it" "warnings"
	must rt kill "$PX_ID" CONT
	must rt kill "$PX_ID" STOP
	for _ in $(seq 50); do
		w=$(rt inspect --format json "$PX_ID" | jq -r '.warnings[]')
		[[ $w == *"pid 1 is stopped"* ]] && break
		sleep 0.1
	done
	assert_contains "$w" "pid 1 is stopped: \`pidbox kill $PX_ID CONT\` resumes it" "warnings"
	must rt kill "$PX_ID" CONT
	must rt delete -f "$PX_ID"
}
