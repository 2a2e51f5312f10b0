# tests/rootless/test_rootless.sh — pidbox run by an ordinary user, as runc's and
# crun's rootless mode (runtime/rootless.h, ns/idmap.c). Run by
# tests/rootless/run.sh, which makes the user; every runtime command here runs as
# that user (urt), the checks as root. RUNTIME=runc checks the tests.
# shellcheck shell=bash disable=SC2154 # $out, $err, $rc: set by run (integration/lib.sh)
# shellcheck source=tests/rootless/lib.sh
. "$TOP"/tests/rootless/lib.sh

# `spec --rootless` writes a config that runs as it is: only the terminal (there
# is none here) and the command are changed. The caller is root inside, mapped to
# himself alone: "0 <uid> 1" for uids and gids, setgroups denied, as the kernel
# requires for a map an unprivileged process writes itself.
test_spec_rootless_runs_and_maps_the_caller() {
	rl_in_container 'cat /proc/self/uid_map /proc/self/gid_map /proc/self/setgroups; id -u; id -g'
	assert_ok
	assert_eq "$(squeeze "$out")" "$(printf '0 %s 1\n0 %s 1\ndeny\n0\n0' "$PX_RL_UID" "$PX_RL_GID")" "id maps inside"
	run jq -c '[.linux.namespaces[].type]' "$RB/config.json"
	assert_contains "$out" '"user"'
	assert_not_contains "$out" '"network"' "rootless namespaces"
}

# The config exactly as `spec --rootless` writes it, terminal and `sh` included,
# run on a terminal (script(1)) by the user: the shell reads what is typed.
test_spec_rootless_unchanged_on_a_terminal() {
	rl_bundle
	mkdir -p "$PX_TMP/asis" && chown "$PX_RL_UID:$PX_RL_GID" "$PX_TMP/asis"
	cp -a "$RB/rootfs" "$PX_TMP/asis/rootfs"
	# shellcheck disable=SC2016 # the inner shell's
	printf 'cat /proc/self/uid_map\nexit 3\n' | as_user bash -c 'cd "$1" && "$2" spec --rootless &&
		script -qec "$2 --root $3 run $4" /dev/null' _ "$PX_TMP/asis" "$RUNTIME" "$PX_ROOT" "$PX_ID" \
		>"$PX_TMP/tty.out" 2>&1
	rc=$?
	out=$(tr -d '\r' <"$PX_TMP/tty.out")
	printf '%s\n' "$out" | sed 's/^/  tty: /'
	assert_rc 3
	assert_match "$out" "0 +$PX_RL_UID +1" "the uid map, typed on the terminal"
}

# The state lives in $XDG_RUNTIME_DIR/pidbox (runc: $XDG_RUNTIME_DIR/runc) when
# --root is not given; without XDG_RUNTIME_DIR an ordinary user gets one clear
# line, not "mkdir /run/pidbox: Permission denied", and nothing is made.
test_state_in_xdg_runtime_dir() {
	local sub=pidbox
	is_pidbox || sub=runc
	rl_bundle
	rl_set '.process.args = ["sleep", "30"]'
	rl_detached "$RUNTIME" create -b "$RB" "$PX_ID"
	assert_ok
	[ -f "$RL_XDG/$sub/$PX_ID/state.json" ] || fail "no state in $RL_XDG/$sub/$PX_ID"
	run as_user "$RUNTIME" list -q
	assert_eq "$out" "$PX_ID" "list"
	must as_user "$RUNTIME" delete -f "$PX_ID"
	[ ! -e "$RL_XDG/$sub/$PX_ID" ] || fail "state dir left behind"
	skip_unless_pidbox "runc says 'mkdir /run/runc: permission denied'"
	RL_NO_XDG=1 run as_user "$RUNTIME" run -b "$RB" "$PX_ID"
	assert_fail
	assert_one_error_line "XDG_RUNTIME_DIR is not set"
	# spec and features need no state
	RL_NO_XDG=1 run as_user "$RUNTIME" features
	assert_ok
	# --root still wins
	RL_NO_XDG=1 rl_detached "$RUNTIME" --root "$PX_ROOT" create -b "$RB" "$PX_ID"
	assert_ok
	[ -d "$PX_ROOT/$PX_ID" ] || fail "--root $PX_ROOT not used"
	must urt delete -f "$PX_ID"
}

