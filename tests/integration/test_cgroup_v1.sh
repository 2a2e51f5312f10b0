# linux.resources on this host's cgroup v1 controllers (hybrid): every value written
# and read back from the host's files, and enforced where the kernel lets a test see it
# (throttling, fork limit, OOM kill, device access, realtime budget).
# The pure cgroup v2 equivalents run in a KVM guest: tests/guest/test_cgroup_v2*.sh.
# shellcheck shell=bash

# cg FILE: the container's value of a v1 file (controller taken from the file name;
# cpuacct/cpu: cpu.*), read while the container runs.
cg() {
	local ctrl=${1%%.*} p
	p=$(jq -r .linux.cgroupsPath "$B/config.json")
	cat "/sys/fs/cgroup/$ctrl$p/$1"
}

v1_only() { [ -d /sys/fs/cgroup/cpu ] || skip "no cgroup v1 cpu hierarchy on this host"; }

# res JSON: set linux.resources of the default bundle (made running SCRIPT under /ctl).
res() { set_config --argjson r "$1" '.linux.resources = $r'; }

# start_ctl SCRIPT RESOURCES: a detached container running SCRIPT, with RESOURCES.
start_ctl() {
	ctl_bundle "$1"
	res "$2"
	must_create "$PX_ID" "$B"
	must rt start "$PX_ID"
}

test_cgroup_v1_values_read_back() {
	v1_only
	local swap='"swap": 134217728,'
	if [ ! -e /sys/fs/cgroup/memory/memory.memsw.limit_in_bytes ]; then
		# a host without swap accounting (swapaccount=0): memory.swap is refused
		# clearly, and the other values are read back without it
		skip_unless_pidbox "runc 1.1 ignores memory.swap without swap accounting"
		ctl_bundle 'sleep 100'
		res '{"memory": {"limit": 67108864, "swap": 134217728}}'
		rt_create "$PX_ID" "$B"
		assert_fail
		assert_one_error_line "memory.swap: no swap accounting on this host"
		assert_nothing_left
		swap=""
	fi
	start_ctl 'sleep 100' '{
	  "cpu": {"shares": 512, "quota": 25000, "period": 50000, "cpus": "0", "mems": "0", "idle": 0},
	  "memory": {"limit": 67108864, '"$swap"' "reservation": 33554432, "swappiness": 20},
	  "pids": {"limit": 42}
	}'
	assert_eq "$(cg cpu.shares)" 512 cpu.shares
	assert_eq "$(cg cpu.cfs_quota_us)" 25000 cpu.cfs_quota_us
	assert_eq "$(cg cpu.cfs_period_us)" 50000 cpu.cfs_period_us
	assert_eq "$(cg cpuset.cpus)" 0 cpuset.cpus
	assert_eq "$(cg memory.limit_in_bytes)" 67108864 memory.limit_in_bytes
	[ -z "$swap" ] || assert_eq "$(cg memory.memsw.limit_in_bytes)" 134217728 memory.memsw.limit_in_bytes
	assert_eq "$(cg memory.soft_limit_in_bytes)" 33554432 memory.soft_limit_in_bytes
	assert_eq "$(cg memory.swappiness)" 20 memory.swappiness
	assert_eq "$(cg pids.max)" 42 pids.max
	must rt delete -f "$PX_ID"
	assert_nothing_left
}

