# memory, cpu and pids limits, OOM, docker update, pause, top, stats.
# shellcheck shell=bash

test_limits() {
	must dkr run -d --name "$PX_ID" --memory 64m --cpus 0.5 --cpu-shares 512 --pids-limit 20 "$IMG" sleep 1000
	dk_wait_state "$PX_ID" running
	assert_eq "$(cat "$(dk_cgroup_file "$PX_ID" memory memory.limit_in_bytes)")" 67108864 "memory limit"
	assert_eq "$(cat "$(dk_cgroup_file "$PX_ID" cpu cpu.cfs_quota_us)")" 50000 "cpu quota"
	assert_eq "$(cat "$(dk_cgroup_file "$PX_ID" cpu cpu.shares)")" 512 "cpu shares"
	assert_eq "$(cat "$(dk_cgroup_file "$PX_ID" pids pids.max)")" 20 "pids limit"
	# the pids limit holds inside: the 21st process cannot be made
	run dk exec "$PX_ID" sh -c 'for i in $(seq 30); do sleep 100 & done; wait'
	assert_fail
}

test_oom() {
	# tail buffers /dev/zero looking for a newline until the limit kills it
	run dkr run --name "$PX_ID" --memory 32m --memory-swap 32m "$IMG" tail /dev/zero
	assert_rc 137
	assert_eq "$(dk_inspect "$PX_ID" '{{.State.OOMKilled}}')" true "OOMKilled"
}

test_update() {
	must dkr run -d --name "$PX_ID" --memory 64m --memory-swap 128m "$IMG" sleep 1000
	dk_wait_state "$PX_ID" running
	must dk update --memory 96m --memory-swap 192m --cpus 0.25 --pids-limit 30 "$PX_ID"
	assert_eq "$(cat "$(dk_cgroup_file "$PX_ID" memory memory.limit_in_bytes)")" $((96 << 20)) "memory after update"
	assert_eq "$(cat "$(dk_cgroup_file "$PX_ID" cpu cpu.cfs_quota_us)")" 25000 "cpu quota after update"
	assert_eq "$(cat "$(dk_cgroup_file "$PX_ID" pids pids.max)")" 30 "pids after update"
	assert_eq "$(dk_inspect "$PX_ID" '{{.HostConfig.Memory}}')" $((96 << 20)) "Memory in inspect"
	# the container still runs, and exec still works
	must dk exec "$PX_ID" true
}

test_pause() {
	must dkr run -d --name "$PX_ID" "$IMG" sh -c 'while :; do date +%s%N >/tmp/tick; sleep 0.05; done'
	dk_wait_state "$PX_ID" running
	must dk pause "$PX_ID"
	assert_eq "$(dk_inspect "$PX_ID" '{{.State.Status}}')" paused "status after pause"
	assert_eq "$(cat "$(dk_cgroup_file "$PX_ID" freezer freezer.state)")" FROZEN "freezer"
	run dk exec "$PX_ID" true
	assert_fail
	must dk unpause "$PX_ID"
	assert_eq "$(dk_inspect "$PX_ID" '{{.State.Status}}')" running "status after unpause"
	must dk exec "$PX_ID" true
}

test_top_stats() {
	must dkr run -d --name "$PX_ID" "$IMG" sh -c 'sleep 1000 & sleep 2000'
	dk_wait_state "$PX_ID" running
	# docker top asks the runtime for the container's pids (`ps`)
	local i
	for i in $(seq 50); do
		dk top "$PX_ID" 2>/dev/null | grep -q 'sleep 1000' && break
		sleep 0.1
	done
	must dk top "$PX_ID"
	assert_contains "$out" "sleep 1000" "docker top"
	assert_contains "$out" "sleep 2000" "docker top"
	# docker stats asks the runtime for the cgroup's numbers (`events --stats`):
	# two processes (sh execs its last command)
	must dk stats --no-stream --format '{{.MemUsage}} {{.PIDs}}' "$PX_ID"
	assert_match "$out" '^[0-9.]+[KMG]i?B / [0-9.]+[KMGT]i?B 2$' "docker stats"
}

test_healthcheck() {
	must dkr run -d --name "$PX_ID" --health-cmd 'test -f /tmp/ok' --health-interval 1s \
		--health-retries 1 "$IMG" sleep 1000
	local i s
	for i in $(seq 100); do
		s=$(dk_inspect "$PX_ID" '{{.State.Health.Status}}')
		[ "$s" = unhealthy ] && break
		sleep 0.1
	done
	assert_eq "$s" unhealthy "health before /tmp/ok"
	must dk exec "$PX_ID" touch /tmp/ok
	for i in $(seq 100); do
		s=$(dk_inspect "$PX_ID" '{{.State.Health.Status}}')
		[ "$s" = healthy ] && break
		sleep 0.1
	done
	assert_eq "$s" healthy "health after /tmp/ok"
}
