# Namespaces: created per config, joined by path, user/time/cgroup specifics.
# shellcheck shell=bash

test_ns_hostname() {
	must_in_container 'hostname; cat /proc/sys/kernel/hostname'
	assert_eq "$out" $'pidbox-test\npidbox-test' "hostname inside"
	set_config '.hostname = "other-name"'
	must_in_container hostname
	assert_eq "$out" other-name "hostname inside"
	assert_ne "$(hostname)" other-name "host's hostname"
}

test_ns_workload_is_pid1() {
	must_in_container 'echo $$; ps -o pid,comm | wc -l; cat /proc/1/cmdline | tr "\0" " "'
	assert_eq "$(sed -n 1p <<<"$out")" 1 "pid of the workload"
	# ps header + sh + ps (+ wc, tr of the pipeline): nothing of the host
	[ "$(sed -n 2p <<<"$out")" -le 5 ] || fail "too many processes visible: $out"
	assert_contains "$(sed -n 3p <<<"$out")" "sh -c" "pid 1's cmdline"
}

test_ns_network_only_lo() {
	must_in_container 'ls /sys/class/net; ip -o link | wc -l'
	assert_eq "$out" $'lo\n1' "interfaces inside"
}

# Every namespace in the config differs from the host's; the others are shared.
test_ns_separate_from_host() {
	local n host inside
	must_in_container 'for n in ipc uts mnt net pid cgroup user; do echo "$n $(readlink /proc/self/ns/$n)"; done'
	for n in ipc uts mnt net pid; do
		host=$(readlink "/proc/self/ns/$n")
		inside=$(awk -v n="$n" '$1 == n {print $2}' <<<"$out")
		[ -n "$inside" ] || fail "no $n namespace inside"
		assert_ne "$inside" "$host" "$n namespace"
	done
	for n in cgroup user; do
		host=$(readlink "/proc/self/ns/$n")
		inside=$(awk -v n="$n" '$1 == n {print $2}' <<<"$out")
		assert_eq "$inside" "$host" "$n namespace (not in config: shared with the host)"
	done
}

test_ns_join_by_path() {
	local ns=pxt-$PX_ID ino
	track_netns "$ns"
	ip netns add "$ns" || fail "ip netns add"
	# a mark only this netns has: its lo is up (0x9: IFF_UP|IFF_LOOPBACK)
	ip -n "$ns" link set lo up || fail "ip link set lo up"
	ino=$(stat -L -c %i "/run/netns/$ns")
	new_bundle
	set_config --arg p "/run/netns/$ns" \
		'.linux.namespaces |= map(if .type == "network" then .path = $p else . end)'
	must_in_container 'readlink /proc/self/ns/net; cat /sys/class/net/lo/flags'
	assert_eq "$(sed -n 1p <<<"$out")" "net:[$ino]" "joined network namespace"
	assert_eq "$(sed -n 2p <<<"$out")" 0x9 "lo flags in the joined netns"
	ip netns delete "$ns"
}

test_ns_join_bad_path_fails() {
	new_bundle true
	set_config --arg p "$PX_TMP/not-a-ns" \
		'.linux.namespaces |= map(if .type == "network" then .path = $p else . end)'
	touch "$PX_TMP/not-a-ns"
	run rt run -b "$B" "$PX_ID"
	assert_fail
	assert_one_error_line
	assert_nothing_left
}

test_ns_user_mappings() {
	new_bundle
	# a cgroup mount is not allowed from a user namespace without cgroupns
	set_config '.linux.namespaces += [{type: "user"}]
		| .linux.uidMappings = [{containerID: 0, hostID: 100000, size: 65536}]
		| .linux.gidMappings = [{containerID: 0, hostID: 100000, size: 65536}]
		| .mounts |= map(select(.destination != "/sys/fs/cgroup"))'
	must_in_container 'cat /proc/self/uid_map /proc/self/gid_map; id -u; stat -c %u /bin/busybox'
	assert_match "$(sed -n 1p <<<"$out")" '^ +0 +100000 +65536$' "uid_map"
	assert_match "$(sed -n 2p <<<"$out")" '^ +0 +100000 +65536$' "gid_map"
	assert_eq "$(sed -n 3p <<<"$out")" 0 "uid inside"
	# host root is not mapped: files it owns show as the overflow uid
	assert_eq "$(sed -n 4p <<<"$out")" 65534 "owner of a host-root file"
}

test_ns_time_offsets() {
	is_pidbox || "$RUNTIME" features 2>/dev/null | grep -q '"time"' ||
		skip "no time namespace support"
	local up
	up=$(cut -d. -f1 /proc/uptime)
	new_bundle
	set_config '.linux.namespaces += [{type: "time"}]
		| .linux.timeOffsets = {boottime: {secs: 31536000, nanosecs: 0}}'
	must_in_container 'cut -d. -f1 /proc/uptime'
	[ "$out" -ge $((up + 31536000)) ] || fail "uptime inside $out, host $up: offset not applied"
	[ "$out" -lt $((up + 31536000 + 60)) ] || fail "uptime inside $out too large (host $up)"
}