# blockIO.weight needs a proportional-weight I/O scheduler (CFQ's blkio.weight before
# 5.0, BFQ's blkio.bfq.weight since): where this kernel has one the value is read back;
# where it has none (this host's 6.18) create must refuse it naming the field and the
# missing files, and leave nothing behind. The kernel's answer is read from a probe
# cgroup of our own (BFQ's file is not on the root cgroup).
test_cgroup_v1_blkio_weight() {
	v1_only
	[ -d /sys/fs/cgroup/blkio ] || skip "no cgroup v1 blkio hierarchy on this host"
	local probe=/sys/fs/cgroup/blkio/$PX_CG_PARENT/probe-$PX_ID file=""
	mkdir -p "$probe" || fail "cannot make the probe cgroup $probe"
	[ -e "$probe/blkio.weight" ] && file=blkio.weight
	[ -z "$file" ] && [ -e "$probe/blkio.bfq.weight" ] && file=blkio.bfq.weight
	rmdir "$probe"
	ctl_bundle 'sleep 100'
	res '{"blockIO": {"weight": 300}}'
	if [ -n "$file" ]; then
		must_create "$PX_ID" "$B"
		assert_match "$(cg "$file")" '300' "$file"
		must rt delete -f "$PX_ID"
	else
		echo "this kernel has neither blkio.weight nor blkio.bfq.weight: expecting a refusal"
		run rt create -b "$B" "$PX_ID"
		[ "$rc" -ne 0 ] || fail "create with blockIO.weight succeeded on a kernel without a weight file"
		assert_contains "$err" "linux.resources.blockIO.weight: this kernel has no proportional-weight I/O scheduler"
		assert_contains "$err" "blkio.bfq.weight"
		assert_not_contains "$err" "controller is not available"
		# a refused create leaves nothing: no delete before the check
	fi
	assert_nothing_left
}

# unlimited forms: quota -1, pids -1 ("max"), memory -1
test_cgroup_v1_unlimited() {
	v1_only
	start_ctl 'sleep 100' '{"cpu": {"quota": -1}, "memory": {"limit": -1}, "pids": {"limit": -1}}'
	assert_eq "$(cg cpu.cfs_quota_us)" -1 cpu.cfs_quota_us
	assert_eq "$(cg pids.max)" max pids.max
	assert_match "$(cg memory.limit_in_bytes)" '^9223372036854[0-9]+$' memory.limit_in_bytes
	must rt delete -f "$PX_ID"
}

# A busy loop under a 10% quota is throttled: nr_throttled grows.
test_cgroup_v1_cpu_quota_throttles() {
	v1_only
	start_ctl 'echo go > /ctl/ready; while :; do :; done' '{"cpu": {"quota": 10000, "period": 100000}}'
	wait_file "$PX_TMP/ctl/ready"
	sleep 1
	local thr
	thr=$(cg cpu.stat | awk '$1 == "nr_throttled" {print $2}')
	echo "nr_throttled=$thr"
	[ "${thr:-0}" -gt 3 ] || fail "busy loop was not throttled (nr_throttled=$thr)"
	must rt delete -f "$PX_ID"
}

# pids.max stops forks: with a limit of 8, starting 20 sleepers fails.
test_cgroup_v1_pids_limit_stops_forks() {
	v1_only
	new_bundle sh -c 'i=0; while [ $i -lt 20 ]; do sleep 30 & i=$((i+1)); done; echo all-started'
	res '{"pids": {"limit": 8}}'
	run rt run -b "$B" "$PX_ID"
	assert_contains "$err" "fork" "stderr of the fork loop"
	assert_not_contains "$out" all-started
}

# memory.limit_in_bytes OOM-kills: the shell (pid 1) dies of SIGKILL, run exits 137.
test_cgroup_v1_memory_oom_kills() {
	v1_only
	new_bundle sh -c 'x=$(head -c 100000000 /dev/zero | tr "\0" a); echo survived ${#x}'
	res '{"memory": {"limit": 16777216, "swap": 16777216}}'
	run rt run -b "$B" "$PX_ID"
	assert_rc 137
	assert_not_contains "$out" survived
	assert_nothing_left
}

# caps_for_mem: CAP_MKNOD and CAP_SYS_RAWIO (reading /dev/mem needs it), so that only
# the device cgroup can refuse the read.
caps_for_mem() {
	set_config '.process.capabilities.bounding += ["CAP_MKNOD", "CAP_SYS_RAWIO"]
		| .process.capabilities.effective += ["CAP_MKNOD", "CAP_SYS_RAWIO"]
		| .process.capabilities.permitted += ["CAP_MKNOD", "CAP_SYS_RAWIO"]'
}

