# linux.netDevices (runtime-spec 1.3): a host interface moved into the container's
# network namespace, renamed as asked, with its permanent global addresses, up.
# This host's kernel has veth (no dummy): the veth end is the interface moved; the
# guest (tests/guest/test_net_devices_v2.sh) does the same with a dummy. Never
# moved back (the spec forbids it): a virtual interface ends with the namespace.
# shellcheck shell=bash

# no_link NAME: the host has no interface NAME
no_link() { ! ip link show "$1" >/dev/null 2>&1; }

# new_veth [SUFFIX]: $host (moved) and $peer (stays) made and tracked; names under 16 bytes
new_veth() {
	local n
	n=$(printf %s "$PX_ID" | tr -dc 0-9 | tail -c 7)${1:-}
	host=pv$n peer=pp$n
	ip link add "$host" type veth peer name "$peer" 2>/dev/null || skip "no veth interfaces on this kernel"
	track_link "$host"
	track_link "$peer"
}

test_net_devices_moved_renamed_with_addresses() {
	local host peer
	skip_unless_pidbox "runc 1.1 predates linux.netDevices"
	new_veth
	ip addr add 10.213.7.1/24 dev "$host"
	ip addr add fd42:7::1/64 dev "$host" nodad
	# not permanent (a lifetime): the spec keeps only permanent ones
	ip addr add 10.213.8.1/24 dev "$host" valid_lft 600 preferred_lft 600
	new_bundle
	set_config --arg h "$host" '.linux.netDevices = {($h): {name: "ceth0"}}'
	must_in_container 'ip -o link show ceth0; ip -o addr show dev ceth0; ls /sys/class/net 2>/dev/null | tr "\n" " "'
	assert_match "$out" 'ceth0(@[^:]*)?: <([^>]*,)?UP[,>]' "ceth0 up in the container"
	assert_contains "$out" "inet 10.213.7.1/24"
	assert_contains "$out" "inet6 fd42:7::1/64"
	assert_not_contains "$out" "10.213.8.1" "a non-permanent address carried over"
	# the namespace died with the container: a veth is destroyed with it (its
	# peer too), never moved back; the kernel frees a namespace in a work queue
	wait_for "$peer (the peer) to go with the container's namespace" no_link "$peer"
	no_link "$host" || fail "$host back on the host"
	assert_nothing_left
}

# While the container lives the interface is gone from the host; the name may be
# a "%d" pattern the kernel numbers; no name keeps the host's.
test_net_devices_pattern_and_host_name() {
	local host peer
	skip_unless_pidbox "runc 1.1 predates linux.netDevices"
	new_veth
	new_bundle sleep 1000
	set_config --arg h "$host" '.linux.netDevices = {($h): {name: "net%d"}}'
	must_create "$PX_ID" "$B"
	! ip link show "$host" >/dev/null 2>&1 || fail "$host still on the host after create"
	must rt exec "$PX_ID" ip -o link show net0
	must rt delete -f "$PX_ID"
	new_veth b
	new_bundle
	set_config --arg h "$host" '.linux.netDevices = {($h): {}}'
	must_in_container "ip -o link show $host"
}

# A network namespace joined by path gets it too (the engine's namespace, which
# outlives the container: the interface stays there after delete, as the spec says).
test_net_devices_joined_namespace() {
	local host peer ns
	skip_unless_pidbox "runc 1.1 predates linux.netDevices"
	new_veth
	ns=pxnd-$PX_ID
	ip netns add "$ns" || fail "ip netns add"
	track_netns "$ns"
	new_bundle
	set_config --arg h "$host" --arg p "/run/netns/$ns" \
		'.linux.netDevices = {($h): {name: "in0"}} | .linux.namespaces |= map(if .type == "network" then .path = $p else . end)'
	must_in_container 'ip -o link show in0'
	ip netns exec "$ns" ip -o link show in0 >/dev/null || fail "in0 not left in the joined namespace after the container"
}

# What cannot be done: one line naming the field, nothing left, nothing moved.
test_net_devices_refused() {
	local host peer
	skip_unless_pidbox "runc 1.1 predates linux.netDevices"
	new_veth
	new_bundle true
	set_config --arg h "$host" '.linux.netDevices = {($h): {}} | .linux.namespaces |= map(select(.type != "network"))'
	run rt run -b "$B" "$PX_ID"
	assert_fail
	assert_one_error_line "linux.netDevices: requires a network namespace in linux.namespaces"
	assert_nothing_left
	new_bundle true
	set_config --arg h "$host" '.linux.netDevices = {($h): {}}
		| .linux.namespaces |= map(if .type == "network" then .path = "/proc/self/ns/net" else . end)'
	run rt run -b "$B" "$PX_ID"
	assert_fail
	assert_one_error_line "linux.netDevices: the container's network namespace is the runtime's own"
	assert_nothing_left
	new_bundle true
	set_config '.linux.netDevices = {"pxnope0": {}}'
	run rt run -b "$B" "$PX_ID"
	assert_fail
	assert_one_error_line "linux.netDevices: pxnope0: no such interface on the host"
	assert_nothing_left
	new_bundle true
	set_config --arg h "$host" '.linux.netDevices = {($h): {name: "lo"}}'
	run rt run -b "$B" "$PX_ID"
	assert_fail
	assert_one_error_line "linux.netDevices: $host: \"lo\" is taken in the container's network namespace"
	assert_nothing_left
	new_bundle true
	set_config --arg h "$host" '.linux.netDevices = {($h): {name: "a/b"}}'
	run rt run -b "$B" "$PX_ID"
	assert_fail
	assert_one_error_line "linux.netDevices.$host.name: \"a/b\" is not an interface name"
	assert_nothing_left
	ip link show "$host" >/dev/null || fail "$host left the host after the refusals"
}