# Ranges from /etc/subuid and /etc/subgid go through newuidmap/newgidmap: a
# non-root user inside, and setgroups allowed, so supplementary groups work (as
# with crun; runc refuses any additionalGids when rootless, so it runs without,
# and keeps the caller's own group, 0 inside, as a supplementary one).
test_subordinate_ranges_through_newuidmap() {
	local gids='[5, 100]' want_groups='1000 5 100'
	is_pidbox || gids='[]' want_groups='1000 0'
	rl_bundle
	# shellcheck disable=SC2016 # jq's variables
	rl_set --argjson u "$PX_RL_UID" --argjson g "$PX_RL_GID" --argjson su "$PX_RL_SUBUID" \
		--argjson sg "$PX_RL_SUBGID" --argjson gids "$gids" '
		.linux.uidMappings = [{containerID: 0, hostID: $u, size: 1}, {containerID: 1, hostID: $su, size: 65536}] |
		.linux.gidMappings = [{containerID: 0, hostID: $g, size: 1}, {containerID: 1, hostID: $sg, size: 65536}] |
		.process.user = {uid: 1000, gid: 1000, additionalGids: $gids}'
	rl_in_container 'cat /proc/self/uid_map /proc/self/gid_map /proc/self/setgroups; id -u; id -G'
	assert_ok
	assert_eq "$(squeeze "$out")" "$(printf '0 %s 1\n1 %s 65536\n0 %s 1\n1 %s 65536\nallow\n1000\n%s' \
		"$PX_RL_UID" "$PX_RL_SUBUID" "$PX_RL_GID" "$PX_RL_SUBGID" "$want_groups")" "id maps inside"
}

# A range the user was not given is refused by newuidmap: one line naming the
# field and the reason, nothing left behind.
test_range_not_granted_is_refused() {
	rl_bundle
	# shellcheck disable=SC2016 # jq's variables
	rl_set --argjson u "$PX_RL_UID" --argjson g "$PX_RL_GID" --argjson su "$((PX_RL_SUBUID + 65536))" '
		.linux.uidMappings = [{containerID: 0, hostID: $u, size: 1}, {containerID: 1, hostID: $su, size: 1000}] |
		.linux.gidMappings = [{containerID: 0, hostID: $g, size: 1}]'
	rl_in_container 'true'
	assert_fail
	assert_one_error_line "linux.uidMappings: newuidmap refused"
	[ ! -e "$PX_ROOT/$PX_ID" ] || fail "state dir left behind"
	# additional gids need setgroups, which a self-written gid map denies
	rl_set '.linux.uidMappings |= .[:1] | .process.user = {uid: 0, gid: 0, additionalGids: [5]}'
	rl_in_container 'true'
	assert_fail
	is_pidbox && assert_one_error_line "process.user.additionalGids: setgroups is denied"
	[ ! -e "$PX_ROOT/$PX_ID" ] || fail "state dir left behind"
}

# create, state, start, exec, list, kill, delete, all as the user.
test_lifecycle_as_user() {
	local pid
	rl_bundle
	rl_set '.process.args = ["sleep", "60"]'
	rl_detached "$RUNTIME" --root "$PX_ROOT" create -b "$RB" "$PX_ID"
	assert_ok
	run urt state "$PX_ID"
	assert_eq "$(jq -r .status <<<"$out")" created "status"
	pid=$(jq -r .pid <<<"$out")
	assert_eq "$(stat -c %u "/proc/$pid")" "$PX_RL_UID" "owner of the init on the host"
	must urt start "$PX_ID"
	run urt state "$PX_ID"
	assert_eq "$(jq -r .status <<<"$out")" running "status"
	run urt exec "$PX_ID" sh -c 'cat /proc/self/uid_map; id -u'
	assert_ok
	assert_eq "$(squeeze "$out")" "$(printf '0 %s 1\n0' "$PX_RL_UID")" "exec: id map and uid"
	run urt list
	assert_match "$out" "$PX_ID +$pid +running .* $PX_RL_USER"
	run urt kill "$PX_ID" KILL
	assert_ok
	wait_gone "$pid"
	run urt state "$PX_ID"
	assert_eq "$(jq -r .status <<<"$out")" stopped "status"
	must urt delete "$PX_ID"
	[ ! -e "$PX_ROOT/$PX_ID" ] || fail "state dir left behind"
}

