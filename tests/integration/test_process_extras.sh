# process: umask, oomScoreAdj, scheduler, ioPriority; linux: personality, sysctl,
# domainname — each read back from inside the container, each bad value refused.
# shellcheck shell=bash

# The container shell's own /proc/<pid>/stat as "$@" (policy is ${41}, nice
# ${19}, rt_priority ${40}).
STAT='set -- $(cat /proc/$$/stat)'

test_process_umask() {
	new_bundle
	set_config '.process.user.umask = 63'
	must_in_container 'umask'
	assert_eq "$out" 0077 "umask"
	# unset: 0022, as runc, whatever the caller's umask
	set_config 'del(.process.user.umask)'
	umask 0077
	must_in_container umask
	assert_eq "$out" 0022 "default umask"
}

test_process_oom_score_adj() {
	new_bundle
	set_config '.process.oomScoreAdj = 500'
	must_in_container 'cat /proc/self/oom_score_adj'
	assert_eq "$out" 500 "oom_score_adj"
}

# Lowering it below the runtime's own needs CAP_SYS_RESOURCE, which root lacks
# on our machines: a clear error, nothing left behind.
test_process_oom_score_adj_lower_refused() {
	capsh --has-p=cap_sys_resource 2>/dev/null && skip "this runtime has CAP_SYS_RESOURCE"
	new_bundle true
	set_config --argjson v "$(($(cat /proc/self/oom_score_adj) - 100))" '.process.oomScoreAdj = $v'
	run rt run -b "$B" "$PX_ID"
	assert_fail
	assert_one_error_line "process.oomScoreAdj"
	is_pidbox && assert_contains "$err" "needs CAP_SYS_RESOURCE" "stderr"
	assert_nothing_left
}

test_process_scheduler_batch_nice() {
	skip_unless_pidbox "runc 1.1 has no process.scheduler"
	new_bundle
	set_config '.process.scheduler = {policy: "SCHED_BATCH", nice: 7}'
	must_in_container "$STAT"'; echo "${41} ${19}"'
	assert_eq "$out" "3 7" "policy and nice"
	set_config '.process.scheduler = {policy: "SCHED_IDLE"}'
	must_in_container "$STAT"'; echo "${41}"'
	assert_eq "$out" 5 "policy"
}

# SCHED_DEADLINE tasks may not fork: the workload is cat itself. The kernel admits
# one only where deadline bandwidth exists (kernel.sched_rt_runtime_us not 0) and
# the task may run on every CPU of its root domain (sched_setattr: EPERM
# otherwise); on such a host the refusal must be a clear one.
test_process_scheduler_deadline() {
	skip_unless_pidbox "runc 1.1 has no process.scheduler"
	local all mine
	new_bundle cat /proc/self/sched
	set_config '.process.scheduler = {policy: "SCHED_DEADLINE", runtime: 1000000, deadline: 10000000, period: 10000000}'
	run rt run -b "$B" "$PX_ID"
	all=$(cat /sys/devices/system/cpu/online)
	mine=$(sed -n 's/^Cpus_allowed_list:[[:space:]]*//p' /proc/self/status)
	if [ "$(cat /proc/sys/kernel/sched_rt_runtime_us)" = 0 ] || [ "$mine" != "$all" ]; then
		echo "no deadline bandwidth for us here (rt_runtime 0, or CPUs $mine of $all): expecting a refusal"
		assert_fail
		assert_one_error_line "process.scheduler: SCHED_DEADLINE"
		assert_nothing_left
		return 0
	fi
	assert_ok
	assert_match "$out" 'policy +: +6' "sched"
}

# Realtime: where the kernel has RT group scheduling (cgroup v1 cpu.rt_runtime_us,
# as on our hosts) a new cgroup has no realtime budget and sched_setattr fails with
# EPERM: pidbox says what is missing; given one (linux.resources.cpu.realtime*),
# it works. Without RT group scheduling, root gets SCHED_FIFO.
test_process_scheduler_fifo() {
	skip_unless_pidbox "runc 1.1 has no process.scheduler"
	new_bundle
	set_config '.process.scheduler = {policy: "SCHED_FIFO", priority: 10}'
	in_container "$STAT"'; echo "${41} ${40}"'
	if [ -e /sys/fs/cgroup/cpu/cpu.rt_runtime_us ]; then
		assert_fail
		assert_one_error_line "process.scheduler: SCHED_FIFO priority 10: sched_setattr"
		assert_contains "$err" "realtimeRuntime" "stderr"
		assert_nothing_left
		# with a realtime budget for its cgroup (linux.resources.cpu), it runs
		set_config '.linux.resources.cpu = {realtimeRuntime: 10000, realtimePeriod: 1000000}'
		must_in_container "$STAT"'; echo "${41} ${40}"'
		assert_eq "$out" "1 10" "policy and rt priority with a realtime budget"
	else
		assert_ok
		assert_eq "$out" "1 10" "policy and rt priority"
	fi
}

