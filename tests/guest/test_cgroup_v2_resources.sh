# linux.resources on pure cgroup v2 (inside the guest): every field written to its v2
# file, and enforced — a throttled busy loop, a fork limit, an OOM kill, device
# rules as an eBPF program — with the limits in place before the container's first
# instruction (CLONE_INTO_CGROUP into a cgroup already configured).
# shellcheck shell=bash disable=SC2016,SC2154 # container scripts in single quotes; lib.sh variables
# shellcheck source=tests/guest/lib.sh
. "$TOP/tests/guest/lib.sh"

res() { set_config --argjson r "$1" '.linux.resources = $r'; }

# start_ctl SCRIPT RESOURCES: a started container running SCRIPT with /ctl.
start_ctl() {
	ctl_bundle "$1"
	res "$2"
	must_create "$PX_ID" "$B"
	must rt start "$PX_ID"
}

# cgf FILE: the container's v2 file, trailing blanks dropped.
cgf() { cat "$(cg_path)/$1"; }

# The first process of the container is cat: before it runs a single instruction
# it is in its cgroup, and that cgroup already has its limits.
test_v2_first_instruction_in_limited_cgroup() {
	new_bundle cat /proc/self/cgroup /sys/fs/cgroup/pids.max /sys/fs/cgroup/memory.max
	set_config '.linux.namespaces += [{type: "cgroup"}]'
	res '{"pids": {"limit": 42}, "memory": {"limit": 67108864}}'
	must rt run -b "$B" "$PX_ID"
	assert_eq "$out" "$(printf '0::/\n42\n67108864')" "what the container's first process reads"
	assert_nothing_left
}

test_v2_values_written() {
	start_ctl 'sleep 100' '{
	  "cpu": {"shares": 512, "quota": 25000, "period": 50000, "burst": 1000, "idle": 0, "cpus": "0", "mems": "0"},
	  "memory": {"limit": 67108864, "reservation": 16777216, "swap": 134217728},
	  "pids": {"limit": 42},
	  "hugepageLimits": [{"pageSize": "2MB", "limit": 4194304}],
	  "unified": {"memory.high": "50331648", "pids.max": "43"}
	}'
	# runc's and crun's current formula: 512 shares -> 59 (crun 1.8.1 still has the old
	# linear one, 20)
	! is_pidbox || assert_eq "$(cgf cpu.weight)" 59 cpu.weight
	assert_eq "$(cgf cpu.max)" "25000 50000" cpu.max
	# crun 1.8.1 does not know burst
	! is_pidbox || assert_eq "$(cgf cpu.max.burst)" 1000 cpu.max.burst
	assert_eq "$(cgf cpuset.cpus)" 0 cpuset.cpus
	assert_eq "$(cgf memory.max)" 67108864 memory.max
	assert_eq "$(cgf memory.low)" 16777216 memory.low
	assert_eq "$(cgf memory.swap.max)" 67108864 "memory.swap.max (swap - limit)"
	assert_eq "$(cgf memory.high)" 50331648 "memory.high (unified)"
	assert_eq "$(cgf pids.max)" 43 "pids.max (unified wins over pids.limit)"
	assert_eq "$(cgf hugetlb.2MB.max)" 4194304 hugetlb.2MB.max
	must rt delete -f "$PX_ID"
	assert_nothing_left
}

# cpu.max throttles a busy loop: nr_throttled grows, and `events --stats` shows it
# with the other figures runc's JSON has.
test_v2_cpu_max_throttles() {
	local thr
	start_ctl 'echo ready > /ctl/ready; while :; do :; done' \
		'{"cpu": {"quota": 10000, "period": 100000}, "pids": {"limit": 64}, "memory": {"limit": 67108864}}'
	wait_file "$PX_TMP/ctl/ready"
	sleep 1
	thr=$(awk '$1 == "nr_throttled" {print $2}' "$(cg_path)/cpu.stat")
	echo "nr_throttled=$thr"
	[ "${thr:-0}" -gt 3 ] || fail "busy loop not throttled (nr_throttled=$thr)"
	if is_pidbox; then # crun 1.8.1 has no events command
		must rt events --stats "$PX_ID"
		assert_eq "$(jq -r .type <<<"$out")" stats type
		assert_eq "$(jq -r .data.pids.limit <<<"$out")" 64 pids.limit
		assert_eq "$(jq -r .data.memory.usage.limit <<<"$out")" 67108864 "memory limit"
		[ "$(jq -r .data.cpu.throttling.throttledPeriods <<<"$out")" -gt 0 ] || fail "no throttled periods"
		[ "$(jq -r .data.cpu.usage.total <<<"$out")" -gt 0 ] || fail "no cpu usage"
	fi
	must rt delete -f "$PX_ID"
}

# pids.max stops forks.
test_v2_pids_max_stops_forks() {
	new_bundle sh -c 'i=0; while [ $i -lt 20 ]; do sleep 30 & i=$((i+1)); done; echo all-started'
	res '{"pids": {"limit": 8}}'
	run rt run -b "$B" "$PX_ID"
	assert_contains "$err" "fork" "stderr of the fork loop"
	assert_not_contains "$out" all-started
	assert_nothing_left
}

# memory.max OOM-kills: the shell (pid 1) dies of SIGKILL, run exits 137.
test_v2_memory_max_oom_kills() {
	new_bundle sh -c 'x=$(head -c 100000000 /dev/zero | tr "\0" a); echo survived ${#x}'
	res '{"memory": {"limit": 16777216, "swap": 16777216}}'
	run rt run -b "$B" "$PX_ID"
	assert_rc 137
	assert_not_contains "$out" survived
	assert_nothing_left
}

