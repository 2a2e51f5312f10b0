# A cgroupsPath naming a cgroup that is not the container's alone: pidbox may kill
# and remove only what it created and what is the container's.
#
# Class: the caller's config (or an engine's mistake) points linux.cgroupsPath at
# an existing cgroup whose subtree holds processes that are not the container's:
# another container, a host service (/system.slice on v2), pidbox's own parent.
# Attacker: whoever writes config.json (a bundle handed to an engine); victim:
# every process below that cgroup. Without the defence, create accepts it (only
# the directory's own cgroup.procs was read), and delete, run's teardown and a
# failed create SIGKILL the whole subtree and rmdir its cgroups.
#
# Seen to succeed before the fix (commit c3bb862, a build of main at
# /tmp/inputs-old): each test below failed there with the victim killed ("victim
# <pid> was killed") or its cgroup removed; the nested-delete tests likewise.
# shellcheck shell=bash

# cg_hiers: every mounted cgroup hierarchy (v1 controllers, named, cgroup2), once each.
cg_hiers() { awk '$3 == "cgroup" || $3 == "cgroup2" { print $2 }' /proc/self/mounts; }

# mk_cg REL: make /REL (relative to each hierarchy's root) in every hierarchy,
# giving each new v1 cpuset level its parent's cpus and mems so it can take a task.
mk_cg() {
	local h p part
	for h in $(cg_hiers); do
		p=$h
		for part in ${1//\// }; do
			p=$p/$part
			[ -d "$p" ] || mkdir "$p" || fail "mkdir $p"
			if [ -f "$p/cpuset.cpus" ] && [ -z "$(cat "$p/cpuset.cpus")" ]; then
				cat "$(dirname "$p")/cpuset.cpus" >"$p/cpuset.cpus"
				cat "$(dirname "$p")/cpuset.mems" >"$p/cpuset.mems"
			fi
		done
	done
}

# start_victim REL: a process of the test's own (not a container's) in cgroup /REL
# of every hierarchy; $victim its pid.
start_victim() {
	local h
	mk_cg "$1"
	bg sleep 1000
	victim=$bg_pid
	for h in $(cg_hiers); do
		echo "$victim" >"$h/$1/cgroup.procs" || fail "move the victim into $h/$1"
	done
}

# assert_victim_intact REL: the victim lives, and in every hierarchy its cgroup is
# still there with the victim in it.
assert_victim_intact() {
	local h
	kill -0 "$victim" 2>/dev/null || fail "victim $victim was killed"
	for h in $(cg_hiers); do
		[ -d "$h/$1" ] || fail "the victim's cgroup $h/$1 was removed"
		grep -qx "$victim" "$h/$1/cgroup.procs" || fail "the victim is no longer in $h/$1"
	done
}

# A container whose cgroupsPath is the parent of the victim's cgroup: create must
# refuse it (naming linux.cgroupsPath); whatever create said, the engine's
# cleanup (delete -f) must not touch the victim.
test_cgroup_parent_of_victim_create_delete() {
	local vp=$CG_PARENT/vp-$PX_ID
	start_victim "$vp/victim"
	new_bundle sleep 1000
	set_config --arg p "/$vp" '.linux.cgroupsPath = $p'
	rt_create "$PX_ID" "$B"
	run rt delete -f "$PX_ID"
	assert_victim_intact "$vp/victim"
	rt_create "$PX_ID" "$B"
	assert_fail
	if is_pidbox; then
		assert_contains "$err" "linux.cgroupsPath" "stderr"
		assert_contains "$err" "not empty" "stderr"
	fi
	[ ! -e "$PX_ROOT/$PX_ID" ] || fail "state dir left behind"
}

# The same with run: its teardown after the workload exits.
test_cgroup_parent_of_victim_run() {
	local vp=$CG_PARENT/vp-$PX_ID
	start_victim "$vp/victim"
	new_bundle true
	set_config --arg p "/$vp" '.linux.cgroupsPath = $p'
	run rt run -b "$B" "$PX_ID"
	assert_victim_intact "$vp/victim"
	assert_fail
}

# A create that fails after the cgroup step (a bind mount of a missing source):
# its cleanup must not touch the victim either.
test_cgroup_parent_of_victim_failed_create() {
	local vp=$CG_PARENT/vp-$PX_ID
	start_victim "$vp/victim"
	new_bundle sleep 1000
	set_config --arg p "/$vp" --arg s "$PX_TMP/no-such-dir" '.linux.cgroupsPath = $p |
		.mounts += [{destination: "/x", type: "bind", source: $s, options: ["bind"]}]'
	rt_create "$PX_ID" "$B"
	assert_fail
	assert_victim_intact "$vp/victim"
}

# cgroupsPath = a parent that already holds another pidbox container (as /pidbox
# holds every default one): refused, and the other container is untouched.
test_cgroup_parent_holding_another_container() {
	local shared=$CG_PARENT/shared-$PX_ID other=other-$PX_ID
	new_bundle -d "$PX_TMP/other" sleep 1000
	bundle_set "$PX_TMP/other" --arg p "/$shared/other" '.linux.cgroupsPath = $p' || fail bundle_set
	must_create "$other" "$PX_TMP/other"
	must rt start "$other"
	new_bundle sleep 1000
	set_config --arg p "/$shared" '.linux.cgroupsPath = $p'
	rt_create "$PX_ID" "$B"
	run rt delete -f "$PX_ID"
	assert_eq "$(status "$other")" running "status of the other container"
	kill -0 "$(state_pid "$other")" || fail "the other container's init was killed"
	[ -n "$(cg_dirs "$PX_TMP/other")" ] || fail "the other container's cgroup was removed"
	rt_create "$PX_ID" "$B"
	assert_fail
	is_pidbox && assert_contains "$err" "linux.cgroupsPath" "stderr"
	must rt delete -f "$other"
}

# Nested after the fact: the container's cgroup was empty at create (so it is
# pidbox's), then a cgroup holding someone else's process appeared below it
# (another container whose cgroupsPath nests in it, here the victim). delete -f
# kills the container and removes what is its own, not the victim nor its cgroup.
test_cgroup_nested_victim_survives_delete() {
	local cg
	new_bundle sleep 1000
	cg=$(jq -r .linux.cgroupsPath "$B/config.json")
	must_create "$PX_ID" "$B"
	must rt start "$PX_ID"
	start_victim "${cg#/}/victim"
	must rt delete -f "$PX_ID"
	assert_victim_intact "${cg#/}/victim"
	is_pidbox && assert_contains "$err" "not the container's" "delete's warning"
	[ ! -e "$PX_ROOT/$PX_ID" ] || fail "state dir left behind"
}

# The same through run's teardown after the workload exits, and with a process
# exec'd into a nested cgroup of the container's own (exec --cgroup): that one
# is the container's and goes with it. The container shares the host's pid
# namespace, so the kernel does not kill its processes with its init: pidbox must
# tell them from the victim. runc 1.1.5 then kills every process below the
# container's cgroup, the victim too (seen: "victim <pid> was killed"): not a control.
test_cgroup_nested_victim_survives_run_teardown() {
	local cg epid run_pid h
	skip_unless_pidbox "runc kills every process below the container's cgroup when there is no pid namespace"
	ctl_bundle 'while [ ! -e /ctl/go ]; do sleep 0.05; done'
	set_config '.linux.namespaces |= map(select(.type != "pid"))'
	cg=$(jq -r .linux.cgroupsPath "$B/config.json")
	bg rt run -b "$B" "$PX_ID"
	run_pid=$bg_pid
	wait_status running
	start_victim "${cg#/}/victim"
	mk_cg "${cg#/}/sub"
	rt exec -d --pid-file "$PX_TMP/epid" --cgroup sub "$PX_ID" sleep 1000 >/dev/null 2>&1 || fail "exec -d"
	epid=$(cat "$PX_TMP/epid")
	echo "$epid" >>"$PX_TMP/.pids"
	touch "$PX_TMP/ctl/go"
	wait "$run_pid"
	wait_gone "$epid"
	assert_victim_intact "${cg#/}/victim"
	for h in $(cg_hiers); do
		[ ! -e "$h$cg/sub" ] || fail "the container's own nested cgroup $h$cg/sub was left"
	done
}

# kill --all signals the container's processes, not everything below its cgroup:
# TERM (listed pids) and KILL (the whole-cgroup kill) both spare the victim, and
# ps does not count it as the container's.
# runc 1.1.5 signals every pid below the cgroup: not a control.
test_cgroup_nested_victim_survives_kill_all() {
	local cg
	skip_unless_pidbox "runc's kill --all signals every process below the container's cgroup"
	new_bundle sleep 1000
	cg=$(jq -r .linux.cgroupsPath "$B/config.json")
	must_create "$PX_ID" "$B"
	must rt start "$PX_ID"
	start_victim "${cg#/}/victim"
	# nor is the victim one of the container's processes for ps
	must rt ps --format json "$PX_ID"
	jq -e --argjson v "$victim" 'index($v) == null' <<<"$out" >/dev/null || fail "ps lists the victim $victim"
	jq -e --argjson p "$(state_pid)" 'index($p) != null' <<<"$out" >/dev/null || fail "ps misses the init"
	must rt kill --all "$PX_ID" TERM
	must rt kill --all "$PX_ID" KILL
	wait_status stopped
	assert_victim_intact "${cg#/}/victim"
	must rt delete -f "$PX_ID"
	assert_victim_intact "${cg#/}/victim"
}
