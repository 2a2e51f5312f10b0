# podman run options that become config.json fields: --read-only, --cap-drop,
# --hostname, --network none, --pid=host, restart policies.
# shellcheck shell=bash

test_read_only() {
	run pod run --rm --read-only "$IMG" touch /etc/x
	assert_fail
	assert_contains "$err" "Read-only file system" "stderr"
	# podman still gives a read-only container a writable /tmp (--read-only-tmpfs)
	must pod run --rm --read-only "$IMG" sh -c 'touch /tmp/x && echo tmp-ok'
	assert_eq "$out" tmp-ok "stdout"
}

test_cap_drop() {
	must pod run --rm --cap-drop all "$IMG" sh -c 'grep ^CapEff /proc/self/status'
	assert_match "$out" 'CapEff:[[:space:]]+0+$' "CapEff with --cap-drop all"
	run pod run --rm --cap-drop chown "$IMG" chown 65534 /tmp
	assert_fail
	assert_contains "$err" "Operation not permitted" "chown without CAP_CHOWN"
	must pod run --rm "$IMG" chown 65534 /tmp
}

test_hostname() {
	must pod run --rm --hostname box-"$RT_NAME" "$IMG" sh -c 'hostname; cat /etc/hostname'
	assert_eq "$out" "box-$RT_NAME
box-$RT_NAME" "hostname and /etc/hostname"
}

test_network_none() {
	must pod run --rm --network none "$IMG" ls /sys/class/net
	assert_eq "$out" lo "network interfaces"
	must pod run --rm --network none "$IMG" readlink /proc/self/ns/net
	assert_ne "$out" "$(readlink /proc/self/ns/net)" "network namespace"
}

# --pid=host: no pid namespace, the container sees this test's own shell
test_pid_host() {
	must pod run --rm --pid=host "$IMG" sh -c "readlink /proc/self/ns/pid; test -d /proc/$$ && echo sees-host"
	assert_eq "$out" "$(readlink /proc/self/ns/pid)
sees-host" "pid namespace and host process"
}

# --pid=container:A (a pod's shared pid namespace: joined by path,
# runtime/pidns_hop.h) with podman's default seccomp profile, without
# noNewPrivileges: the init is cloned into A's namespace under that profile; the
# workload sees A's process in its /proc.
test_pid_container() {
	must pod run -d --name "$PX_ID-a" "$IMG" sleep 300
	must pod run --rm --pid "container:$PX_ID-a" "$IMG" sh -c 'readlink /proc/self/ns/pid; ps -o comm | grep -c sleep'
	assert_eq "$(sed -n 1p <<<"$out")" "$(readlink "/proc/$(pod_inspect "$PX_ID-a" '{{.State.Pid}}')/ns/pid")" \
		"the pid namespace"
	assert_eq "$(sed -n 2p <<<"$out")" 1 "A's sleep, seen from B"
	must pod rm -f -t 0 "$PX_ID-a"
}

# --restart on-failure:2: podman's cleanup process (conmon's exit command) starts the
# container twice more through the runtime, then leaves it exited
test_restart_on_failure() {
	local i s
	must pod run -d --name "$PX_ID" --restart on-failure:2 "$IMG" sh -c 'echo run; exit 3'
	for i in $(seq 200); do
		s=$(pod_inspect "$PX_ID" '{{.RestartCount}} {{.State.Status}}' 2>/dev/null)
		[ "$s" = "2 exited" ] && break
		sleep 0.1
	done
	assert_eq "$s" "2 exited" "restart count and status"
	must pod_inspect "$PX_ID" '{{.State.ExitCode}}'
	assert_eq "$out" 3 "exit code"
	must pod logs "$PX_ID"
	assert_eq "$(printf '%s\n' "$out" | grep -c '^run$')" 3 "runs in the log"
}

# podman restart: stop (TERM, KILL) and start again, a new process
test_restart_command() {
	local pid1 pid2
	must pod run -d --name "$PX_ID" "$IMG" sleep 1000
	pod_wait_state "$PX_ID" running
	pid1=$(pod_inspect "$PX_ID" '{{.State.Pid}}')
	must pod restart -t 1 "$PX_ID"
	pod_wait_state "$PX_ID" running
	pid2=$(pod_inspect "$PX_ID" '{{.State.Pid}}')
	assert_ne "$pid2" "$pid1" "pid after restart"
	[ -d "/proc/$pid2" ] || fail "new pid $pid2 is not running"
}

# --device: the node, as podman describes it (its fileMode is the host's whole
# st_mode, file type included), usable inside
test_device() {
	[ -b /dev/loop0 ] || fail "the host has no /dev/loop0"
	must pod run --rm --device /dev/null:/dev/xnull --device /dev/loop0:/dev/xloop:r "$IMG" \
		sh -c 'stat -c "%F %t:%T %a" /dev/xnull /dev/xloop; echo x > /dev/xnull && echo wrote-xnull
head -c 0 /dev/xloop && echo read-xloop'
	assert_eq "$out" "character special file 1:3 666
block special file 7:0 600
wrote-xnull
read-xloop" "devices"
}

# --privileged: every capability, the host's devices, no seccomp filter
test_privileged() {
	local host_bnd
	host_bnd=$(awk '/^CapBnd:/ {print $2}' /proc/self/status)
	must pod run --rm --privileged "$IMG" \
		sh -c 'grep -E "^(CapEff|Seccomp):" /proc/self/status; ls /dev | wc -l'
	assert_match "$out" "CapEff:[[:space:]]+$host_bnd" "capabilities"
	assert_match "$out" 'Seccomp:[[:space:]]+0' "seccomp"
	[ "$(tail -1 <<<"$out")" -ge "$(find /dev -maxdepth 1 \( -type c -o -type b \) | wc -l)" ] ||
		fail "fewer entries in /dev than the host's devices"
}
