# Pod sandboxes: RunPodSandbox with the handler under test, status, stop, remove;
# the pod's shared pid and ipc namespaces.
# shellcheck shell=bash

# the sandbox ("pause") container is the handler's runtime's: its state under the
# handler's --root says running; stop makes it NOTREADY, remove leaves nothing (state
# dir, cgroup)
test_pod_run_stop_remove() {
	local st pid
	cri_runp
	must cri_call PodSandboxStatus "{\"pod_sandbox_id\": \"$POD\"}"
	assert_eq "$(jq -r .status.state <<<"$out")" SANDBOX_READY "pod state"
	assert_eq "$(jq -r .status.runtime_handler <<<"$out")" "$RT_NAME" "pod's handler"
	st=$("$RUNTIME" --root "$CRI_RT_ROOT" state "$POD") || fail "$RT_NAME has no state for the sandbox"
	assert_eq "$(jq -r .status <<<"$st")" running "sandbox's runtime state"
	pid=$(jq -r .pid <<<"$st")
	assert_contains "$(cat "/proc/$pid/cgroup")" "$PX_CG_PARENT/$POD" "sandbox's cgroup"
	# host network: no CNI here
	assert_eq "$(readlink "/proc/$pid/ns/net")" "$(readlink /proc/self/ns/net)" "sandbox's network namespace"
	assert_ne "$(readlink "/proc/$pid/ns/ipc")" "$(readlink /proc/self/ns/ipc)" "sandbox's ipc namespace"

	must cri_call StopPodSandbox "{\"pod_sandbox_id\": \"$POD\"}"
	must cri_call PodSandboxStatus "{\"pod_sandbox_id\": \"$POD\"}"
	assert_eq "$(jq -r .status.state <<<"$out")" SANDBOX_NOTREADY "pod state after stop"
	[ ! -d "/proc/$pid" ] || fail "sandbox process $pid outlived StopPodSandbox"
	# idempotent, as the kubelet expects
	must cri_call StopPodSandbox "{\"pod_sandbox_id\": \"$POD\"}"
	must cri_call RemovePodSandbox "{\"pod_sandbox_id\": \"$POD\"}"
	run cri_call PodSandboxStatus "{\"pod_sandbox_id\": \"$POD\"}"
	assert_fail
	assert_contains "$err" NOT_FOUND "status of a removed pod"
	[ ! -e "$CRI_RT_ROOT/$POD" ] || fail "runtime state dir left behind"
	[ ! -d "/sys/fs/cgroup/pids$PX_CG_PARENT/$POD" ] || fail "sandbox cgroup left behind"
}

# a pod with NamespaceOption pid POD: its containers see each other's processes, and
# the sandbox's is pid 1; every container of a pod shares the sandbox's ipc
# namespace and /dev/shm (CRI has no per-container ipc)
test_pod_shared_pid_ipc() {
	local a b spid
	cri_runp '.linux.security_context.namespace_options.pid = "POD"'
	spid=$("$RUNTIME" --root "$CRI_RT_ROOT" state "$POD" | jq -r .pid)
	cri_run a -- sleep 1000
	a=$CID
	cri_run b -- sh -c 'sleep 2000'
	b=$CID
	must cri_exec "$a" 10 ps -o pid,args
	assert_contains "$out" "sleep 2000" "container a's ps"
	assert_match "$out" "1 /bin/sh -c trap" "the pod's pid 1 (the sandbox)"
	assert_eq "$(readlink "/proc/$(cri_pid "$a")/ns/pid")" "$(readlink "/proc/$spid/ns/pid")" "a's pid namespace"
	assert_eq "$(readlink "/proc/$(cri_pid "$b")/ns/pid")" "$(readlink "/proc/$spid/ns/pid")" "b's pid namespace"
	assert_eq "$(readlink "/proc/$(cri_pid "$a")/ns/ipc")" "$(readlink "/proc/$spid/ns/ipc")" "a's ipc namespace"
	assert_eq "$(readlink "/proc/$(cri_pid "$b")/ns/ipc")" "$(readlink "/proc/$spid/ns/ipc")" "b's ipc namespace"
	# POSIX shared memory: the pod's /dev/shm (the sandbox's, mounted into each)
	must cri_exec "$a" 10 sh -c 'echo from-a > /dev/shm/px'
	must cri_exec "$b" 10 cat /dev/shm/px
	assert_eq "$out" from-a "b's view of a's /dev/shm file"
}

