# CVE-2025-52881 (runc GHSA-cgrx-mc8f-2prm): the runtime writes the kernel's
# knobs of the container through a procfs (linux.sysctl, oom_score_adj, the LSM
# exec labels). If it goes through the container's /proc after the mounts are
# made, the container decides where those writes land: a config volume whose
# destination the image turned, by a symlink, into a path under /proc covers the
# knob with a file of the attacker's choosing, and runc's variant (a racing shared
# mount) covers it with another procfs file (/proc/sys/kernel/core_pattern).
# Defence: pidbox writes sysctls from the init before any mount, through an fd
# of the host's procfs opened before the clone (runtime/child.c
# rt_apply_sysctl(host_proc_fd)), and `exec` sets oom_score_adj and the LSM
# labels on itself through its own /proc before cloning (runtime/exec.c
# set_inherited_attrs); the container's /proc is never written.
# shellcheck shell=bash

# Attacker: the image (/knobs -> /proc/sys/kernel) with a config that binds a
# volume file at /knobs/shm_rmid_forced and sets the IPC sysctl
# kernel.shm_rmid_forced = 1, without readonlyPaths. Reaches: the runtime's write lands in the volume
# file instead of the kernel (a write of the runtime's into a file the container
# chose), and the sysctl is silently not applied. Asserted: the volume file is
# as it was, the container's IPC namespace has the value, the host's has not
# changed. Seen to succeed against a deliberately broken build (rt_apply_sysctl
# moved after ns_setup_rootfs_with in runtime/child.c, through the container's
# /proc, as runc does): the volume file read "1ake" (the runtime wrote into it).
test_sysctl_not_redirected_by_mount_under_proc() {
	local host_before pid
	host_before=$(cat /proc/sys/kernel/shm_rmid_forced)
	[ "$host_before" = 0 ] || fail "the host's kernel.shm_rmid_forced is $host_before: the test needs 0"
	new_bundle sleep 100
	ln -s /proc/sys/kernel "$B/rootfs/knobs"
	echo fake >"$PX_TMP/fake"
	# no readonlyPaths (docker's systempaths=unconfined): the read-only /proc/sys
	# would otherwise stop the redirected write by accident
	set_config --arg s "$PX_TMP/fake" '.linux.sysctl = {"kernel.shm_rmid_forced": "1"} | .linux.readonlyPaths = []
		| .mounts += [{destination: "/knobs/shm_rmid_forced", type: "bind", source: $s, options: ["bind"]}]'
	rt_create "$PX_ID" "$B"
	assert_eq "$(cat "$PX_TMP/fake")" fake "the volume file"
	assert_eq "$(cat /proc/sys/kernel/shm_rmid_forced)" "$host_before" "the host's kernel.shm_rmid_forced"
	if [ "$rc" -ne 0 ]; then
		assert_one_error_line
		assert_nothing_left
		return 0
	fi
	pid=$(state_pid)
	assert_eq "$(nsenter -t "$pid" -i cat /proc/sys/kernel/shm_rmid_forced)" 1 \
		"kernel.shm_rmid_forced in the container's IPC namespace"
	must rt delete -f "$PX_ID"
}

# Attacker: the container's processes, with CAP_SYS_ADMIN (a privileged
# workload; runc's variant needs none, only a racing shared mount): it covers its
# /proc with a tmpfs whose self/oom_score_adj and self/attr/exec are its own
# files, then waits for an operator's `exec` of a process with oomScoreAdj.
# Reaches: a runtime that sets the exec'd process's oom_score_adj through the
# container's /proc writes the attacker's file (or, with a bind there, a procfs
# file of its choosing), and the process keeps the score it had. Asserted: the
# fake file is as the container wrote it, the exec'd process's real
# oom_score_adj (host's /proc) is the one asked (or, for runc, the exec refused). Seen to succeed against a
# deliberately broken build (set_inherited_attrs in runtime/exec.c opening
# /proc/<init pid>/root/proc instead of the host's /proc): the fake file read
# "500", the process kept 0.
test_exec_oom_score_adj_not_redirected_by_fake_proc() {
	local pid
	ctl_bundle 'mount -t tmpfs fake /proc && mkdir -p /proc/self/attr && echo 0 >/proc/self/oom_score_adj &&
		echo fake >/proc/self/attr/exec && touch /ctl/ready; exec sleep 1000'
	set_config '.process.capabilities |= map_values(. + ["CAP_SYS_ADMIN"])'
	must_create "$PX_ID" "$B"
	must rt start "$PX_ID"
	wait_file "$PX_TMP/ctl/ready"
	jq '.process | .args = ["sleep", "100"] | .oomScoreAdj = 500' "$B/config.json" >"$PX_TMP/proc.json" ||
		fail "jq"
	echo "\$ exec -d --pid-file p --process proc.json"
	rt exec -d --pid-file "$PX_TMP/p" --process "$PX_TMP/proc.json" "$PX_ID" >"$PX_TMP/exec.out" 2>&1
	rc=$?
	cat "$PX_TMP/exec.out"
	pid=$(cat "$PX_TMP/p" 2>/dev/null)
	[ -z "$pid" ] || echo "$pid" >>"$PX_TMP/.pids"
	assert_eq "$(cat "/proc/$(state_pid)/root/proc/self/oom_score_adj")" 0 "the container's fake oom_score_adj"
	assert_eq "$(cat "/proc/$(state_pid)/root/proc/self/attr/exec")" fake "the container's fake attr/exec"
	# a refusal gives the attacker nothing (runc 1.1.5 refuses: it cannot list
	# the fake /proc/self/fd); pidbox never needs the container's /proc here
	if is_pidbox || [ "$rc" -eq 0 ]; then
		assert_ok
		assert_eq "$(cat "/proc/$pid/oom_score_adj")" 500 "the exec'd process's oom_score_adj"
	fi
	must rt delete -f "$PX_ID"
}
