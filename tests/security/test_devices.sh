# Devices: the device cgroup is the only thing between a container holding
# CAP_MKNOD (runc's and pidbox's `spec` give it) and every device of the host:
# mknod makes the node, the cgroup decides whether it opens. Every container
# starts from deny-all plus runc's default list, whatever its config says, and
# a linux.devices entry gives no access of its own.
# shellcheck shell=bash

# The attacker makes /dev/fuse (c 10:229, not in the default list) and opens it
# read-write; /dev/null must still work, or the test proves nothing.
DEV_ATTACK='echo x >/dev/null && echo NULL_OK
mknod /dev/xfuse c 10 229 && echo MKNOD_OK
if exec 3<>/dev/xfuse; then echo DEVICE_OPENED; fi'

with_mknod() {
	set_config '.process.capabilities.bounding += ["CAP_MKNOD"] | .process.capabilities.effective += ["CAP_MKNOD"]
		| .process.capabilities.permitted += ["CAP_MKNOD"]'
}

assert_device_refused() {
	assert_contains "$out" NULL_OK "container output (/dev/null in the default list)"
	assert_contains "$out" MKNOD_OK "container output (mknod of any node is allowed, as runc)"
	assert_not_contains "$out" DEVICE_OPENED "container output (c 10:229 opened)"
	assert_contains "$err" "Operation not permitted" "opening c 10:229"
}

# A config without any device rule (no linux.resources at all). Seen to succeed
# against c3bb862: DEVICE_OPENED (no device rule was written at all).
test_device_outside_default_list_without_rules() {
	new_bundle sh -c "$DEV_ATTACK"
	with_mknod
	run rt run -b "$B" "$PX_ID"
	assert_device_refused
}

# The same with an empty rule list (linux.resources.devices: []), and with the
# config `pidbox spec` / `runc spec` write (deny-all only). The empty list was seen
# to succeed against c3bb862 (DEVICE_OPENED); deny-all alone held there already.
test_device_outside_default_list_empty_or_spec_rules() {
	new_bundle sh -c "$DEV_ATTACK"
	with_mknod
	set_config '.linux.resources = {devices: []}'
	run rt run -b "$B" "$PX_ID"
	assert_device_refused
	set_config '.linux.resources = {devices: [{allow: false, access: "rwm"}]}'
	run rt run -b "$B" "$PX_ID"
	assert_device_refused
}

# `pidbox spec` says in the config what the cgroup starts from, as `runc spec`.
test_spec_has_deny_all_device_rule() {
	mkdir "$PX_TMP/spec" || fail "mkdir"
	cd "$PX_TMP/spec" || fail "cd"
	must "$RUNTIME" spec
	assert_eq "$(jq -c '.linux.resources.devices' config.json)" '[{"allow":false,"access":"rwm"}]' \
		"spec's linux.resources.devices"
}

# A linux.devices entry (the node is created) with the resources denying it:
# access comes only from linux.resources.devices (runc's rule). Seen to succeed
# against c3bb862: /dev/fuse opened (pidbox added an rwm rule for each entry).
test_linux_devices_entry_adds_no_access() {
	new_bundle sh -c 'ls -l /dev/fuse && echo NODE_MADE; if exec 3<>/dev/fuse; then echo DEVICE_OPENED; fi'
	set_config '.linux.devices = [{path: "/dev/fuse", type: "c", major: 10, minor: 229, fileMode: 438}]
		| .linux.resources = {devices: [{allow: false, access: "rwm"}]}'
	run rt run -b "$B" "$PX_ID"
	assert_contains "$out" NODE_MADE "container output (linux.devices made the node)"
	assert_not_contains "$out" DEVICE_OPENED "container output (/dev/fuse opened)"
	assert_contains "$err" "Operation not permitted" "opening /dev/fuse"
}
