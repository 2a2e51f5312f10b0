# tests/rootless/test_podman.sh — rootless podman (the test user, its /etc/subuid
# range, vfs storage and its own configuration under the test's scratch dir, no
# network) with --runtime pidbox: run, exec, stop, --userns=keep-id; runc, the
# control, gets the same commands in the same test. podman runs the runtime as
# root of its own user namespace (the "pause process"), with the container
# sharing it or, with keep-id, in a nested one.
# shellcheck shell=bash disable=SC2154 # $out, $err, $rc: set by run (integration/lib.sh)
# shellcheck source=tests/rootless/lib.sh
. "$TOP"/tests/rootless/lib.sh

PMD=$PX_TMP/pm # podman's configuration, storage and runroot, the user's

# upm ARGS...: podman as the test user, with the test's private configuration.
upm() {
	as_user env HOME="$PMD/home" CONTAINERS_CONF="$PMD/containers.conf" \
		CONTAINERS_STORAGE_CONF="$PMD/storage.conf" CONTAINERS_REGISTRIES_CONF="$PMD/registries.conf" \
		podman "$@"
}

# pm_cleanup: the user's containers, then podman's pause process (it outlives the
# commands and holds the user namespace), then whatever rl_cleanup removes.
pm_cleanup() {
	local p
	upm rm -af -t 0 >/dev/null 2>&1
	p=$(cat "$RL_XDG/libpod/tmp/pause.pid" 2>/dev/null)
	[ -z "$p" ] || kill -KILL "$p" 2>/dev/null
	# vfs layers hold files of the subordinate ids: the user cannot remove them
	rm -rf --one-file-system "$PMD"
	rl_cleanup
}

# pm_setup: the configuration, busybox imported as "bb".
pm_setup() {
	command -v podman >/dev/null || fail "podman is not installed (tests/lib/deps.sh)"
	rl_setup
	trap pm_cleanup EXIT
	mkdir -p "$PMD"/home "$PMD"/tmp "$PMD"/tree || fail "mkdir $PMD"
	chown -R "$PX_RL_UID:$PX_RL_GID" "$PMD"
	cat >"$PMD/containers.conf" <<EOF || fail "write containers.conf"
[containers]
netns = "none"
log_driver = "k8s-file"

[engine]
cgroup_manager = "cgroupfs"
events_logger = "file"
events_logfile_path = "$PMD/events.log"
lock_type = "file"
tmp_dir = "$PMD/tmp"
runtime = "pidbox"
runtime_supports_json = ["crun", "runc", "pidbox"]

[engine.runtimes]
pidbox = ["$RUNTIME"]
runc = ["$(command -v runc || echo /usr/sbin/runc)"]
EOF
	printf '[storage]\ndriver = "vfs"\ngraphroot = "%s/root"\nrunroot = "%s/runroot"\n' "$PMD" "$PMD" \
		>"$PMD/storage.conf"
	echo 'unqualified-search-registries = []' >"$PMD/registries.conf"
	cp -a "$PX_ROOTFS_TEMPLATE/." "$PMD/tree/" || fail "copy the rootfs"
	tar -C "$PMD/tree" -cf "$PMD/busybox.tar" . || fail "tar"
	chmod 644 "$PMD/busybox.tar"
	run upm import --change 'CMD ["sh"]' "$PMD/busybox.tar" bb
	assert_ok
}

# run (the container is root inside podman's user namespace: the user, then his
# subordinate range), exec, stop, each with pidbox and with runc.
test_podman_run_exec_stop() {
	local r want
	skip_unless_pidbox "the test runs runc as its own control"
	pm_setup
	want=$(printf '0 %s 1\n1 %s 65536' "$PX_RL_UID" "$PX_RL_SUBUID")
	for r in pidbox runc; do
		run upm --runtime "$r" run --rm bb sh -c 'cat /proc/self/uid_map; id -u'
		assert_ok
		assert_eq "$(squeeze "$out")" "$(printf '%s\n0' "$want")" "$r: id map and uid"
		run upm --runtime "$r" run -d --name "t-$r" bb sleep 100
		assert_ok
		run upm exec "t-$r" sh -c 'echo exec-ok; id -u'
		assert_ok
		assert_eq "$out" "$(printf 'exec-ok\n0')" "$r: exec"
		run upm stop -t 1 "t-$r"
		assert_ok
		run upm inspect -f '{{.State.Status}} {{.State.ExitCode}}' "t-$r"
		assert_eq "$out" "exited 137" "$r: after stop (sleep ignores TERM as pid 1)"
		run upm rm "t-$r"
		assert_ok
	done
}

# --userns=keep-id: the user is himself inside, in a user namespace nested in
# podman's (written by pidbox directly, as root of podman's namespace).
test_podman_userns_keep_id() {
	local r
	skip_unless_pidbox "the test runs runc as its own control"
	pm_setup
	for r in pidbox runc; do
		run upm --runtime "$r" run --rm --userns=keep-id bb sh -c 'id -u; id -g; head -2 /proc/self/uid_map'
		assert_ok
		assert_eq "$(squeeze "$out")" "$(printf '%s\n%s\n0 1 %s\n%s 0 1' "$PX_RL_UID" "$PX_RL_GID" "$PX_RL_UID" \
			"$PX_RL_UID")" "$r: keep-id"
	done
}