test_process_scheduler_bad_values() {
	skip_unless_pidbox "runc 1.1 has no process.scheduler"
	new_bundle true
	set_config '.process.scheduler = {policy: "SCHED_RR"}'
	run rt run -b "$B" "$PX_ID"
	assert_fail
	assert_one_error_line "process.scheduler.priority: SCHED_RR needs a priority from 1 to 99"
	set_config '.process.scheduler = {policy: "SCHED_OTHER", nice: -21}'
	run rt run -b "$B" "$PX_ID"
	assert_fail
	assert_one_error_line "process.scheduler.nice: -21 is out of range"
	assert_nothing_left
}

test_process_io_priority() {
	skip_unless_pidbox "runc 1.1 has no process.ioPriority"
	new_bundle
	set_config '.process.ioPriority = {class: "IOPRIO_CLASS_IDLE", priority: 0}'
	must_in_container 'ionice -p $$'
	assert_eq "$out" "idle" "io class"
	set_config '.process.ioPriority = {class: "IOPRIO_CLASS_BE", priority: 6}'
	must_in_container 'ionice -p $$'
	assert_eq "$out" "best-effort: prio 6" "io class"
	set_config '.process.ioPriority = {class: "IOPRIO_CLASS_BE", priority: 8}'
	in_container true
	assert_fail
	assert_one_error_line "process.ioPriority.priority: 8 is out of range (0 to 7)"
	assert_nothing_left
}

test_process_personality() {
	[ "$(uname -m)" = x86_64 ] || skip "LINUX32 is tested on x86_64"
	skip_unless_pidbox "runc 1.1 ignores linux.personality"
	new_bundle
	set_config '.linux.personality = {domain: "LINUX32"}'
	must_in_container 'uname -m'
	assert_eq "$out" i686 "machine under LINUX32"
	set_config '.linux.personality = {domain: "LINUX"}'
	must_in_container 'uname -m'
	assert_eq "$out" x86_64 "machine under LINUX"
}

# sysctls of the container's own namespaces are set; the host's stay as they were.
test_process_sysctl() {
	local host_fwd host_msgmax
	host_fwd=$(cat /proc/sys/net/ipv4/ip_forward)
	host_msgmax=$(cat /proc/sys/kernel/msgmax)
	new_bundle
	set_config --arg f "$((1 - host_fwd))" '.linux.sysctl = {"net.ipv4.ip_forward": $f, "kernel.msgmax": "4321",
		"net/ipv4/conf/lo/forwarding": $f}'
	must_in_container 'cat /proc/sys/net/ipv4/ip_forward /proc/sys/kernel/msgmax /proc/sys/net/ipv4/conf/lo/forwarding'
	assert_eq "$out" "$((1 - host_fwd))"$'\n'4321$'\n'"$((1 - host_fwd))" "sysctls inside"
	assert_eq "$(cat /proc/sys/net/ipv4/ip_forward)" "$host_fwd" "host ip_forward"
	assert_eq "$(cat /proc/sys/kernel/msgmax)" "$host_msgmax" "host msgmax"
}

test_process_sysctl_refused() {
	new_bundle true
	set_config '.linux.sysctl = {"vm.swappiness": "10"}'
	run rt run -b "$B" "$PX_ID"
	assert_fail
	assert_one_error_line "linux.sysctl.vm.swappiness: not a namespaced sysctl"
	set_config '.linux.sysctl = {"net.ipv4.ip_forward": "1"} | .linux.namespaces -= [{type: "network"}]'
	run rt run -b "$B" "$PX_ID"
	assert_fail
	assert_one_error_line "linux.sysctl.net.ipv4.ip_forward: requires a network namespace"
	set_config '.linux.namespaces += [{type: "network"}] | .linux.sysctl = {"net.ipv4.no_such_thing": "1"}'
	run rt run -b "$B" "$PX_ID"
	assert_fail
	assert_one_error_line "linux.sysctl.net.ipv4.no_such_thing: open /proc/sys/net/ipv4/no_such_thing"
	assert_nothing_left
}

test_process_domainname() {
	skip_unless_pidbox "runc 1.1 ignores domainname"
	new_bundle
	set_config '.domainname = "example.org" | .hostname = "box"'
	must_in_container 'hostname; dnsdomainname 2>/dev/null || cat /proc/sys/kernel/domainname'
	assert_eq "$out" $'box\nexample.org' "names"
}