# Devices: deny everything, then the defaults: /dev/null works, a /dev/mem node made
# with mknod (allowed: 'm') cannot be opened.
test_cgroup_v1_devices() {
	v1_only
	new_bundle sh -c 'echo x > /dev/null && echo null-ok; mknod /dev/memx c 1 1 && echo mknod-ok; head -c1 /dev/memx >/dev/null'
	set_config '.linux.resources = {devices: [{allow: false, access: "rwm"}]}'
	caps_for_mem
	run rt run -b "$B" "$PX_ID"
	assert_contains "$out" null-ok
	assert_contains "$out" mknod-ok
	assert_contains "$err" "Operation not permitted" "opening /dev/mem (1:1)"
}

# The same with an allow rule for 1:1 read: the read goes through.
test_cgroup_v1_devices_allow_rule() {
	v1_only
	new_bundle sh -c 'mknod /dev/memx c 1 1; head -c1 /dev/memx >/dev/null && echo mem-read'
	set_config '.linux.resources = {devices: [{allow: false, access: "rwm"}, {allow: true, type: "c", major: 1, minor: 1, access: "r"}]}'
	caps_for_mem
	run rt run -b "$B" "$PX_ID"
	# the rule lets the open through to the driver (which may still say ENXIO where
	# the kernel has no /dev/mem); only the device cgroup answers EPERM
	assert_not_contains "$err" "Operation not permitted" "reading /dev/mem with an allow rule"
}

# Realtime on v1: the container's cgroup gets cpu.rt_runtime_us; its fresh parents
# (runtime 0) are given the budget first, or the kernel would refuse the write.
test_cgroup_v1_rt_runtime_with_parent_budget() {
	v1_only
	[ -e /sys/fs/cgroup/cpu/cpu.rt_runtime_us ] || skip "kernel without CONFIG_RT_GROUP_SCHED"
	skip_unless_pidbox "runc 1.1 does not give the parent chain a realtime budget (its create fails)"
	ctl_bundle 'sleep 100'
	set_config --arg p "/$CG_PARENT/rt-$PX_ID/deeper/c" \
		'.linux.cgroupsPath = $p | .linux.resources = {cpu: {realtimeRuntime: 20000, realtimePeriod: 1000000}}'
	must_create "$PX_ID" "$B"
	assert_eq "$(cg cpu.rt_runtime_us)" 20000 "container cpu.rt_runtime_us"
	assert_eq "$(cg cpu.rt_period_us)" 1000000 "container cpu.rt_period_us"
	local mid=/sys/fs/cgroup/cpu/$CG_PARENT/rt-$PX_ID/deeper
	echo "parent budget: $(cat "$mid/cpu.rt_runtime_us") / $(cat "$mid/cpu.rt_period_us")"
	[ "$(cat "$mid/cpu.rt_runtime_us")" -ge 20000 ] || fail "parent got no budget"
	# the budget made SCHED_FIFO possible inside (chrt is a busybox applet when built in)
	must rt delete -f "$PX_ID"
	# budgets given back before removal, or the dying cgroups would go on holding them
	echo 0 >"$mid/cpu.rt_runtime_us"
	echo 0 >"/sys/fs/cgroup/cpu/$CG_PARENT/rt-$PX_ID/cpu.rt_runtime_us"
	rmdir "$mid" "/sys/fs/cgroup/cpu/$CG_PARENT/rt-$PX_ID"
}

