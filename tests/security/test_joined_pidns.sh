# CVE-2019-5736 through a joined pid namespace, and the runtime's own processes
# born inside the container's pid namespace.
# shellcheck shell=bash disable=SC2016 # $x in single quotes: jq's variables

# joined_pidns_setup: container A (id $PX_ID-a) runs tests/helpers/exe-grabber
# with CAP_SYS_PTRACE in a pid namespace of its own; bundle $PX_TMP/b joins that
# namespace by path. The runtime under test for B is a COPY of $RUNTIME
# ($PX_TMP/rt-copy), so a successful attack damages the copy, never the build.
joined_pidns_setup() {
	local a=$PX_TMP/a grabber
	grabber=$(helper exe-grabber)
	[ -x "$grabber" ] || fail "build the helpers first (make unit)"
	cp "$RUNTIME" "$PX_TMP/rt-copy"
	cp "$PX_TMP/rt-copy" "$PX_TMP/rt-orig"
	ctl_bundle -d "$a" true
	cp "$grabber" "$a/rootfs/exe-grabber"
	bundle_set "$a" --arg size "$(stat -c %s "$PX_TMP/rt-copy")" '
		.process.args = ["/exe-grabber", "/ctl", $size]
		| .process.capabilities |= map_values(. + ["CAP_SYS_PTRACE"])' || fail "bundle_set"
	must_create "$PX_ID-a" "$a"
	must rt start "$PX_ID-a"
	wait_file "$PX_TMP/ctl/ready"
	new_bundle -d "$PX_TMP/b" sleep 30
	bundle_set "$PX_TMP/b" --arg ns "/proc/$(state_pid "$PX_ID-a")/ns/pid" \
		'.linux.namespaces |= map(if .type == "pid" then .path = $ns else . end)' || fail "bundle_set"
}

# rt_copy ARGS...: the runtime under test for B, from its copy.
rt_copy() { "$PX_TMP/rt-copy" --root "$PX_ROOT" "$@"; }

# CVE-2019-5736 (runc's /proc/self/exe overwrite), through a pod's shared pid
# namespace. The attacker: container A, with CAP_SYS_PTRACE (ptrace_may_access
# then ignores "non-dumpable"), watches its pid namespace for new processes and
# keeps an O_PATH fd of /proc/<pid>/exe of each; once the runtime has exited (no
# more ETXTBSY) it reopens those fds for writing and overwrites the binary. B is
# created joining A's pid namespace by path, started, and a process is exec'd in
# it; the rounds repeat (at most 8) because the window is a race.
# Reached without the defence: the host's runtime binary, rewritten from inside A.
# Seen to succeed against c3bb862 (the child was cloned into the joined pid
# namespace still running the on-disk binary), 5 runs out of 5, within 1 to 4
# rounds: "grabbed 2 wrote 1", the copy started with "PWNED". Against the fix every
# round grabs the new init (it runs from the read-only bind of the binary) and
# every write fails with EROFS; runc 1.1.5 (its memfd copy) fails the same way.
test_joined_pidns_exe_overwrite() {
	local round
	joined_pidns_setup
	for round in 1 2 3 4 5 6 7 8; do
		# stdio on files: a pipe would keep $(...) waiting on the container
		rt_copy create -b "$PX_TMP/b" "$PX_ID-b" </dev/null >"$PX_TMP/b.out" 2>"$PX_TMP/b.err" ||
			fail "create B failed: $(cat "$PX_TMP/b.err")"
		# exec's process appears in the namespace too
		rt_copy start "$PX_ID-b" || fail "start B failed"
		rt_copy exec "$PX_ID-b" true </dev/null || fail "exec in B failed"
		rt_copy delete -f "$PX_ID-b" || fail "delete B failed"
		touch "$PX_TMP/ctl/round.$round"
		wait_file "$PX_TMP/ctl/done.$round"
		echo "round $round: $(cat "$PX_TMP/ctl/done.$round")"
		cmp -s "$PX_TMP/rt-copy" "$PX_TMP/rt-orig" || break
	done
	head -c 5 "$PX_TMP/rt-copy" | grep -q PWNED && fail "the attacker overwrote the runtime binary"
	cmp "$PX_TMP/rt-copy" "$PX_TMP/rt-orig" || fail "the runtime binary changed"
	assert_match "$(cat "$PX_TMP/ctl/done.$round")" '^grabbed [1-9][0-9]* wrote 0 ' \
		"the attacker held the runtime's binary and wrote none of it"
	must rt delete -f "$PX_ID-a"
}

