# ctr run options that become config.json fields, through the shim: --read-only,
# --cap-drop, --privileged, --device, --seccomp, --uidmap, limits.
# shellcheck shell=bash

test_read_only() {
	run ct_run --rm --read-only "$PX_ID" touch /x
	assert_fail
	assert_contains "$err" "Read-only file system" "stderr"
}

test_cap_drop() {
	run ct_run --rm --cap-drop=CAP_CHOWN "$PX_ID" chown 65534 /tmp
	assert_fail
	assert_contains "$err" "Operation not permitted" "chown without CAP_CHOWN"
}

test_privileged() {
	local host_bnd
	host_bnd=$(awk '/^CapBnd:/ {print $2}' /proc/self/status)
	must ct_run --rm --privileged "$PX_ID" grep -E '^(CapEff|Seccomp):' /proc/self/status
	assert_match "$out" "CapEff:[[:space:]]+$host_bnd" "capabilities"
	assert_match "$out" 'Seccomp:[[:space:]]+0' "seccomp"
}

test_device() {
	[ -b /dev/loop0 ] || fail "the host has no /dev/loop0"
	must ct_run --rm --device=/dev/loop0 "$PX_ID" sh -c 'stat -c "%F %t:%T" /dev/loop0; head -c 0 /dev/loop0 && echo read'
	assert_eq "$out" "block special file 7:0
read" "device"
}

# ctr's --seccomp: containerd's default profile
test_seccomp() {
	must ct_run --rm --seccomp "$PX_ID" grep '^Seccomp:' /proc/self/status
	assert_match "$out" 'Seccomp:[[:space:]]+2' "seccomp mode"
}

test_uidmap() {
	must ct_run -d --uidmap=0:300000:65536 --gidmap=0:300000:65536 "$PX_ID" sleep 1000
	ct_wait_status "$PX_ID" RUNNING
	assert_eq "$(awk '/^Uid:/ {print $2}' "/proc/$(ct_pid "$PX_ID")/status")" 300000 "host uid of the container's root"
}

test_limits() {
	local d
	must ct_run -d --memory-limit=67108864 --cpus=0.5 "$PX_ID" sleep 1000
	ct_wait_status "$PX_ID" RUNNING
	d=$PX_CG_PARENT/$PX_ID
	assert_eq "$(cat "/sys/fs/cgroup/memory$d/memory.limit_in_bytes")" 67108864 "memory.limit_in_bytes"
	assert_eq "$(cat "/sys/fs/cgroup/cpu$d/cpu.cfs_quota_us")" 50000 "cpu.cfs_quota_us"
}