# fifo_bundle: a container whose first process is tests/helpers/sched-fifo (asks for
# SCHED_FIFO), with CAP_SYS_NICE.
fifo_bundle() {
	local h
	# next to the pidbox under test, else in the default build (RUNTIME=runc)
	for h in "$(dirname "$RUNTIME")/tests/helpers/sched-fifo" "$TOP/${BUILD:-build}/tests/helpers/sched-fifo" \
		"$TOP/build/tests/helpers/sched-fifo"; do
		[ -x "$h" ] && break
	done
	[ -x "$h" ] || fail "tests/helpers/sched-fifo not built (make unit)"
	new_bundle /sched-fifo
	cp "$h" "$B/rootfs/sched-fifo"
	set_config --arg p "/$CG_PARENT/rtf-$PX_ID/c" '.linux.cgroupsPath = $p
		| .process.capabilities.bounding += ["CAP_SYS_NICE"] | .process.capabilities.effective += ["CAP_SYS_NICE"]
		| .process.capabilities.permitted += ["CAP_SYS_NICE"]'
}

# The realtime budget is real: with it the container may switch to SCHED_FIFO; in a
# fresh cgroup without it (cpu.rt_runtime_us 0) the kernel refuses.
test_cgroup_v1_rt_budget_allows_sched_fifo() {
	v1_only
	[ -e /sys/fs/cgroup/cpu/cpu.rt_runtime_us ] || skip "kernel without CONFIG_RT_GROUP_SCHED"
	fifo_bundle
	run rt run -b "$B" "$PX_ID"
	assert_contains "$out" "fifo-failed: Operation not permitted" "SCHED_FIFO without a realtime budget"
	if is_pidbox; then
		set_config '.linux.resources = {cpu: {realtimeRuntime: 10000, realtimePeriod: 1000000}}'
		run rt run -b "$B" "$PX_ID"
		assert_ok
		assert_contains "$out" fifo-ok "SCHED_FIFO with a realtime budget"
	fi
	rmdir "/sys/fs/cgroup/cpu/$CG_PARENT/rtf-$PX_ID" 2>/dev/null || true
}

# process.scheduler SCHED_FIFO (issue 3) with linux.resources.cpu.realtimeRuntime: the
# budget pidbox gives the cgroup (and its parents) is what lets the policy be set.
test_cgroup_v1_scheduler_fifo_with_budget() {
	v1_only
	[ -e /sys/fs/cgroup/cpu/cpu.rt_runtime_us ] || skip "kernel without CONFIG_RT_GROUP_SCHED"
	skip_unless_pidbox "runc 1.1 has no process.scheduler"
	new_bundle
	# shellcheck disable=SC2016 # for the container's shell
	set_config --arg p "/$CG_PARENT/rts-$PX_ID/c" '.linux.cgroupsPath = $p
		| .process.scheduler = {policy: "SCHED_FIFO", priority: 10}
		| .linux.resources = {cpu: {realtimeRuntime: 10000, realtimePeriod: 1000000}}
		| .process.args = ["sh", "-c", "set -- $(cat /proc/$$/stat); echo ${41} ${40}"]'
	must rt run -b "$B" "$PX_ID"
	assert_eq "$out" "1 10" "policy and rt priority"
	rmdir "/sys/fs/cgroup/cpu/$CG_PARENT/rts-$PX_ID" 2>/dev/null || true
}

# What the host cannot honour is refused, naming the field; nothing is left behind.
test_cgroup_v1_refusals() {
	v1_only
	skip_unless_pidbox "pidbox's errors"
	local spec want
	for spec in '{"cpu": {"shares": 1}}|linux.resources.cpu.shares: 1 is below the minimum 2' \
		'{"unified": {"memory.high": "1M"}}|linux.resources.unified: needs a cgroup v2 host' \
		'{"network": {"classID": 5}}|linux.resources.network.classID: the net_cls controller is not mounted' \
		'{"hugepageLimits": [{"pageSize": "2MB", "limit": 2097152}]}|linux.resources.hugepageLimits[0]: the hugetlb controller' \
		'{"cpu": {"cpus": "999"}}|linux.resources.cpu.cpus'; do
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