test_ns_cgroup() {
	new_bundle
	set_config '.linux.namespaces += [{type: "cgroup"}]'
	must_in_container 'cat /proc/self/cgroup'
	while IFS= read -r line; do
		case "$line" in
		*:/) ;;
		*) fail "cgroup line '$line' is not the namespace root" ;;
		esac
	done <<<"$out"
	assert_ne "$(readlink /proc/self/ns/cgroup)" "" "host cgroup ns"
}

# What the cgroup mount shows is the container's own cgroup, not the host's tree
# (only a hierarchy's root has cgroup.sane_behavior), with and without a cgroup
# namespace; its cgroup.procs lists the container's processes.
test_cgroup_mount_shows_own_cgroup() {
	local ns script
	# shellcheck disable=SC2016 # $$ is the container shell's
	script='ls /sys/fs/cgroup/pids/cgroup.sane_behavior 2>/dev/null && echo ROOT-VISIBLE
		echo procs=$(cat /sys/fs/cgroup/pids/cgroup.procs | tr "\n" " ")'
	for ns in "" cgroup; do
		new_bundle
		[ -z "$ns" ] || set_config '.linux.namespaces += [{type: "cgroup"}]'
		must_in_container "$script"
		assert_not_contains "$out" ROOT-VISIBLE "cgroup mount${ns:+ with a cgroup namespace}"
		# pid 1 (the shell) is in its own cgroup's procs
		assert_match "$out" 'procs=(.* )?1 ' "cgroup.procs${ns:+ with a cgroup namespace}"
		rm -rf "$B"
	done
}

test_ns_unknown_type_refused() {
	new_bundle true
	set_config '.linux.namespaces += [{type: "bogus"}]'
	run rt run -b "$B" "$PX_ID"
	assert_fail
	assert_one_error_line "linux.namespaces"
	assert_nothing_left
}

# A user namespace joined by path: the container's other namespaces are made
# inside it, and nothing pidbox mounts on the way may appear in the host's mount
# namespace (clone3 makes no mount namespace in this case).
test_ns_join_user_by_path() {
	local holder
	bg unshare --user sleep 100
	holder=$bg_pid
	wait_userns "$holder"
	# as root in the parent namespace we may write its maps ourselves
	echo "0 100000 65536" >"/proc/$holder/uid_map" || fail "write uid_map"
	echo "0 100000 65536" >"/proc/$holder/gid_map" || fail "write gid_map"
	new_bundle
	# No new pid namespace inside a joined user namespace (not supported yet), so
	# procfs cannot be mounted (the host's pid namespace is not the user
	# namespace's): bind the host's; no cgroup mount without a cgroup namespace.
	set_config --arg p "/proc/$holder/ns/user" \
		'.linux.namespaces = [{type: "user", path: $p}, {type: "mount"}, {type: "uts"},
		                      {type: "ipc"}, {type: "network"}]
		| .mounts |= map(select(.destination != "/sys/fs/cgroup")
		                 | if .destination == "/proc"
		                   then {destination: "/proc", type: "bind", source: "/proc", options: ["rbind"]}
		                   else . end)'
	in_container 'cat /proc/self/uid_map; id -u; readlink /proc/self/ns/user'
	# first, whatever the container did: nothing of ours in the host's mounts
	if grep -F -- "$PX_ROOT" /proc/self/mountinfo; then
		fail "a mount under the state root leaked into the host's mount namespace"
	fi
	assert_ok
	assert_match "$(sed -n 1p <<<"$out")" '^ +0 +100000 +65536$' "uid_map"
	assert_eq "$(sed -n 2p <<<"$out")" 0 "uid inside"
	assert_eq "$(sed -n 3p <<<"$out")" "$(readlink "/proc/$holder/ns/user")" "joined user namespace"
	assert_nothing_left
}

# wait_userns PID: until PID (an `unshare --user`) is in a user namespace of its own.
wait_userns() {
	local _
	for _ in $(seq 50); do
		[ "$(readlink "/proc/$1/ns/user" 2>/dev/null)" != "$(readlink /proc/self/ns/user)" ] &&
			[ -n "$(readlink "/proc/$1/ns/user" 2>/dev/null)" ] && return 0
		sleep 0.1
	done
	fail "process $1 did not enter a new user namespace"
}

