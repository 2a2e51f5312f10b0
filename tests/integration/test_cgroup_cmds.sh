# pause / resume / update / events on this host (cgroup v1 freezer and controllers).
# The same commands on pure cgroup v2 run in the KVM guest (tests/guest/).
# shellcheck shell=bash

# A container counting as fast as it can into /ctl/n (written whole: write then rename).
COUNTER='i=0; echo ready > /ctl/ready; while :; do i=$((i+1)); echo $i > /ctl/n.tmp; mv /ctl/n.tmp /ctl/n; done'

counter() { cat "$PX_TMP/ctl/n" 2>/dev/null || echo 0; }

start_counter() {
	ctl_bundle "$COUNTER"
	[ -z "${1:-}" ] || set_config --argjson r "$1" '.linux.resources = $r'
	must_create "$PX_ID" "$B"
	must rt start "$PX_ID"
	wait_file "$PX_TMP/ctl/ready"
	wait_file "$PX_TMP/ctl/n"
}

# Freezing stops the counter; thawing lets it go on; state says paused meanwhile.
test_pause_resume_stops_the_counter() {
	local a b c
	start_counter
	must rt pause "$PX_ID"
	assert_eq "$(status)" paused "status after pause"
	a=$(counter)
	# every process of the container is frozen (the kernel's word, not a pause in
	# the test): nothing can move the counter until resume
	all_frozen "$(cg_dirs | grep /freezer/)" || fail "not every process is frozen after pause"
	b=$(counter)
	assert_eq "$b" "$a" "counter while paused"
	run rt pause "$PX_ID"
	assert_fail
	must rt resume "$PX_ID"
	assert_eq "$(status)" running "status after resume"
	wait_for "the counter to move after resume (from $b)" eval '[ "$(counter)" -gt "$b" ]'
	run rt resume "$PX_ID"
	assert_fail
	must rt delete -f "$PX_ID"
	assert_nothing_left
}

# delete --force of a paused container: SIGKILL then thaw, nothing left.
test_delete_force_paused() {
	start_counter
	must rt pause "$PX_ID"
	must rt delete -f "$PX_ID"
	assert_nothing_left
}

# runc's flags, read back from the cgroup files; a quota alone keeps the period.
test_update_flags() {
	local p
	start_counter '{"cpu": {"quota": 50000, "period": 200000}, "pids": {"limit": 30}, "memory": {"limit": 104857600}}'
	p=$(jq -r .linux.cgroupsPath "$B/config.json")
	must rt update --cpu-quota 20000 --pids-limit 50 --memory 200m --cpu-share 512 "$PX_ID"
	if [ -d /sys/fs/cgroup/cpu ]; then
		assert_eq "$(cat "/sys/fs/cgroup/cpu$p/cpu.cfs_quota_us")" 20000 cpu.cfs_quota_us
		assert_eq "$(cat "/sys/fs/cgroup/cpu$p/cpu.cfs_period_us")" 200000 "period kept"
		assert_eq "$(cat "/sys/fs/cgroup/cpu$p/cpu.shares")" 512 cpu.shares
		assert_eq "$(cat "/sys/fs/cgroup/pids$p/pids.max")" 50 pids.max
		assert_eq "$(cat "/sys/fs/cgroup/memory$p/memory.limit_in_bytes")" 209715200 memory.limit_in_bytes
	fi
	must rt delete -f "$PX_ID"
}

