# exec: a new process in a running container, with runc's flags.
# shellcheck shell=bash

# start_sleeper [jq filter]: a running container ($PX_ID) whose init sleeps; the
# filter (optional) patches its config first.
start_sleeper() {
	new_bundle sleep 1000
	[ -z "${1:-}" ] || set_config "$1"
	must_create "$PX_ID" "$B"
	must rt start "$PX_ID"
	wait_status running
}

# The exec'd process shares every namespace and the cgroup of the init.
test_exec_joins_namespaces_and_cgroup() {
	local n init_ns
	start_sleeper '.linux.namespaces += [{type: "cgroup"}]'
	must rt exec "$PX_ID" sh -c 'for n in ipc uts mnt net pid cgroup user; do
		echo "$n $(readlink /proc/self/ns/$n) $(readlink /proc/1/ns/$n)"; done
		echo "cg $(grep -c . /proc/self/cgroup) $(cat /proc/self/cgroup | md5sum)"
		echo "cg1 $(grep -c . /proc/1/cgroup) $(cat /proc/1/cgroup | md5sum)"
		echo "mypid $$"; hostname'
	for n in ipc uts mnt net pid cgroup user; do
		init_ns=$(awk -v n="$n" '$1 == n {print $3}' <<<"$out")
		assert_ne "$init_ns" "" "$n namespace of pid 1"
		assert_eq "$(awk -v n="$n" '$1 == n {print $2}' <<<"$out")" "$init_ns" "$n namespace"
	done
	assert_eq "$(awk '$1 == "cg" {print $2 $3}' <<<"$out")" "$(awk '$1 == "cg1" {print $2 $3}' <<<"$out")" \
		"cgroup of the exec process"
	[ "$(awk '$1 == "mypid" {print $2}' <<<"$out")" -gt 1 ] || fail "exec process is pid 1"
	assert_contains "$out" pidbox-test "hostname"
	# and seen from the host: in the container's cgroup directory
	local cg
	cg=$(cg_dirs | head -1)
	[ -n "$cg" ] || fail "no cgroup dir for the container"
	bg rt exec "$PX_ID" sleep 100
	local _ found=0
	for _ in $(seq 50); do
		[ "$(grep -c . "$cg/cgroup.procs")" -ge 2 ] && found=1 && break
		sleep 0.1
	done
	[ "$found" = 1 ] || fail "exec process not in $cg/cgroup.procs: $(cat "$cg/cgroup.procs")"
}

test_exec_exit_codes() {
	local c
	start_sleeper
	for c in 0 1 42; do
		run rt exec "$PX_ID" sh -c "exit $c"
		assert_rc "$c"
	done
	run rt exec "$PX_ID" sh -c 'kill -KILL $$'
	assert_rc 137
}

# exec itself failing is 255, with one clear line
test_exec_failure_is_255() {
	start_sleeper
	run rt exec "$PX_ID" /no/such/binary
	assert_rc 255
	assert_one_error_line "/no/such/binary"
	run rt exec "$PX_ID" no-such-command
	assert_rc 255
	assert_one_error_line "executable file not found"
	run rt exec --cwd /no/such/dir "$PX_ID" true
	assert_rc 255
	assert_one_error_line "/no/such/dir"
	run rt exec no-such-container true
	assert_rc 255
	assert_one_error_line "does not exist"
}

test_exec_stdio() {
	start_sleeper
	echo "\$ echo hello | exec cat"
	out=$(echo hello | rt exec "$PX_ID" sh -c 'cat; echo err >&2' 2>"$PX_TMP/e")
	rc=$?
	assert_ok
	assert_eq "$out" hello "stdout"
	assert_eq "$(cat "$PX_TMP/e")" err "stderr"
}