# Without a cgroup (none is delegated on this host) ps and kill --all still find
# every process of the container, an exec'd one too (its pid namespace's).
test_no_cgroup_ps_and_kill_all() {
	local pid
	skip_unless_pidbox "runc finds a container's processes through its cgroup only (ps: none)"
	rl_bundle
	rl_set '.process.args = ["sleep", "60"]'
	rl_detached "$RUNTIME" --root "$PX_ROOT" run -d -b "$RB" "$PX_ID"
	assert_ok
	rl_detached "$RUNTIME" --root "$PX_ROOT" exec -d "$PX_ID" sleep 61
	assert_ok
	# shellcheck disable=SC2016 # expanded by eval
	wait_for "the exec'd sleep" eval 'urt ps "$PX_ID" | grep -q "sleep 61"'
	run urt ps "$PX_ID"
	assert_contains "$out" "sleep 60"
	pid=$(state_pid)
	run urt kill --all "$PX_ID" KILL
	assert_ok
	wait_gone "$pid"
	run urt ps "$PX_ID"
	assert_not_contains "$out" "sleep 6"
	must urt delete "$PX_ID"
	# no cgroup of the container's anywhere (it could not have made one)
	run find /sys/fs/cgroup -maxdepth 3 -name "$PX_ID"
	assert_eq "$out" "" "cgroup dirs"
}

# A limit without a cgroup would be silently missing: refused naming the field,
# nothing left. --rootless=false insists on the cgroup, and says why it cannot.
test_resources_without_cgroup_refused() {
	rl_bundle
	rl_set '.linux.resources = {memory: {limit: 104857600}}'
	rl_in_container 'true'
	assert_fail
	is_pidbox && assert_one_error_line "linux.resources.memory.limit: rootless"
	[ ! -e "$PX_ROOT/$PX_ID" ] || fail "state dir left behind"
	# device rules only (what engines pass): fine, as runc and crun (the devices are
	# the host's nodes bound in, which the user may open anyway)
	rl_set '.linux.resources = {devices: [{allow: false, access: "rwm"}]}'
	rl_in_container 'cat /dev/null && echo fine'
	assert_ok
	assert_eq "$out" fine
	rl_set 'del(.linux.resources)'
	run as_user "$RUNTIME" --rootless false --root "$PX_ROOT" run -b "$RB" "$PX_ID"
	assert_fail
	is_pidbox && assert_one_error_line "cgroup: mkdir"
	[ ! -e "$PX_ROOT/$PX_ID" ] || fail "state dir left behind"
	# explicit true is auto's choice for an ordinary user
	rl_set '.process.args = ["true"]'
	run as_user "$RUNTIME" --rootless true --root "$PX_ROOT" run -b "$RB" "$PX_ID"
	assert_ok
	run as_user "$RUNTIME" --rootless maybe --root "$PX_ROOT" run -b "$RB" "$PX_ID"
	assert_fail
	if is_pidbox; then assert_contains "$err" "invalid --rootless value: maybe"; fi
}

# What the container reaches of the host, probed the same way under pidbox and,
# in the same run, runc rootless (same config): /sys (bound recursively, no
# network namespace) and the host's cgroup hierarchies read-only, /proc/sys
# read-only, no mknod in a user namespace, the default devices usable (bound from
# the host), the host's hostname untouched. Each probe prints a line; pidbox may
# deny more than runc (runc's /sys/fs/cgroup on v1 is a writable tmpfs of its
# own), never less.
test_host_reach_matches_runc() {
	local probe host_name mine theirs
	# shellcheck disable=SC2016
	probe='for f in /sys/kernel/uevent_helper /sys/fs/cgroup/pids/cgroup.procs /sys/fs/cgroup/x \
		/proc/sys/kernel/domainname; do
		(echo x > $f) 2>/dev/null && echo "$f writable" || echo "$f denied"; done
	mknod /tmp/n c 1 3 2>/dev/null && echo "mknod allowed" || echo "mknod denied"
	echo hi > /dev/null && head -c1 /dev/zero | wc -c
	hostname evil 2>/dev/null; grep -c " /sys " /proc/self/mountinfo
	grep " /sys " /proc/self/mountinfo | grep -qv " ro," && echo "/sys rw" || echo "/sys ro"'
	host_name=$(hostname)
	rl_bundle
	rl_set '.root.readonly = false'
	rl_in_container "$probe"
	assert_ok
	mine=$out
	assert_eq "$(hostname)" "$host_name" "host hostname"
	assert_contains "$mine" "/sys/kernel/uevent_helper denied"
	assert_contains "$mine" "/sys/fs/cgroup/pids/cgroup.procs denied"
	# runc's /sys/fs/cgroup on a v1 host is a tmpfs of the container's own
	is_pidbox && assert_contains "$mine" "/sys/fs/cgroup/x denied"
	assert_contains "$mine" "/proc/sys/kernel/domainname denied"
	assert_contains "$mine" "mknod denied"
	assert_contains "$mine" "/sys ro"
	is_pidbox || return 0
	command -v runc >/dev/null || skip "no runc to compare with"
	run urt delete -f "$PX_ID"
	run as_user runc --root "$PX_ROOT/runc" run -b "$RB" "$PX_ID-runc"
	theirs=$out
	as_user runc --root "$PX_ROOT/runc" delete -f "$PX_ID-runc" >/dev/null 2>&1
	assert_eq "$(grep -c . <<<"$theirs")" "$(grep -c . <<<"$mine")" "lines of runc's probes"
	while read -r line; do
		case "$line" in
		*writable | *allowed | "/sys rw") grep -qxF "$line" <<<"$theirs" || fail "pidbox allows what runc denies: $line" ;;
		esac
	done <<<"$mine"
}