# --resources - (what containerd sends) and its validation.
test_update_resources_json() {
	local p
	start_counter
	p=$(jq -r .linux.cgroupsPath "$B/config.json")
	echo '{"pids": {"limit": 77}, "cpu": {"quota": -1}}' >"$PX_TMP/r.json"
	must rt update --resources "$PX_TMP/r.json" "$PX_ID"
	[ ! -d /sys/fs/cgroup/pids ] || assert_eq "$(cat "/sys/fs/cgroup/pids$p/pids.max")" 77 pids.max
	echo '{"pids": {"limit": 78}}' | rt update -r - "$PX_ID" || fail "update -r - failed"
	[ ! -d /sys/fs/cgroup/pids ] || assert_eq "$(cat "/sys/fs/cgroup/pids$p/pids.max")" 78 pids.max
	if is_pidbox; then
		echo '{"cpu": {"shares": 1}}' >"$PX_TMP/bad.json"
		run rt update -r "$PX_TMP/bad.json" "$PX_ID"
		assert_fail
		assert_one_error_line "cpu.shares: 1 is below the minimum 2"
		run rt update --cpu-quota abc "$PX_ID"
		assert_fail
		assert_one_error_line 'invalid value "abc" for flag --cpu-quota'
		# a limit below the current usage, refused before the kernel reclaims
		echo '{"memory": {"limit": 4096, "checkBeforeUpdate": true}}' >"$PX_TMP/low.json"
		run rt update -r "$PX_TMP/low.json" "$PX_ID"
		assert_fail
		assert_one_error_line "is below the current usage"
	fi
	must rt delete -f "$PX_ID"
}

# v1 ordering rules of update, as runc: an unlimited --memory after a swap
# limit lifts the swap limit too (memsw written first); --cpu-period and
# --cpu-quota under a parent with a quota of its own, where the period alone
# would exceed the parent's bandwidth (EINVAL), go in the other order.
test_update_v1_write_order() {
	local p parent
	if [ ! -f /sys/fs/cgroup/memory/memory.memsw.limit_in_bytes ] || [ ! -d /sys/fs/cgroup/cpu ]; then
		skip "needs v1 memory (with swap accounting) and cpu hierarchies"
	fi
	parent=/$CG_PARENT/pod-$PX_ID
	mkdir -p "/sys/fs/cgroup/cpu$parent"
	echo 100000 >"/sys/fs/cgroup/cpu$parent/cpu.cfs_period_us"
	echo 50000 >"/sys/fs/cgroup/cpu$parent/cpu.cfs_quota_us"
	ctl_bundle "$COUNTER"
	set_config --arg p "$parent/c" '.linux.cgroupsPath = $p
		| .linux.resources = {memory: {limit: 104857600, swap: 209715200}, cpu: {quota: 20000, period: 100000}}'
	must_create "$PX_ID" "$B"
	must rt start "$PX_ID"
	wait_file "$PX_TMP/ctl/ready"
	p=$parent/c
	must rt update --memory -1 "$PX_ID"
	assert_eq "$(cat "/sys/fs/cgroup/memory$p/memory.limit_in_bytes")" 9223372036854771712 "memory.limit_in_bytes"
	assert_eq "$(cat "/sys/fs/cgroup/memory$p/memory.memsw.limit_in_bytes")" 9223372036854771712 \
		"memory.memsw.limit_in_bytes"
	# 20000/10000 would be twice the parent's 0.5 CPU: the quota must go first
	must rt update --cpu-period 10000 --cpu-quota 5000 "$PX_ID"
	assert_eq "$(cat "/sys/fs/cgroup/cpu$p/cpu.cfs_period_us")" 10000 cpu.cfs_period_us
	assert_eq "$(cat "/sys/fs/cgroup/cpu$p/cpu.cfs_quota_us")" 5000 cpu.cfs_quota_us
	must rt delete -f "$PX_ID"
	rmdir "/sys/fs/cgroup/cpu$parent"
}