test_exec_env_user_cwd_gids() {
	start_sleeper '.process.env += ["FOO=config", "KEEP=1"]'
	must rt exec -e FOO=flag -e NEW=x --user 65534:65534 -g 5 -g 7 --cwd /tmp "$PX_ID" \
		sh -c 'echo "$FOO $NEW $KEEP"; env | grep -c ^FOO=; id -u; id -g; id -G; pwd'
	assert_eq "$out" $'flag x 1\n1\n65534\n65534\n65534 5 7\n/tmp' "process"
	# uid alone keeps the config's gid (0)
	must rt exec -u 1000 "$PX_ID" sh -c 'id -u; id -g'
	assert_eq "$out" $'1000\n0' "uid only"
	# a name the container's /etc/passwd lacks (names: test_dropin_exec_user_by_name)
	run rt exec -u no_such_user "$PX_ID" true
	assert_fail
}

# the config's rlimits, capabilities and noNewPrivileges apply to exec too
test_exec_inherits_process_settings() {
	start_sleeper '.process.rlimits = [{type: "RLIMIT_NOFILE", soft: 512, hard: 1000}]
		| .process.noNewPrivileges = false
		| .process.capabilities = {bounding: ["CAP_KILL", "CAP_CHOWN"], effective: ["CAP_KILL"],
		   permitted: ["CAP_KILL"], inheritable: [], ambient: []}'
	must rt exec "$PX_ID" sh -c 'ulimit -Sn; ulimit -Hn; grep -E "^(Cap(Prm|Eff|Bnd)|NoNewPrivs):" /proc/self/status'
	assert_eq "$(sed -n 1,2p <<<"$out")" $'512\n1000' "rlimits"
	# without noNewPrivileges, execve as root raises permitted to the bounding set
	assert_contains "$out" "CapPrm:	0000000000000021"
	assert_contains "$out" "CapEff:	0000000000000021"
	assert_contains "$out" "CapBnd:	0000000000000021"
	assert_contains "$out" "NoNewPrivs:	0"
	# --cap adds to bounding, effective and permitted; --no-new-privs sets it (and
	# keeps execve from raising permitted beyond what was set)
	must rt exec --cap CAP_NET_ADMIN --no-new-privs "$PX_ID" \
		sh -c 'grep -E "^(Cap(Prm|Eff|Bnd)|NoNewPrivs):" /proc/self/status'
	assert_contains "$out" "CapPrm:	0000000000001020"
	assert_contains "$out" "CapEff:	0000000000001020"
	assert_contains "$out" "CapBnd:	0000000000001021"
	assert_contains "$out" "NoNewPrivs:	1"
	# runc warns and goes on; pidbox refuses a capability it does not know
	if is_pidbox; then
		run rt exec --cap CAP_NO_SUCH "$PX_ID" true
		assert_rc 255
		assert_one_error_line "CAP_NO_SUCH"
	fi
}

test_exec_process_file() {
	start_sleeper
	jq -n '{terminal: false, user: {uid: 1000, gid: 1001, additionalGids: [5]},
		args: ["sh", "-c", "id -u; id -g; id -G; pwd; echo $A; ulimit -Sn"],
		env: ["PATH=/bin", "A=from-file"], cwd: "/etc",
		rlimits: [{type: "RLIMIT_NOFILE", soft: 100, hard: 200}],
		capabilities: {bounding: ["CAP_KILL"], effective: [], permitted: [], inheritable: [], ambient: []},
		noNewPrivileges: true}' >"$PX_TMP/process.json"
	must rt exec --process "$PX_TMP/process.json" "$PX_ID"
	assert_eq "$out" $'1000\n1001\n1001 5\n/etc\nfrom-file\n100' "process from the file"
	# a broken process.json is an exec failure naming the field
	jq -n '{args: [], cwd: "/"}' >"$PX_TMP/bad.json"
	run rt exec -p "$PX_TMP/bad.json" "$PX_ID"
	assert_rc 255
	assert_one_error_line "args"
}

