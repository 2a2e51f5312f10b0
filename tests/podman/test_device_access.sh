# --device with an access mode: the device cgroup grants that access and no more.
# shellcheck shell=bash

# a loop device, which is not among the devices every container may use: with ":r",
# opening it for writing is refused by the device cgroup (nothing is written)
test_device_read_only_access() {
	[ -b /dev/loop0 ] || fail "the host has no /dev/loop0"
	must pod run --rm --device /dev/loop0:/dev/xloop:r "$IMG" sh -c 'head -c 0 /dev/xloop && echo read-xloop'
	assert_eq "$out" read-xloop "read access"
	run pod run --rm --device /dev/loop0:/dev/xloop:r "$IMG" sh -c ': > /dev/xloop'
	assert_fail
	assert_contains "$err" "Operation not permitted" "open for writing of a read-only device"
}