# Many limits of both kinds in one call, the newer runc flags among them, and
# pids.limit 0 as a limit (runc 1.4: pids.max 0), not "unlimited".
test_update_many_limits_one_call() {
	local p
	new_bundle sleep 100 # forks nothing: it outlives pids.max 0
	set_config '.linux.resources = {pids: {limit: 30}}'
	must_create "$PX_ID" "$B"
	must rt start "$PX_ID"
	p=$(jq -r .linux.cgroupsPath "$B/config.json")
	local newer=(--cpu-burst 1000) # runc 1.2+'s flag
	is_pidbox || newer=()
	must rt update --cpu-period 100000 --cpu-quota 30000 "${newer[@]}" --cpu-share 300 \
		--cpuset-cpus 0 --memory 300m --memory-reservation 100m --memory-swap 400m --pids-limit 40 "$PX_ID"
	if [ -d /sys/fs/cgroup/cpu ]; then
		assert_eq "$(cat "/sys/fs/cgroup/cpu$p/cpu.cfs_quota_us")" 30000 cpu.cfs_quota_us
		if is_pidbox; then
			assert_eq "$(cat "/sys/fs/cgroup/cpu$p/cpu.cfs_burst_us")" 1000 cpu.cfs_burst_us
		fi
		assert_eq "$(cat "/sys/fs/cgroup/cpu$p/cpu.shares")" 300 cpu.shares
		assert_eq "$(cat "/sys/fs/cgroup/cpuset$p/cpuset.cpus")" 0 cpuset.cpus
		assert_eq "$(cat "/sys/fs/cgroup/memory$p/memory.limit_in_bytes")" 314572800 memory.limit_in_bytes
		assert_eq "$(cat "/sys/fs/cgroup/memory$p/memory.soft_limit_in_bytes")" 104857600 soft limit
		assert_eq "$(cat "/sys/fs/cgroup/memory$p/memory.memsw.limit_in_bytes")" 419430400 memsw
		assert_eq "$(cat "/sys/fs/cgroup/pids$p/pids.max")" 40 pids.max
	fi
	if is_pidbox; then # runc 1.2+'s --cpu-idle (an idle group's cpu.shares reads 3: checked apart)
		must rt update --cpu-idle 1 "$PX_ID"
		[ ! -d /sys/fs/cgroup/cpu ] || assert_eq "$(cat "/sys/fs/cgroup/cpu$p/cpu.idle")" 1 cpu.idle
	fi
	if is_pidbox; then # runc 1.1.5 reads 0 as "not set" (runc 1.4 writes it)
		echo '{"pids": {"limit": 0}}' | rt update -r - "$PX_ID" || fail "update pids.limit 0"
		[ ! -d /sys/fs/cgroup/pids ] || assert_eq "$(cat "/sys/fs/cgroup/pids$p/pids.max")" 0 pids.max
		echo '{"pids": {"limit": -1}}' | rt update -r - "$PX_ID" || fail "update pids.limit -1"
		[ ! -d /sys/fs/cgroup/pids ] || assert_eq "$(cat "/sys/fs/cgroup/pids$p/pids.max")" max pids.max
	fi
	must rt delete -f "$PX_ID"
}

# A unit that takes the value past 2^63 is refused, not wrapped around (it
# once made 17179869185g 1 GiB); nothing changes.
test_update_unit_overflow_refused() {
	local p
	start_counter '{"memory": {"limit": 104857600}}'
	p=$(jq -r .linux.cgroupsPath "$B/config.json")
	run rt update --memory 17179869185g "$PX_ID"
	assert_fail
	assert_one_error_line 'invalid value "17179869185g" for flag --memory: too large'
	run rt update --memory 99999999999999999999 "$PX_ID"
	assert_fail
	[ ! -d /sys/fs/cgroup/memory ] ||
		assert_eq "$(cat "/sys/fs/cgroup/memory$p/memory.limit_in_bytes")" 104857600 "memory.limit_in_bytes"
	must rt delete -f "$PX_ID"
}

