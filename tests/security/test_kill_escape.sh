# A container process outliving `kill KILL` of its container (no private pid
# namespace).
# shellcheck shell=bash

# Class: escape from the container's lifetime. The attacker: the workload of a
# container that shares the host's (or a pod's) pid namespace, as engines make
# for --pid=host. It double-forks a process into a new session, away from the
# init, before the engine stops the container with `kill KILL` (docker stop's
# last step). Without the defence only the init dies (pid_namespaces(7): only
# the death of a namespace's init takes the others with it): the container is
# "stopped" for the engine while the attacker's process runs on, with the
# container's privileges and outside any lifecycle the engine controls.
# Defence: SIGKILL to such a container goes to every process of its cgroup
# (runc 1.2+'s signalAllProcesses).
# Seen to succeed against main at c91aac4 (before this defence): the process was
# still alive 5 s after `kill KILL` returned and the status said stopped.
test_kill_shared_pidns_escapee_killed() {
	local escapee
	skip_unless_pidbox "runc 1.1.5 signals the init alone: the attack wins there (runc 1.2+ kills the cgroup)"
	ctl_bundle 'setsid sh -c "sleep 1000 & echo \$! > /ctl/escapee" & wait; echo ready > /ctl/ready; sleep 1000'
	set_config '.linux.namespaces |= map(select(.type != "pid"))'
	must_create "$PX_ID" "$B"
	must rt start "$PX_ID"
	wait_file "$PX_TMP/ctl/ready"
	escapee=$(cat "$PX_TMP/ctl/escapee")
	grep -q sleep "/proc/$escapee/cmdline" || fail "pid $escapee is not the attacker's sleep"
	[ "$(awk '{print $4}' "/proc/$escapee/stat")" != "$(state_pid)" ] || fail "the escapee is still the init's child"
	must rt kill "$PX_ID" KILL
	wait_status stopped
	wait_gone "$escapee" # what the attacker keeps when the defence is missing: a live process
	must rt delete "$PX_ID"
	assert_nothing_left
}
