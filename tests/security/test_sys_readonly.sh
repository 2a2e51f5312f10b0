# Read-only /sys in a user namespace without a network namespace: sysfs cannot be
# mounted there, so the host's /sys is bound recursively instead (runc does the
# same). Everything under it comes along: /sys/fs/cgroup and every host cgroup
# hierarchy. A remount makes only the top mount read-only; the flags must reach
# every submount (mount_setattr AT_RECURSIVE), or the container writes the host's
# cgroup knobs wherever its mapped root may (a cgroup delegated to that uid).
# shellcheck shell=bash

# A test cgroup under the suite's parent, its pids.max owned by the container's
# mapped root (host uid 100000), as a cgroup delegated to that user would be. The
# attacker (root in the container) writes it through the bound /sys. Seen to
# succeed against c3bb862: pids.max became 7 (the submounts stayed writable).
test_sys_bound_from_host_is_readonly_all_the_way_down() {
	local cg=/sys/fs/cgroup/pids/$CG_PARENT/sysro-$PX_ID before
	skip_unless_pidbox "runc 1.1.5 does not bind the host's /sys here: its sysfs mount fails (EPERM)"
	[ -d /sys/fs/cgroup/pids ] || skip "no v1 pids hierarchy on this host"
	mkdir -p "$cg" || fail "mkdir $cg"
	trap 'rmdir "$cg" 2>/dev/null' EXIT
	chown 100000 "$cg/pids.max" || fail "chown pids.max"
	before=$(cat "$cg/pids.max")
	new_bundle
	# no network namespace: sysfs falls back to a recursive bind of the host's /sys;
	# no cgroup mount: it would cover what the bind brought under /sys/fs/cgroup
	set_config '.linux.namespaces = [.linux.namespaces[] | select(.type != "network")] + [{type: "user"}]
		| .linux.uidMappings = [{containerID: 0, hostID: 100000, size: 65536}]
		| .linux.gidMappings = [{containerID: 0, hostID: 100000, size: 65536}]
		| .mounts |= map(select(.destination != "/sys/fs/cgroup"))'
	in_container "if echo 7 >/sys/fs/cgroup/pids/$CG_PARENT/sysro-$PX_ID/pids.max; then echo WROTE; fi
		grep -c ' /sys/fs/cgroup/pids ' /proc/self/mountinfo"
	assert_eq "$(cat "$cg/pids.max")" "$before" "the host cgroup's pids.max"
	assert_not_contains "$out" WROTE "container output"
	# the host hierarchy really was there to attack, or the test proves nothing
	assert_eq "$(tail -1 <<<"$out")" 1 "the host's pids hierarchy under the container's /sys"
	assert_contains "$err" "Read-only file system" "writing pids.max"
}
