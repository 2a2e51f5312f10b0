# linux.netDevices names host interfaces to move into the container's network
# namespace. A config that joins the host's own network namespace by path (a bind
# of /proc/<host pid>/ns/net under another name, as `ip netns` makes) would have
# the runtime "move" the interface where it already is: the kernel only applies
# the rename (and the up), so the bundle renames, or takes over, any interface of
# the host. The namespace must not be the runtime's own: compared by nsfs inode,
# not by path.
# shellcheck shell=bash

# Seen to succeed with the check in ns_move_net_devices() removed (a build with the
# st_ino/st_dev comparison deleted): the host's veth end was renamed "pwned0" and
# its own name was gone from the host.
test_net_devices_into_host_netns_refused() {
	local n host peer
	skip_unless_pidbox "runc 1.1 predates linux.netDevices"
	n=$(printf %s "$PX_ID" | tr -dc 0-9 | tail -c 8)
	host=hv$n peer=hp$n
	ip link add "$host" type veth peer name "$peer" 2>/dev/null || skip "no veth interfaces on this kernel"
	track_link "$host"
	track_link "$peer"
	track_link pwned0
	touch "$PX_TMP/hostnet"
	mount --bind "/proc/$$/ns/net" "$PX_TMP/hostnet" || fail "bind the host's netns"
	new_bundle true
	set_config --arg p "$PX_TMP/hostnet" --arg h "$host" \
		'.linux.namespaces |= map(if .type == "network" then .path = $p else . end)
		| .linux.netDevices = {($h): {name: "pwned0"}}'
	run rt run -b "$B" "$PX_ID"
	umount "$PX_TMP/hostnet"
	ip link show "$host" >/dev/null 2>&1 || fail "the host's $host is gone (renamed?)"
	! ip link show pwned0 >/dev/null 2>&1 || fail "a host interface was renamed pwned0"
	assert_fail
	assert_one_error_line "linux.netDevices: the container's network namespace is the runtime's own"
	assert_nothing_left
}