# Device rules become an eBPF program: deny all but the defaults; a node made with
# mknod (allowed: 'm') cannot be opened (EPERM from the program, not ENXIO).
test_v2_devices_ebpf() {
	new_bundle sh -c 'echo x > /dev/null && echo null-ok; head -c1 /dev/zero | wc -c; mknod /dev/memx c 1 1 && echo mknod-ok; head -c1 /dev/memx'
	set_config '.linux.resources = {devices: [{allow: false, access: "rwm"}]}
		| .process.capabilities.bounding += ["CAP_MKNOD", "CAP_SYS_RAWIO"]
		| .process.capabilities.effective += ["CAP_MKNOD", "CAP_SYS_RAWIO"]
		| .process.capabilities.permitted += ["CAP_MKNOD", "CAP_SYS_RAWIO"]'
	run rt run -b "$B" "$PX_ID"
	assert_contains "$out" null-ok
	assert_contains "$out" mknod-ok
	assert_contains "$err" "Operation not permitted" "opening /dev/mem (1:1)"
	assert_nothing_left
}

# An explicit allow rule lets a device through the same program.
test_v2_devices_ebpf_allow_rule() {
	new_bundle sh -c 'mknod /dev/memx c 1 1; head -c1 /dev/memx >/dev/null && echo mem-read'
	set_config '.linux.resources = {devices: [{allow: false, access: "rwm"}, {allow: true, type: "c", major: 1, minor: 1, access: "r"}]}
		| .process.capabilities.bounding += ["CAP_MKNOD", "CAP_SYS_RAWIO"]
		| .process.capabilities.effective += ["CAP_MKNOD", "CAP_SYS_RAWIO"]
		| .process.capabilities.permitted += ["CAP_MKNOD", "CAP_SYS_RAWIO"]'
	run rt run -b "$B" "$PX_ID"
	# the rule lets the open through to the driver (which may still say ENXIO where
	# the kernel has no /dev/mem); only the device cgroup answers EPERM
	assert_not_contains "$err" "Operation not permitted" "reading /dev/mem with an allow rule"
	assert_nothing_left
}

# What v2 cannot honour is a clear error naming the field, and nothing is left.
test_v2_refusals() {
	skip_unless_pidbox "pidbox refuses what runc and crun drop silently"
	local spec want
	for spec in '{"cpu": {"realtimeRuntime": 10000}}|linux.resources.cpu.realtimeRuntime: not available on cgroup v2' \
		'{"network": {"classID": 5}}|linux.resources.network.classID: not available on cgroup v2' \
		'{"memory": {"swappiness": 10}}|linux.resources.memory.swappiness: not available on cgroup v2' \
		'{"unified": {"nosuch.file": "1"}}|linux.resources.unified.nosuch.file: nosuch.file does not exist' \
		'{"blockIO": {"leafWeight": 100}}|linux.resources.blockIO.leafWeight: not available on cgroup v2'; do
		want=${spec#*|}
		spec=${spec%%|*}
		[ -f "$B/config.json" ] || new_bundle true
		res "$spec"
		run rt run -b "$B" "$PX_ID"
		assert_fail
		assert_one_error_line "$want"
		assert_nothing_left
	done
}

# Realtime on v2 is per process, not per group: with CAP_SYS_NICE the container may
# switch to SCHED_FIFO (no cpu.rt_runtime_us to budget; realtimeRuntime is refused
# above), and that is the path the README points to.
test_v2_sched_fifo_without_group_budget() {
	local h=${BUILD:-$TOP/build}/tests/helpers/sched-fifo
	[ -x "$h" ] || fail "$h missing (make unit)"
	new_bundle /sched-fifo
	cp "$h" "$B/rootfs/sched-fifo"
	set_config '.process.capabilities.bounding += ["CAP_SYS_NICE"] | .process.capabilities.effective += ["CAP_SYS_NICE"]
		| .process.capabilities.permitted += ["CAP_SYS_NICE"] | .linux.resources = {cpu: {quota: 50000, period: 100000}}'
	must rt run -b "$B" "$PX_ID"
	assert_contains "$out" fifo-ok "SCHED_FIFO in a cpu-controlled v2 cgroup"
	assert_nothing_left
}

# RLIMIT_RTPRIO is what lets an unprivileged user use SCHED_FIFO on v2 (no group
# budget involved): uid 1000 with RTPRIO 1 gets it, without it the kernel says EPERM.
# RLIMIT_RTTIME is set alongside and read back.
test_v2_rlimit_rtprio_for_unprivileged_fifo() {
	local h=${BUILD:-$TOP/build}/tests/helpers/sched-fifo
	[ -x "$h" ] || fail "$h missing (make unit)"
	new_bundle sh -c '/sched-fifo; grep -E "realtime" /proc/self/limits'
	cp "$h" "$B/rootfs/sched-fifo"
	set_config '.process.user = {uid: 1000, gid: 1000}
		| .process.rlimits += [{type: "RLIMIT_RTPRIO", soft: 1, hard: 1}, {type: "RLIMIT_RTTIME", soft: 500000, hard: 1000000}]'
	must rt run -b "$B" "$PX_ID"
	assert_contains "$out" fifo-ok "SCHED_FIFO with RLIMIT_RTPRIO 1"
	assert_match "$out" 'Max realtime priority +1 +1' "RLIMIT_RTPRIO"
	assert_match "$out" 'Max realtime timeout +500000 +1000000' "RLIMIT_RTTIME"
	set_config '.process.rlimits = [{type: "RLIMIT_RTPRIO", soft: 0, hard: 0}]'
	must rt run -b "$B" "$PX_ID"
	assert_contains "$out" "fifo-failed: Operation not permitted" "SCHED_FIFO without RLIMIT_RTPRIO"
	assert_nothing_left
}