test_exec_detach_pid_file() {
	local pid init
	start_sleeper
	# its stdio on a file: a pipe would keep the shell waiting for the sleep
	echo "\$ exec -d --pid-file exec.pid sleep 100"
	rt exec -d --pid-file "$PX_TMP/exec.pid" "$PX_ID" sleep 100 >"$PX_TMP/d.out" 2>&1
	rc=$?
	assert_ok
	pid=$(cat "$PX_TMP/exec.pid")
	assert_match "$pid" '^[1-9][0-9]*$' "pid file"
	echo "$pid" >>"$PX_TMP/.pids"
	init=$(state_pid)
	assert_eq "$(readlink "/proc/$pid/ns/pid")" "$(readlink "/proc/$init/ns/pid")" "pid namespace"
	assert_eq "$(tr '\0' ' ' <"/proc/$pid/cmdline")" "sleep 100 " "cmdline"
	# the detached process dies with the container
	must rt delete -f "$PX_ID"
	wait_gone "$pid"
}

test_exec_preserve_fds() {
	start_sleeper
	echo from-fd-3 >"$PX_TMP/f3"
	echo from-fd-4 >"$PX_TMP/f4"
	echo "\$ exec --preserve-fds 2 3<f3 4<f4"
	out=$(rt exec --preserve-fds 2 "$PX_ID" sh -c 'cat <&3; cat <&4; ls /proc/self/fd | sort -n | tr "\n" " "' \
		3<"$PX_TMP/f3" 4<"$PX_TMP/f4" 5<"$PX_TMP/f4")
	rc=$?
	assert_ok
	# fds 0-4, plus the one ls opens; never our 5 or anything of the runtime's
	assert_eq "$out" $'from-fd-3\nfrom-fd-4\n0 1 2 3 4 5 ' "preserved fds"
	run rt exec "$PX_ID" sh -c 'ls /proc/self/fd | sort -n | tr "\n" " "'
	assert_eq "$out" "0 1 2 3 " "fds without --preserve-fds"
}

test_exec_refused_when_stopped() {
	new_bundle sh -c 'exit 0'
	must_create "$PX_ID" "$B"
	must rt start "$PX_ID"
	wait_status stopped
	run rt exec "$PX_ID" true
	assert_rc 255
	assert_one_error_line "stopped"
}

# a foreground exec forwards signals to its process
test_exec_forwards_signals() {
	start_sleeper
	mkdir -p "$PX_TMP/ctl"
	bg rt exec "$PX_ID" sh -c 'trap "echo got-term; exit 9" TERM; echo ready; while :; do sleep 0.1; done' \
		>"$PX_TMP/out" 2>&1
	wait_for_text "$PX_TMP/out" ready
	kill -TERM "$bg_pid"
	wait "$bg_pid"
	rc=$?
	assert_rc 9
	assert_contains "$(cat "$PX_TMP/out")" got-term
}

test_exec_user_namespace() {
	start_sleeper '.linux.namespaces += [{type: "user"}]
		| .linux.uidMappings = [{containerID: 0, hostID: 100000, size: 65536}]
		| .linux.gidMappings = [{containerID: 0, hostID: 100000, size: 65536}]
		| .mounts |= map(select(.destination != "/sys/fs/cgroup"))'
	must rt exec -u 1000:1000 "$PX_ID" sh -c 'cat /proc/self/uid_map; id -u'
	assert_match "$(sed -n 1p <<<"$out")" '^ +0 +100000 +65536$' "uid_map"
	assert_eq "$(sed -n 2p <<<"$out")" 1000 "uid inside"
	must rt exec "$PX_ID" sh -c 'id -u; readlink /proc/self/ns/user; readlink /proc/1/ns/user'
	assert_eq "$(sed -n 1p <<<"$out")" 0 "uid inside"
	assert_eq "$(sed -n 2p <<<"$out")" "$(sed -n 3p <<<"$out")" "user namespace"
}

# wait_for_text FILE TEXT: until FILE contains TEXT (10 s).
wait_for_text() {
	local _
	for _ in $(seq 100); do
		grep -q -- "$2" "$1" 2>/dev/null && return 0
		sleep 0.1
	done
	fail "timed out waiting for '$2' in $1: $(cat "$1" 2>/dev/null)"
}

