# A cgroup v2 subtree delegated to an ordinary user, as systemd delegates one
# (Delegate=yes: the directory and its cgroup.procs, cgroup.subtree_control and
# cgroup.threads chowned to the user, controllers enabled by the parent, and the
# user's own processes inside it), used for real by a rootless container: created
# there, its limits written and seen from inside, update, pause/resume, delete.
# Runs in the cgroup v2 guest against pidbox and crun (runtime/rootless.h).
# shellcheck shell=bash disable=SC2016,SC2154 # container scripts in single quotes; lib.sh variables
# shellcheck source=tests/guest/lib.sh
. "$TOP/tests/guest/lib.sh"

# An id of its own for this test (no passwd entry needed: setpriv takes numbers).
RL_ID=$((20000 + $$ % 40000))
DELEG=/sys/fs/cgroup/$CG_PARENT/deleg-$PX_ID

# delegate: make $DELEG the user's, with memory, pids and cpu enabled for it, and
# $DELEG/sh for the user's processes (the no-internal-process rule keeps them out
# of $DELEG itself once it enables controllers for its children).
delegate() {
	local f
	mkdir -p "/sys/fs/cgroup/$CG_PARENT" || fail "mkdir the cgroup parent"
	echo "+memory +pids +cpu" >"/sys/fs/cgroup/$CG_PARENT/cgroup.subtree_control" ||
		fail "enable controllers for $CG_PARENT"
	mkdir "$DELEG" "$DELEG/sh" || fail "mkdir $DELEG"
	for f in "$DELEG" "$DELEG"/cgroup.procs "$DELEG"/cgroup.subtree_control "$DELEG"/cgroup.threads \
		"$DELEG"/sh "$DELEG"/sh/cgroup.procs "$DELEG"/sh/cgroup.subtree_control "$DELEG"/sh/cgroup.threads; do
		chown "$RL_ID:$RL_ID" "$f" || fail "chown $f"
	done
	chown "$RL_ID:$RL_ID" "$PX_ROOT"
	mkdir -p "$PX_TMP/xdg" && chown "$RL_ID:$RL_ID" "$PX_TMP/xdg"
}

# as_user CMD...: CMD as the user, from inside its delegated subtree (where
# systemd's user manager would have started it), without a capability.
as_user() {
	(
		echo "$BASHPID" >"$DELEG/sh/cgroup.procs" || exit 125
		exec setpriv --reuid="$RL_ID" --regid="$RL_ID" --clear-groups \
			env -i PATH="$PATH" XDG_RUNTIME_DIR="$PX_TMP/xdg" HOME=/nonexistent "$@"
	)
}
urt() { as_user "$RUNTIME" --root "$PX_ROOT" "$@"; }

# rl_bundle_dir: $B with the busybox rootfs, the directory the user's.
rl_bundle_dir() {
	mkdir -p "$B" || fail "mkdir $B"
	cp -a "$PX_ROOTFS_TEMPLATE" "$B/rootfs" || fail "copy the rootfs"
	chown "$RL_ID:$RL_ID" "$B"
}

test_rootless_in_delegated_v2_subtree() {
	local pid c _
	delegate
	rl_bundle_dir
	run as_user "$RUNTIME" spec --rootless -b "$B"
	assert_ok
	set_config --arg p "/$CG_PARENT/deleg-$PX_ID/c" '.process.terminal = false |
		.process.args = ["sh", "-c", "cat /proc/self/uid_map /sys/fs/cgroup/memory.max /sys/fs/cgroup/pids.max; sleep 60"] |
		.linux.cgroupsPath = $p | .linux.resources = {memory: {limit: 67108864}, pids: {limit: 20}}'
	chmod 644 "$B/config.json"
	c=$DELEG/c
	echo "\$ (as uid $RL_ID) $RUNTIME create"
	urt create -b "$B" "$PX_ID" </dev/null >"$PX_TMP/c.out" 2>"$PX_TMP/c.err"
	rc=$?
	cat "$PX_TMP/c.err"
	assert_ok
	pid=$(rt state "$PX_ID" | jq -r .pid)
	assert_eq "$(stat -c %u "/proc/$pid")" "$RL_ID" "owner of the init on the host"
	# in the delegated subtree, with the limits written there
	assert_eq "$(cat "$c/memory.max")" 67108864 "memory.max"
	assert_eq "$(cat "$c/pids.max")" 20 "pids.max"
	grep -qx "$pid" "$c/cgroup.procs" || fail "the init is not in $c: $(cat "/proc/$pid/cgroup")"
	must urt start "$PX_ID"
	for _ in $(seq 100); do
		[ "$(wc -l <"$PX_TMP/c.out")" -lt 3 ] || break
		sleep 0.1
	done
	sed 's/^/  container err: /' "$PX_TMP/c.err"
	assert_eq "$(tr -s ' ' <"$PX_TMP/c.out" | sed 's/^ //')" "$(printf '0 %s 1\n67108864\n20' "$RL_ID")" \
		"uid map and limits seen from inside"
	run urt update --pids-limit 30 "$PX_ID"
	assert_ok
	assert_eq "$(cat "$c/pids.max")" 30 "pids.max after update"
	must urt pause "$PX_ID"
	assert_eq "$(rt state "$PX_ID" | jq -r .status)" paused "status"
	must urt resume "$PX_ID"
	run urt ps "$PX_ID" # from the delegated cgroup (crun prints pids only)
	assert_contains "$out" "$pid"
	must urt kill "$PX_ID" KILL
	wait_gone "$pid"
	must urt delete "$PX_ID"
	[ ! -d "$c" ] || fail "$c left behind"
	[ ! -e "$PX_ROOT/$PX_ID" ] || fail "state dir left behind"
}

# A cgroup outside what was delegated: the user may not create it, so a limit is
# refused naming its field (it would be silently missing), and nothing is left.
test_rootless_limit_outside_delegation_refused() {
	delegate
	rl_bundle_dir
	run as_user "$RUNTIME" spec --rootless -b "$B"
	assert_ok
	set_config --arg p "/$CG_PARENT/notdeleg-$PX_ID/c" '.process.terminal = false | .process.args = ["true"] |
		.linux.cgroupsPath = $p | .linux.resources = {memory: {limit: 67108864}}'
	chmod 644 "$B/config.json"
	run urt run -b "$B" "$PX_ID"
	assert_fail
	is_pidbox && assert_one_error_line "linux.resources.memory.limit: rootless"
	[ ! -d "/sys/fs/cgroup/$CG_PARENT/notdeleg-$PX_ID" ] || fail "cgroup left behind"
	[ ! -e "$PX_ROOT/$PX_ID" ] || fail "state dir left behind"
}