# linux.resources.unified on a v1 host fails, clearly, before any v1 field of
# the same config is written.
test_unified_on_v1_refused() {
	[ ! -f /sys/fs/cgroup/cgroup.controllers ] || skip "a cgroup v2 host"
	new_bundle true
	set_config '.linux.resources = {pids: {limit: 20}, unified: {"pids.max": "10"}}'
	run rt run -b "$B" "$PX_ID"
	assert_fail
	assert_one_error_line "unified: needs a cgroup v2 host"
	assert_nothing_left
	if is_pidbox; then
		start_counter '{"pids": {"limit": 30}}'
		echo '{"pids": {"limit": 20}, "unified": {"pids.max": "10"}}' >"$PX_TMP/r.json"
		run rt update -r "$PX_TMP/r.json" "$PX_ID"
		assert_fail
		assert_one_error_line "unified: needs a cgroup v2 host"
		[ ! -d /sys/fs/cgroup/pids ] || assert_eq "$(cat "/sys/fs/cgroup/pids$(jq -r .linux.cgroupsPath \
			"$B/config.json")/pids.max")" 30 "pids.max unchanged"
		must rt delete -f "$PX_ID"
	fi
}

test_update_stopped_fails() {
	new_bundle true
	must_create "$PX_ID" "$B"
	must rt start "$PX_ID"
	wait_status stopped
	run rt update --pids-limit 10 "$PX_ID"
	assert_fail
	must rt delete "$PX_ID"
}

# events --stats: one JSON object shaped like runc's, with the throttling figures of
# a throttled busy loop and the pids limit.
test_events_stats() {
	ctl_bundle 'echo ready > /ctl/ready; while :; do :; done'
	set_config '.linux.resources = {cpu: {quota: 10000, period: 100000}, pids: {limit: 64}}'
	must_create "$PX_ID" "$B"
	must rt start "$PX_ID"
	wait_file "$PX_TMP/ctl/ready"
	wait_for "a throttled period" eval \
		'[ "$(rt events --stats "$PX_ID" | jq -r .data.cpu.throttling.throttledPeriods)" -gt 0 ]'
	must rt events --stats "$PX_ID"
	assert_eq "$(jq -r .type <<<"$out")" stats type
	assert_eq "$(jq -r .id <<<"$out")" "$PX_ID" id
	assert_eq "$(jq -r .data.pids.limit <<<"$out")" 64 pids.limit
	[ "$(jq -r .data.pids.current <<<"$out")" -ge 1 ] || fail "pids.current"
	[ "$(jq -r .data.cpu.throttling.throttledPeriods <<<"$out")" -gt 0 ] || fail "no throttled periods"
	[ "$(jq -r .data.cpu.usage.total <<<"$out")" -gt 0 ] || fail "no cpu usage"
	[ "$(jq -r .data.memory.usage.usage <<<"$out")" -gt 0 ] || fail "no memory usage"
	must rt delete -f "$PX_ID"
}

# runc's v1 extras of events --stats: the cpuset, kernel memory (kmem, kmem.tcp)
# and per-cpu kernel/user times, where the hierarchy has them.
test_events_stats_v1_extras() {
	local p want
	if [ ! -d /sys/fs/cgroup/cpuset ] || [ ! -f /sys/fs/cgroup/cpuacct/cpuacct.usage_percpu_sys ]; then
		skip "no v1 cpuset/cpuacct hierarchy"
	fi
	ctl_bundle 'echo ready > /ctl/ready; while :; do :; done'
	set_config '.linux.resources = {cpu: {cpus: "0"}}'
	must_create "$PX_ID" "$B"
	must rt start "$PX_ID"
	wait_file "$PX_TMP/ctl/ready"
	p=$(jq -r .linux.cgroupsPath "$B/config.json")
	must rt events --stats "$PX_ID"
	assert_eq "$(jq -c .data.cpuset.cpus <<<"$out")" "[0]" "cpuset.cpus"
	want=$(cat "/sys/fs/cgroup/cpuset$p/cpuset.sched_load_balance")
	assert_eq "$(jq -r .data.cpuset.sched_load_balance <<<"$out")" "$want" "cpuset.sched_load_balance"
	jq -e '.data.cpuset | has("mems") and has("cpu_exclusive") and has("sched_relax_domain_level")' \
		<<<"$out" >/dev/null || fail "cpuset fields"
	assert_eq "$(jq '.data.cpu.usage.percpu_kernel | length' <<<"$out")" \
		"$(wc -w <"/sys/fs/cgroup/cpuacct$p/cpuacct.usage_percpu_sys")" "percpu_kernel entries"
	assert_eq "$(jq '.data.cpu.usage.percpu_user | length' <<<"$out")" \
		"$(wc -w <"/sys/fs/cgroup/cpuacct$p/cpuacct.usage_percpu_user")" "percpu_user entries"
	if [ -f "/sys/fs/cgroup/memory$p/memory.kmem.usage_in_bytes" ]; then
		[ "$(jq -r .data.memory.kernel.usage <<<"$out")" -gt 0 ] || fail "memory.kernel.usage"
		jq -e '.data.memory.kernelTCP | has("limit") and has("failcnt")' <<<"$out" >/dev/null ||
			fail "memory.kernelTCP"
	fi
	must rt delete -f "$PX_ID"
}