# --cgroup SUB: the process goes into an existing sub-cgroup of the container's
test_exec_sub_cgroup() {
	local d
	start_sleeper
	for d in $(cg_dirs); do
		mkdir "$d/sub" || fail "mkdir $d/sub"
		# a v1 cpuset cgroup takes no process before it has cpus and mems
		if [ -f "$d/sub/cpuset.cpus" ]; then
			cat "$d/cpuset.cpus" >"$d/sub/cpuset.cpus"
			cat "$d/cpuset.mems" >"$d/sub/cpuset.mems"
		fi
	done
	must rt exec --cgroup sub "$PX_ID" cat /proc/self/cgroup
	# every hierarchy line ends in the sub-cgroup (a cgroup namespace would show /sub)
	assert_contains "$out" "/sub" "cgroups of the exec process"
	assert_not_contains "$(grep -v '/sub$' <<<"$out" | grep "$CG_PARENT" || true)" "$CG_PARENT" "a hierarchy outside sub"
	run rt exec --cgroup missing "$PX_ID" true
	assert_fail
	for d in $(cg_dirs); do
		rmdir "$d/sub"
	done
}

# A paused container refuses exec unless --ignore-paused; then the process is
# born frozen and runs once the container is resumed.
test_exec_paused() {
	ctl_bundle 'sleep 1000'
	must_create "$PX_ID" "$B"
	must rt start "$PX_ID"
	must rt pause "$PX_ID"
	assert_eq "$(status)" paused "status"
	run rt exec "$PX_ID" true
	assert_rc 255
	assert_one_error_line "paused"
	local n fz
	n=$(container_pids | wc -l)
	fz=$(cg_dirs | grep /freezer/)
	bg rt exec --ignore-paused "$PX_ID" sh -c 'echo ran > /ctl/ran'
	# the exec'd process joined the frozen cgroup and was frozen with it: from
	# then on it cannot run until resume
	wait_for "the exec'd process to join the container" eval '[ "$(container_pids | wc -l)" -gt "$n" ]'
	wait_for "every process of the container to be frozen" all_frozen "$fz"
	[ ! -e "$PX_TMP/ctl/ran" ] || fail "the exec'd process ran in a paused container"
	must rt resume "$PX_ID"
	wait "$bg_pid"
	rc=$?
	assert_ok
	wait_file "$PX_TMP/ctl/ran"
}

# On a kernel without setns on a pidfd (before 5.8; a seccomp filter stands in
# for it), exec joins the namespaces one by one through /proc/<pid>/ns.
test_exec_setns_fallback() {
	local h
	skip_unless_pidbox "pidbox's own per-namespace fallback"
	h=$(helper no-pidfd-setns)
	[ -x "$h" ] || fail "$h missing (make unit)"
	start_sleeper
	run "$h" "$RUNTIME" --root "$PX_ROOT" --debug exec "$PX_ID" sh -c \
		'for n in ipc uts mnt net pid; do [ "$(readlink /proc/self/ns/$n)" = "$(readlink /proc/1/ns/$n)" ] || echo "not in $n"; done; hostname'
	assert_ok
	assert_eq "$out" pidbox-test "namespaces joined one by one"
	assert_contains "$err" "joining namespace by namespace" "debug log"
	# and the real path, without the filter, joins at once
	run rt --debug exec "$PX_ID" true
	assert_ok
	assert_not_contains "$err" "joining namespace by namespace" "debug log"
}

# A time namespace is joined too: the exec'd process sees the container's clocks.
test_exec_time_namespace() {
	local up
	is_pidbox || "$RUNTIME" features 2>/dev/null | grep -q '"time"' || skip "no time namespace support"
	up=$(cut -d. -f1 /proc/uptime)
	start_sleeper '.linux.namespaces += [{type: "time"}]
		| .linux.timeOffsets = {boottime: {secs: 31536000, nanosecs: 0}}'
	must rt exec "$PX_ID" sh -c 'cut -d. -f1 /proc/uptime; [ "$(readlink /proc/self/ns/time)" = "$(readlink /proc/1/ns/time)" ] && echo same-ns'
	[ "$(sed -n 1p <<<"$out")" -ge $((up + 31536000)) ] || fail "uptime in exec $out, host $up: offset not seen"
	assert_eq "$(sed -n 2p <<<"$out")" same-ns "time namespace"
}
