# linux.netDevices in the guest, whose Debian kernel has dummy interfaces (the
# development host has only veth: tests/integration/test_net_devices.sh).
# shellcheck shell=bash disable=SC2016,SC2154 # container scripts in single quotes; lib.sh variables
# shellcheck source=tests/guest/lib.sh
. "$TOP/tests/guest/lib.sh"

# A dummy moved in, renamed, with its permanent global addresses, up; gone from
# the host while the container lives; destroyed with its namespace (a virtual
# interface is not moved back: the spec forbids the runtime to, the kernel
# destroys it).
test_v2_net_devices_dummy() {
	local d
	is_pidbox || skip "$RUNTIME: the control may predate linux.netDevices"
	d=dm$(printf %s "$PX_ID" | tr -dc 0-9 | tail -c 8)
	# tests/guest/vm puts the module in the image; no module tools in the guest
	[ -d /sys/module/dummy ] || insmod "/lib/modules/$(uname -r)/kernel/drivers/net/dummy.ko" ||
		fail "cannot load the dummy module (tests/guest/vm copies it into the image)"
	ip link add "$d" type dummy || fail "no dummy interfaces in the guest's kernel"
	track_link "$d"
	ip addr add 10.214.9.1/24 dev "$d"
	ip addr add fd42:9::1/64 dev "$d" nodad
	new_bundle sleep 1000
	set_config --arg d "$d" '.linux.netDevices = {($d): {name: "cdum0"}}'
	must_create "$PX_ID" "$B"
	! ip link show "$d" >/dev/null 2>&1 || fail "$d still on the host after create"
	must rt exec "$PX_ID" sh -c 'ip -o link show cdum0; ip -o addr show dev cdum0'
	assert_match "$out" 'cdum0: <([^>]*,)?UP[,>]' "cdum0 up"
	assert_contains "$out" "inet 10.214.9.1/24"
	assert_contains "$out" "inet6 fd42:9::1/64"
	must rt delete -f "$PX_ID"
	# (the kernel frees the namespace in a work queue: this checks the runtime did
	# not move it back itself, which the spec forbids)
	! ip link show "$d" >/dev/null 2>&1 || fail "$d back on the host: a dummy dies with the namespace"
	! ip link show cdum0 >/dev/null 2>&1 || fail "cdum0 on the host"
}