# The stream: a stats line every interval, ending when the container stops.
test_events_stream_ends_with_container() {
	local n
	skip_unless_pidbox "runc's stream goes on after the container stopped"
	ctl_bundle 'echo ready > /ctl/ready; sleep 1'
	must_create "$PX_ID" "$B"
	must rt start "$PX_ID"
	wait_file "$PX_TMP/ctl/ready"
	run timeout 10 "$RUNTIME" --root "$PX_ROOT" events --interval 200ms "$PX_ID"
	assert_ok
	n=$(grep -c '"type":"stats"' <<<"$out")
	[ "$n" -ge 2 ] || fail "expected several stats lines, got $n"
	run rt events --interval 0s "$PX_ID"
	assert_fail
	must rt delete "$PX_ID"
}

# A cgroupsPath that exists and is frozen (v1 freezer FROZEN), or a new one below
# a frozen cgroup (born frozen): the init would freeze the moment it is placed,
# and create used to hang (>120 s) leaving the cgroup busy. Refused at once with
# one line (runc: "container's cgroup unexpectedly frozen"), the cgroup left as it
# was (still frozen, nothing made beside or below it).
test_create_into_frozen_cgroup_refused() {
	local fz=/sys/fs/cgroup/freezer/$CG_PARENT/frz-$PX_ID p d
	[ -d /sys/fs/cgroup/freezer ] || skip "no v1 freezer on this host (the guest tests cgroup.freeze)"
	mkdir -p "$fz"
	echo FROZEN >"$fz/freezer.state"
	for p in "/$CG_PARENT/frz-$PX_ID" "/$CG_PARENT/frz-$PX_ID/c"; do
		is_pidbox || [ "$p" = "/$CG_PARENT/frz-$PX_ID" ] || continue # runc 1.1 hangs below one
		new_bundle true
		set_config --arg p "$p" '.linux.cgroupsPath = $p'
		# run forwards SIGTERM to the (frozen) init: -k ends a hung one for sure
		run timeout -k 5 20 "$RUNTIME" --root "$PX_ROOT" run -b "$B" "$PX_ID"
		if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
			echo THAWED >"$fz/freezer.state"
			rt delete -f "$PX_ID" >/dev/null 2>&1
			fail "$p: run hung in a frozen cgroup"
		fi
		assert_fail
		if is_pidbox; then
			assert_one_error_line "cgroup: $p is frozen ($fz/freezer.state: FROZEN)"
		else
			assert_contains "$err" "frozen"
		fi
		[ ! -e "$PX_ROOT/$PX_ID" ] || fail "$p: state dir left behind"
		assert_eq "$(cat "$fz/freezer.state")" FROZEN "$p: freezer.state after the refusal"
		for d in /sys/fs/cgroup/*/"$CG_PARENT/frz-$PX_ID/c"; do
			[ ! -e "$d" ] || fail "$p: $d made below the frozen cgroup"
		done
	done
	echo THAWED >"$fz/freezer.state"
}