# NamespaceOption pid CONTAINER (the kubelet's default): each container has its own
# pid namespace, its command pid 1, the others' processes out of sight
test_pod_private_pid() {
	local a spid
	cri_runp '.linux.security_context.namespace_options.pid = "CONTAINER"'
	spid=$("$RUNTIME" --root "$CRI_RT_ROOT" state "$POD" | jq -r .pid)
	cri_run a -- sleep 1000
	a=$CID
	assert_ne "$(readlink "/proc/$(cri_pid "$a")/ns/pid")" "$(readlink "/proc/$spid/ns/pid")" "a's pid namespace"
	must cri_exec "$a" 10 sh -c 'cat /proc/1/cmdline | tr "\0" " "; echo; ps -o args'
	assert_match "$out" "^sleep 1000 " "pid 1 of container a"
	assert_not_contains "$out" "sleep 86400" "the sandbox's processes seen from a"
}

# the pod's sysctls (namespaced ones: kernel.shm_rmid_forced of the pod's ipc
# namespace) are set in the sandbox and in its containers, and not on the host
test_pod_sysctls() {
	local host
	host=$(cat /proc/sys/kernel/shm_rmid_forced)
	cri_runp ".linux.sysctls = {\"kernel.shm_rmid_forced\": \"$((1 - host))\"}"
	cri_run c -- sleep 1000
	must cri_exec "$CID" 10 cat /proc/sys/kernel/shm_rmid_forced
	assert_eq "$out" "$((1 - host))" "kernel.shm_rmid_forced in the container"
	assert_eq "$(cat /proc/sys/kernel/shm_rmid_forced)" "$host" "the host's kernel.shm_rmid_forced"
}

# StopPodSandbox with containers still running ends them all (the pod's pid
# namespace is not shared: each container's init is KILLed through its runtime),
# they read EXITED, and nothing of theirs runs
test_pod_stop_ends_running_containers() {
	local a b pa pb
	cri_runp
	cri_run a -- sleep 1000
	a=$CID
	cri_run b -- sh -c 'trap "" TERM; while :; do sleep 1; done'
	b=$CID
	pa=$(cri_pid "$a")
	pb=$(cri_pid "$b")
	must cri_call StopPodSandbox "{\"pod_sandbox_id\": \"$POD\"}"
	assert_eq "$(cri_state "$a")" CONTAINER_EXITED "a after the pod's stop"
	assert_eq "$(cri_state "$b")" CONTAINER_EXITED "b after the pod's stop"
	[ ! -d "/proc/$pa" ] || fail "a's process $pa outlived StopPodSandbox"
	[ ! -d "/proc/$pb" ] || fail "b's process $pb outlived StopPodSandbox"
	[ ! -s "/sys/fs/cgroup/pids$PX_CG_PARENT/$b/cgroup.procs" ] || fail "processes left in b's cgroup"
	must cri_call RemovePodSandbox "{\"pod_sandbox_id\": \"$POD\"}"
	run cri_call ContainerStatus "{\"container_id\": \"$a\"}"
	assert_contains "$err" NOT_FOUND "a container of a removed pod"
	[ ! -e "$CRI_RT_ROOT/$a" ] || fail "a's runtime state left behind"
	[ ! -e "$CRI_RT_ROOT/$b" ] || fail "b's runtime state left behind"
}

# in a pod-wide pid namespace a container's init is not the namespace's pid 1, so
# its children would outlive it: when the init ends, the shim asks the runtime to
# KILL the rest (`kill --all`), and StopContainer's TERM-then-KILL works the same
test_pod_shared_pid_container_exit_kills_children() {
	local a pa b
	cri_runp '.linux.security_context.namespace_options.pid = "POD"'
	cri_run a -- sh -c 'sleep 3001 & sleep 3002 & echo ready; sleep 1; exit 4'
	a=$CID
	wait_for "a's children" grep -q ready "$PX_TMP/logs/a.log"
	cri_wait_state "$a" CONTAINER_EXITED
	assert_eq "$(cri_status "$a" | jq -r .exit_code)" 4 "a's exit code"
	wait_for "a's children to be killed" cri_procs_are "$a" 0
	cri_run b -- sh -c 'trap "" TERM; sleep 3003 & echo ready; while :; do sleep 0.2; done'
	b=$CID
	wait_for "b's ready line" grep -q ready "$PX_TMP/logs/b.log"
	cri_stop "$b" 2
	assert_eq "$(cri_status "$b" | jq -r .exit_code)" 137 "b's exit code after KILL"
	wait_for "b's processes to be killed" cri_procs_are "$b" 0
	pa=$(pgrep -f 'sleep 300[123]' || :)
	assert_eq "$pa" "" "the containers' sleeps on the host"
}