# A pid namespace joined by path (runtime/pidns_hop.h): the workload is born in
# it and sees its holder; nothing of pidbox is left there once the workload runs
# (its own processes, ps, are the only others); pids.limit 1 still lets the
# workload start (the re-executed child that clones it stays out of the cgroup).
test_ns_join_pid_namespace_by_path() {
	local holder
	bg unshare -p -f sh -c "touch $PX_TMP/holder-up; exec sleep 100"
	wait_file "$PX_TMP/holder-up"
	holder=$(pgrep -P "$bg_pid")
	[ -n "$holder" ] || fail "no holder process"
	echo "$holder" >>"$PX_TMP/.pids"
	new_bundle sh -c 'echo $$; ps -o pid,comm'
	set_config --arg ns "/proc/$holder/ns/pid" '
		.linux.namespaces |= map(if .type == "pid" then .path = $ns else . end)
		| .linux.resources.pids.limit = 1'
	run rt run -b "$B" "$PX_ID"
	assert_ok
	assert_ne "$(sed -n 1p <<<"$out")" 1 "the workload's pid (the holder is 1)"
	assert_eq "$(sed 1,2d <<<"$out" | awk '{print $1 $2}' | tr '\n' ' ')" "1sleep $(sed -n 1p <<<"$out")ps " \
		"processes in the namespace (sh exec'd ps)"
	assert_nothing_left
}

# join_pid_holder: a process in a pid namespace of its own ($holder), and $B set
# to join that namespace by path.
join_pid_holder() {
	rm -f "$PX_TMP/holder-up" # a second holder must not be taken as up by the first one's file
	bg unshare -p -f sh -c "touch $PX_TMP/holder-up; exec sleep 100"
	wait_file "$PX_TMP/holder-up"
	holder=$(pgrep -P "$bg_pid")
	[ -n "$holder" ] || fail "no holder process"
	echo "$holder" >>"$PX_TMP/.pids"
	set_config --arg ns "/proc/$holder/ns/pid" \
		'.linux.namespaces |= map(if .type == "pid" then .path = $ns else . end)'
}

# A pid namespace joined by path with what the init sets up after it is born
# there (runtime/pidns_hop.h): a new user namespace (made by the re-executed
# child, its /proc made for the joined namespace), a foreground `run` with a
# terminal (session and pty made by the init itself) and --init. The first case
# failed before 8b49c8d ("mount proc: Operation not permitted": the init, in the
# new user namespace, could not make a procfs of a namespace the host owns).
test_ns_join_pid_namespace_variants() {
	skip_unless_pidbox "--init is pidbox's"
	new_bundle sh -c 'cat /proc/self/uid_map; ps -o pid,comm | grep -c sleep'
	join_pid_holder
	set_config '.linux.namespaces += [{type: "user"}]
		| .linux.uidMappings = [{containerID: 0, hostID: 100000, size: 65536}]
		| .linux.gidMappings = [{containerID: 0, hostID: 100000, size: 65536}]
		| .mounts |= map(select(.destination != "/sys/fs/cgroup"))'
	run rt run -b "$B" "$PX_ID"
	assert_ok
	assert_match "$(sed -n 1p <<<"$out")" '^ +0 +100000 +65536$' "uid_map"
	assert_eq "$(sed -n 2p <<<"$out")" 1 "the holder, seen in the container's /proc"
	new_bundle sh -c 'tty; echo "pid=$$ sid=$(cut -d" " -f6 /proc/$$/stat)"'
	join_pid_holder
	set_config '.process.terminal = true'
	out=$(timeout 20 "$RUNTIME" --root "$PX_ROOT" run --init -b "$B" "$PX_ID" </dev/null | tr -d '\r')
	printf '%s\n' "$out" | sed 's/^/  out: /'
	assert_contains "$out" "/dev/pts/0" "the workload's terminal"
	assert_match "$out" "pid=([0-9]+) sid=[0-9]+" "the workload's pid and session"
	assert_nothing_left
}

# A pid namespace joined by path with a seccomp agent: with no_new_privs off the
# filter (and its listener) is loaded by the setup child before it clones the
# init into the namespace, with it on by the init after: the listener must reach
# the agent in both orders, and the notified syscall must reach it.
test_ns_join_pid_namespace_seccomp_notify() {
	local agent sock=$PX_TMP/agent.sock nnp agent_pid
	agent=$(helper seccomp-agent)
	[ -x "$agent" ] || fail "$agent missing (make unit)"
	for nnp in false true; do
		rm -f "$sock"
		bg "$agent" "$sock" "$PX_TMP/agent-state.json" 0 >"$PX_TMP/agent.out"
		agent_pid=$bg_pid
		wait_file "$sock"
		new_bundle mkdir /tmp/x
		join_pid_holder
		set_config --argjson nnp "$nnp" '.process.noNewPrivileges = $nnp'
		set_config --arg sock "$sock" '.linux.seccomp = {defaultAction: "SCMP_ACT_ALLOW", listenerPath: $sock,
			syscalls: [{names: ["mkdir", "mkdirat"], action: "SCMP_ACT_NOTIFY"}]}'
		run timeout 20 "$RUNTIME" --root "$PX_ROOT" run -b "$B" "$PX_ID-$nnp"
		[ "$rc" -ne 124 ] || fail "noNewPrivileges $nnp: run hung: the agent never got the listener"
		assert_ok
		wait "$agent_pid"
		assert_contains "$(cat "$PX_TMP/agent.out")" mkdir "what the agent saw (noNewPrivileges $nnp)"
	done
}
