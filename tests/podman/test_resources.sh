# podman resource limits (cpu, memory, pids, realtime), update, pause/unpause, as
# the runtime writes them into the container's cgroup (checked from the host).
# shellcheck shell=bash

# cg_file NAME CONTROLLER FILE: the container's cgroup file on the host (v1 or v2)
cg_file() {
	local pid path
	pid=$(pod_inspect "$1" '{{.State.Pid}}') || fail "inspect $1"
	path=$(awk -F: -v c="$2" '$2 ~ "(^|,)" c "(,|$)" {print $3}' "/proc/$pid/cgroup")
	if [ -n "$path" ]; then
		echo "/sys/fs/cgroup/$2$path/$3"
	else
		echo "/sys/fs/cgroup$(awk -F: '$1 == 0 {print $3}' "/proc/$pid/cgroup")/$3"
	fi
}
cg_read() { cat "$(cg_file "$@")"; }

# containers.conf's default_ulimits, for commands that give --ulimit
HOST_ULIMITS=(--ulimit nofile=20000:20000 --ulimit nproc=32768:32768)

test_pids_limit() {
	# a subshell forks until the limit refuses it and dies of it; its children stay,
	# and so does the container's shell: 20 processes in all
	must pod run -d --name "$PX_ID" --pids-limit 20 "$IMG" \
		sh -c '(for i in $(seq 40); do sleep 1000 & done); echo after; while :; do sleep 1000; done'
	pod_wait_log "$PX_ID" after
	must pod logs "$PX_ID"
	assert_contains "$err" "can't fork" "the refused fork (stderr)"
	assert_eq "$(cg_read "$PX_ID" pids pids.max)" 20 "pids.max"
	assert_eq "$(cg_read "$PX_ID" pids pids.current)" 20 "pids.current"
}

test_memory_limit() {
	must pod run -d --name "$PX_ID" --memory 64m "$IMG" sleep 1000
	pod_wait_state "$PX_ID" running
	assert_eq "$(cg_read "$PX_ID" memory memory.limit_in_bytes)" 67108864 "memory.limit_in_bytes"
}

test_cpu_limits() {
	must pod run -d --name "$PX_ID" --cpu-shares 512 --cpus 0.5 --cpuset-cpus 0 "$IMG" sleep 1000
	pod_wait_state "$PX_ID" running
	assert_eq "$(cg_read "$PX_ID" cpu cpu.shares)" 512 "cpu.shares"
	assert_eq "$(cg_read "$PX_ID" cpu cpu.cfs_quota_us)" 50000 "cpu.cfs_quota_us"
	assert_eq "$(cg_read "$PX_ID" cpu cpu.cfs_period_us)" 100000 "cpu.cfs_period_us"
	assert_eq "$(cg_read "$PX_ID" cpuset cpuset.cpus)" 0 "cpuset.cpus"
}

# realtime: the container's cgroup gets its cpu.rt_* budget. A v1 cgroup's rt budget
# comes out of its parent's, and a new cgroup has none: the test's own parents get
# one first.
test_rt_limits() {
	local d b
	# the kernel frees a removed cgroup's budget a little after rmdir: the run's parent
	# has room for the previous test's too
	for d in "/sys/fs/cgroup/cpu/$ENGINE_CG_PARENT:100000" "/sys/fs/cgroup/cpu$PX_CG_PARENT:20000"; do
		b=${d##*:}
		d=${d%:*}
		mkdir -p "$d" || fail "mkdir $d"
		echo "$b" >"$d/cpu.rt_runtime_us" || fail "rt budget $b for $d"
	done
	must pod run -d --name "$PX_ID" --cpu-rt-period 1000000 --cpu-rt-runtime 10000 "$IMG" sleep 1000
	pod_wait_state "$PX_ID" running
	assert_eq "$(cg_read "$PX_ID" cpu cpu.rt_period_us)" 1000000 "cpu.rt_period_us"
	assert_eq "$(cg_read "$PX_ID" cpu cpu.rt_runtime_us)" 10000 "cpu.rt_runtime_us"
}

# RLIMIT_RTPRIO: root here has a hard limit of 0 and no CAP_SYS_RESOURCE, so
# raising it fails, with an error naming the limit; within it, it works. (Any
# --ulimit replaces containers.conf's default_ulimits: they are given again.)
test_rlimit_rtprio() {
	local hard
	hard=$(ulimit -Hr)
	must pod run --rm --ulimit "rtprio=$hard:$hard" "${HOST_ULIMITS[@]}" "$IMG" sh -c 'ulimit -r'
	assert_eq "$out" "$hard" "RLIMIT_RTPRIO"
	[ "$hard" != unlimited ] || return 0
	run pod run --rm --ulimit "rtprio=$((hard + 10)):$((hard + 10))" "${HOST_ULIMITS[@]}" "$IMG" true
	assert_fail
	! is_pidbox || assert_contains "$err" RLIMIT_RTPRIO "the error"
}

test_update() {
	must pod run -d --name "$PX_ID" --memory 64m --cpu-shares 512 "$IMG" sleep 1000
	pod_wait_state "$PX_ID" running
	must pod update --memory 128m --cpu-shares 256 --cpus 1.5 "$PX_ID"
	assert_eq "$(cg_read "$PX_ID" memory memory.limit_in_bytes)" 134217728 "memory.limit_in_bytes"
	assert_eq "$(cg_read "$PX_ID" cpu cpu.shares)" 256 "cpu.shares"
	assert_eq "$(cg_read "$PX_ID" cpu cpu.cfs_quota_us)" 150000 "cpu.cfs_quota_us"
}

test_pause_unpause() {
	local n1 n2 n3
	must pod run -d --name "$PX_ID" "$IMG" sh -c 'while :; do echo tick; sleep 0.05; done'
	pod_wait_log "$PX_ID" tick
	must pod pause "$PX_ID"
	assert_eq "$(pod_state "$PX_ID")" paused "status after pause"
	assert_eq "$(cg_read "$PX_ID" freezer freezer.state)" FROZEN "freezer.state"
	# frozen: no more output
	n1=$(pod logs "$PX_ID" | grep -c tick)
	sleep 0.5
	n2=$(pod logs "$PX_ID" | grep -c tick)
	assert_eq "$n2" "$n1" "lines written while paused"
	must pod unpause "$PX_ID"
	assert_eq "$(pod_state "$PX_ID")" running "status after unpause"
	assert_eq "$(cg_read "$PX_ID" freezer freezer.state)" THAWED "freezer.state"
	sleep 0.5
	n3=$(pod logs "$PX_ID" | grep -c tick)
	[ "$n3" -gt "$n2" ] || fail "no output after unpause ($n3 lines, $n2 before)"
}