# CVE-2019-5736, rootless: an ordinary user's pidbox binary is often his own (he
# built or downloaded it), so the container's root, who is that user on the host,
# could rewrite it through /proc/<pid>/exe of a process `exec` started, and the
# user would run the attacker's code next time. An ordinary user may not make the
# private read-only bind rootful exec uses: exec re-executes from a sealed memfd
# copy instead (runtime/exec_protect.c). The workload execs /proc/self/exe (a
# "#!/proc/self/exe" script); the container's user then writes through the exe
# handle once the process is gone. Seen to succeed against a build whose
# reexec_from_sealed_copy() returned 0 at once: "the user's pidbox binary was
# written through /proc/<pid>/exe" and a changed checksum.
test_exec_binary_not_writable_through_proc_exe() {
	local pid bin sum
	skip_unless_pidbox "the scenario drives pidbox's own command line as the exec'd process"
	bin=$PX_TMP/ubin/pidbox
	mkdir -p "$PX_TMP/ubin" || fail "mkdir"
	cp "$RUNTIME" "$bin" || fail "copy the binary"
	chown -R "$PX_RL_UID:$PX_RL_GID" "$PX_TMP/ubin"
	sum=$(sha256sum <"$bin")
	rl_bundle
	rl_set '.process.args = ["sleep", "60"] | .root.readonly = false'
	mkdir -p "$RB/rootfs/r" && mkfifo "$RB/rootfs/r/log" && chmod 666 "$RB/rootfs/r/log"
	printf '#!/proc/self/exe --log=/r/log\n' >"$RB/rootfs/bin/evil"
	chmod 755 "$RB/rootfs/bin/evil"
	runtime_libs_into "$RB/rootfs"
	rl_detached "$bin" --root "$PX_ROOT" run -d -b "$RB" "$PX_ID"
	assert_ok
	rl_detached "$bin" --root "$PX_ROOT" exec -d --pid-file "$PX_TMP/ubin/p" "$PX_ID" /bin/evil
	assert_ok
	pid=$(cat "$PX_TMP/ubin/p")
	echo "$pid" >>"$PX_TMP/.pids"
	# the container's user (the test user on the host) holds the exe, the process
	# ends, and he writes through the handle
	# shellcheck disable=SC2016 # the inner shell's
	as_user bash -c 'exec 3<"/proc/$1/exe" || exit 2
		cat "$2" >/dev/null  # let it finish: no longer "text busy"
		while kill -0 "$1" 2>/dev/null; do sleep 0.1; done
		if (exec 4>>/proc/self/fd/3 && echo evil >&4) 2>/dev/null; then echo WROTE; fi
		readlink /proc/self/fd/3' _ "$pid" "$RB/rootfs/r/log" >"$PX_TMP/attack.out" 2>&1
	rc=$?
	cat "$PX_TMP/attack.out"
	[ "$rc" -ne 2 ] || fail "could not open /proc/$pid/exe as the user: the attack was not tried"
	assert_not_contains "$(cat "$PX_TMP/attack.out")" WROTE "attack"
	assert_eq "$(sha256sum <"$bin")" "$sum" "the user's pidbox binary checksum"
	assert_contains "$(cat "$PX_TMP/attack.out")" "memfd:pidbox" "what /proc/$pid/exe was"
	run urt delete -f "$PX_ID"
}

