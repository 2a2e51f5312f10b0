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
