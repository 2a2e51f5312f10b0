# Resources: the limits of CreateContainer in the container's cgroup,
# UpdateContainerResources (containerd sends the runtime `update` with the whole
# linux.resources of the spec, its device rules included), ContainerStats and
# ListContainerStats.
# shellcheck shell=bash

# the limits asked for at create are the cgroup's; an update changes them in place
# while the container runs, and ContainerStatus still says running
test_resources_create_and_update() {
	cri_runp
	cri_run c '.linux.resources = {cpu_shares: 512, cpu_quota: 50000, cpu_period: 100000,
		memory_limit_in_bytes: 67108864}' -- sleep 1000
	assert_eq "$(cri_cg_file "$CID" cpu cpu.shares)" 512 "cpu.shares at create"
	assert_eq "$(cri_cg_file "$CID" cpu cpu.cfs_quota_us)" 50000 "cpu.cfs_quota_us at create"
	assert_eq "$(cri_cg_file "$CID" memory memory.limit_in_bytes)" 67108864 "memory limit at create"
	must cri_call UpdateContainerResources "$(jq -n --arg id "$CID" '{container_id: $id,
		linux: {cpu_shares: 256, cpu_quota: 20000, cpu_period: 100000, memory_limit_in_bytes: 134217728}}')"
	assert_eq "$(cri_cg_file "$CID" cpu cpu.shares)" 256 "cpu.shares after update"
	assert_eq "$(cri_cg_file "$CID" cpu cpu.cfs_quota_us)" 20000 "cpu.cfs_quota_us after update"
	assert_eq "$(cri_cg_file "$CID" memory memory.limit_in_bytes)" 134217728 "memory limit after update"
	assert_eq "$(cri_state "$CID")" CONTAINER_RUNNING "state after update"
	# the device rules the update carried changed nothing: /dev/null still works,
	# a host disk still cannot be opened
	must cri_exec "$CID" 10 sh -c 'echo x > /dev/null && echo ok'
	assert_eq "$out" ok "/dev/null after update"
	cri_assert_devices_denied "$CID"
}

# cri_assert_devices_denied ID: the device cgroup of the container still denies a
# block device (mknod is allowed, opening is not)
cri_assert_devices_denied() {
	run cri_exec "$1" 10 sh -c 'mknod /tmp/px-loop b 7 0 && head -c1 /tmp/px-loop'
	assert_fail
	assert_contains "$err" "not permitted" "opening a block device the device cgroup denies"
}

# a memory limit below what the container uses is refused by the update, and the
# container keeps its old limit and keeps running
test_resources_update_below_usage() {
	[ "$(wc -l </proc/swaps)" -le 1 ] || skip "swap is on: the kernel may swap the container out to fit the lower limit"
	cri_runp
	cri_run c '.linux.resources = {memory_limit_in_bytes: 67108864}' -- \
		sh -c 'x=$(head -c 20000000 /dev/zero | tr "\0" x); echo held; sleep 1000; echo ${#x}'
	wait_for "the container to hold its memory" grep -q held "$PX_TMP/logs/c.log"
	run cri_call UpdateContainerResources "$(jq -n --arg id "$CID" '{container_id: $id,
		linux: {memory_limit_in_bytes: 4194304}}')"
	# runc and pidbox both refuse (the kernel: EBUSY on a v1 limit below usage)
	assert_fail
	assert_eq "$(cri_cg_file "$CID" memory memory.limit_in_bytes)" 67108864 "memory limit after a refused update"
	assert_eq "$(cri_state "$CID")" CONTAINER_RUNNING "state after a refused update"
}

# ContainerStats: CPU time grows while the container spins, memory in use is
# reported, the writable layer's usage is there; ListContainerStats lists the pod's
# containers
test_resources_stats() {
	local c1
	cri_runp
	cri_run spin -- sh -c 'while :; do :; done'
	c1=$CID
	cri_run idle -- sleep 1000
	must cri_call ContainerStats "{\"container_id\": \"$c1\"}"
	c1=$(jq -r .stats.cpu.usage_core_nano_seconds.value <<<"$out")
	assert_eq "$(jq -r .stats.attributes.metadata.name <<<"$out")" spin "stats' container"
	[ "$(jq -r .stats.memory.working_set_bytes.value <<<"$out")" -gt 0 ] || fail "no memory working set"
	[ "$(jq -r .stats.writable_layer.used_bytes.value <<<"$out")" != null ] || fail "no writable layer usage"
	sleep 0.5
	must cri_call ListContainerStats "$(jq -n --arg p "$POD" '{filter: {pod_sandbox_id: $p}}')"
	assert_eq "$(jq -r '[.stats[].attributes.metadata.name] | sort | join(" ")' <<<"$out")" "idle spin" \
		"ListContainerStats of the pod"
	[ "$(jq -r '.stats[] | select(.attributes.metadata.name == "spin") | .cpu.usage_core_nano_seconds.value' \
		<<<"$out")" -gt "$c1" ] || fail "the spinning container's CPU time did not grow past $c1"
}

# a container past its memory limit is OOM-killed: ContainerStatus says OOMKilled
# with exit code 137 (the shim watches the container's memory cgroup, which is the
# one the runtime put it in)
test_resources_oom_killed() {
	[ "$(wc -l </proc/swaps)" -le 1 ] || skip "swap is on: the container may be swapped out instead of OOM-killed"
	cri_runp
	cri_run c '.linux.resources = {memory_limit_in_bytes: 16777216}' -- \
		sh -c 'x=$(head -c 64000000 /dev/zero | tr "\0" x); echo survived ${#x}'
	cri_wait_state "$CID" CONTAINER_EXITED 200
	assert_eq "$(cri_status "$CID" | jq -r '"\(.exit_code) \(.reason)"')" "137 OOMKilled" "status of an OOM-killed container"
	assert_not_contains "$(cat "$PX_TMP/logs/c.log")" survived "the log"
}