# rl_pidns_bundle PID: a second rootless bundle in $RB2 whose pid namespace is
# the one of PID (the first container's init), with a user namespace of its own.
rl_pidns_bundle() {
	RB2=$PX_TMP/rb2
	{ mkdir -p "$RB2" && cp -a "$RB/rootfs" "$RB/config.json" "$RB2/"; } || fail "copy $RB to $RB2"
	# shellcheck disable=SC2016 # jq's
	bundle_set "$RB2" --arg p "/proc/$1/ns/pid" '.process.args = ["sh", "-c", "cat /proc/self/uid_map; ps -o comm"]
		| (.linux.namespaces[] | select(.type == "pid")) += {path: $p}' || fail "bundle_set $RB2"
	chown -R "$PX_RL_UID:$PX_RL_GID" "$RB2" && chmod 644 "$RB2/config.json"
}

# A pid namespace joined by path with a new user namespace. The kernel lets a
# process join a pid namespace only with CAP_SYS_ADMIN in its own user namespace
# and in the one owning the pid namespace (pidns_install), and a user namespace
# made now owns no existing pid namespace: an ordinary user cannot, before or
# after the unshare. Refused up front naming the field, nothing left (runc fails
# too, later: "failed to setns into pid namespace"). With CAP_SYS_ADMIN (ambient,
# the user still not root: the id maps are his to write as an ordinary user's) it
# works: the setup child must be dumpable while the runtime writes the maps, or
# its /proc/<pid>/uid_map is root's and the write fails (seen against a build
# without the dumpable window of runtime/pidns_hop.c make_namespaces:
# "linux.uidMappings: open /proc/N/uid_map: Permission denied").
test_join_pidns_with_new_userns() {
	local pid
	rl_bundle
	rl_set '.process.args = ["sleep", "60"]'
	rl_detached "$RUNTIME" --root "$PX_ROOT" run -d -b "$RB" "$PX_ID"
	assert_ok
	pid=$(state_pid)
	rl_pidns_bundle "$pid"
	run urt run -b "$RB2" "$PX_ID-2"
	assert_fail
	is_pidbox && assert_one_error_line "linux.namespaces: pid: joining /proc/$pid/ns/pid with a new user namespace"
	[ ! -e "$PX_ROOT/$PX_ID-2" ] || fail "state dir left behind"
	is_pidbox || return 0
	if command -v runc >/dev/null; then
		run as_user runc --root "$PX_ROOT/runc" run -b "$RB2" "$PX_ID-runc"
		assert_fail
		assert_contains "$err" "setns into pid namespace: Operation not permitted" "runc, the control"
		as_user runc --root "$PX_ROOT/runc" delete -f "$PX_ID-runc" >/dev/null 2>&1
	fi
	RL_CAPS="--inh-caps=+sys_admin --ambient-caps=+sys_admin" run urt run -b "$RB2" "$PX_ID-2"
	assert_ok
	assert_match "$out" "0 +$PX_RL_UID +1" "the second container's uid map"
	assert_contains "$out" "sleep" "the first container's init, seen from the second"
	[ ! -e "$PX_ROOT/$PX_ID-2" ] || fail "state dir left behind"
	run urt delete -f "$PX_ID"
}

# A user namespace joined by path (a pod's), with a pid namespace by path or a
# new one: an ordinary user's pidbox would fail in the re-exec's private mount
# namespace ("unshare mount namespace: Operation not permitted", seen before the
# check), which it makes before the join. Refused up front naming the field,
# nothing left.
test_join_userns_refused_by_name() {
	local pid
	skip_unless_pidbox "pidbox's own limit (runc joins the user namespace first)"
	rl_bundle
	rl_set '.process.args = ["sleep", "60"]'
	rl_detached "$RUNTIME" --root "$PX_ROOT" run -d -b "$RB" "$PX_ID"
	assert_ok
	pid=$(state_pid)
	rl_pidns_bundle "$pid"
	# shellcheck disable=SC2016 # jq's
	bundle_set "$RB2" --arg p "/proc/$pid/ns/user" '(.linux.namespaces[] | select(.type == "user")) += {path: $p}
		| del(.linux.uidMappings, .linux.gidMappings)' || fail "bundle_set"
	for pidns in joined new; do
		[ "$pidns" = joined ] || bundle_set "$RB2" '(.linux.namespaces[] | select(.type == "pid")) |= del(.path)'
		chmod 644 "$RB2/config.json"
		run urt run -b "$RB2" "$PX_ID-2"
		assert_fail
		assert_one_error_line "linux.namespaces: user: joining /proc/$pid/ns/user is not supported for an ordinary user"
		[ ! -e "$PX_ROOT/$PX_ID-2" ] || fail "state dir left behind ($pidns pid namespace)"
	done
	run urt delete -f "$PX_ID"
}