# The runtime's own processes must be born in the host's pid namespace, not in a
# pid namespace joined by path, where the container sees them and can signal or
# ptrace them (hooks that run "in the runtime namespace", the notify forwarder,
# the console proxy). Seen to succeed against c3bb862: the prestart hook's
# /proc/self/ns/pid was A's namespace (the runtime had setns'd itself into it for
# its children) and A could see the hook's process.
test_joined_pidns_runtime_children_stay_on_host() {
	local host_ns
	joined_pidns_setup
	host_ns=$(readlink /proc/self/ns/pid)
	bundle_set "$PX_TMP/b" --arg o "$PX_TMP/hook-ns" '
		.hooks.prestart = [{path: "/bin/sh", args: ["sh", "-c", "readlink /proc/self/ns/pid >\($o)"]}]
		| .hooks.poststart = [{path: "/bin/sh", args: ["sh", "-c", "readlink /proc/self/ns/pid >>\($o)"]}]' ||
		fail "bundle_set"
	rt_copy run -d -b "$PX_TMP/b" "$PX_ID-b" </dev/null >"$PX_TMP/b.out" 2>"$PX_TMP/b.err" ||
		fail "run B failed: $(cat "$PX_TMP/b.err")"
	assert_eq "$(sort -u "$PX_TMP/hook-ns")" "$host_ns" "the hooks' pid namespace"
	must rt_copy delete -f "$PX_ID-b"
	must rt delete -f "$PX_ID-a"
}

# peeker_setup DOORS: container A runs tests/helpers/proc-peeker with
# CAP_SYS_PTRACE, trying DOORS (fd, root, cwd) on every process that appears in
# its pid namespace to reach the host file $PX_TMP/host-marker (outside any
# rootfs); bundle $PX_TMP/b joins A's pid namespace by path.
peeker_setup() {
	local a=$PX_TMP/a peeker
	peeker=$(helper proc-peeker)
	[ -x "$peeker" ] || fail "build the helpers first (make unit)"
	echo "host secret" >"$PX_TMP/host-marker"
	ctl_bundle -d "$a" true
	cp "$peeker" "$a/rootfs/proc-peeker"
	bundle_set "$a" --arg m "$PX_TMP/host-marker" --arg doors "$1" '
		.process.args = ["/proc-peeker", "/ctl", $m, $doors]
		| .process.capabilities |= map_values(. + ["CAP_SYS_PTRACE"])' || fail "bundle_set"
	must_create "$PX_ID-a" "$a"
	must rt start "$PX_ID-a"
	wait_file "$PX_TMP/ctl/ready"
	new_bundle -d "$PX_TMP/b" sleep 30
	bundle_set "$PX_TMP/b" --arg ns "/proc/$(state_pid "$PX_ID-a")/ns/pid" '
		.linux.namespaces |= map(if .type == "pid" then .path = $ns else . end)
		| .linux.sysctl = {"kernel.shmmni": "4000"}' || fail "bundle_set"
}

