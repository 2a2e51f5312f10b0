# Sysctls: linux.sysctl writes into the container's namespaces (net.*, the IPC
# keys, kernel.domainname). A namespace joined by a path that is the host's own
# (/proc/<a host pid>/ns/net, or any bind of it) is listed, but writing there changes the
# host: the namespace's identity (its nsfs inode) must differ from the runtime's.
# shellcheck shell=bash

# Net: the config joins the host's network namespace by path (that of the test's
# own shell, a host process: pid 1 here may be out of reach) and flips
# net.ipv4.ip_forward. Seen to succeed against c3bb862: the host's ip_forward
# changed (the test put it back).
test_sysctl_in_joined_host_netns_refused() {
	local knob=/proc/sys/net/ipv4/ip_forward before flipped
	before=$(cat "$knob")
	flipped=$((1 - before))
	# whatever happens, the host gets its value back
	trap 'echo "$before" >"$knob"' EXIT
	new_bundle true
	set_config --arg p "/proc/$$/ns/net" --arg v "$flipped" '.linux.namespaces |= map(if .type == "network" then .path = $p else . end)
		| .linux.sysctl = {"net.ipv4.ip_forward": $v}'
	run rt run -b "$B" "$PX_ID"
	assert_eq "$(cat "$knob")" "$before" "the host's net.ipv4.ip_forward"
	assert_fail
	assert_one_error_line "host"
}

# The same through a bind mount of the host's namespace under another name (what
# `ip netns` makes): the check compares the namespace, not the path.
test_sysctl_in_host_netns_bound_elsewhere_refused() {
	local knob=/proc/sys/net/ipv4/ip_forward before flipped
	before=$(cat "$knob")
	flipped=$((1 - before))
	trap 'echo "$before" >"$knob"; umount "$PX_TMP/hostnet" 2>/dev/null' EXIT
	touch "$PX_TMP/hostnet"
	mount --bind "/proc/$$/ns/net" "$PX_TMP/hostnet" || fail "bind the host's netns"
	new_bundle true
	set_config --arg p "$PX_TMP/hostnet" --arg v "$flipped" \
		'.linux.namespaces |= map(if .type == "network" then .path = $p else . end)
		| .linux.sysctl = {"net.ipv4.ip_forward": $v}'
	run rt run -b "$B" "$PX_ID"
	assert_eq "$(cat "$knob")" "$before" "the host's net.ipv4.ip_forward"
	assert_fail
}

# A network namespace of its own, joined by path, still takes the sysctl.
test_sysctl_in_joined_own_netns_applies() {
	local ns=pxsysctl$$
	ip netns add "$ns" || fail "ip netns add"
	track_netns "$ns"
	new_bundle cat /proc/sys/net/ipv4/ip_forward
	set_config --arg p "/run/netns/$ns" '.linux.namespaces |= map(if .type == "network" then .path = $p else . end)
		| .linux.sysctl = {"net.ipv4.ip_forward": "1"}'
	must rt run -b "$B" "$PX_ID"
	assert_eq "$out" 1 "ip_forward in the joined namespace"
	assert_eq "$(ip netns exec "$ns" cat /proc/sys/net/ipv4/ip_forward)" 1 "seen from the host"
}

# IPC: the same rule for the IPC keys, joining the host's IPC namespace. Seen to
# succeed against c3bb862: the host's kernel.msgmax changed (put back).
test_sysctl_in_joined_host_ipcns_refused() {
	local knob=/proc/sys/kernel/msgmax before
	skip_unless_pidbox "runc 1.1.5 loses this one (it checks only that an ipc namespace is listed)"
	before=$(cat "$knob")
	trap 'echo "$before" >"$knob"' EXIT
	new_bundle true
	set_config --arg p "/proc/$$/ns/ipc" --arg v "$((before + 1))" \
		'.linux.namespaces |= map(if .type == "ipc" then .path = $p else . end)
		| .linux.sysctl = {"kernel.msgmax": $v}'
	run rt run -b "$B" "$PX_ID"
	assert_eq "$(cat "$knob")" "$before" "the host's kernel.msgmax"
	assert_fail
	assert_one_error_line "host"
}