# peeker_rounds: create and delete B (with --log, so the runtime has a host file
# to leak) at most 20 times, until the peeker reports a catch; then assert the
# marker and the log are as the host left them. The window is the init's setup,
# a race: the scan is a busy loop, one round is rarely enough when it is open.
peeker_rounds() {
	local round
	for round in $(seq 20); do
		rt --log "$PX_TMP/b.log" create -b "$PX_TMP/b" "$PX_ID-b" </dev/null >"$PX_TMP/b.out" 2>"$PX_TMP/b.err" ||
			fail "create B failed: $(cat "$PX_TMP/b.err")"
		must rt delete -f "$PX_ID-b"
		compgen -G "$PX_TMP/ctl/got.*" >/dev/null && break
	done
	echo "rounds: $round"
	for f in "$PX_TMP"/ctl/got.*; do
		[ -e "$f" ] && echo "${f##*/}: $(cat "$f")"
	done
	assert_eq "$(cat "$PX_TMP/host-marker")" "host secret" "the host marker"
	assert_not_contains "$(cat "$PX_TMP/b.log" 2>/dev/null)" PWNED "the --log file"
	assert_eq "$(cat "$PX_TMP"/ctl/got.* 2>/dev/null)" "" "what the peeker got"
	# it did watch: B's processes were born in its namespace (its own pid is 1)
	[ "$(wc -l <"$PX_TMP/ctl/seen")" -ge "$round" ] || fail "the peeker saw $(wc -l <"$PX_TMP/ctl/seen") pids"
	must rt delete -f "$PX_ID-a"
}

# A pod's shared pid namespace: the other container, with CAP_SYS_PTRACE, opens
# /proc/<pid>/fd/N of the init being set up (ptrace_may_access ignores
# "non-dumpable" for CAP_SYS_PTRACE over the init's user namespace). The init is
# visible from its birth in the joined namespace; any host directory it holds (the
# host's /proc kept for sysctls, oomScoreAdj, LSM labels) leads to every host file
# (fd/N/1/root/...), and the --log file it holds is a host file to write.
# Reached without the defence: the host marker read and rewritten, "PWNED" in the
# runtime's --log file.
# Seen to succeed against c91aac4 (the init was cloned into the namespace first
# and set itself up there), in round 1 of 3 runs out of 3: "PWNED" appended to
# the --log file through fd/N, the marker read and rewritten through
# /proc/2/fd/6/../../(...) (a rootfs directory held during the mounts). Against
# the fix, 20 rounds: the peeker sees every init and gets nothing.
# runc 1.1.5 loses too (its init sets itself up inside the namespace).
test_joined_pidns_setup_holds_no_host_fd() {
	skip_unless_pidbox "runc 1.1.5 sets its init up inside the joined pid namespace (its fds are reachable)"
	peeker_setup fd
	peeker_rounds
}

# The same attacker, through /proc/<pid>/root and /proc/<pid>/cwd of the init
# being set up: before pivot_root its root and cwd are the host's (root/MARKER),
# and a cwd inside the rootfs walks out with "..". runc 1.1.5 sets its init up
# inside the joined namespace too (its root is the host's until pivot_root).
# Reached without the defence: the host marker read and rewritten.
# Seen to succeed against c91aac4 in round 1 of 3 runs out of 3 (both doors);
# runc 1.1.5 loses the same way. Against the fix, 20 rounds, nothing.
test_joined_pidns_setup_root_and_cwd_stay_in_container() {
	skip_unless_pidbox "runc 1.1.5 sets its init up inside the joined pid namespace (root and cwd are the host's)"
	peeker_setup root,cwd
	peeker_rounds
}

# The same attacker, through ptrace: a process born in its namespace with the
# runtime's capabilities (CAP_SYS_ADMIN over the host, which container B is not
# given) can be attached with PTRACE_SEIZE and made to run anything with them
# (mount, init_module, open_by_handle_at). So nothing of pidbox may be born there
# before it has the container's credentials: not the init, not the procfs helper.
# Reached without the defence: PTRACE_SEIZE of such a process.
# Seen to succeed against c91aac4 (the init set itself up in the namespace as
# root), round 1: "attached pid 2 with CapEff 1fffeffffff"; and against bf7b669
# (the init cloned before the user and capability change, the procfs helper with
# the host's credentials), 3 runs out of 3 within 2 rounds: the init (pid 3, 5)
# attached in that window. Against the fix, 20 rounds, nothing (the procfs
# helper is seen with full capabilities, but over its own user namespace only).
test_joined_pidns_nothing_privileged_born_there() {
	skip_unless_pidbox "runc 1.1.5 sets its init up inside the joined pid namespace, as root"
	peeker_setup caps
	peeker_rounds
}
